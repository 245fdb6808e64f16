#include "models/gbdt/params.h"

#include <limits>

#include "common/error.h"

namespace dpt::gbdt {
namespace {

ParamSpec real_param(std::string name, std::string def, std::string help, double min,
                     std::optional<double> max = std::nullopt, bool min_exclusive = false) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamType::real;
  s.default_value = std::move(def);
  s.help = std::move(help);
  s.min = min;
  s.max = max;
  s.min_exclusive = min_exclusive;
  return s;
}

ParamSpec int_param(std::string name, std::string def, std::string help, double min,
                    std::optional<double> max = std::nullopt) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamType::integer;
  s.default_value = std::move(def);
  s.help = std::move(help);
  s.min = min;
  s.max = max;
  return s;
}

ParamSpec choice_param(std::string name, std::string def, std::string help,
                       std::vector<std::string> choices) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = ParamType::string;
  s.default_value = std::move(def);
  s.help = std::move(help);
  s.choices = std::move(choices);
  return s;
}

ParamSpec with_aliases(ParamSpec s, std::vector<std::string> aliases) {
  s.aliases = std::move(aliases);
  return s;
}

const std::vector<std::string>& supported_metrics() {
  static const std::vector<std::string> names = {"rmse", "mae", "logloss", "error", "auc",
                                                 "merror", "mlogloss", "poisson-nloglik"};
  return names;
}

}  // namespace

std::vector<ParamSpec> param_specs() {
  std::vector<ParamSpec> specs;
  ParamSpec rounds = int_param("num_round", "", "number of boosting rounds", 1);
  rounds.required = true;
  specs.push_back(rounds);
  specs.push_back(with_aliases(real_param("eta", "0.3", "step size shrinkage, in [0, 1] (SageMaker's range)", 0, 1), {"learning_rate"}));
  specs.push_back(with_aliases(real_param("gamma", "0", "minimum loss reduction to split", 0),
                               {"min_split_loss"}));
  specs.push_back(int_param("max_depth", "6", "maximum tree depth (0: no limit, lossguide only)", 0));
  specs.push_back(real_param("min_child_weight", "1", "minimum hessian sum in a child", 0));
  specs.push_back(real_param("max_delta_step", "0", "cap on the leaf weight (0: none)", 0));
  specs.push_back(real_param("subsample", "1", "fraction of rows sampled per tree", 0, 1, true));
  specs.push_back(real_param("colsample_bytree", "1", "fraction of features per tree", 0, 1, true));
  specs.push_back(real_param("colsample_bylevel", "1", "fraction of features per level", 0, 1, true));
  specs.push_back(real_param("colsample_bynode", "1", "fraction of features per split", 0, 1, true));
  specs.push_back(with_aliases(real_param("lambda", "1", "L2 regularisation of leaf weights", 0),
                               {"reg_lambda"}));
  specs.push_back(with_aliases(real_param("alpha", "0", "L1 regularisation of leaf weights", 0),
                               {"reg_alpha"}));
  specs.push_back(int_param("max_bin", "256", "maximum number of histogram bins per feature", 2, 65536));
  specs.push_back(real_param("scale_pos_weight", "1", "weight of positive rows (binary)", 0));
  specs.push_back(real_param("base_score", "", "initial prediction (default: from the labels)",
                             -std::numeric_limits<double>::max()));
  specs.push_back(int_param("seed", "0", "random seed (row and column sampling)", 0));
  specs.push_back(int_param("csv_weights", "0",
                            "1: the second csv column is the instance weight (SageMaker XGBoost)", 0, 1));
  specs.push_back(int_param("num_class", "", "number of classes (multi:*)", 1, 1 << 20));
  specs.push_back(choice_param("objective", "reg:squarederror", "learning objective",
                               {"reg:squarederror", "reg:logistic", "binary:logistic",
                                "binary:logitraw", "multi:softmax", "multi:softprob",
                                "count:poisson"}));
  ParamSpec metric = choice_param("eval_metric", "", "evaluation metrics (repeatable, or a comma list)",
                                  supported_metrics());
  metric.type = ParamType::string_list;
  metric.repeatable = true;
  specs.push_back(metric);
  specs.push_back(choice_param("grow_policy", "depthwise", "depthwise or lossguide",
                               {"depthwise", "lossguide"}));
  specs.push_back(int_param("max_leaves", "0", "maximum leaves per tree (0: no limit)", 0));
  specs.push_back(choice_param("tree_method", "auto", "auto or hist (others are not supported)",
                               {"auto", "hist", "approx", "exact", "gpu_hist"}));
  specs.push_back(choice_param("booster", "gbtree", "only gbtree is supported", {"gbtree"}));
  specs.push_back(int_param("nthread", "0", "threads per rank (0: the host's cores / local ranks)", 0, 1024));
  specs.push_back(int_param("num_parallel_tree", "1", "trees per round (random forest when > 1)", 1, 1024));
  specs.push_back(int_param("early_stopping_rounds", "", "stop after this many rounds without "
                            "improvement of the last validation metric", 1));
  specs.push_back(int_param("verbosity", "1", "0 silent .. 3 debug", 0, 3));
  ParamSpec silent;
  silent.name = "silent";
  silent.type = ParamType::boolean;
  silent.default_value = "false";
  silent.help = "deprecated: verbosity 0";
  specs.push_back(silent);
  ParamSpec model;
  model.name = "xgb_model";
  model.type = ParamType::string;
  model.help = "continue training from this XGBoost JSON model (file or folder)";
  specs.push_back(model);
  return specs;
}

