#pragma once
// The survival metrics of XGBoost 1.7 (src/metric/survival_metric.cu, rank_metric.cc EvalCox):
// aft-nloglik and interval-regression-accuracy (weighted means over all ranks, exact sums) and
// cox-nloglik (cox_risk_set.h: every rank walks the whole channel in XGBoost's order). Each
// needs its objective's labels, so each goes with its objective only.
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/objective/aft_loss.h"

namespace dpt::gbdt {

bool is_survival_metric(const std::string& metric);
bool survival_metric_maximizes(const std::string& metric);

// "" when `metric` may evaluate `objective`, else a message saying why not. XGBoost needs label
// bounds (which only survival:aft reads) for the AFT metrics; cox-nloglik is only meaningful on
// survival:cox's hazards, and a survival objective's labels mean nothing to the other metrics.
std::string survival_metric_mismatch(const std::string& metric, const std::string& objective);

// aft-nloglik or interval-regression-accuracy of local margins (log-time, untransformed, as
// XGBoost's AFT metrics see them). Collective.
double aft_metric(Communicator& comm, const std::string& metric, const AftParams& params,
                  std::span<const float> margins, const data::Dataset& rows);

}  // namespace dpt::gbdt
