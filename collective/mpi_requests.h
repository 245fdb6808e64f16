#pragma once
// Asynchronous operations of the MPI backend that are MPI requests (internal to the collective
// library). Open MPI 4.1 has no progress thread: a request moves only while some MPI call runs in
// its process, so progress() (MPI_Testall) lets a caller push it along between pieces of other
// work, and wait() finishes it.
#include <mpi.h>

#include <chrono>
#include <cstddef>
#include <vector>

#include "collective/communicator.h"

namespace dpt {

class MpiRequests : public PendingOp {
 public:
  MpiRequests() = default;
  MpiRequests(const MpiRequests&) = delete;
  MpiRequests& operator=(const MpiRequests&) = delete;

  void progress() override;
  void wait() override;
  // From the first request's start until completion was seen (in progress() or wait()): the
  // time in flight, which includes the time until the caller looked.
  double seconds() const override;

 protected:
  MPI_Request& add_request();  // the next request slot; the first one starts the clock
  std::vector<MPI_Request> requests_;

 private:
  void completed();
  bool done_ = false;
  std::chrono::steady_clock::time_point start_, end_;
};

// Nonblocking point-to-point messages, waited for together; used by exchange_parts_async and
// alltoallv. One tag: messages between two ranks on one communicator arrive in the order sent,
// and every rank posts its exchanges, and their pieces, in the same order. Dropped without
// wait() (an exception on the way out), the receives are cancelled so that nothing lands in
// memory about to be freed.
class MpiMessages final : public MpiRequests {
 public:
  MpiMessages(MPI_Comm comm, std::size_t max_elements_per_call) : comm_(comm), limit_(max_elements_per_call) {}
  ~MpiMessages() override;

  // Elements [offset, offset + n) of `buf` from or to `peer`, in pieces MPI's int counts hold.
  void receive(Buffer buf, std::size_t offset, std::size_t n, int peer) { post(buf, offset, n, peer, true); }
  void send(Buffer buf, std::size_t offset, std::size_t n, int peer) { post(buf, offset, n, peer, false); }

 private:
  void post(Buffer buf, std::size_t offset, std::size_t n, int peer, bool receive);

  MPI_Comm comm_;
  std::size_t limit_;
  std::vector<bool> is_receive_;
};

// An in-place sum/max/min over `comm` as MPI_Iallreduce calls of at most `piece` elements, moved
// by progress() and wait() on the caller's thread. MPI cannot cancel a collective: one dropped
// unfinished (only while an exception travels to main, which then aborts the job) is left to
// MPI_Abort.
class MpiIallreduce final : public MpiRequests {
 public:
  MpiIallreduce(MPI_Comm comm, Buffer buf, ReduceOp op, std::size_t piece);
};

}  // namespace dpt
