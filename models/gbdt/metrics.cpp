#include "models/gbdt/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "common/error.h"
#include "models/gbdt/fixed_point.h"

namespace dpt::gbdt {
namespace {

constexpr double kEps = 1e-16;

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// The prediction a single-output metric sees (XGBoost's PredTransform / EvalTransform).
float transformed(const std::string& objective, float margin) {
  if (objective == "reg:logistic" || objective == "binary:logistic") return sigmoid(margin);
  if (objective == "count:poisson") return std::exp(margin);
  return margin;  // reg:squarederror, binary:logitraw
}

void softmax(const float* m, int groups, std::vector<float>& p) {
  p.resize(groups);
  const float top = *std::max_element(m, m + groups);
  float sum = 0;
  for (int k = 0; k < groups; ++k) sum += (p[k] = std::exp(m[k] - top));
  for (int k = 0; k < groups; ++k) p[k] /= sum;
}

// Per-row loss of an averaged metric.
double row_loss(const std::string& metric, const std::string& objective, const float* margin,
                int groups, float y, std::vector<float>& scratch) {
  if (metric == "merror") {
    const int arg = static_cast<int>(std::max_element(margin, margin + groups) - margin);
    return arg != static_cast<int>(y) ? 1.0 : 0.0;
  }
  if (metric == "mlogloss") {
    softmax(margin, groups, scratch);
    const double p = scratch[static_cast<int>(y)];
    return -std::log(std::max(p, kEps));
  }
  const double p = transformed(objective, margin[0]);
  if (metric == "rmse") return (p - y) * (p - y);
  if (metric == "mae") return std::abs(p - y);
  if (metric == "logloss") {
    return -(y * std::log(std::max(p, kEps)) + (1.0 - y) * std::log(std::max(1.0 - p, kEps)));
  }
  if (metric == "error") return (p > 0.5 ? 1.0 : 0.0) != y ? 1.0 : 0.0;
  if (metric == "poisson-nloglik") {
    const double py = std::max(p, kEps);
    return std::lgamma(y + 1.0) + py - std::log(py) * y;
  }
  throw UserError("unknown eval_metric '" + metric + "'");
}

}  // namespace

bool metric_maximizes(const std::string& metric) { return metric == "auc"; }

double roc_auc(std::span<const double> scores, std::span<const float> labels,
               std::span<const float> weights) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double tp = 0, fp = 0, area = 0;
  for (std::size_t i = 0; i < order.size();) {
    double group_tp = 0, group_fp = 0;
    std::size_t j = i;
    for (; j < order.size() && scores[order[j]] == scores[order[i]]; ++j) {
      const double w = weights.empty() ? 1.0 : weights[order[j]];
      const double y = labels[order[j]];
      group_tp += w * y;
      group_fp += w * (1.0 - y);
    }
    area += group_fp * (tp + group_tp / 2.0);
    tp += group_tp;
    fp += group_fp;
    i = j;
  }
  if (tp <= 0 || fp <= 0) return std::numeric_limits<double>::quiet_NaN();
  return area / (tp * fp);
}

double evaluate_metric(Communicator& comm, const std::string& metric, const std::string& objective,
                       std::span<const float> margins, int groups, std::span<const float> labels,
                       std::span<const float> weights) {
  const std::size_t n = labels.size();
  if (metric == "auc") {
    // Every rank's triples, concatenated in rank order (= global row order): one exact answer.
    std::vector<double> local(n * 3);
    for (std::size_t r = 0; r < n; ++r) {
      local[3 * r] = transformed(objective, margins[r * groups]);
      local[3 * r + 1] = labels[r];
      local[3 * r + 2] = weights.empty() ? 1.0 : weights[r];
    }
    std::vector<std::uint64_t> sizes(comm.world_size());
    std::uint64_t mine = local.size();
    comm.allgather(Buffer{&mine, 1, DType::u64}, Buffer::of(sizes));
    std::vector<double> all(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}));
    std::vector<std::size_t> counts(sizes.begin(), sizes.end());
    comm.allgatherv(Buffer::of(local), Buffer::of(all), counts);
    const std::size_t total = all.size() / 3;
    std::vector<double> s(total);
    std::vector<float> y(total), w(total);
    for (std::size_t r = 0; r < total; ++r) {
      s[r] = all[3 * r];
      y[r] = static_cast<float>(all[3 * r + 1]);
      w[r] = static_cast<float>(all[3 * r + 2]);
    }
    return roc_auc(s, y, w);
  }
  std::vector<double> values(n * 2);
  std::vector<float> scratch;
  for (std::size_t r = 0; r < n; ++r) {
    const double w = weights.empty() ? 1.0 : weights[r];
    values[2 * r] = w * row_loss(metric, objective, margins.data() + r * groups, groups, labels[r], scratch);
    values[2 * r + 1] = w;
  }
  const auto sums = exact_global_sums(comm, values, 2);
  const double mean = sums[1] > 0 ? sums[0] / sums[1] : std::numeric_limits<double>::quiet_NaN();
  return metric == "rmse" ? std::sqrt(mean) : mean;
}

}  // namespace dpt::gbdt
