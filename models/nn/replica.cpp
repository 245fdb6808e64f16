#include "models/nn/replica.h"

#include <string>

#include <torch/csrc/autograd/utils/lambda_post_hook.h>

#include "common/error.h"

namespace dpt::nn {

namespace {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const std::vector<torch::Tensor>& params,
                                                        const OptimizerConfig& c) {
  switch (c.kind) {
    case OptimizerKind::sgd:
      if (c.nesterov && c.momentum <= 0) {
        throw UserError("nesterov=true needs momentum > 0");
      }
      return std::make_unique<torch::optim::SGD>(
          params, torch::optim::SGDOptions(c.learning_rate)
                      .momentum(c.momentum)
                      .nesterov(c.nesterov)
                      .weight_decay(c.weight_decay));
    case OptimizerKind::adam:
      return std::make_unique<torch::optim::Adam>(
          params, torch::optim::AdamOptions(c.learning_rate)
                      .betas({c.beta1, c.beta2})
                      .eps(c.eps)
                      .weight_decay(c.weight_decay));
    case OptimizerKind::adamw:
      return std::make_unique<torch::optim::AdamW>(
          params, torch::optim::AdamWOptions(c.learning_rate)
                      .betas({c.beta1, c.beta2})
                      .eps(c.eps)
                      .weight_decay(c.weight_decay));
  }
  throw std::logic_error("unknown optimizer");
}

// Backward produces gradients roughly in reverse parameter order; buckets follow that order.
std::vector<std::size_t> ready_order_sizes(const std::vector<torch::Tensor>& params) {
  std::vector<std::size_t> sizes;
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    sizes.push_back(static_cast<std::size_t>(it->numel()));
  }
  return sizes;
}

Buffer buffer_of(const torch::Tensor& t) {
  if (t.scalar_type() == torch::kFloat) return {t.data_ptr(), static_cast<std::size_t>(t.numel()), DType::f32};
  if (t.scalar_type() == torch::kDouble) return {t.data_ptr(), static_cast<std::size_t>(t.numel()), DType::f64};
  if (t.scalar_type() == torch::kLong) return {t.data_ptr(), static_cast<std::size_t>(t.numel()), DType::i64};
  throw UserError("the model holds a tensor of type " + std::string(c10::toString(t.scalar_type())) +
                  "; only float32, float64 and int64 parameters/buffers are supported");
}

}  // namespace

torch::Tensor summed_loss(const torch::Tensor& output, const torch::Tensor& target, LossKind loss) {
  if (loss == LossKind::cross_entropy) {
    return torch::nn::functional::cross_entropy(
        output, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
  }
  return torch::mse_loss(output.reshape({-1}), target, at::Reduction::Sum);
}

DataParallelReplica::DataParallelReplica(Communicator& comm, torch::jit::Module module,
                                         const OptimizerConfig& optimizer, BucketOptions buckets)
    : comm_(comm), module_(std::move(module)) {
  for (const auto& p : module_.parameters()) {
    if (p.requires_grad()) params_.push_back(p);
  }
  for (const auto& b : module_.buffers()) {
    if (b.is_floating_point()) buffers_.push_back(b);
  }
  if (params_.empty()) throw UserError("the model has no trainable parameters");
  for (const auto& p : params_) {
    if (p.scalar_type() != torch::kFloat || !p.is_contiguous()) {
      throw UserError("the model's trainable parameters must be contiguous float32 tensors");
    }
  }
  optimizer_ = make_optimizer(params_, optimizer);
  bucketer_ = std::make_unique<GradientBucketer>(comm_, ready_order_sizes(params_), buckets);
  attach_gradients_to_buckets();
}

DataParallelReplica::~DataParallelReplica() {
  // The module may outlive us: its gradients must not point into the bucketer's freed buffer.
  for (auto& p : params_) p.mutable_grad() = torch::Tensor();
}

void DataParallelReplica::attach_gradients_to_buckets() {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto& p = params_[i];
    const std::size_t slot = params_.size() - 1 - i;  // buckets follow the order backward fills them
    p.mutable_grad() = torch::from_blob(bucketer_->slot(slot).data(), p.sizes(), torch::kFloat);
    // Runs once per backward, after autograd added this parameter's (summed) gradient to .grad.
    auto accumulator = torch::autograd::impl::grad_accumulator(p);
    accumulator->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
        [this, slot](const torch::autograd::variable_list& outputs, const torch::autograd::variable_list&) {
          bucketer_->mark_ready(slot);
          return outputs;
        }));
    accumulators_.push_back(std::move(accumulator));
  }
}

