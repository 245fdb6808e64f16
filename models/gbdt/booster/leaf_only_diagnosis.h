#pragma once
// A job whose trees never split predicts one value for every row, while it exits 0 and looks
// trained. After its first rounds the job checks for that and warns, naming the likely causes
// (a constant label, min_child_weight, gamma, max_bin) from what it can see.
#include <cstddef>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/binning/quantile_cuts.h"

namespace dpt::gbdt {

// True when the model has trees and every one of them is a single leaf.
bool all_trees_single_leaf(const Model& model);

// The warning text. Collective: the label range is taken over every rank's rows.
std::string leaf_only_warning(Communicator& comm, const TrainParams& params, const Cuts& cuts,
                              std::span<const float> labels, const Model& model);

}  // namespace dpt::gbdt
