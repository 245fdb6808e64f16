#include "models/gbdt/metric/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/error.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/metric/metric_registry.h"
#include "models/gbdt/metric/metrics_auc.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/objective/quantile_stats.h"

namespace dpt::gbdt {
namespace {

constexpr double kEps = 1e-16;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The predictions a metric sees (XGBoost's EvalTransform): multi-class objectives give class
// probabilities whatever they predict, the others their prediction transform.
OutputTransform eval_transform(const std::string& objective, int groups) {
  return groups > 1 ? OutputTransform::softmax : output_transform(objective);
}

void softmax(const float* m, int groups, std::vector<float>& p) {
  p.resize(groups);
  const float top = *std::max_element(m, m + groups);
  float sum = 0;
  for (int k = 0; k < groups; ++k) sum += (p[k] = std::exp(m[k] - top));
  for (int k = 0; k < groups; ++k) p[k] /= sum;
}

// Per-row loss of the multi-class averaged metrics.
double multiclass_loss(const std::string& metric, const float* margin, int groups, float y,
                       std::vector<float>& scratch) {
  if (metric == "merror") {
    const int arg = static_cast<int>(std::max_element(margin, margin + groups) - margin);
    return arg != static_cast<int>(y) ? 1.0 : 0.0;
  }
  softmax(margin, groups, scratch);  // mlogloss
  const double p = scratch[static_cast<int>(y)];
  return -std::log(std::max(p, kEps));
}

// AUC and AUC-PR: every rank's (scores, label, weight) rows, concatenated in rank order (=
// global row order), give one exact answer.
double area_metric(Communicator& comm, AucCurve curve, const std::string& objective,
                   std::span<const float> margins, int groups, std::span<const float> labels,
                   std::span<const float> weights) {
  const std::size_t n = labels.size(), width = groups + 2;
  const OutputTransform t = eval_transform(objective, groups);
  std::vector<double> local(n * width);
  std::vector<float> out(groups);
  for (std::size_t r = 0; r < n; ++r) {
    transform_row(t, margins.subspan(r * groups, groups), out);
    std::copy(out.begin(), out.end(), local.begin() + r * width);
    local[r * width + groups] = labels[r];
    local[r * width + groups + 1] = weights.empty() ? 1.0 : weights[r];
  }
  const bool weighted = any_rank_has_weights(comm, !weights.empty());
  const std::vector<double> all = gather_in_rank_order(comm, local);
  const std::size_t total = all.size() / width;
  if (total == 0) return kNaN;
  std::vector<double> s(total * groups);
  std::vector<float> y(total), w(weighted ? total : 0);
  for (std::size_t r = 0; r < total; ++r) {
    std::copy_n(all.begin() + r * width, groups, s.begin() + r * groups);
    y[r] = static_cast<float>(all[r * width + groups]);
    if (weighted) w[r] = static_cast<float>(all[r * width + groups + 1]);
  }
  if (groups > 1) return multiclass_auc(curve, s, groups, y, w);
  return binary_auc(curve, s, y, w);
}

}  // namespace

bool metric_maximizes(const std::string& metric) {
  const std::string base = metric.substr(0, metric.find('@'));
  return base == "auc" || base == "aucpr";
}

double roc_auc(std::span<const double> scores, std::span<const float> labels,
               std::span<const float> weights) {
  return binary_auc(AucCurve::roc, scores, labels, weights);
}

double evaluate_metric(Communicator& comm, const std::string& metric, const std::string& objective,
                       std::span<const float> margins, int groups, std::span<const float> labels,
                       std::span<const float> weights, const MetricOptions& options) {
  const ParsedMetric parsed = parse_metric(metric);
  if (parsed.base == "auc" || parsed.base == "aucpr") {
    const AucCurve curve = parsed.base == "auc" ? AucCurve::roc : AucCurve::pr;
    return area_metric(comm, curve, objective, margins, groups, labels, weights);
  }
  const std::size_t n = labels.size();
  std::vector<double> values(n * 2);
  const ElementwiseMetric* e = find_elementwise_metric(parsed.base);
  if (e && groups > 1) throw UserError("eval_metric " + metric + " does not apply to " + objective);
  if (!e && groups == 1) throw UserError("eval_metric " + metric + " needs a multi:* objective");
  if (e) {
    const float param = e->param == ElementwiseMetric::Param::huber_slope ? options.huber_slope
                                                                            : parsed.param.value_or(e->default_param);
    const OutputTransform t = output_transform(objective);
    float p = 0;
    for (std::size_t r = 0; r < n; ++r) {
      transform_row(t, margins.subspan(r, 1), std::span<float>(&p, 1));
      const float w = weights.empty() ? 1.0f : weights[r];
      values[2 * r] = e->row(labels[r], p, w, param);
      values[2 * r + 1] = w;
    }
  } else {
    std::vector<float> scratch;
    for (std::size_t r = 0; r < n; ++r) {
      const double w = weights.empty() ? 1.0 : weights[r];
      values[2 * r] = w * multiclass_loss(parsed.base, margins.data() + r * groups, groups, labels[r], scratch);
      values[2 * r + 1] = w;
    }
  }
  const auto sums = exact_global_sums(comm, values, 2);
  if (e && e->final == ElementwiseMetric::Final::twice_mean)  // gamma-deviance
    return 2 * sums[0] / (sums[1] <= 0 ? 1e-6f : sums[1]);
  if (!e) return sums[0] / sums[1];  // merror, mlogloss
  // XGBoost's element-wise metrics divide only when the weight sum is not 0.
  const double mean = sums[1] == 0 ? sums[0] : sums[0] / sums[1];
  return e->final == ElementwiseMetric::Final::root_mean ? std::sqrt(mean) : mean;
}

}  // namespace dpt::gbdt
