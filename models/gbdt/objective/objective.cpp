#include "models/gbdt/objective/objective.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/objective/quantile_stats.h"
#include "models/gbdt/objective/rank_objective.h"

namespace dpt::gbdt {
namespace {

std::string row_message(const data::Dataset& rows, std::size_t r, float label, const std::string& expected) {
  std::ostringstream out;
  out << "channel '" << rows.channel << "': row " << rows.row_id(r) + 1 << " has label " << label
      << ", expected " << expected;
  return out.str();
}

// reg:absoluteerror's base_score as XGBoost 1.7's InitEstimation computes it on one machine:
// the (weighted) median of the labels, times the weight sum in float, divided by it again.
double median_base_score(Communicator& comm, const data::Dataset& rows) {
  const bool weighted = any_rank_has_weights(comm, !rows.weights.empty());
  std::vector<double> local(rows.num_rows * 2);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    local[2 * r] = rows.labels[r];
    local[2 * r + 1] = rows.weight(r);
  }
  const std::vector<double> all = gather_in_rank_order(comm, local);
  const std::size_t n = all.size() / 2;
  std::vector<float> labels(n), weights(n);
  double total = 0;
  for (std::size_t r = 0; r < n; ++r) {
    labels[r] = static_cast<float>(all[2 * r]);
    weights[r] = static_cast<float>(all[2 * r + 1]);
    total += weights[r];
  }
  if (n == 0 || total == 0) return 0.5;  // XGBoost's DefaultBaseScore
  const float median = xgb_sample_quantile(0.5, labels, weights, weighted);
  const float scaled = static_cast<float>(median * total);
  return static_cast<float>(scaled / total);
}

}  // namespace

Objective::Objective(const TrainParams& params)
    : name_(params.objective),
      groups_(params.num_class > 1 ? params.num_class : 1),
      single_(find_single_output_objective(params.objective)) {
  constants_.scale_pos_weight = static_cast<float>(params.scale_pos_weight);
  constants_.huber_slope = static_cast<float>(params.huber_slope);
  constants_.tweedie_variance_power = static_cast<float>(params.tweedie_variance_power);
  // survival:* objectives need every rank's rows: Booster runs them (survival_objective.h).
  const bool survival = name_ == "survival:cox" || name_ == "survival:aft";
  // rank:* objectives need the query groups and the round: Booster runs them (rank_objective.h).
  if (groups_ == 1 && !single_ && !survival && !is_rank_objective(name_)) throw std::invalid_argument("unsupported objective '" + name_ + "'");
}

std::string Objective::default_metric() const {
  if (is_rank_objective(name_)) return "map";  // XGBoost 1.7's LambdaRankObj, for all three
  if (!single_) return "mlogloss";  // multi:softmax, multi:softprob
  if (!single_->default_metric.empty()) return std::string(single_->default_metric);
  // reg:tweedie names its power as XGBoost prints a float (ostream, 6 significant digits).
  std::ostringstream out;
  out << "tweedie-nloglik@" << constants_.tweedie_variance_power;
  return out.str();
}

std::string Objective::check_labels(const data::Dataset& rows) const {
  if (is_rank_objective(name_)) return check_rank_rows(name_, rows);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    const float y = rows.labels[r];
    if (!std::isfinite(y)) return row_message(rows, r, y, "a finite number");
    if (groups_ > 1) {
      if (y < 0 || y >= static_cast<float>(groups_) || y != std::floor(y))
        return row_message(rows, r, y, "a class index 0.." + std::to_string(groups_ - 1) +
                                           " (num_class=" + std::to_string(groups_) + ")");
    } else if (single_ && single_->label_ok && !single_->label_ok(y)) {
      return row_message(rows, r, y, std::string(single_->label_domain));
    }
    if (!rows.weights.empty() && !(rows.weights[r] >= 0))
      return row_message(rows, r, y, "a non-negative instance weight (weight is " +
                                         std::to_string(rows.weights[r]) + ")");
  }
  return "";
}

void Objective::gradients(std::span<const float> margins, const data::Dataset& rows,
                          std::span<float> grad, std::span<float> hess) const {
  gradients(margins, rows.labels, rows.weights, grad, hess);
}

void Objective::gradients(std::span<const float> margins, std::span<const float> labels,
                          std::span<const float> weights, std::span<float> grad,
                          std::span<float> hess) const {
  const std::size_t n = labels.size();
  auto weight = [&](std::size_t r) { return weights.empty() ? 1.0f : weights[r]; };
  if (groups_ > 1) {
    std::vector<float> p(groups_);
    for (std::size_t r = 0; r < n; ++r) {
      const float* m = margins.data() + r * groups_;
      const float top = *std::max_element(m, m + groups_);
      float sum = 0;
      for (int k = 0; k < groups_; ++k) sum += (p[k] = std::exp(m[k] - top));
      const int label = static_cast<int>(labels[r]);
      const float w = weight(r);
      for (int k = 0; k < groups_; ++k) {
        const float pk = p[k] / sum;
        grad[r * groups_ + k] = (k == label ? pk - 1.0f : pk) * w;
        hess[r * groups_ + k] = std::max(2.0f * pk * (1.0f - pk) * w, 1e-16f);
      }
    }
    return;
  }
  const SingleOutputObjective& o = *single_;
  for (std::size_t r = 0; r < n; ++r) {
    float w = weight(r);
    if (o.scale_pos_weight && labels[r] == 1.0f) w *= constants_.scale_pos_weight;
    const GradHess gh = o.gradient(margins[r], labels[r], w, constants_);
    grad[r] = gh.grad;
    hess[r] = gh.hess;
  }
}

double Objective::estimate_base_score(Communicator& comm, const data::Dataset& rows) const {
  if (groups_ > 1) return 0.5;  // adds the same margin to every class: no effect
  const BaseScoreRule rule = single_->base_score;
  if (rule == BaseScoreRule::median) return median_base_score(comm, rows);
  std::vector<double> values(rows.num_rows * 2);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    const double y = rows.labels[r];
    double w = rows.weight(r);
    if (single_->scale_pos_weight && rows.labels[r] == 1.0f) w *= constants_.scale_pos_weight;
    values[2 * r] = w;
    values[2 * r + 1] = w * (rule == BaseScoreRule::log1p_mean    ? std::log1p(y)
                             : rule == BaseScoreRule::signed_mean ? 2 * y - 1
                                                                  : y);
  }
  const auto sums = exact_global_sums(comm, values, 2);
  if (!(sums[0] > 0)) return 0.5;
  const double mean = sums[1] / sums[0];
  switch (rule) {
    case BaseScoreRule::probability: return std::clamp(mean, 1e-6, 1.0 - 1e-6);
    case BaseScoreRule::logit_of_mean: {
      // binary:logitraw's base_score is a margin already (XGBoost 1.7).
      const double p = std::clamp(mean, 1e-6, 1.0 - 1e-6);
      return std::log(p / (1.0 - p));
    }
    case BaseScoreRule::positive_mean: return std::max(mean, 1e-6);
    case BaseScoreRule::log1p_mean: return std::expm1(mean);
    default: return mean;  // mean, signed_mean
  }
}

}  // namespace dpt::gbdt
