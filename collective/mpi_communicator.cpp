#include "collective/mpi_communicator.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "collective/async_executor.h"
#include "collective/mpi_requests.h"
#include "collective/mpi_shared_window.h"
#include "collective/mpi_sum_window.h"
#include "collective/mpi_types.h"

namespace dpt {
namespace {

void chunked_allreduce(MPI_Comm comm, Buffer buf, ReduceOp op, std::size_t limit) {
  const MPI_Datatype type = mpi::datatype(buf.dtype);
  const MPI_Op mpi_op = mpi::op(op);
  for_each_chunk(buf.count, limit, [&](std::size_t offset, std::size_t n) {
    mpi::check(MPI_Allreduce(MPI_IN_PLACE, buf.at(offset), static_cast<int>(n), type, mpi_op, comm),
               "MPI_Allreduce");
  });
}

void chunked_broadcast(MPI_Comm comm, Buffer buf, int root, std::size_t limit) {
  const MPI_Datatype type = mpi::datatype(buf.dtype);
  for_each_chunk(buf.count, limit, [&](std::size_t offset, std::size_t n) {
    mpi::check(MPI_Bcast(buf.at(offset), static_cast<int>(n), type, root, comm), "MPI_Bcast");
  });
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

void free_comm(MPI_Comm& comm) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (comm != MPI_COMM_NULL && !finalized) MPI_Comm_free(&comm);
  comm = MPI_COMM_NULL;
}

}  // namespace

MpiCommunicator::MpiCommunicator(MPI_Comm parent, MpiOptions options) : options_(options) {
  require(options_.max_elements_per_call >= 1 && options_.max_elements_per_call <= INT_MAX,
          "MpiOptions::max_elements_per_call must be in [1, INT_MAX]");
  require(options_.allreduce_piece_bytes >= 8, "MpiOptions::allreduce_piece_bytes must be at least 8");
  mpi::check(MPI_Comm_dup(parent, &comm_), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);

  mpi::check(MPI_Comm_dup(comm_, &p2p_comm_), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(p2p_comm_, MPI_ERRORS_RETURN);

  MPI_Comm node = MPI_COMM_NULL;
  mpi::check(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node),
             "MPI_Comm_split_type");
  MPI_Comm_rank(node, &local_rank_);
  MPI_Comm_size(node, &local_size_);
  MPI_Comm_free(&node);

  mpi::check(MPI_Comm_dup(comm_, &async_comm_), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(async_comm_, MPI_ERRORS_RETURN);
  progress_ = options_.async_progress;
  if (progress_ == AsyncProgress::automatic) {
    // Every rank must choose alike (a blocking collective never matches a nonblocking one): the
    // caller moves the allreduces if any host is full.
    const unsigned cores = std::thread::hardware_concurrency();
    int full = cores != 0 && static_cast<unsigned>(local_size_) >= cores;
    mpi::check(MPI_Allreduce(MPI_IN_PLACE, &full, 1, MPI_INT, MPI_MAX, comm_), "MPI_Allreduce");
    progress_ = full ? AsyncProgress::caller : AsyncProgress::thread;
  }
  int thread_level = MPI_THREAD_SINGLE;
  MPI_Query_thread(&thread_level);
  if (progress_ == AsyncProgress::thread && thread_level == MPI_THREAD_MULTIPLE) {
    MPI_Comm async_comm = async_comm_;
    executor_ = std::make_unique<AsyncExecutor>([async_comm]() mutable { free_comm(async_comm); });
  }
}

MpiCommunicator::~MpiCommunicator() {
  if (executor_) {
    executor_.reset();  // frees async_comm_ (or leaves that to a still-running thread)
  } else {
    free_comm(async_comm_);
  }
  free_comm(p2p_comm_);
  free_comm(comm_);
}

std::size_t MpiCommunicator::allreduce_piece(DType t) const {
  return std::min(options_.max_elements_per_call, options_.allreduce_piece_bytes / dtype_size(t));
}

void MpiCommunicator::allreduce(Buffer buf, ReduceOp op) {
  chunked_allreduce(comm_, buf, op, allreduce_piece(buf.dtype));
}

Pending MpiCommunicator::allreduce_async(Buffer buf, ReduceOp op) {
  const std::size_t limit = allreduce_piece(buf.dtype);
  if (buf.count > 0 && progress_ == AsyncProgress::caller) {
    return std::make_unique<MpiIallreduce>(async_comm_, buf, op, limit);
  }
  if (!executor_ || buf.count == 0) {
    allreduce(buf, op);
    return completed_pending();
  }
  MPI_Comm comm = async_comm_;
  return executor_->submit([comm, buf, op, limit] { chunked_allreduce(comm, buf, op, limit); });
}

void MpiCommunicator::broadcast(Buffer buf, int root) {
  require(root >= 0 && root < size_, "broadcast: root " + std::to_string(root) + " out of range");
  chunked_broadcast(comm_, buf, root, options_.max_elements_per_call);
}

void MpiCommunicator::allgather(Buffer send, Buffer recv) {
  require(send.dtype == recv.dtype, "allgather: send and recv dtypes differ");
  require(recv.count == send.count * static_cast<std::size_t>(size_),
          "allgather: recv must hold world_size * send.count elements");
  if (recv.count == 0) return;
  if (recv.count > options_.max_elements_per_call) {
    std::vector<std::size_t> counts(static_cast<std::size_t>(size_), send.count);
    allgather_by_broadcasts(send, recv, counts);
    return;
  }
  const MPI_Datatype type = mpi::datatype(send.dtype);
  const int n = static_cast<int>(send.count);
  const bool in_place = send.data == recv.at(send.count * static_cast<std::size_t>(rank_));
  mpi::check(MPI_Allgather(in_place ? MPI_IN_PLACE : send.data, n, type, recv.data, n, type, comm_),
             "MPI_Allgather");
}

void MpiCommunicator::allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) {
  require(send.dtype == recv.dtype, "allgatherv: send and recv dtypes differ");
  require(counts.size() == static_cast<std::size_t>(size_), "allgatherv: one count per rank needed");
  require(counts[static_cast<std::size_t>(rank_)] == send.count,
          "allgatherv: counts[rank] differs from send.count");
  const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
  require(recv.count == total, "allgatherv: recv.count must be the sum of counts");
  if (total == 0) return;
  if (total > options_.max_elements_per_call) {
    allgather_by_broadcasts(send, recv, counts);
    return;
  }
  std::vector<int> sizes(counts.size()), displs(counts.size());
  int offset = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    sizes[r] = static_cast<int>(counts[r]);
    displs[r] = offset;
    offset += sizes[r];
  }
  const MPI_Datatype type = mpi::datatype(send.dtype);
  void* mine = recv.at(static_cast<std::size_t>(displs[static_cast<std::size_t>(rank_)]));
  const bool in_place = send.data == mine;
  mpi::check(MPI_Allgatherv(in_place ? MPI_IN_PLACE : send.data, sizes[static_cast<std::size_t>(rank_)],
                            type, recv.data, sizes.data(), displs.data(), type, comm_),
             "MPI_Allgatherv");
}

