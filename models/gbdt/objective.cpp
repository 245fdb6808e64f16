#include "models/gbdt/objective.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "models/gbdt/fixed_point.h"

namespace dpt::gbdt {
namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

bool is_logistic(const std::string& name) {
  return name == "reg:logistic" || name == "binary:logistic" || name == "binary:logitraw";
}

std::string row_message(const data::Dataset& rows, std::size_t r, float label, const std::string& expected) {
  std::ostringstream out;
  out << "channel '" << rows.channel << "': row " << rows.row_id(r) + 1 << " has label " << label
      << ", expected " << expected;
  return out.str();
}

}  // namespace

Objective::Objective(const TrainParams& params)
    : name_(params.objective),
      groups_(params.num_class > 1 ? params.num_class : 1),
      scale_pos_weight_(static_cast<float>(params.scale_pos_weight)) {}

std::string Objective::default_metric() const {
  if (name_ == "reg:squarederror") return "rmse";
  if (name_ == "reg:logistic") return "rmse";
  if (name_ == "binary:logistic" || name_ == "binary:logitraw") return "logloss";
  if (name_ == "count:poisson") return "poisson-nloglik";
  return "mlogloss";  // multi:softmax, multi:softprob
}

std::string Objective::check_labels(const data::Dataset& rows) const {
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    const float y = rows.labels[r];
    if (!std::isfinite(y)) return row_message(rows, r, y, "a finite number");
    if (groups_ > 1) {
      if (y < 0 || y >= static_cast<float>(groups_) || y != std::floor(y))
        return row_message(rows, r, y, "a class index 0.." + std::to_string(groups_ - 1) +
                                           " (num_class=" + std::to_string(groups_) + ")");
    } else if (is_logistic(name_)) {
      if (y < 0 || y > 1) return row_message(rows, r, y, "a value in [0, 1] for " + name_);
    } else if (name_ == "count:poisson") {
      if (y < 0) return row_message(rows, r, y, "a non-negative count for count:poisson");
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
  for (std::size_t r = 0; r < n; ++r) {
    const float y = labels[r], m = margins[r];
    float w = weight(r);
    if (name_ == "reg:squarederror") {
      grad[r] = (m - y) * w;
      hess[r] = w;
    } else if (is_logistic(name_)) {
      if (y == 1.0f) w *= scale_pos_weight_;
      const float p = sigmoid(m);
      grad[r] = (p - y) * w;
      hess[r] = std::max(p * (1.0f - p), 1e-16f) * w;
    } else {  // count:poisson
      grad[r] = (std::exp(m) - y) * w;
      hess[r] = std::exp(m + poisson_max_delta_step_) * w;
    }
  }
}

double Objective::estimate_base_score(Communicator& comm, const data::Dataset& rows) const {
  if (groups_ > 1) return 0.5;  // adds the same margin to every class: no effect
  std::vector<double> values(rows.num_rows * 2);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    double w = rows.weight(r);
    if (is_logistic(name_) && rows.labels[r] == 1.0f) w *= scale_pos_weight_;
    values[2 * r] = w;
    values[2 * r + 1] = w * rows.labels[r];
  }
  const auto sums = exact_global_sums(comm, values, 2);
  if (!(sums[0] > 0)) return 0.5;
  double mean = sums[1] / sums[0];
  if (is_logistic(name_)) mean = std::clamp(mean, 1e-6, 1.0 - 1e-6);
  // binary:logitraw's base_score is a margin already (XGBoost 1.7): the log-odds of the mean.
  if (name_ == "binary:logitraw") return std::log(mean / (1.0 - mean));
  if (name_ == "count:poisson") mean = std::max(mean, 1e-6);
  return mean;
}

}  // namespace dpt::gbdt
