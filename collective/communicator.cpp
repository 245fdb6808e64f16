#include "collective/communicator.h"

#include "collective/async_executor.h"
#include "collective/parts_window.h"
#include "collective/sum_window.h"

#include <cstddef>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace dpt {

std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::f32: return 4;
    case DType::f64: return 8;
    case DType::i32: return 4;
    case DType::i64: return 8;
    case DType::u64: return 8;
    case DType::u8: return 1;
  }
  throw std::logic_error("unknown DType");
}

void Communicator::reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts, ReduceOp op) {
  const std::size_t first = check_reduce_scatter(*this, send, recv, counts);
  const std::size_t bytes = dtype_size(send.dtype);
  std::vector<std::byte> whole(send.count * bytes);
  if (!whole.empty()) std::memcpy(whole.data(), send.data, whole.size());
  allreduce(Buffer{whole.data(), send.count, send.dtype}, op);
  if (recv.count > 0) std::memcpy(recv.data, whole.data() + first * bytes, recv.count * bytes);
}

Pending Communicator::exchange_parts_async(Buffer send, Buffer recv, std::span<const std::size_t> counts) {
  const std::size_t first = check_exchange_parts(*this, send, recv, counts);
  const std::size_t bytes = dtype_size(send.dtype);
  const std::size_t block = counts[static_cast<std::size_t>(rank())] * bytes;
  std::vector<std::byte> theirs;
  auto* next_block = static_cast<std::byte*>(recv.data);
  for (int r = 0; r < world_size() && send.count > 0; ++r) {
    if (r == rank()) {
      broadcast(send, r);
      continue;
    }
    theirs.resize(send.count * bytes);
    broadcast(Buffer{theirs.data(), send.count, send.dtype}, r);
    if (block > 0) std::memcpy(next_block, theirs.data() + first * bytes, block);
    next_block += block;
  }
  return completed_pending();
}

std::unique_ptr<PartsWindow> Communicator::parts_window() { return copying_parts_window(*this); }

std::unique_ptr<SumWindow> Communicator::sum_window(std::size_t) { return nullptr; }

void Communicator::alltoallv(Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                             std::span<const std::size_t> recv_counts) {
  check_alltoallv(*this, send, send_counts, recv, recv_counts);
  const auto world = static_cast<std::size_t>(world_size());
  const auto me = static_cast<std::size_t>(rank());
  const std::size_t bytes = dtype_size(send.dtype);
  // Row r: what rank r sends to each rank.
  std::vector<std::uint64_t> sent(world * world);
  std::vector<std::uint64_t> mine(send_counts.begin(), send_counts.end());
  allgather(Buffer::of(mine), Buffer::of(sent));
  for (std::size_t r = 0; r < world; ++r) {  // before any broadcast, so a caller's bug cannot hang
    if (sent[r * world + me] != recv_counts[r]) {
      throw std::invalid_argument("alltoallv: rank " + std::to_string(r) + " sends " +
                                  std::to_string(sent[r * world + me]) + " elements here, recv_counts says " +
                                  std::to_string(recv_counts[r]));
    }
  }
  std::vector<std::byte> theirs;
  auto* out = static_cast<std::byte*>(recv.data);
  for (std::size_t r = 0; r < world; ++r) {
    const auto row = sent.begin() + static_cast<std::ptrdiff_t>(r * world);
    const std::uint64_t total = std::accumulate(row, row + static_cast<std::ptrdiff_t>(world), std::uint64_t{0});
    const std::uint64_t before = std::accumulate(row, row + static_cast<std::ptrdiff_t>(me), std::uint64_t{0});
    const std::byte* source = static_cast<const std::byte*>(send.data);
    if (r != me && total > 0) {
      theirs.resize(total * bytes);
      broadcast(Buffer{theirs.data(), total, send.dtype}, static_cast<int>(r));
      source = theirs.data();
    } else if (total > 0) {
      broadcast(send, static_cast<int>(r));
    }
    if (recv_counts[r] > 0) std::memcpy(out, source + before * bytes, recv_counts[r] * bytes);
    out += recv_counts[r] * bytes;
  }
}

namespace {

// The checks both share; returns where this rank's part starts in `send`.
std::size_t check_parts(const Communicator& comm, const std::string& op, Buffer send, Buffer recv,
                        std::span<const std::size_t> counts) {
  const auto rank = static_cast<std::size_t>(comm.rank());
  auto fail = [&](const std::string& what) { throw std::invalid_argument(op + ": " + what); };
  if (send.dtype != recv.dtype) fail("send and recv dtypes differ");
  if (counts.size() != static_cast<std::size_t>(comm.world_size())) fail("one count per rank needed");
  if (send.count != std::accumulate(counts.begin(), counts.end(), std::size_t{0}))
    fail("send.count must be the sum of counts");
  return std::accumulate(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(rank), std::size_t{0});
}

}  // namespace

std::size_t check_reduce_scatter(const Communicator& comm, Buffer send, Buffer recv,
                                 std::span<const std::size_t> counts) {
  const std::size_t first = check_parts(comm, "reduce_scatter", send, recv, counts);
  if (recv.count != counts[static_cast<std::size_t>(comm.rank())])
    throw std::invalid_argument("reduce_scatter: recv.count differs from counts[rank]");
  return first;
}

void check_alltoallv(const Communicator& comm, Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                     std::span<const std::size_t> recv_counts) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("alltoallv: " + what); };
  const auto world = static_cast<std::size_t>(comm.world_size());
  const auto rank = static_cast<std::size_t>(comm.rank());
  if (send.dtype != recv.dtype) fail("send and recv dtypes differ");
  if (send_counts.size() != world || recv_counts.size() != world) fail("one send and one recv count per rank needed");
  if (send.count != std::accumulate(send_counts.begin(), send_counts.end(), std::size_t{0}))
    fail("send.count must be the sum of send_counts");
  if (recv.count != std::accumulate(recv_counts.begin(), recv_counts.end(), std::size_t{0}))
    fail("recv.count must be the sum of recv_counts");
  if (send_counts[rank] != recv_counts[rank]) fail("send_counts[rank] differs from recv_counts[rank]");
}

std::size_t check_exchange_parts(const Communicator& comm, Buffer send, Buffer recv,
                                 std::span<const std::size_t> counts) {
  const std::size_t first = check_parts(comm, "exchange_parts", send, recv, counts);
  const std::size_t others = static_cast<std::size_t>(comm.world_size()) - 1;
  if (recv.count != others * counts[static_cast<std::size_t>(comm.rank())])
    throw std::invalid_argument("exchange_parts: recv.count must be (world_size - 1) * counts[rank]");
  return first;
}

}  // namespace dpt
