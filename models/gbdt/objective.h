#pragma once
// Training objectives with XGBoost's gradients (src/objective/regression_loss.h,
// multiclass_obj.cu): what labels they accept, their gradients and their default metric.
#include <cstdint>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/params.h"

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

  // base_score (as the model stores it) from the global weighted label mean, when the user
  // gave none.
  // Collective (exact sums).
  double estimate_base_score(Communicator& comm, const data::Dataset& rows) const;

 private:
  std::string name_;
  int groups_ = 1;
  float scale_pos_weight_ = 1.0f;
  float poisson_max_delta_step_ = 0.7f;  // XGBoost's default for count:poisson's hessian
};

}  // namespace dpt::gbdt
