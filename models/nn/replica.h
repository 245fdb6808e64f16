#pragma once
// One rank's copy of the network in data-parallel training: the optimizer, and the gradient
// bucketer fed from autograd hooks. Each parameter's .grad is a view of its slot in the
// bucketer's buffer (gradient as bucket view): autograd accumulates straight into the bucket, a
// hook after the accumulation marks it ready, and the bucket's allreduce runs while backward goes
// on; the optimizer then reads the reduced gradient in place. Nothing is copied. Every rank ends
// each step with the same averaged gradient, hence bitwise-equal parameters.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <torch/torch.h>
#include <torch/script.h>

#include "collective/communicator.h"
#include "collective/gradient_bucketer.h"
#include "models/nn/params.h"

namespace dpt::nn {

class DataParallelReplica {
 public:
  DataParallelReplica(Communicator& comm, torch::jit::Module module, const OptimizerConfig& optimizer,
                      BucketOptions buckets = {});
  ~DataParallelReplica();
  DataParallelReplica(const DataParallelReplica&) = delete;  // hooks point at this object
  DataParallelReplica& operator=(const DataParallelReplica&) = delete;

  // Collective: every rank takes rank 0's parameters and buffers.
  void broadcast_from_root();

  // One optimizer step on this rank's share of the global batch. `loss_scale` turns the sum of
  // the local per-sample losses into this rank's share of the global mean. Returns that sum.
  double step(const torch::Tensor& x, const torch::Tensor& y, LossKind loss, double loss_scale,
              double learning_rate);

  double last_comm_seconds() const { return bucketer_->comm_seconds(); }
  double last_exposed_seconds() const { return bucketer_->exposed_seconds(); }
  std::size_t num_buckets() const { return bucketer_->num_buckets(); }

  // Hash of every parameter and buffer byte (equal on all ranks when training is in sync).
  std::uint64_t state_hash() const;
  // Collective: throws when any rank's state hash differs, naming `when`.
  void require_same_state_on_all_ranks(const std::string& when);

  // Parameters, buffers and optimizer state (momentum, Adam moments and step counts).
  void write(torch::serialize::OutputArchive& archive) const;
  void read(torch::serialize::InputArchive& archive);

  torch::jit::Module& module() { return module_; }

 private:
  void attach_gradients_to_buckets();
  void sync_buffers();

  Communicator& comm_;
  torch::jit::Module module_;
  std::vector<torch::Tensor> params_;   // trainable, in module order
  std::vector<torch::Tensor> buffers_;  // floating-point buffers (BatchNorm statistics)
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<GradientBucketer> bucketer_;
  // The parameters' gradient accumulators carry our hooks; a parameter holds its accumulator
  // only weakly, so these keep them (and the hooks) alive between steps.
  std::vector<std::shared_ptr<torch::autograd::Node>> accumulators_;
};

// The summed (not averaged) loss of a batch; `output` must be [n, classes] (cross-entropy) or
// [n, 1] / [n] (mse).
torch::Tensor summed_loss(const torch::Tensor& output, const torch::Tensor& target, LossKind loss);

}  // namespace dpt::nn
