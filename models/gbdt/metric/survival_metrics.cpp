#include "models/gbdt/metric/survival_metrics.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/gbdt/binning/fixed_point.h"

namespace dpt::gbdt {

bool is_survival_metric(const std::string& metric) {
  return metric == "cox-nloglik" || metric == "aft-nloglik" || metric == "interval-regression-accuracy";
}

bool survival_metric_maximizes(const std::string& metric) {
  return metric == "interval-regression-accuracy";
}

std::string survival_metric_mismatch(const std::string& metric, const std::string& objective) {
  const bool cox = objective == "survival:cox", aft = objective == "survival:aft";
  if (metric == "cox-nloglik" && !cox)
    return "eval_metric cox-nloglik needs objective survival:cox (objective is " + objective + ")";
  if ((metric == "aft-nloglik" || metric == "interval-regression-accuracy") && !aft)
    return "eval_metric " + metric + " needs the label bounds of objective survival:aft (objective is " +
           objective + ")";
  if ((cox || aft) && !is_survival_metric(metric))
    return "eval_metric " + metric + " does not apply to " + objective + " (use " +
           (cox ? "cox-nloglik" : "aft-nloglik or interval-regression-accuracy") + ")";
  return "";
}

double aft_metric(Communicator& comm, const std::string& metric, const AftParams& params,
                  std::span<const float> margins, const data::Dataset& rows) {
  const bool accuracy = metric == "interval-regression-accuracy";
  if (!accuracy && metric != "aft-nloglik") throw std::invalid_argument("not an AFT metric: " + metric);
  std::vector<double> values(rows.num_rows * 2);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    const double lower = rows.labels[r];
    const double upper = rows.label_upper.empty() ? lower : rows.label_upper[r];
    const double margin = margins[r];
    double row;
    if (accuracy) {
      const double pred = std::exp(margin);
      row = pred >= lower && pred <= upper ? 1.0 : 0.0;
    } else {
      row = aft_loss(params, lower, upper, margin);
    }
    const double w = rows.weight(r);
    values[2 * r] = row * w;
    values[2 * r + 1] = w;
  }
  // Exact sums (the same for any number of ranks); XGBoost adds doubles per thread and rank.
  const auto sums = exact_global_sums(comm, values, 2);
  return sums[1] == 0 ? sums[0] : sums[0] / sums[1];
}

}  // namespace dpt::gbdt
