#include "models/nn/training.h"

#include <chrono>
#include <sstream>

#include <torch/csrc/jit/runtime/graph_executor.h>

#include "common/error.h"
#include "models/nn/lr_schedule.h"
#include "models/nn/network.h"
#include "models/nn/replica.h"
#include "models/nn/sampler.h"
#include "models/nn/tensor_data.h"

namespace dpt::nn {

namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The random stream of a step (dropout) is a function of its position, so a resumed run draws
// exactly what the uninterrupted one drew; ranks draw differently as they see different samples.
std::uint64_t step_seed(std::uint64_t seed, int rank, std::int64_t epoch, std::int64_t step) {
  std::uint64_t h = splitmix(seed);
  h = splitmix(h ^ static_cast<std::uint64_t>(rank));
  h = splitmix(h ^ static_cast<std::uint64_t>(epoch));
  return splitmix(h ^ static_cast<std::uint64_t>(step));
}

std::string shape_text(const torch::Tensor& t) {
  std::ostringstream s;
  s << t.sizes();
  return s.str();
}

// Runs the module once on two samples and returns the class count its output implies (0 for mse),
// refusing outputs that do not fit the loss.
std::int64_t probe_outputs(torch::jit::Module& module, const TensorData& train, LossKind loss) {
  torch::NoGradGuard no_grad;
  module.eval();
  const auto n = std::min<std::int64_t>(2, train.rows());
  const auto out = forward(module, train.x.narrow(0, 0, n));
  module.train();
  if (loss == LossKind::cross_entropy) {
    if (out.dim() != 2 || out.size(0) != n) {
      throw UserError("the model's output has shape " + shape_text(out) + " for a batch of " +
                      std::to_string(n) + "; loss=cross_entropy needs [batch, classes]");
    }
    return out.size(1);
  }
  if (out.numel() != n || out.size(0) != n) {
    throw UserError("the model's output has shape " + shape_text(out) + " for a batch of " +
                    std::to_string(n) + "; loss=mse needs [batch] or [batch, 1]");
  }
  return 0;
}

}  // namespace

struct Training::Impl {
  Impl(Communicator& c, const TrainConfig& cfg, const Log& l) : comm(c), config(cfg), log(l) {}

  // The module runs op by op with eager autograd, as in PyTorch without the JIT optimizer: no
  // profiling runs whose graph differs from later ones, so a resumed run computes exactly what an
  // uninterrupted one does from the same step on.
  torch::jit::GraphOptimizerEnabledGuard plain_interpreter{false};

  Communicator& comm;
  TrainConfig config;
  const Log& log;
  TensorData train;
  std::optional<TensorData> evaluation;
  std::int64_t classes = 0;
  std::unique_ptr<EpochSampler> sampler;
  std::unique_ptr<LrSchedule> schedule;
  std::unique_ptr<DataParallelReplica> replica;
  BatchGatherer batch;
  StepTimes times;
};

Training::Training(Communicator& comm, const TrainConfig& config, data::Dataset train,
                   std::optional<data::Dataset> evaluation, const Log& log)
    : impl_(std::make_unique<Impl>(comm, config, log)) {
  auto& m = *impl_;
  torch::set_num_threads(config.nthread);
  m.train = to_tensors(std::move(train), config.loss);
  if (m.train.rows() == 0) throw UserError("the train channel has no rows");
  if (evaluation) m.evaluation = to_tensors(std::move(*evaluation), config.loss);

  const bool built_in = config.model == "mlp" || config.model == "cnn";
  torch::jit::Module module;
  if (built_in) {
    std::int64_t outputs = 1;
    if (config.loss == LossKind::cross_entropy) {
      outputs = config.num_classes > 0 ? config.num_classes : classes_in_labels(m.train);
    }
    torch::manual_seed(config.seed);  // rank 0's draw is broadcast below
    module = build_network(config, network_input_shape(config.model, m.train.sample_shape), outputs);
  } else {
    module = load_network(config.model);
  }
  m.classes = probe_outputs(module, m.train, config.loss);
  if (config.loss == LossKind::cross_entropy) {
    if (config.num_classes > 0 && config.num_classes != m.classes) {
      throw UserError("num_classes is " + std::to_string(config.num_classes) + " but the model " +
                      "outputs " + std::to_string(m.classes) + " classes");
    }
    require_labels_in_range(m.train, m.classes);
    if (m.evaluation) require_labels_in_range(*m.evaluation, m.classes);
  }
  if (m.evaluation && m.evaluation->sample_shape != m.train.sample_shape) {
    throw UserError("channel '" + m.evaluation->channel + "' has samples of another shape than "
                    "the train channel");
  }

  m.replica = std::make_unique<DataParallelReplica>(comm, std::move(module), config.optimizer);
  m.replica->broadcast_from_root();
  m.sampler = std::make_unique<EpochSampler>(static_cast<std::uint64_t>(m.train.rows()),
                                             config.batch_size, comm.world_size(), comm.rank(),
                                             config.seed, config.max_steps);
  if (m.sampler->dropped_rows() > 0) {
    log.info("each epoch uses " + std::to_string(m.sampler->steps_per_epoch()) + " steps of " +
             std::to_string(config.batch_size) + " rows; the last " +
             std::to_string(m.sampler->dropped_rows()) +
             " rows of each shuffled epoch (fewer than a global batch) are skipped");
  }
  m.schedule = std::make_unique<LrSchedule>(config.optimizer.learning_rate, config.schedule,
                                            m.sampler->steps_per_epoch(), config.epochs);
}

