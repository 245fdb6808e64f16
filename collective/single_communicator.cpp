#include "collective/single_communicator.h"

#include <cstring>
#include <stdexcept>

#include "collective/async_executor.h"

namespace dpt {
namespace {

void copy_into(Buffer send, Buffer recv) {
  if (send.dtype != recv.dtype) throw std::invalid_argument("allgather: send and recv dtypes differ");
  if (recv.count != send.count) {
    throw std::invalid_argument("allgather: recv must hold world_size * send.count elements");
  }
  if (send.count > 0 && send.data != recv.data) {
    std::memmove(recv.data, send.data, send.count * dtype_size(send.dtype));
  }
}

}  // namespace

void SingleCommunicator::allreduce(Buffer, ReduceOp) {}

Pending SingleCommunicator::allreduce_async(Buffer, ReduceOp) { return completed_pending(); }

void SingleCommunicator::broadcast(Buffer, int root) {
  if (root != 0) throw std::invalid_argument("broadcast: root out of range (world size 1)");
}

void SingleCommunicator::allgather(Buffer send, Buffer recv) { copy_into(send, recv); }

void SingleCommunicator::allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) {
  if (counts.size() != 1 || counts[0] != send.count) {
    throw std::invalid_argument("allgatherv: counts must be {send.count} at world size 1");
  }
  copy_into(send, recv);
}

void SingleCommunicator::reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts, ReduceOp) {
  check_reduce_scatter(*this, send, recv, counts);
  copy_into(send, recv);
}

}  // namespace dpt
