#pragma once
// What the boosting job reads before it trains: its hyperparameters, its channels (train, and
// validation / test when present) and the model it starts from, each validated on every rank
// with a message that names the file, row or hyperparameter at fault.
#include <vector>

#include "data/dataset.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/booster/params.h"
#include "worker/job.h"

namespace dpt {

struct GbdtInputs {
  gbdt::TrainParams params;
  data::Dataset train;
  std::vector<data::Dataset> evals;  // validation first (early stopping uses it), then test
  gbdt::Model start;                 // empty, or the xgb_model to continue from
};

// Collective. Failures are agreed: every rank throws the same AgreedError.
GbdtInputs load_gbdt_inputs(const JobContext& ctx);

}  // namespace dpt
