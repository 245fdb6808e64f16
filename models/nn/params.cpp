#include "models/nn/params.h"

#include <stdexcept>

namespace dpt::nn {

namespace {

ParamSpec spec(std::string name, ParamType type, std::string default_value, std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(default_value);
  s.help = std::move(help);
  return s;
}

ParamSpec bounded(ParamSpec s, std::optional<double> min, std::optional<double> max,
                  bool min_exclusive = false) {
  s.min = min;
  s.max = max;
  s.min_exclusive = min_exclusive;
  return s;
}

ParamSpec choice(ParamSpec s, std::vector<std::string> choices) {
  s.choices = std::move(choices);
  return s;
}

template <class Enum>
Enum pick(const std::string& value, const std::vector<std::pair<std::string, Enum>>& table) {
  for (const auto& [name, kind] : table) {
    if (name == value) return kind;
  }
  throw std::logic_error("value '" + value + "' passed validation but has no meaning");
}

}  // namespace

std::vector<ParamSpec> param_specs() {
  using T = ParamType;
  std::vector<ParamSpec> specs = {
      bounded(spec("hidden", T::int_list, "64,32", "mlp: sizes of the hidden layers"), 1, {}),
      bounded(spec("dropout", T::real, "0", "mlp: dropout probability after each hidden layer"), 0, 1),
      choice(spec("loss", T::string, "cross_entropy", "cross_entropy (classification) or mse (regression)"),
             {"cross_entropy", "mse"}),
      bounded(spec("num_classes", T::integer, "", "classes (default: largest train label + 1)"), 1, {}),
      choice(spec("optimizer", T::string, "sgd", "sgd, adam or adamw"), {"sgd", "adam", "adamw"}),
      bounded(spec("learning_rate", T::real, "0.01", "peak learning rate"), 0, {}, true),
      bounded(spec("momentum", T::real, "0", "sgd momentum"), 0, 1),
      spec("nesterov", T::boolean, "false", "sgd: Nesterov momentum"),
      bounded(spec("weight_decay", T::real, "0", "L2 penalty (adamw: decoupled)"), 0, {}),
      bounded(spec("beta1", T::real, "0.9", "adam/adamw first moment decay"), 0, 1),
      bounded(spec("beta2", T::real, "0.999", "adam/adamw second moment decay"), 0, 1),
      bounded(spec("eps", T::real, "1e-8", "adam/adamw denominator term"), 0, {}, true),
      choice(spec("lr_schedule", T::string, "constant", "constant, step or cosine"),
             {"constant", "step", "cosine"}),
      bounded(spec("lr_step_epochs", T::integer, "1", "step schedule: epochs between decays"), 1, {}),
      bounded(spec("lr_gamma", T::real, "0.1", "step schedule: decay factor"), 0, 1, true),
      bounded(spec("lr_min", T::real, "0", "cosine schedule: final learning rate"), 0, {}),
      bounded(spec("warmup_steps", T::integer, "0", "linear learning-rate warm-up steps"), 0, {}),
      bounded(spec("epochs", T::integer, "10", "passes over the training data"), 1, {}),
      bounded(spec("batch_size", T::integer, "64", "global batch, split evenly over the ranks"), 1, {}),
      bounded(spec("max_steps", T::integer, "0", "at most this many steps per epoch (0 = all)"), 0, {}),
      bounded(spec("eval_batch_size", T::integer, "1000", "rows per evaluation batch"), 1, {}),
      bounded(spec("seed", T::integer, "0", "initialisation, shuffling and dropout seed"), 0, {}),
      bounded(spec("nthread", T::integer, "1", "compute threads per rank"), 1, 256),
  };
  specs[0].aliases = {"hidden_units"};
  specs[5].aliases = {"lr"};
  return specs;
}

TrainConfig TrainConfig::from(const ParamValues& p, const std::string& model) {
  TrainConfig c;
  c.model = model;
  c.hidden = p.int_list("hidden");
  c.dropout = p.real("dropout");
  c.loss = pick<LossKind>(p.str("loss"), {{"cross_entropy", LossKind::cross_entropy},
                                          {"mse", LossKind::mse}});
  if (p.has("num_classes")) c.num_classes = p.integer("num_classes");
  c.optimizer.kind = pick<OptimizerKind>(
      p.str("optimizer"),
      {{"sgd", OptimizerKind::sgd}, {"adam", OptimizerKind::adam}, {"adamw", OptimizerKind::adamw}});
  c.optimizer.learning_rate = p.real("learning_rate");
  c.optimizer.momentum = p.real("momentum");
  c.optimizer.nesterov = p.boolean("nesterov");
  c.optimizer.weight_decay = p.real("weight_decay");
  c.optimizer.beta1 = p.real("beta1");
  c.optimizer.beta2 = p.real("beta2");
  c.optimizer.eps = p.real("eps");
  c.schedule.kind = pick<ScheduleKind>(
      p.str("lr_schedule"),
      {{"constant", ScheduleKind::constant}, {"step", ScheduleKind::step}, {"cosine", ScheduleKind::cosine}});
  c.schedule.step_epochs = p.integer("lr_step_epochs");
  c.schedule.gamma = p.real("lr_gamma");
  c.schedule.min_lr = p.real("lr_min");
  c.schedule.warmup_steps = p.integer("warmup_steps");
  c.epochs = p.integer("epochs");
  c.batch_size = p.integer("batch_size");
  c.max_steps = p.integer("max_steps");
  c.eval_batch_size = p.integer("eval_batch_size");
  c.seed = static_cast<std::uint64_t>(p.integer("seed"));
  c.nthread = static_cast<int>(p.integer("nthread"));
  return c;
}

}  // namespace dpt::nn
