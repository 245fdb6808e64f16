#pragma once
// The survival objectives of XGBoost 1.7: survival:cox (Cox proportional hazards; the label is
// the survival time, negative when right-censored) and survival:aft (Accelerated Failure Time;
// the label is an interval [lower, upper], Dataset::labels the lower and Dataset::label_upper
// the upper bound). Both model log-hazard / log-time margins and predict exp(margin); both start
// from base_score 0.5 as XGBoost 1.7 does (its default InitEstimation).
//
// How bounds come in files (data/loader.h): csv files of a survival:aft job carry two label
// columns, lower then upper (then the weight with csv_weights=1, then the features); libsvm rows
// write the label as `lower,upper` (a single number is an exact time). `inf` marks a
// right-censored row, a lower bound of 0 a left-censored one.
#include <optional>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/objective/aft_loss.h"
#include "models/gbdt/objective/cox_risk_set.h"
#include "models/gbdt/booster/params.h"

namespace dpt::gbdt {

bool is_survival_objective(const std::string& objective);
std::string survival_default_metric(const std::string& objective);
AftParams aft_params_of(const TrainParams& params);

// The first label of a local shard the objective cannot use, as a message naming its global
// row (1-based) and what was expected; "" when all are fine.
std::string check_survival_labels(const std::string& objective, const data::Dataset& rows);

// One training job's survival objective and metrics. For Cox it holds every set's global label
// order (cox_risk_set.h), built once.
class SurvivalObjective {
 public:
  // Collective. `sets`: the training set first, then the evaluation sets.
  SurvivalObjective(Communicator& comm, const TrainParams& params,
                    std::span<const data::Dataset* const> sets);

  // Gradients and hessians (weights applied) of the training rows. Collective for Cox.
  void gradients(std::span<const float> margins, const data::Dataset& train, std::span<float> grad,
                 std::span<float> hess) const;

  // A survival metric (survival_metrics.h) on set `set` (0: training). Collective.
  double evaluate(const std::string& metric, std::size_t set, std::span<const float> margins,
                  const data::Dataset& rows) const;

 private:
  Communicator& comm_;
  std::string objective_;
  AftParams aft_;
  std::vector<std::optional<CoxRiskSet>> cox_;  // per set, for survival:cox
};

}  // namespace dpt::gbdt
