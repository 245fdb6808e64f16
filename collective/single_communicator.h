#pragma once
// World size 1 without MPI: every collective is the identity (or a copy), so the serial path runs
// the same code as the distributed one.
#include "collective/communicator.h"

namespace dpt {

class SingleCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int world_size() const override { return 1; }
  int local_rank() const override { return 0; }
  int local_size() const override { return 1; }
  std::string backend_name() const override { return "single"; }

  using Communicator::allreduce;  // keep the typed helpers visible
  void allreduce(Buffer buf, ReduceOp op) override;
  Pending allreduce_async(Buffer buf, ReduceOp op) override;
  void broadcast(Buffer buf, int root) override;
  void allgather(Buffer send, Buffer recv) override;
  void allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) override;
  void barrier() override {}
  void reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts, ReduceOp op) override;
};

}  // namespace dpt
