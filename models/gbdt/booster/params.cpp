#include "models/gbdt/booster/params.h"

#include <limits>

#include "common/error.h"
#include "models/gbdt/tree/tree_constraints.h"
#include "models/gbdt/metric/metric_registry.h"
#include "models/gbdt/metric/rank_metrics.h"
#include "models/gbdt/metric/survival_metrics.h"

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

// What --help says of each objective: the loss, the labels, the output and the default metric.
const char* const kObjectiveHelp =
    "learning objective: reg:squarederror (squared error; reg:linear is its old name and is "
    "saved as reg:squarederror), reg:squaredlogerror (squared log1p error, labels > -1, metric "
    "rmsle), reg:pseudohubererror (pseudo-Huber with huber_slope, metric mphe), "
    "reg:absoluteerror (absolute error; leaves become the median residual of their rows, "
    "metric mae), reg:logistic (probability regression, labels in [0, 1], metric rmse), "
    "binary:logistic (probability, metric logloss), binary:logitraw (raw log-odds, metric "
    "logloss), binary:hinge (hinge loss, predicts 0 or 1, metric error), count:poisson (log "
    "link, metric poisson-nloglik), reg:gamma (log link, labels > 0, metric gamma-nloglik), "
    "reg:tweedie (log link, tweedie_variance_power, metric tweedie-nloglik@power), "
    "multi:softmax (class index, needs num_class, metric mlogloss), multi:softprob (class "
    "probabilities), survival:cox (Cox proportional hazards: label = time, negative = "
    "right-censored; predicts the hazard ratio exp(margin), metric cox-nloglik), survival:aft "
    "(accelerated failure time with aft_loss_distribution and aft_loss_distribution_scale; label "
    "interval [lower, upper]: csv lower, [weight,] upper, features; libsvm lower,upper; upper inf = "
    "right-censored, lower 0 = left-censored; predicts exp(margin), metric aft-nloglik), "
    "rank:pairwise, rank:ndcg, rank:map (LambdaMART over query groups: libsvm qid:N or "
    "csv_qid=1; num_pairsample, fix_list_weight; base_score 0.5; metric map)";

const char* const kBaseScoreHelp =
    "initial prediction, in output space as the model stores it (a probability for logistic "
    "objectives, a mean for log-link ones). Default: from the training labels over all ranks "
    "(XGBoost 1.7 uses 0.5 except for reg:absoluteerror): the weighted label mean; clamped to "
    "[1e-6, 1-1e-6] for logistic objectives (binary:logitraw: its log-odds, a margin); at least "
    "1e-6 for count:poisson, reg:gamma, reg:tweedie; expm1(mean log1p(label)) for "
    "reg:squaredlogerror; the mean of 2*label-1 for binary:hinge; XGBoost's weighted median for "
    "reg:absoluteerror and reg:pseudohubererror (a mean would follow outliers the loss ignores); "
    "0.5 for multi:*, rank:* and survival:* (as XGBoost 1.7). The model file records it "
    "(learner_model_param.base_score), so every reader starts from the same value";

const char* const kCategoricalHelp =
    "categorical columns, as 0-based feature indices (e.g. 0,3,7; 0 is the first feature column, "
    "after the label and any weight or qid column). Their values are category codes: integers "
    "in 0..16777215 (csv cells, libsvm values; a missing cell is missing), as XGBoost's "
    "enable_categorical expects; splits follow XGBoost 1.7 (max_cat_to_onehot, "
    "max_cat_threshold) and the model marks these columns \"c\" in feature_types";

}  // namespace

