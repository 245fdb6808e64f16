#include "models/gbdt/metric/metrics_auc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>
#include <vector>

namespace dpt::gbdt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double trapezoid(double x0, double x1, double y0, double y1) {
  return std::abs(x0 - x1) * (y0 + y1) * 0.5f;
}

// detail::CalcDeltaPRAUC: the precision-recall area between two points of the curve,
// interpolated as in Davis & Goadrich (https://doi.org/10.1371/journal.pone.0092209).
double delta_pr_auc(double fp_prev, double fp, double tp_prev, double tp, double total_pos) {
  const double pr_prev = tp_prev / total_pos;
  const double pr = tp / total_pos;
  double a = 1.0, b = 0.0;
  if (tp != tp_prev) {
    const double h = (fp - fp_prev) / (tp - tp_prev);
    a = h + 1;
    b = (fp_prev - h * tp_prev) / total_pos;
  }
  if (b != 0.0) return (pr - pr_prev - b / a * (std::log(a * pr + b) - std::log(a * pr_prev + b))) / a;
  return (pr - pr_prev) / a;
}

// XGBoost's BinaryAUC: rows by descending score, one curve point per distinct score.
// Returns (fp, tp, unnormalised area); all 0 when one class is absent.
template <class Area>
std::tuple<double, double, double> curve_area(std::span<const double> scores,
                                              std::span<const float> labels,
                                              std::span<const float> weights, Area area_fn) {
  auto weight = [&](std::size_t i) { return weights.empty() ? 1.0f : weights[i]; };
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double fp = (1.0 - labels[order[0]]) * weight(order[0]), tp = labels[order[0]] * weight(order[0]);
  double fp_prev = 0, tp_prev = 0, area = 0;
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (scores[order[i]] != scores[order[i - 1]]) {
      area += area_fn(fp_prev, fp, tp_prev, tp);
      tp_prev = tp;
      fp_prev = fp;
    }
    const float y = labels[order[i]], w = weight(order[i]);
    fp += (1.0f - y) * w;
    tp += y * w;
  }
  area += area_fn(fp_prev, fp, tp_prev, tp);
  if (fp <= 0.0 || tp <= 0.0) return {0.0, 0.0, 0.0};
  return {fp, tp, area};
}

// (fp, tp, area) as XGBoost's BinaryROCAUC / BinaryPRAUC return them: for PR the area is
// normalised already and fp = tp = 1.
std::tuple<double, double, double> binary_parts(AucCurve curve, std::span<const double> scores,
                                                std::span<const float> labels,
                                                std::span<const float> weights) {
  if (scores.empty()) return {0.0, 0.0, 0.0};
  if (curve == AucCurve::roc) return curve_area(scores, labels, weights, trapezoid);
  double total_pos = 0, total_neg = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const float w = weights.empty() ? 1.0f : weights[i];
    total_pos += w * labels[i];
    total_neg += w * (1.0f - labels[i]);
  }
  if (total_pos <= 0 || total_neg <= 0) return {1.0, 1.0, kNaN};
  auto pr = [total_pos](double fp_prev, double fp, double tp_prev, double tp) {
    return delta_pr_auc(fp_prev, fp, tp_prev, tp, total_pos);
  };
  return {1.0, 1.0, std::get<2>(curve_area(scores, labels, weights, pr))};
}

}  // namespace

double binary_auc(AucCurve curve, std::span<const double> scores, std::span<const float> labels,
                  std::span<const float> weights) {
  const auto [fp, tp, area] = binary_parts(curve, scores, labels, weights);
  const double local_area = fp * tp;
  if (local_area <= 0) return kNaN;
  return area / local_area;
}

double multiclass_auc(AucCurve curve, std::span<const double> scores, std::size_t classes,
                      std::span<const float> labels, std::span<const float> weights) {
  const std::size_t n = labels.size();
  if (n == 0) return kNaN;
  double auc_sum = 0, tp_sum = 0;
  std::vector<double> column(n);
  std::vector<float> response(n);
  for (std::size_t c = 0; c < classes; ++c) {
    for (std::size_t i = 0; i < n; ++i) {
      column[i] = scores[i * classes + c];
      response[i] = labels[i] == static_cast<float>(c) ? 1.0f : 0.0f;
    }
    const auto [fp, tp, area] = binary_parts(curve, column, response, weights);
    const double local_area = fp * tp;
    if (local_area == 0) return kNaN;
    auc_sum += area / local_area * tp;  // weighted by the class's positive weight (ROC)
    tp_sum += tp;
  }
  if (tp_sum == 0 || std::isnan(auc_sum)) return kNaN;
  return auc_sum / tp_sum;
}

}  // namespace dpt::gbdt
