#pragma once
// A dedicated communication thread that runs blocking collectives one after another, in the order
// they were queued. Open MPI (4.1, no asynchronous progress thread) advances an MPI_Iallreduce only
// while some MPI call is running, so a request started from an autograd hook would mostly progress
// inside the final wait; a thread that sits in a blocking MPI_Allreduce makes progress while the
// caller computes. Queue order is launch order, so every rank runs the same collectives in the
// same order on the executor's own communicator.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "collective/communicator.h"

namespace dpt {

class AsyncExecutor {
 public:
  // `release_resources` (e.g. freeing the executor's MPI communicator) runs in the destructor, or,
  // if a job was still running then, on the communication thread once that job returns.
  explicit AsyncExecutor(std::function<void()> release_resources);
  // Cancels queued jobs that have not started (their wait() throws). If a job is still running,
  // the job is failing anyway (a rank left without finishing a collective): the thread is
  // detached instead of joined, so the destructor cannot hang; MPI_Abort then ends the process.
  ~AsyncExecutor();
  AsyncExecutor(const AsyncExecutor&) = delete;
  AsyncExecutor& operator=(const AsyncExecutor&) = delete;

  Pending submit(std::function<void()> job);

 private:
  struct State;
  static void run(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
  std::thread thread_;
};

// A Pending that is already complete (single-process backend, empty buffers).
Pending completed_pending();

}  // namespace dpt
