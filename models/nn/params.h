#pragma once
// The neural hyperparameters (model, optimizer, schedule, batch), declared for the worker's
// CLI/config mechanism, and the typed config the training loop uses.
#include <cstdint>
#include <string>
#include <vector>

#include "common/params.h"

namespace dpt::nn {

std::vector<ParamSpec> param_specs();

enum class LossKind { cross_entropy, mse };
enum class OptimizerKind { sgd, adam, adamw };
enum class ScheduleKind { constant, step, cosine };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::sgd;
  double learning_rate = 0.01;
  double momentum = 0;
  bool nesterov = false;
  double weight_decay = 0;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

struct ScheduleConfig {
  ScheduleKind kind = ScheduleKind::constant;
  std::int64_t step_epochs = 1;  // `step`: multiply by gamma every step_epochs epochs
  double gamma = 0.1;
  std::int64_t warmup_steps = 0;  // linear ramp from lr/warmup_steps to lr
  double min_lr = 0;              // `cosine`: the floor reached at the last step
};

struct TrainConfig {
  std::string model = "mlp";      // mlp | cnn | path of a TorchScript module
  std::vector<std::int64_t> hidden = {64, 32};
  double dropout = 0;
  LossKind loss = LossKind::cross_entropy;
  std::int64_t num_classes = 0;   // 0: from the labels (built-in) or the module's output width
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  std::int64_t epochs = 10;
  std::int64_t batch_size = 64;   // global: split evenly over the ranks
  std::int64_t max_steps = 0;     // > 0: at most this many steps per epoch (short runs)
  std::int64_t eval_batch_size = 1000;
  std::uint64_t seed = 0;
  int nthread = 1;

  // `model` is the job-level hyperparameter (JobConfig::model_kind); the rest come from params.
  static TrainConfig from(const ParamValues& params, const std::string& model);
};

}  // namespace dpt::nn
