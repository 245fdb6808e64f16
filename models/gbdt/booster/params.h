#pragma once
// The boosting hyperparameters (XGBoost names, defaults and ranges), declared for the worker's
// CLI/config mechanism, and the typed config the trainer uses.
#include <cstdint>
#include <string>
#include <vector>

#include "common/params.h"
#include "models/gbdt/booster/booster_params.h"

namespace dpt::gbdt {

std::vector<ParamSpec> param_specs();

enum class GrowPolicy { depthwise, lossguide };

// What one tree needs to know (XGBoost's TrainParam).
struct TreeParams {
  double eta = 0.3;
  double gamma = 0;
  int max_depth = 6;
  double min_child_weight = 1;
  double max_delta_step = 0;
  double lambda = 1;
  double alpha = 0;
  double subsample = 1;
  double colsample_bytree = 1, colsample_bylevel = 1, colsample_bynode = 1;
  GrowPolicy grow_policy = GrowPolicy::depthwise;
  int max_leaves = 0;
  // Per feature -1 (decreasing), 0, 1 (increasing); empty: none (tree_constraints.h).
  std::vector<std::int8_t> monotone;
  // Feature sets that may interact on one path; empty: any (tree_constraints.h).
  std::vector<std::vector<std::int32_t>> interactions;

  bool has_monotone() const {
    for (const std::int8_t c : monotone) {
      if (c != 0) return true;
    }
    return false;
  }
  int max_cat_to_onehot = 4;   // categorical features (categorical_split.h)
  int max_cat_threshold = 64;
};

struct TrainParams {
  std::int64_t num_round = 0;
  TreeParams tree;
  int max_bin = 256;
  double scale_pos_weight = 1;
  double huber_slope = 1;               // reg:pseudohubererror and the mphe metric
  double tweedie_variance_power = 1.5;  // reg:tweedie
  bool base_score_given = false;
  double base_score = 0.5;
  std::uint64_t seed = 0;
  int num_class = 0;
  std::string objective = "reg:squarederror";
  std::string aft_loss_distribution = "normal";  // survival:aft (normal, logistic, extreme)
  double aft_loss_distribution_scale = 1;         // survival:aft's sigma
  std::uint64_t num_pairsample = 1;  // rank:* (XGBoost's lambda_rank_param)
  double fix_list_weight = 0;        // rank:*
  // Empty: the objective's default metric. Names as XGBoost prints them ("error@0.7").
  std::vector<std::string> eval_metrics;
  // categorical_features as given: feature indices (or names), resolved by categories.h.
  std::vector<std::string> categorical_features;
  int nthread = 1;
  int num_parallel_tree = 1;
  std::int64_t early_stopping_rounds = 0;  // 0: off
  int verbosity = 1;
  std::string xgb_model;  // continue training from this model ("" = start fresh)
  // What the job does differently from what a parameter names (logged at the start).
  std::vector<std::string> notes;
  std::string booster = "gbtree";  // gbtree, dart or gblinear (booster_params.h)
  DartParams dart;
  LinearParams linear;
  bool update_trees = false;  // process_type=update: refresh/prune xgb_model's trees (tree_update.h)
  TreeUpdateParams tree_update;
  // Packed histograms when the training set is small enough (histogram.h); not a
  // hyperparameter: tests turn it off to cover the int64-pair path on small sets.
  bool allow_packed_histograms = true;
};

// Reads validated values into the typed config and checks combinations (multi:* needs num_class,
// max_depth 0 needs lossguide, unsupported tree_method, ...). Throws UserError.
TrainParams train_params_from(const ParamValues& values);

}  // namespace dpt::gbdt
