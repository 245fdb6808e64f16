#pragma once
// The neural hyperparameters (model, optimizer, schedule, batch), declared for the worker's
// CLI/config mechanism, and the typed config the training loop uses.
#include <vector>

#include "common/params.h"

namespace dpt::nn {

std::vector<ParamSpec> param_specs();

}  // namespace dpt::nn
