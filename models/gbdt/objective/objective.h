#pragma once
// Training objectives with XGBoost's gradients (src/objective/regression_loss.h,
// regression_obj.cu, hinge.cu, multiclass_obj.cu): what labels they accept, their gradients and
// their default metric. Single-output objectives come from the table in objective_rows.h.
#include <cstdint>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/objective/objective_rows.h"

namespace dpt::gbdt {

class Objective {
 public:
  explicit Objective(const TrainParams& params);

  const std::string& name() const { return name_; }
  int groups() const { return groups_; }
  std::string default_metric() const;

  // The first unacceptable label of a local shard as a message naming its global row (1-based
  // data row), or "" when every label is fine.
  std::string check_labels(const data::Dataset& rows) const;

  // Gradients and hessians (weights applied) of every row and group from the margins, all
  // row-major [rows x groups].
  void gradients(std::span<const float> margins, const data::Dataset& rows, std::span<float> grad,
                 std::span<float> hess) const;
  void gradients(std::span<const float> margins, std::span<const float> labels,
                 std::span<const float> weights, std::span<float> grad, std::span<float> hess) const;

  // base_score (as the model stores it) from the global labels when the user gave none: the
  // constant that fits the loss (BaseScoreRule in objective_rows.h; the weighted median for
  // reg:absoluteerror as XGBoost 1.7 computes it, the weighted label mean for most).
  // Collective (exact sums, or a gather of the labels for the median).
  double estimate_base_score(Communicator& comm, const data::Dataset& rows) const;

  // Whether each new tree's leaves must be refreshed from the residuals (leaf_refresh.h).
  bool refreshes_leaves() const { return single_ && single_->refresh_leaves; }

 private:
  std::string name_;
  int groups_ = 1;
  const SingleOutputObjective* single_ = nullptr;  // nullptr for multi:*
  ObjectiveConstants constants_;
};

}  // namespace dpt::gbdt
