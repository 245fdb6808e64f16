#include "models/gbdt/booster/booster_params.h"

#include "common/error.h"
#include "models/gbdt/booster/tree_update.h"

namespace dpt::gbdt {
namespace {

ParamSpec spec(std::string name, ParamType type, std::string def, std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(def);
  s.help = std::move(help);
  return s;
}

ParamSpec choice(std::string name, std::string def, std::string help, std::vector<std::string> choices) {
  ParamSpec s = spec(std::move(name), ParamType::string, std::move(def), std::move(help));
  s.choices = std::move(choices);
  return s;
}

ParamSpec fraction(std::string name, std::string help) {
  ParamSpec s = spec(std::move(name), ParamType::real, "0", std::move(help));
  s.min = 0;
  s.max = 1;
  return s;
}

}  // namespace

void add_booster_param_specs(std::vector<ParamSpec>& specs) {
  specs.push_back(choice("booster", "gbtree",
                         "gbtree (boosted trees), dart (trees with dropout: rate_drop, skip_drop, "
                         "sample_type, normalize_type, one_drop) or gblinear (a linear model: "
                         "updater, feature_selector, top_k, eta default 0.5, lambda default 0, "
                         "alpha; missing values count as 0)",
                         {"gbtree", "dart", "gblinear"}));
  specs.push_back(fraction("rate_drop", "dart: probability of dropping each earlier tree in a round"));
  specs.push_back(fraction("skip_drop", "dart: probability of dropping no tree in a round"));
  specs.push_back(choice("sample_type", "uniform",
                         "dart: uniform (every tree alike) or weighted (in proportion to its weight)",
                         {"uniform", "weighted"}));
  specs.push_back(choice("normalize_type", "tree",
                         "dart: tree (new trees weigh 1/(k+eta) with k dropped trees, dropped ones "
                         "k/(k+eta)) or forest (new trees and dropped ones weigh 1/(1+eta))",
                         {"tree", "forest"}));
  specs.push_back(spec("one_drop", ParamType::boolean, "false",
                       "dart: drop at least one tree in every round that drops"));
  ParamSpec updater = spec("updater", ParamType::string, "",
                            "gblinear: shotgun (default; coordinate descent over the features in "
                            "feature_selector order, sequential here, so deterministic) or coord_descent. "
                            "gbtree with process_type=update: refresh, prune or refresh,prune. gbtree "
                            "otherwise: grow_quantile_histmaker, grow_histmaker, grow_colmaker (each runs "
                            "as hist, said in a logged line), prune (a no-op after hist growth)");
  specs.push_back(updater);
  ParamSpec process = choice("process_type", "default",
                             "default: grow new trees; update: refresh/prune the trees of xgb_model "
                             "with this data, one round per round of that model (updater)",
                             {"default", "update"});
  specs.push_back(process);
  specs.push_back(spec("refresh_leaf", ParamType::boolean, "true",
                       "updater=refresh: also set the leaf values from the new data (false: only the "
                       "node statistics)"));
  specs.push_back(choice("feature_selector", "cyclic",
                         "gblinear: order of the features updated: cyclic, shuffle (a permutation per "
                         "round), random (drawn with replacement), greedy (largest weight change "
                         "first), thrifty (by the round's first weight changes); shotgun takes "
                         "cyclic or shuffle only",
                         {"cyclic", "shuffle", "random", "greedy", "thrifty"}));
  ParamSpec top_k = spec("top_k", ParamType::integer, "0",
                         "gblinear greedy and thrifty: features updated per output group and round "
                         "(0: all)");
  top_k.min = 0;
  specs.push_back(top_k);
}

namespace {

// gbtree's and dart's updater list: process_type=update takes refresh/prune; growing takes the
// grow_* names, which all run as hist here (said in a note).
void tree_updaters_from(const ParamValues& v, BoosterChoice& c) {
  c.update_trees = v.str("process_type") == "update";
  c.tree_update.refresh_leaf = v.boolean("refresh_leaf");
  const std::string updater = v.given("updater") ? v.str("updater") : "";
  if (c.booster == "gblinear") {
    if (c.update_trees) throw UserError("process_type=update needs booster=gbtree (booster is gblinear)");
    return;
  }
  if (c.update_trees) {
    if (updater.empty()) throw UserError("process_type=update needs updater=refresh, prune or refresh,prune");
    c.tree_update.steps = parse_tree_updaters(updater);
    return;
  }
  for (const std::string& name : updater_names(updater)) {
    if (name == "grow_quantile_histmaker" || name == "sync" || name.empty()) continue;
    if (name == "grow_histmaker" || name == "grow_colmaker" || name == "grow_gpu_hist") {
      c.notes.push_back("updater " + name + " runs as grow_quantile_histmaker (hist)");
    } else if (name == "prune") {
      c.notes.push_back("updater prune does nothing after hist growth: no split below gamma or max_depth is grown");
    } else if (name == "refresh") {
      throw UserError("updater refresh can not be used to create new trees: set process_type=update to refresh "
                      "the trees of xgb_model");
    } else if (name == "shotgun" || name == "coord_descent") {
      throw UserError("updater " + name + " applies to booster=gblinear (booster is " + c.booster + ")");
    } else {
      throw UserError("updater '" + name + "' is unknown (grow_quantile_histmaker, grow_histmaker, grow_colmaker, "
                      "prune, refresh, sync)");
    }
  }
}

}  // namespace

BoosterChoice booster_choice_from(const ParamValues& v) {
  BoosterChoice c;
  c.booster = v.str("booster");
  DartParams& d = c.dart;
  d.rate_drop = v.real("rate_drop");
  d.skip_drop = v.real("skip_drop");
  d.one_drop = v.boolean("one_drop");
  d.sample_type = v.str("sample_type") == "weighted" ? DartParams::Sample::weighted : DartParams::Sample::uniform;
  d.normalize_type = v.str("normalize_type") == "forest" ? DartParams::Normalize::forest : DartParams::Normalize::tree;

  LinearParams& l = c.linear;
  const std::string updater = v.given("updater") ? v.str("updater") : "";
  if (c.booster == "gblinear" && !updater.empty() && updater != "shotgun" && updater != "coord_descent")
    throw UserError("updater=" + updater + " is not a gblinear updater (shotgun or coord_descent)");
  l.updater = updater == "coord_descent" ? LinearParams::Updater::coord_descent : LinearParams::Updater::shotgun;
  const std::string selector = v.str("feature_selector");
  using S = LinearParams::Selector;
  l.feature_selector = selector == "shuffle" ? S::shuffle
                       : selector == "random" ? S::random
                       : selector == "greedy" ? S::greedy
                       : selector == "thrifty" ? S::thrifty
                                               : S::cyclic;
  l.top_k = static_cast<int>(v.integer("top_k"));
  // gblinear's own defaults (XGBoost's LinearTrainParam): learning_rate 0.5, reg_lambda 0.
  l.eta = v.given("eta") ? v.real("eta") : 0.5;
  l.lambda = v.given("lambda") ? v.real("lambda") : 0.0;
  l.alpha = v.real("alpha");
  if (c.booster != "gblinear" && (v.given("feature_selector") || v.given("top_k")))
    throw UserError("feature_selector and top_k apply to booster=gblinear (booster is " + c.booster + ")");
  tree_updaters_from(v, c);
  if (l.updater == LinearParams::Updater::shotgun && l.feature_selector != S::cyclic &&
      l.feature_selector != S::shuffle)
    throw UserError("feature_selector=" + selector + " needs updater=coord_descent (the shotgun "
                    "updater takes cyclic or shuffle, as in XGBoost)");
  return c;
}

}  // namespace dpt::gbdt
