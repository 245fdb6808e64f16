// The communication thread: FIFO order, errors reach wait(), and destruction never hangs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "collective/async_executor.h"

namespace dpt {
namespace {

using namespace std::chrono_literals;

TEST(AsyncExecutor, RunsJobsInSubmissionOrder) {
  std::vector<int> order;
  std::atomic<bool> released{false};
  {
    AsyncExecutor executor([&] { released = true; });
    std::vector<Pending> pending;
    for (int i = 0; i < 50; ++i) pending.push_back(executor.submit([&order, i] { order.push_back(i); }));
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) (*it)->wait();
  }
  std::vector<int> expected(50);
  for (int i = 0; i < 50; ++i) expected[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(order, expected);
  EXPECT_TRUE(released);
}

TEST(AsyncExecutor, ErrorsAndDurationsReachTheWaiter) {
  AsyncExecutor executor(nullptr);
  auto failing = executor.submit([] { throw std::runtime_error("MPI_Allreduce: broken"); });
  auto sleeping = executor.submit([] { std::this_thread::sleep_for(5ms); });
  EXPECT_THROW(failing->wait(), std::runtime_error);
  sleeping->wait();
  EXPECT_GE(sleeping->seconds(), 0.004);
  EXPECT_EQ(completed_pending()->seconds(), 0.0);
}

// A collective that never completes (its peer died) must not make the destructor hang: queued
// jobs are cancelled, the running one is left to the (detached) thread, which releases the
// resources itself if the job ever returns.
TEST(AsyncExecutor, DestructionWithAJobStuckDoesNotWait) {
  auto unblock = std::make_shared<std::atomic<bool>>(false);
  auto released = std::make_shared<std::atomic<bool>>(false);
  Pending queued;
  const auto start = std::chrono::steady_clock::now();
  {
    AsyncExecutor executor([released] { *released = true; });
    auto started = std::make_shared<std::atomic<bool>>(false);
    executor.submit([unblock, started] {
      *started = true;
      while (!*unblock) std::this_thread::sleep_for(1ms);
    });
    queued = executor.submit([] {});
    while (!*started) std::this_thread::sleep_for(1ms);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_THROW(queued->wait(), std::runtime_error);
  EXPECT_FALSE(*released);
  *unblock = true;
  for (int i = 0; i < 2000 && !*released; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(*released);
}

}  // namespace
}  // namespace dpt
