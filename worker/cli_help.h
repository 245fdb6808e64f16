#pragma once
// The hyperparameter part of `dptrain --help`: every declared hyperparameter with its type,
// default, range and meaning, grouped by the jobs that accept it.
#include <string>

#include "worker/param_catalog.h"

namespace dpt {

std::string hyperparameter_help(const ParamCatalog& catalog);

}  // namespace dpt
