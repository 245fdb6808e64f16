#pragma once
// The best splits of a set of nodes, the work shared out: each rank evaluates the features whose
// histogram part it holds (HistogramShare; with `nthread` threads), and one allgather of the
// per-rank winners lets every rank pick the same best. SplitCandidate::better_than is a strict
// total order, so the winner does not depend on how features were dealt to ranks or threads.
#include <cstdint>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "models/gbdt/tree/histogram_share.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/tree/split_evaluator.h"

namespace dpt::gbdt {

struct SplitTask {
  std::span<const std::int64_t> hist;   // this rank's part of the node's global histogram
  GradSum total;                        // the node's global sums
  std::vector<std::int32_t> features;   // the features it may split on (same on every rank)
  MonotoneNode monotone;                // its weight bounds, under monotone constraints
};

// Collective: every rank passes the same tasks in the same order.
std::vector<SplitCandidate> find_best_splits(Communicator& comm, const TreeParams& params,
                                             const Cuts& cuts, const HistogramShare& share,
                                             std::span<const SplitTask> tasks, const GradScale& scale,
                                             int nthread);

}  // namespace dpt::gbdt