// Above the per-call limit the int counts and displacements of MPI_Allgatherv cannot describe
// the message; every rank broadcasts its part in pieces instead (rare, and bandwidth-bound anyway).
void MpiCommunicator::allgather_by_broadcasts(Buffer send, Buffer recv,
                                              std::span<const std::size_t> counts) {
  std::size_t offset = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    Buffer part{recv.at(offset), counts[r], recv.dtype};
    if (static_cast<int>(r) == rank_ && send.data != part.data && send.count > 0) {
      std::memcpy(part.data, send.data, send.count * dtype_size(send.dtype));
    }
    chunked_broadcast(comm_, part, static_cast<int>(r), options_.max_elements_per_call);
    offset += counts[r];
  }
}

void MpiCommunicator::reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts,
                                     ReduceOp op) {
  check_reduce_scatter(*this, send, recv, counts);
  // Above the per-call limit the int counts cannot describe the message: reduce it whole.
  if (send.count > options_.max_elements_per_call) {
    Communicator::reduce_scatter(send, recv, counts, op);
    return;
  }
  if (send.count == 0) return;
  const std::vector<int> sizes(counts.begin(), counts.end());
  mpi::check(MPI_Reduce_scatter(send.data, recv.data, sizes.data(), mpi::datatype(send.dtype), mpi::op(op), comm_),
             "MPI_Reduce_scatter");
}

Pending MpiCommunicator::exchange_parts_async(Buffer send, Buffer recv, std::span<const std::size_t> counts) {
  check_exchange_parts(*this, send, recv, counts);
  const std::size_t mine = counts[static_cast<std::size_t>(rank_)];
  auto messages = std::make_unique<MpiMessages>(p2p_comm_, options_.max_elements_per_call);
  std::size_t block = 0;
  for (int r = 0; r < size_; ++r) {
    if (r != rank_) messages->receive(recv, mine * block++, mine, r);
  }
  std::size_t offset = 0;
  for (int r = 0; r < size_; ++r) {
    if (r != rank_) messages->send(send, offset, counts[static_cast<std::size_t>(r)], r);
    offset += counts[static_cast<std::size_t>(r)];
  }
  return messages;
}

void MpiCommunicator::alltoallv(Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                                std::span<const std::size_t> recv_counts) {
  check_alltoallv(*this, send, send_counts, recv, recv_counts);
  MpiMessages messages(p2p_comm_, options_.max_elements_per_call);
  std::size_t own_recv = 0, own_send = 0;
  for (std::size_t r = 0, offset = 0; r < recv_counts.size(); offset += recv_counts[r++]) {
    if (static_cast<int>(r) == rank_) own_recv = offset;
    else messages.receive(recv, offset, recv_counts[r], static_cast<int>(r));
  }
  for (std::size_t r = 0, offset = 0; r < send_counts.size(); offset += send_counts[r++]) {
    if (static_cast<int>(r) == rank_) own_send = offset;
    else messages.send(send, offset, send_counts[r], static_cast<int>(r));
  }
  const std::size_t own = send_counts[static_cast<std::size_t>(rank_)];
  if (own > 0) std::memcpy(recv.at(own_recv), send.at(own_send), own * dtype_size(send.dtype));
  messages.wait();
}

std::unique_ptr<PartsWindow> MpiCommunicator::parts_window() {
  if (size_ > 1 && local_size_ == size_) return std::make_unique<MpiSharedWindow>(comm_);
  return Communicator::parts_window();
}

std::unique_ptr<SumWindow> MpiCommunicator::sum_window(std::size_t count) {
  if (size_ > 1 && local_size_ == size_) return std::make_unique<MpiSumWindow>(comm_, count);
  return nullptr;
}

void MpiCommunicator::barrier() { mpi::check(MPI_Barrier(comm_), "MPI_Barrier"); }

}  // namespace dpt