std::vector<ParamSpec> param_specs() {
  std::vector<ParamSpec> specs;
  ParamSpec rounds = int_param("num_round", "", "number of boosting rounds", 1);
  rounds.required = true;
  specs.push_back(rounds);
  specs.push_back(with_aliases(real_param("eta", "0.3", "step size shrinkage, in [0, 1] (SageMaker's range; gblinear: 0.5 unless given)", 0, 1), {"learning_rate"}));
  specs.push_back(with_aliases(real_param("gamma", "0", "minimum loss reduction to split", 0),
                               {"min_split_loss"}));
  specs.push_back(int_param("max_depth", "6", "maximum tree depth (0: no limit, lossguide only)", 0));
  specs.push_back(real_param("min_child_weight", "1", "minimum hessian sum in a child", 0));
  specs.push_back(real_param("max_delta_step", "0", "cap on the leaf weight (0: none)", 0));
  specs.push_back(real_param("subsample", "1", "fraction of rows sampled per tree", 0, 1, true));
  specs.push_back(real_param("colsample_bytree", "1", "fraction of features per tree", 0, 1, true));
  specs.push_back(real_param("colsample_bylevel", "1", "fraction of features per level", 0, 1, true));
  specs.push_back(real_param("colsample_bynode", "1", "fraction of features per split", 0, 1, true));
  specs.push_back(with_aliases(real_param("lambda", "1", "L2 regularisation of leaf weights (gblinear: of the weights, 0 unless given)", 0),
                               {"reg_lambda"}));
  specs.push_back(with_aliases(real_param("alpha", "0", "L1 regularisation of leaf weights (gblinear: of the weights)", 0),
                               {"reg_alpha"}));
  specs.push_back(int_param("max_bin", "256", "maximum number of histogram bins per feature", 2, 65536));
  specs.push_back(real_param("scale_pos_weight", "1", "weight of positive rows (binary)", 0));
  // base_score and huber_slope take any real number (--help shows no range for them).
  ParamSpec base_score = real_param("base_score", "", kBaseScoreHelp, 0);
  base_score.min.reset();
  specs.push_back(base_score);
  ParamSpec huber = real_param("huber_slope", "1", "delta of the pseudo-Huber loss "
                               "(reg:pseudohubererror) and of the mphe metric; any real but 0", 0);
  huber.min.reset();
  specs.push_back(huber);
  ParamSpec tweedie = real_param("tweedie_variance_power", "1.5",
                                 "variance power of reg:tweedie, in [1, 2): near 1 Poisson-like, "
                                 "near 2 gamma-like", 1, 2);
  tweedie.max_exclusive = true;
  specs.push_back(tweedie);
  specs.push_back(choice_param("aft_loss_distribution", "normal",
                               "noise distribution of survival:aft's log-time (and aft-nloglik)",
                               {"normal", "logistic", "extreme"}));
  specs.push_back(real_param("aft_loss_distribution_scale", "1",
                             "scale (sigma) of survival:aft's noise distribution", 0, std::nullopt, true));
  specs.push_back(int_param("seed", "0", "random seed (row and column sampling)", 0));
  specs.push_back(int_param("csv_qid", "0",
                            "1: the csv column after the label (and the weight) is the query id of "
                            "ranking rows, a non-negative integer; consecutive rows with one qid "
                            "form a query group (libsvm rows give theirs as qid:N)", 0, 1));
  specs.push_back(int_param("num_pairsample", "1", "rank:*: pairs drawn per document", 1));
  specs.push_back(real_param("fix_list_weight", "0", "rank:*: 0, or each query's pairs weigh "
                             "this / its size", 0));
  specs.push_back(int_param("csv_weights", "0",
                            "1: the second csv column is the instance weight (SageMaker XGBoost)", 0, 1));
  specs.push_back(int_param("num_class", "", "number of classes (multi:*)", 1, 1 << 20));
  specs.push_back(choice_param("objective", "reg:squarederror", kObjectiveHelp,
                               {"reg:squarederror", "reg:linear", "reg:squaredlogerror",
                                "reg:pseudohubererror", "reg:absoluteerror", "reg:logistic",
                                "binary:logistic", "binary:logitraw", "binary:hinge",
                                "multi:softmax", "multi:softprob", "count:poisson", "reg:gamma",
                                "reg:tweedie", "survival:cox", "survival:aft", "rank:pairwise",
                                "rank:ndcg", "rank:map"}));
  ParamSpec metric = choice_param("eval_metric", "",
                                  "evaluation metrics (repeatable, or a comma list; default: the "
                                  "objective's metric, named in objective); " + metrics_help() +
                                      "; ndcg, map, pre (@n: top n; a trailing '-' scores a query "
                                      "without relevant rows 0, not 1) and auc on rows with query "
                                      "groups: means over query groups",
                                  {});
  metric.type = ParamType::string_list;
  metric.repeatable = true;
  specs.push_back(metric);
  specs.push_back(choice_param("grow_policy", "depthwise", "depthwise or lossguide",
                               {"depthwise", "lossguide"}));
  specs.push_back(int_param("max_leaves", "0", "maximum leaves per tree (0: no limit)", 0));
  ParamSpec monotone;
  monotone.name = "monotone_constraints";
  monotone.type = ParamType::string;
  monotone.help = "per feature by index, e.g. \"(1,-1,0)\": 1 the prediction never falls as the feature "
                  "rises, -1 never rises, 0 free; features past the list are free";
  specs.push_back(monotone);
  ParamSpec interaction;
  interaction.name = "interaction_constraints";
  interaction.type = ParamType::string;
  interaction.help = "feature index sets allowed to interact, e.g. \"[[0, 1], [2, 3, 4]]\": below the root a "
                     "node splits only on its path's features and the sets holding all of them";
  specs.push_back(interaction);
  specs.push_back(choice_param("tree_method", "auto",
                               "how splits are found; always the histogram method (hist): approx and exact "
                               "are accepted and run as hist with a logged line saying so (raise max_bin "
                               "toward exact's every-value enumeration), gpu_hist runs as hist on the CPU",
                               {"auto", "hist", "approx", "exact", "gpu_hist"}));
  specs.push_back(choice_param("sampling_method", "uniform",
                               "row subsampling: uniform (gradient_based needs gpu_hist in XGBoost and is "
                               "refused as XGBoost refuses it on the CPU)",
                               {"uniform", "gradient_based"}));
  ParamSpec categorical = choice_param("categorical_features", "", kCategoricalHelp, {});
  categorical.type = ParamType::string_list;
  specs.push_back(categorical);
  specs.push_back(int_param("max_cat_to_onehot", "4", "categorical features with fewer categories (largest "
                            "code + 1) than this get one-hot splits (one category against the rest), "
                            "the others partition splits", 1));
  specs.push_back(int_param("max_cat_threshold", "64", "partition splits of categorical features: at most "
                            "this many categories considered for the side they scan", 1));
  add_booster_param_specs(specs);  // booster, dart and gblinear (booster_params.cpp)
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
  if (v.has("monotone_constraints")) p.tree.monotone = parse_monotone_constraints(v.str("monotone_constraints"));
  if (v.has("interaction_constraints"))
    p.tree.interactions = parse_interaction_constraints(v.str("interaction_constraints"));
  p.tree.max_cat_to_onehot = static_cast<int>(v.integer("max_cat_to_onehot"));
  p.tree.max_cat_threshold = static_cast<int>(v.integer("max_cat_threshold"));
  if (v.has("categorical_features")) p.categorical_features = v.strings("categorical_features");
  p.max_bin = static_cast<int>(v.integer("max_bin"));
  p.scale_pos_weight = v.real("scale_pos_weight");
  p.huber_slope = v.real("huber_slope");
  p.tweedie_variance_power = v.real("tweedie_variance_power");
  p.aft_loss_distribution = v.str("aft_loss_distribution");
  p.aft_loss_distribution_scale = v.real("aft_loss_distribution_scale");
  p.num_pairsample = static_cast<std::uint64_t>(v.integer("num_pairsample"));
  p.fix_list_weight = v.real("fix_list_weight");
  if (p.huber_slope == 0) throw UserError("huber_slope must not be 0 (the pseudo-Huber delta)");
  p.base_score_given = v.has("base_score");
  if (p.base_score_given) p.base_score = v.real("base_score");
  p.seed = static_cast<std::uint64_t>(v.integer("seed"));
  p.num_class = v.has("num_class") ? static_cast<int>(v.integer("num_class")) : 0;
  p.objective = v.str("objective");
  // XGBoost 1.7 treats reg:linear as reg:squarederror and saves it under that name.
  if (p.objective == "reg:linear") p.objective = "reg:squarederror";
  if (v.has("eval_metric")) p.eval_metrics = v.strings("eval_metric");
  p.nthread = static_cast<int>(v.integer("nthread"));
  p.num_parallel_tree = static_cast<int>(v.integer("num_parallel_tree"));
  p.early_stopping_rounds = v.has("early_stopping_rounds") ? v.integer("early_stopping_rounds") : 0;
  p.verbosity = v.boolean("silent") ? 0 : static_cast<int>(v.integer("verbosity"));
  if (v.has("xgb_model")) p.xgb_model = v.str("xgb_model");
  {
    BoosterChoice booster = booster_choice_from(v);
    p.booster = booster.booster;
    p.dart = booster.dart;
    p.linear = booster.linear;
    p.update_trees = booster.update_trees;
    p.tree_update = booster.tree_update;
    p.notes.insert(p.notes.end(), booster.notes.begin(), booster.notes.end());
  }

  const std::string method = v.str("tree_method");
  if (method == "approx")
    p.notes.push_back("tree_method=approx runs as hist: one set of at most max_bin cuts per feature from a "
                      "global sample, instead of approx's sketch per iteration");
  if (method == "exact")
    p.notes.push_back("tree_method=exact runs as hist: splits between at most max_bin quantile cuts per feature "
                      "(max_bin=" + std::to_string(p.max_bin) + ") instead of between every pair of distinct "
                      "values; raise max_bin (up to 65536) to come closer");
  if (method == "gpu_hist")
    p.notes.push_back("tree_method=gpu_hist runs as hist on the CPU (the same split rules)");
  if (v.str("sampling_method") == "gradient_based")
    throw UserError("sampling_method=gradient_based is only supported by tree_method=gpu_hist in XGBoost, which "
                    "dptrain runs on the CPU: use sampling_method=uniform");
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
    const bool log_link = p.objective == "count:poisson" || p.objective == "reg:gamma" ||
                          p.objective == "reg:tweedie" || p.objective.starts_with("survival:");
    if (log_link && !(p.base_score > 0))
      throw UserError("base_score=" + v.str("base_score") + " must be > 0 for " + p.objective +
                      " (its margin is log(base_score))");
  }
  for (auto& m : p.eval_metrics) {
    if (const std::string why = survival_metric_mismatch(m, p.objective); !why.empty()) throw UserError(why);
    if (is_survival_metric(m)) continue;  // survival_metrics.h
    if (const auto rank = parse_rank_metric(m);
        rank && rank->kind != RankMetric::Kind::auc && rank->kind != RankMetric::Kind::aucpr) {  // both also binary and multi-class
      if (multi) throw UserError("eval_metric " + m + " does not apply to " + p.objective + " (a ranking metric)");
      continue;  // rank_metrics.h
    }
    const ParsedMetric parsed = parse_metric(m);
    if (const std::string why = metric_objective_mismatch(parsed, multi); !why.empty())
      throw UserError(why + " (objective is " + p.objective + ")");
    m = parsed.display;  // the name metric lines print, as XGBoost prints it
  }
  return p;
}

}  // namespace dpt::gbdt
