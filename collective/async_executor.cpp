#include "collective/async_executor.h"

#include <chrono>
#include <exception>
#include <stdexcept>
#include <utility>

namespace dpt {
namespace {

// Completion shared by the executor (which sets it) and the caller's Pending (which waits).
struct Completion {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  std::exception_ptr error;
  double seconds = 0;

  void finish(std::exception_ptr e, double ran_seconds = 0) {
    {
      std::lock_guard lock(mutex);
      done = true;
      error = std::move(e);
      seconds = ran_seconds;
    }
    cv.notify_all();
  }
};

class QueuedPending final : public PendingOp {
 public:
  explicit QueuedPending(std::shared_ptr<Completion> c) : completion_(std::move(c)) {}
  void wait() override {
    std::unique_lock lock(completion_->mutex);
    completion_->cv.wait(lock, [&] { return completion_->done; });
    if (completion_->error) std::rethrow_exception(completion_->error);
  }
  double seconds() const override {
    std::lock_guard lock(completion_->mutex);
    return completion_->seconds;
  }

 private:
  std::shared_ptr<Completion> completion_;
};

class DonePending final : public PendingOp {
 public:
  void wait() override {}
};

}  // namespace

struct AsyncExecutor::State {
  struct Job {
    std::function<void()> work;
    std::shared_ptr<Completion> completion;
  };
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<Job> queue;
  bool stopping = false;
  bool busy = false;
  std::function<void()> release_resources;
};

AsyncExecutor::AsyncExecutor(std::function<void()> release_resources)
    : state_(std::make_shared<State>()) {
  state_->release_resources = std::move(release_resources);
  thread_ = std::thread(&AsyncExecutor::run, state_);
}

AsyncExecutor::~AsyncExecutor() {
  std::deque<State::Job> cancelled;
  bool busy = false;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    cancelled.swap(state_->queue);
    busy = state_->busy;
  }
  state_->cv.notify_all();
  for (auto& job : cancelled) {
    job.completion->finish(std::make_exception_ptr(
        std::runtime_error("collective cancelled: communicator destroyed before it started")));
  }
  if (busy) {
    thread_.detach();  // the thread releases the resources itself if its job ever returns
    return;
  }
  thread_.join();
  if (state_->release_resources) state_->release_resources();
}

Pending AsyncExecutor::submit(std::function<void()> job) {
  auto completion = std::make_shared<Completion>();
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping) throw std::logic_error("AsyncExecutor::submit after shutdown");
    state_->queue.push_back({std::move(job), completion});
  }
  state_->cv.notify_one();
  return std::make_unique<QueuedPending>(std::move(completion));
}

void AsyncExecutor::run(std::shared_ptr<State> state) {
  std::unique_lock lock(state->mutex);
  for (;;) {
    state->cv.wait(lock, [&] { return state->stopping || !state->queue.empty(); });
    if (state->queue.empty()) return;  // stopping, nothing left
    State::Job job = std::move(state->queue.front());
    state->queue.pop_front();
    state->busy = true;
    lock.unlock();
    std::exception_ptr error;
    const auto start = std::chrono::steady_clock::now();
    try {
      job.work();
    } catch (...) {
      error = std::current_exception();
    }
    const std::chrono::duration<double> ran = std::chrono::steady_clock::now() - start;
    // Not busy any more before the waiter learns of completion: a destructor that follows the
    // last wait() must see an idle thread and join it, not detach it.
    lock.lock();
    state->busy = false;
    const bool abandoned = state->stopping;  // the destructor ran during the job and detached us
    lock.unlock();
    job.completion->finish(error, ran.count());
    if (abandoned) {
      if (state->release_resources) state->release_resources();
      return;
    }
    lock.lock();
  }
}

Pending completed_pending() { return std::make_unique<DonePending>(); }

}  // namespace dpt
