#include "models/gbdt/objective/survival_objective.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "models/gbdt/metric/survival_metrics.h"

namespace dpt::gbdt {
namespace {

std::string row_message(const data::Dataset& rows, std::size_t r, const std::string& what,
                        const std::string& expected) {
  std::ostringstream out;
  out << "channel '" << rows.channel << "': row " << rows.row_id(r) + 1 << " has " << what
      << ", expected " << expected;
  return out.str();
}

std::string number(float v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string check_cox_label(const data::Dataset& rows, std::size_t r) {
  const float y = rows.labels[r];
  if (!std::isfinite(y))
    return row_message(rows, r, "label " + number(y),
                       "a finite survival time for survival:cox (negative = right-censored)");
  return "";
}

std::string check_aft_label(const data::Dataset& rows, std::size_t r) {
  const float lower = rows.labels[r];
  const float upper = rows.label_upper.empty() ? lower : rows.label_upper[r];
  const std::string interval = "label interval [" + number(lower) + ", " + number(upper) + "]";
  if (!std::isfinite(lower) || lower < 0)
    return row_message(rows, r, interval,
                       "a finite lower bound >= 0 for survival:aft (0 = left-censored)");
  if (std::isnan(upper) || upper < lower)
    return row_message(rows, r, interval, "an upper bound >= the lower bound (inf = right-censored)");
  if (!(upper > 0))
    return row_message(rows, r, interval,
                       "a survival time > 0 (an exact time of 0 has no log-likelihood)");
  return "";
}

}  // namespace

bool is_survival_objective(const std::string& objective) {
  return objective == "survival:cox" || objective == "survival:aft";
}

std::string survival_default_metric(const std::string& objective) {
  return objective == "survival:cox" ? "cox-nloglik" : "aft-nloglik";
}

AftParams aft_params_of(const TrainParams& params) {
  return AftParams{aft_distribution_from(params.aft_loss_distribution),
                   static_cast<float>(params.aft_loss_distribution_scale)};
}

std::string check_survival_labels(const std::string& objective, const data::Dataset& rows) {
  if (rows.labels.size() != rows.num_rows) return "";  // the caller reports missing labels
  const bool aft = objective == "survival:aft";
  if (!aft && !rows.label_upper.empty())
    return "channel '" + rows.channel + "' has label intervals (lower,upper); only survival:aft "
           "uses them (objective is " + objective + ")";
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    std::string problem = aft ? check_aft_label(rows, r) : check_cox_label(rows, r);
    if (!problem.empty()) return problem;
    if (!rows.weights.empty() && !(rows.weights[r] >= 0 && std::isfinite(rows.weights[r])))
      return row_message(rows, r, "instance weight " + number(rows.weights[r]), "a finite weight >= 0");
  }
  return "";
}

SurvivalObjective::SurvivalObjective(Communicator& comm, const TrainParams& params,
                                     std::span<const data::Dataset* const> sets)
    : comm_(comm), objective_(params.objective), aft_(aft_params_of(params)) {
  if (!is_survival_objective(objective_))
    throw std::invalid_argument("SurvivalObjective: not a survival objective: " + objective_);
  cox_.resize(sets.size());
  if (objective_ != "survival:cox") return;
  for (std::size_t s = 0; s < sets.size(); ++s) cox_[s].emplace(comm, *sets[s]);
}

void SurvivalObjective::gradients(std::span<const float> margins, const data::Dataset& train,
                                  std::span<float> grad, std::span<float> hess) const {
  if (objective_ == "survival:cox") {
    const CoxRiskSet& risk = cox_.at(0).value();
    risk.gradients(risk.gather(comm_, margins), grad, hess);
    return;
  }
  // survival:aft, per row as XGBoost's AFTObj: double loss derivatives rounded to float, then
  // multiplied by the float weight.
  for (std::size_t r = 0; r < train.num_rows; ++r) {
    const double lower = train.labels[r];
    const double upper = train.label_upper.empty() ? lower : train.label_upper[r];
    const auto g = static_cast<float>(aft_gradient(aft_, lower, upper, margins[r]));
    const auto h = static_cast<float>(aft_hessian(aft_, lower, upper, margins[r]));
    const float w = train.weight(r);
    grad[r] = g * w;
    hess[r] = h * w;
  }
}

double SurvivalObjective::evaluate(const std::string& metric, std::size_t set,
                                   std::span<const float> margins, const data::Dataset& rows) const {
  if (metric == "cox-nloglik") {
    const CoxRiskSet& risk = cox_.at(set).value();
    return risk.nloglik(risk.gather(comm_, margins));
  }
  return aft_metric(comm_, metric, aft_, margins, rows);
}

}  // namespace dpt::gbdt