TrainParams train_params_from(const ParamValues& v) {
  TrainParams p;
  p.num_round = v.integer("num_round");
  p.tree.eta = v.real("eta");
  p.tree.gamma = v.real("gamma");
  p.tree.max_depth = static_cast<int>(v.integer("max_depth"));
  p.tree.min_child_weight = v.real("min_child_weight");
  p.tree.max_delta_step = v.real("max_delta_step");
  p.tree.subsample = v.real("subsample");
  p.tree.colsample_bytree = v.real("colsample_bytree");
  p.tree.colsample_bylevel = v.real("colsample_bylevel");
  p.tree.colsample_bynode = v.real("colsample_bynode");
  p.tree.lambda = v.real("lambda");
  p.tree.alpha = v.real("alpha");
  p.tree.grow_policy = v.str("grow_policy") == "lossguide" ? GrowPolicy::lossguide : GrowPolicy::depthwise;
  p.tree.max_leaves = static_cast<int>(v.integer("max_leaves"));
  p.max_bin = static_cast<int>(v.integer("max_bin"));
  p.scale_pos_weight = v.real("scale_pos_weight");
  p.base_score_given = v.has("base_score");
  if (p.base_score_given) p.base_score = v.real("base_score");
  p.seed = static_cast<std::uint64_t>(v.integer("seed"));
  p.num_class = v.has("num_class") ? static_cast<int>(v.integer("num_class")) : 0;
  p.objective = v.str("objective");
  if (v.has("eval_metric")) p.eval_metrics = v.strings("eval_metric");
  p.nthread = static_cast<int>(v.integer("nthread"));
  p.num_parallel_tree = static_cast<int>(v.integer("num_parallel_tree"));
  p.early_stopping_rounds = v.has("early_stopping_rounds") ? v.integer("early_stopping_rounds") : 0;
  p.verbosity = v.boolean("silent") ? 0 : static_cast<int>(v.integer("verbosity"));
  if (v.has("xgb_model")) p.xgb_model = v.str("xgb_model");

  const std::string method = v.str("tree_method");
  if (method != "auto" && method != "hist")
    throw UserError("hyperparameter tree_method=" + method +
                    " is not supported: dptrain grows trees with the histogram method "
                    "(use tree_method=hist or auto)");
  const bool multi = p.objective.starts_with("multi:");
  if (multi && p.num_class < 2)
    throw UserError("objective " + p.objective + " needs the hyperparameter num_class >= 2" +
                    (p.num_class == 1 ? " (got 1)" : " (it was not given)"));
  if (!multi && p.num_class > 1)
    throw UserError("num_class=" + std::to_string(p.num_class) + " needs a multi:softmax or "
                    "multi:softprob objective (objective is " + p.objective + ")");
  if (!multi) p.num_class = 0;
  if (p.tree.max_depth == 0 && p.tree.grow_policy == GrowPolicy::depthwise)
    throw UserError("max_depth=0 (no depth limit) needs grow_policy=lossguide; with depthwise "
                    "growth give max_depth >= 1");
  if (p.tree.max_depth == 0 && p.tree.max_leaves == 0)
    throw UserError("max_depth=0 and max_leaves=0 leave the tree unbounded: give one of them");
  if (p.tree.max_depth > 30)
    throw UserError("max_depth=" + std::to_string(p.tree.max_depth) + " is too deep (at most 30)");
  if (p.base_score_given) {
    // binary:logitraw adds base_score to the margin as it is (XGBoost 1.7), so any value works.
    const bool logistic = p.objective == "reg:logistic" || p.objective == "binary:logistic";
    if (logistic && !(p.base_score > 0 && p.base_score < 1))
      throw UserError("base_score=" + v.str("base_score") + " must be a probability in (0, 1) for " +
                      p.objective);
    if (p.objective == "count:poisson" && !(p.base_score > 0))
      throw UserError("base_score=" + v.str("base_score") + " must be > 0 for count:poisson");
  }
  for (const auto& m : p.eval_metrics) {
    const bool multi_metric = m == "merror" || m == "mlogloss";
    if (multi_metric && !multi)
      throw UserError("eval_metric " + m + " needs a multi:* objective (objective is " + p.objective + ")");
    if (multi && !multi_metric)
      throw UserError("eval_metric " + m + " does not apply to " + p.objective +
                      " (use merror or mlogloss)");
  }
  return p;
}

}  // namespace dpt::gbdt
