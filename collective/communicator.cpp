#include "collective/communicator.h"

#include "collective/async_executor.h"

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

Pending Communicator::reduce_scatter_async(Buffer send, Buffer recv, std::span<const std::size_t> counts,
                                           ReduceOp op) {
  reduce_scatter(send, recv, counts, op);
  return completed_pending();
}

std::size_t check_reduce_scatter(const Communicator& comm, Buffer send, Buffer recv,
                                 std::span<const std::size_t> counts) {
  const auto rank = static_cast<std::size_t>(comm.rank());
  auto fail = [](const std::string& what) { throw std::invalid_argument("reduce_scatter: " + what); };
  if (send.dtype != recv.dtype) fail("send and recv dtypes differ");
  if (counts.size() != static_cast<std::size_t>(comm.world_size())) fail("one count per rank needed");
  if (recv.count != counts[rank]) fail("recv.count differs from counts[rank]");
  if (send.count != std::accumulate(counts.begin(), counts.end(), std::size_t{0}))
    fail("send.count must be the sum of counts");
  return std::accumulate(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(rank), std::size_t{0});
}

}  // namespace dpt
