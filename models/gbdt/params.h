#pragma once
// The boosting hyperparameters (XGBoost names, defaults and ranges), declared for the worker's
// CLI/config mechanism, and the typed config the trainer uses.
#include <vector>

#include "common/params.h"

namespace dpt::gbdt {

std::vector<ParamSpec> param_specs();

}  // namespace dpt::gbdt
