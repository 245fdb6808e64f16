#pragma once
// The Accelerated Failure Time loss of XGBoost 1.7 (src/common/survival_util.h,
// probability_distribution.h): log(T) = margin + sigma * Z with Z normal, logistic or extreme
// (Gumbel minimum), labels an interval [lower, upper] of survival times. The loss is the negative
// log likelihood of the interval; gradient and hessian are clipped exactly as XGBoost clips them
// (and replaced by XGBoost's limits where the likelihood underflows), so boosting follows the
// same path. Everything is computed in double from float inputs, as XGBoost does.
#include <string>

namespace dpt::gbdt {

enum class AftDistribution { normal, logistic, extreme };

// "normal" | "logistic" | "extreme" -> the distribution; throws std::invalid_argument otherwise.
AftDistribution aft_distribution_from(const std::string& name);
const char* aft_distribution_name(AftDistribution d);

struct AftParams {
  AftDistribution distribution = AftDistribution::normal;
  float scale = 1.0f;  // sigma (aft_loss_distribution_scale); float, as XGBoost stores it
};

// Negative log likelihood of one row: lower == upper is an exact (uncensored) time, upper = +inf
// right-censored, lower <= 0 left-censored, anything else an interval. `margin` is log-time.
double aft_loss(const AftParams& p, double lower, double upper, double margin);
// d loss / d margin, clipped to [-15, 15].
double aft_gradient(const AftParams& p, double lower, double upper, double margin);
// d^2 loss / d margin^2, clipped to [1e-16, 15].
double aft_hessian(const AftParams& p, double lower, double upper, double margin);

}  // namespace dpt::gbdt