Training::~Training() = default;

std::int64_t Training::steps_per_epoch() const { return impl_->sampler->steps_per_epoch(); }
std::int64_t Training::global_batch() const { return impl_->config.batch_size; }
std::int64_t Training::num_classes() const { return impl_->classes; }
std::size_t Training::num_buckets() const { return impl_->replica->num_buckets(); }
const StepTimes& Training::times() const { return impl_->times; }
void Training::reset_times() { impl_->times = {}; }
bool Training::has_evaluation() const { return impl_->evaluation.has_value(); }

void Training::begin_epoch(std::int64_t epoch) {
  impl_->sampler->start_epoch(epoch);
  impl_->replica->module().train();
}

double Training::run_step(std::int64_t epoch, std::int64_t step) {
  auto& m = *impl_;
  const auto start = std::chrono::steady_clock::now();
  m.batch.gather(m.train, m.sampler->local_rows(step));
  torch::manual_seed(step_seed(m.config.seed, m.comm.rank(), epoch, step));
  const double loss = m.replica->step(m.batch.x(), m.batch.y(), m.config.loss,
                                      m.sampler->loss_scale(), m.schedule->at(epoch, step));
  m.times.total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.times.communication += m.replica->last_comm_seconds();
  m.times.exposed += m.replica->last_exposed_seconds();
  ++m.times.steps;
  return loss;
}

EvalResult Training::evaluate() {
  auto& m = *impl_;
  const auto& data = *m.evaluation;
  auto& module = m.replica->module();
  torch::NoGradGuard no_grad;
  module.eval();
  const std::int64_t n = data.rows(), rank = m.comm.rank(), world = m.comm.world_size();
  const std::int64_t begin = n * rank / world, end = n * (rank + 1) / world;
  double sums[3] = {0, 0, 0};  // loss, correct, rows
  for (std::int64_t b = begin; b < end; b += m.config.eval_batch_size) {
    const auto len = std::min(m.config.eval_batch_size, end - b);
    const auto out = forward(module, data.x.narrow(0, b, len));
    const auto y = data.y.narrow(0, b, len);
    sums[0] += summed_loss(out, y, m.config.loss).item<double>();
    if (m.config.loss == LossKind::cross_entropy) {
      sums[1] += static_cast<double>(out.argmax(1).eq(y).sum().item<std::int64_t>());
    }
    sums[2] += static_cast<double>(len);
  }
  module.train();
  m.comm.allreduce(std::span<double>(sums, 3), ReduceOp::sum);
  const double rows = std::max(sums[2], 1.0);
  return {sums[0] / rows, sums[1] / rows};
}

void Training::require_in_sync(const std::string& when) { impl_->replica->require_same_state_on_all_ranks(when); }

std::string Training::save_state(const Progress& progress, const std::string& fingerprint) const {
  torch::serialize::OutputArchive archive;
  impl_->replica->write(archive);
  archive.write("progress/epoch", c10::IValue(progress.epoch));
  archive.write("progress/step", c10::IValue(progress.step));
  archive.write("progress/epoch_loss_sum", c10::IValue(progress.epoch_loss_sum));
  archive.write("fingerprint", c10::IValue(fingerprint));
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

namespace {

torch::serialize::InputArchive open_payload(const std::string& payload) {
  torch::serialize::InputArchive archive;
  std::istringstream bytes(payload);
  try {
    archive.load_from(bytes);
  } catch (const c10::Error& e) {
    throw UserError(std::string("the checkpoint is not a network checkpoint: ") + e.what_without_backtrace());
  }
  return archive;
}

}  // namespace

std::string Training::fingerprint_of(const std::string& payload) {
  auto archive = open_payload(payload);
  c10::IValue value;
  archive.read("fingerprint", value);
  return value.toStringRef();
}

Progress Training::restore_state(const std::string& payload) {
  auto archive = open_payload(payload);
  impl_->replica->read(archive);
  c10::IValue epoch, step, loss;
  archive.read("progress/epoch", epoch);
  archive.read("progress/step", step);
  archive.read("progress/epoch_loss_sum", loss);
  return {epoch.toInt(), step.toInt(), loss.toDouble()};
}

std::string Training::model_bytes() { return serialize_network(impl_->replica->module()); }

}  // namespace dpt::nn
