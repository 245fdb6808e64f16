// XGBoost 1.7's single-output objectives (src/objective/regression_loss.h, regression_obj.cu,
// hinge.cu), one row at a time. The arithmetic keeps XGBoost's float/double mix (e.g. expf in
// float, std::pow promoting to double) so that our gradients are XGBoost's bits.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/gbdt/objective/objective_rows.h"

namespace dpt::gbdt {
namespace {

// XGBoost's common::Sigmoid: exp argument capped against overflow, epsilon against 0/0.
float sigmoid(float x) {
  constexpr float kEps = 1e-16f;
  x = std::min(-x, 88.7f);
  return 1.0f / (std::exp(x) + 1.0f + kEps);
}

GradHess squared_error(float m, float y, float w, const ObjectiveConstants&) {
  return {(m - y) * w, 1.0f * w};
}

GradHess logistic(float m, float y, float w, const ObjectiveConstants&) {
  const float p = sigmoid(m);
  return {(p - y) * w, std::max(p * (1.0f - p), 1e-16f) * w};
}

GradHess squared_log_error(float m, float y, float w, const ObjectiveConstants&) {
  const float p = std::max(m, static_cast<float>(-1 + 1e-6));  // keeps log1p finite
  const float grad = (std::log1p(p) - std::log1p(y)) / (p + 1);
  // std::pow(float, int) is double in C++, as in XGBoost.
  float hess = static_cast<float>((-std::log1p(p) + std::log1p(y) + 1) / std::pow(p + 1, 2));
  hess = std::max(hess, 1e-6f);
  return {grad * w, hess * w};
}

GradHess pseudo_huber(float m, float y, float w, const ObjectiveConstants& c) {
  const float slope2 = c.huber_slope * c.huber_slope;
  const float z = m - y;
  const float scale_sqrt = std::sqrt(1 + z * z / slope2);
  const float scale = slope2 + z * z;
  return {z / scale_sqrt * w, slope2 / (scale * scale_sqrt) * w};
}

GradHess poisson(float m, float y, float w, const ObjectiveConstants& c) {
  return {(std::exp(m) - y) * w, std::exp(m + c.poisson_max_delta_step) * w};
}

GradHess gamma(float m, float y, float w, const ObjectiveConstants&) {
  return {(1 - y / std::exp(m)) * w, y / std::exp(m) * w};
}

GradHess tweedie(float m, float y, float w, const ObjectiveConstants& c) {
  const float rho = c.tweedie_variance_power;
  const float grad = -y * std::exp((1 - rho) * m) + std::exp((2 - rho) * m);
  const float hess = -y * (1 - rho) * std::exp((1 - rho) * m) + (2 - rho) * std::exp((2 - rho) * m);
  return {grad * w, hess * w};
}

GradHess hinge(float m, float y01, float w, const ObjectiveConstants&) {
  const float y = static_cast<float>(y01 * 2.0 - 1.0);
  // Outside the margin the hessian is the smallest float, not scaled by the weight (XGBoost).
  if (m * y < 1.0f) return {-y * w, w};
  return {0.0f, std::numeric_limits<float>::min()};
}

GradHess absolute_error(float m, float y, float w, const ObjectiveConstants&) {
  const float d = m - y;
  const int sign = (d > 0.0f) - (d < 0.0f);
  return {static_cast<float>(sign) * w, w};
}

bool probability(float y) { return y >= 0.0f && y <= 1.0f; }
bool above_minus_one(float y) { return y > -1.0f; }
bool non_negative(float y) { return y >= 0.0f; }
bool positive(float y) { return y > 0.0f; }

using Rule = BaseScoreRule;
constexpr SingleOutputObjective kObjectives[] = {
    // name, default metric, label check, label domain, gradient, base score, spw, refresh
    {"reg:squarederror", "rmse", nullptr, "", squared_error, Rule::mean, true, false},
    {"reg:squaredlogerror", "rmsle", above_minus_one, "a value > -1 for reg:squaredlogerror",
     squared_log_error, Rule::log1p_mean, true, false},
    {"reg:logistic", "rmse", probability, "a value in [0, 1] for reg:logistic", logistic,
     Rule::probability, true, false},
    {"binary:logistic", "logloss", probability, "a value in [0, 1] for binary:logistic", logistic,
     Rule::probability, true, false},
    {"binary:logitraw", "logloss", probability, "a value in [0, 1] for binary:logitraw", logistic,
     Rule::logit_of_mean, true, false},
    {"binary:hinge", "error", probability, "a value in [0, 1] for binary:hinge", hinge,
     Rule::signed_mean, false, false},
    {"reg:pseudohubererror", "mphe", nullptr, "", pseudo_huber, Rule::median, false, false},
    {"reg:absoluteerror", "mae", nullptr, "", absolute_error, Rule::median, false, true},
    {"count:poisson", "poisson-nloglik", non_negative, "a non-negative count for count:poisson",
     poisson, Rule::positive_mean, false, false},
    {"reg:gamma", "gamma-nloglik", positive, "a positive value for reg:gamma", gamma,
     Rule::positive_mean, false, false},
    {"reg:tweedie", "", non_negative, "a non-negative value for reg:tweedie", tweedie,
     Rule::positive_mean, false, false},
};

}  // namespace

const SingleOutputObjective* find_single_output_objective(std::string_view name) {
  for (const auto& o : kObjectives)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace dpt::gbdt
