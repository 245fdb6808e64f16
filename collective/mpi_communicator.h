#pragma once
// The MPI backend (Open MPI). Blocking collectives run on a private duplicate of the parent
// communicator, asynchronous allreduces on a second one, in launch order (see AsyncProgress for
// who moves them). exchange_parts_async and alltoallv post nonblocking point-to-point messages on
// a third duplicate: no thread, no reduction inside MPI (the caller adds), and the data moves
// whenever either side is inside MPI (in a wait at the latest).
#include <mpi.h>

#include <climits>
#include <cstddef>
#include <memory>

#include "collective/communicator.h"

namespace dpt {

class AsyncExecutor;

// Who moves an asynchronous allreduce. Open MPI 4.1 has no progress thread: a nonblocking
// collective advances only while its process is inside some MPI call.
enum class AsyncProgress {
  // caller if on some host the ranks occupy all its cores (there a communication thread can only
  // take time from a rank's own compute), else thread; the same on every rank
  automatic,
  // a communication thread runs blocking MPI_Allreduces in launch order, overlapping whatever the
  // caller computes meanwhile; needs MPI_THREAD_MULTIPLE (without it, allreduce_async blocks)
  thread,
  // MPI_Iallreduce on the caller's thread, moved by Pending::progress() and wait()
  caller,
};

struct MpiOptions {
  // Largest element count handed to one MPI call (MPI counts are int); larger messages are split
  // into several calls. Tests lower it to exercise the splitting with small buffers.
  std::size_t max_elements_per_call = INT_MAX;
  // Allreduces are issued in pieces of at most this many bytes. Open MPI allocates a temporary
  // buffer of the message size inside every MPI_Allreduce; above glibc's largest mmap threshold
  // (32 MiB) each one is a fresh mmap, page faults and munmap: a 64 MiB allreduce took ~10x
  // longer than four 16 MiB ones on the development machine (see scripts/bench/allreduce.sh).
  std::size_t allreduce_piece_bytes = 16u << 20;
  AsyncProgress async_progress = AsyncProgress::automatic;
};

class MpiCommunicator final : public Communicator {
 public:
  explicit MpiCommunicator(MPI_Comm parent = MPI_COMM_WORLD, MpiOptions options = {});
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int world_size() const override { return size_; }
  int local_rank() const override { return local_rank_; }
  int local_size() const override { return local_size_; }
  std::string backend_name() const override { return "mpi"; }

  using Communicator::allreduce;  // keep the typed helpers visible
  void allreduce(Buffer buf, ReduceOp op) override;
  Pending allreduce_async(Buffer buf, ReduceOp op) override;
  Pending exchange_parts_async(Buffer send, Buffer recv, std::span<const std::size_t> counts) override;
  void alltoallv(Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                 std::span<const std::size_t> recv_counts) override;
  // Shared memory (MpiSharedWindow) when every rank is on this host, else the copying default.
  std::unique_ptr<PartsWindow> parts_window() override;
  // Shared memory (MpiSumWindow) when every rank is on this host, else none.
  std::unique_ptr<SumWindow> sum_window(std::size_t count) override;
  void broadcast(Buffer buf, int root) override;
  void allgather(Buffer send, Buffer recv) override;
  void allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) override;
  void barrier() override;
  void reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts, ReduceOp op) override;

  const MpiOptions& options() const { return options_; }
  AsyncProgress async_progress() const { return progress_; }  // thread or caller, as decided

 private:
  std::size_t allreduce_piece(DType t) const;  // elements per MPI_Allreduce call
  void allgather_by_broadcasts(Buffer send, Buffer recv, std::span<const std::size_t> counts);

  MpiOptions options_;
  MPI_Comm comm_ = MPI_COMM_NULL;        // blocking collectives
  MPI_Comm async_comm_ = MPI_COMM_NULL;  // asynchronous allreduces
  MPI_Comm p2p_comm_ = MPI_COMM_NULL;    // point-to-point messages (exchange_parts_async, alltoallv)
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  AsyncProgress progress_ = AsyncProgress::caller;
  std::unique_ptr<AsyncExecutor> executor_;  // the communication thread (AsyncProgress::thread)
};

// Splitting of an element range into MPI-sized calls: fn(offset, count) for each piece, in order.
template <class Fn> void for_each_chunk(std::size_t count, std::size_t limit, Fn&& fn) {
  for (std::size_t offset = 0; offset < count; offset += limit) {
    fn(offset, count - offset < limit ? count - offset : limit);
  }
}

}  // namespace dpt
