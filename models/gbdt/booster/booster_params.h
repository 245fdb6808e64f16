#pragma once
// Hyperparameters of the two boosters beside gbtree: dart (trees with dropout) and gblinear
// (a linear model fitted by coordinate descent), with XGBoost 1.7's names, defaults and ranges.
#include <cstdint>
#include <string>
#include <vector>

#include "common/params.h"
#include "models/gbdt/booster/tree_update_params.h"

namespace dpt::gbdt {

// XGBoost's DartTrainParam.
struct DartParams {
  enum class Sample { uniform, weighted };
  enum class Normalize { tree, forest };
  Sample sample_type = Sample::uniform;
  Normalize normalize_type = Normalize::tree;
  double rate_drop = 0;   // probability of dropping each tree
  double skip_drop = 0;   // probability of skipping the dropout in a round
  bool one_drop = false;  // drop at least one tree when any exists
};

// XGBoost's LinearTrainParam and CoordinateParam. eta and lambda have gblinear's own defaults
// (0.5 and 0) when the user does not give them.
struct LinearParams {
  enum class Updater { shotgun, coord_descent };
  enum class Selector { cyclic, shuffle, random, greedy, thrifty };
  Updater updater = Updater::shotgun;
  Selector feature_selector = Selector::cyclic;
  double eta = 0.5;
  double lambda = 0;
  double alpha = 0;
  int top_k = 0;  // greedy and thrifty: features updated per group and round (0: all)
};

// Appends the specs of booster, dart's and gblinear's parameters.
void add_booster_param_specs(std::vector<ParamSpec>& specs);

struct BoosterChoice {
  std::string booster = "gbtree";  // gbtree, dart, gblinear
  DartParams dart;
  LinearParams linear;
  bool update_trees = false;       // process_type=update (tree_update.h)
  TreeUpdateParams tree_update;
  std::vector<std::string> notes;  // what runs instead of a named updater
};
// Reads them (and eta, lambda, alpha for gblinear); UserError for combinations XGBoost refuses
// (shotgun with greedy/thrifty/random, dart or gblinear parameters with another booster).
BoosterChoice booster_choice_from(const ParamValues& values);

}  // namespace dpt::gbdt