void DataParallelReplica::broadcast_from_root() {
  torch::NoGradGuard no_grad;
  for (auto& p : params_) comm_.broadcast(buffer_of(p), 0);
  for (const auto& b : module_.buffers()) comm_.broadcast(buffer_of(b), 0);
}

void DataParallelReplica::sync_buffers() {
  // Like DDP: rank 0's running statistics win, so every rank evaluates the same model.
  for (auto& b : buffers_) comm_.broadcast(buffer_of(b), 0);
}

double DataParallelReplica::step(const torch::Tensor& x, const torch::Tensor& y, LossKind loss,
                                 double loss_scale, double learning_rate) {
  for (auto& group : optimizer_->param_groups()) group.options().set_lr(learning_rate);
  bucketer_->reset();
  bucketer_->zero_slots();  // autograd accumulates into the (bucket) gradients

  auto output = module_.forward({x}).toTensor();
  auto total = summed_loss(output, y, loss);
  const double loss_sum = total.item<double>();
  // 1/world folded into the loss scale: the gradients arrive in the buckets already averaged.
  total.backward(torch::scalar_tensor(loss_scale / comm_.world_size()));
  bucketer_->finish();  // a parameter this batch did not reach keeps a zero gradient
  optimizer_->step();
  if (!buffers_.empty()) sync_buffers();
  return loss_sum;
}

std::uint64_t DataParallelReplica::state_hash() const {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the raw bytes
  auto mix = [&h](const torch::Tensor& t) {
    const auto c = t.contiguous();
    const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
    const auto n = static_cast<std::size_t>(c.numel()) * c.element_size();
    for (std::size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  };
  for (const auto& p : params_) mix(p);
  for (const auto& b : buffers_) mix(b);
  return h;
}

void DataParallelReplica::require_same_state_on_all_ranks(const std::string& when) {
  const std::uint64_t mine = state_hash();
  const auto low = comm_.allreduce_value(mine, ReduceOp::min);
  const auto high = comm_.allreduce_value(mine, ReduceOp::max);
  if (low != high) {
    throw std::runtime_error("ranks hold different parameters " + when + " (hash of rank " +
                             std::to_string(comm_.rank()) + ": " + std::to_string(mine) +
                             "); data-parallel training lost synchronisation");
  }
}

void DataParallelReplica::write(torch::serialize::OutputArchive& archive) const {
  for (std::size_t i = 0; i < params_.size(); ++i) archive.write("param/" + std::to_string(i), params_[i]);
  for (std::size_t i = 0; i < buffers_.size(); ++i) {
    archive.write("buffer/" + std::to_string(i), buffers_[i], /*is_buffer=*/true);
  }
  torch::serialize::OutputArchive optimizer;
  optimizer_->save(optimizer);
  archive.write("optimizer", optimizer);
}

void DataParallelReplica::read(torch::serialize::InputArchive& archive) {
  torch::NoGradGuard no_grad;
  auto restore = [&archive](const std::string& key, torch::Tensor& into, bool is_buffer) {
    torch::Tensor saved;
    archive.read(key, saved, is_buffer);
    if (!saved.sizes().equals(into.sizes()) || saved.scalar_type() != into.scalar_type()) {
      throw UserError("checkpoint tensor '" + key + "' does not fit the model");
    }
    into.copy_(saved);  // in place: hooks and the optimizer keep referring to these tensors
  };
  for (std::size_t i = 0; i < params_.size(); ++i) restore("param/" + std::to_string(i), params_[i], false);
  for (std::size_t i = 0; i < buffers_.size(); ++i) restore("buffer/" + std::to_string(i), buffers_[i], true);
  torch::serialize::InputArchive optimizer;
  archive.read("optimizer", optimizer);
  optimizer_->load(optimizer);
}

}  // namespace dpt::nn
