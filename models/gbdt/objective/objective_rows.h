#pragma once
// The single-output objectives as one table: XGBoost 1.7's per-row gradient and hessian (weights
// applied in the same float operations as XGBoost, so gradients agree bit for bit), the labels
// each accepts, its default metric and how the default base_score comes from the labels.
// Objective (objective.h) dispatches through this table: a new per-row objective is one entry.
#include <string_view>

namespace dpt::gbdt {

// Objective hyperparameters a gradient may read.
struct ObjectiveConstants {
  float scale_pos_weight = 1.0f;
  float poisson_max_delta_step = 0.7f;  // count:poisson's hessian (XGBoost's default)
  float huber_slope = 1.0f;             // reg:pseudohubererror
  float tweedie_variance_power = 1.5f;  // reg:tweedie
};

struct GradHess {
  float grad, hess;
};

// How the default base_score (output space, as the model stores it) comes from the labels.
// XGBoost 1.7 uses 0.5 for all but reg:absoluteerror; dptrain starts from the labels instead
// (documented in --help), with the constant that fits each loss.
enum class BaseScoreRule {
  mean,           // weighted label mean (identity link)
  probability,    // weighted mean clamped to [1e-6, 1 - 1e-6] (logistic link)
  logit_of_mean,  // binary:logitraw stores a margin: the log-odds of the clamped mean
  positive_mean,  // log link: the weighted mean, at least 1e-6
  log1p_mean,     // reg:squaredlogerror: expm1 of the weighted mean of log1p(label)
  signed_mean,    // binary:hinge: the weighted mean of the +-1 targets 2y - 1
  median,         // reg:absoluteerror: XGBoost 1.7's weighted median of the labels
};

struct SingleOutputObjective {
  std::string_view name;
  std::string_view default_metric;  // "" = computed by Objective (tweedie-nloglik@rho)
  bool (*label_ok)(float label);    // nullptr = any finite label
  std::string_view label_domain;    // what label_ok expects, for messages
  // Gradient and hessian of one row, weight applied. `weight` already includes
  // scale_pos_weight where the entry says so.
  GradHess (*gradient)(float margin, float label, float weight, const ObjectiveConstants& c);
  BaseScoreRule base_score;
  bool scale_pos_weight;  // a row with label 1 weighs scale_pos_weight (XGBoost's RegLossObj)
  bool refresh_leaves;    // leaves become quantiles of the residuals after growth (absoluteerror)
};

// nullptr for multi-class objectives and unknown names.
const SingleOutputObjective* find_single_output_objective(std::string_view name);

}  // namespace dpt::gbdt
