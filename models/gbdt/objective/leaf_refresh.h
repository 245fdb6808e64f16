#pragma once
// XGBoost 1.7's UpdateTreeLeaf (src/objective/adaptive.cc) for reg:absoluteerror: after a tree
// is grown, each leaf's value becomes the alpha-quantile of the residuals label - margin of the
// training rows that reached it (rows with a zero hessian, sampled out or weighing 0, do not
// count). XGBoost 1.7 does not multiply it by eta. A leaf no row reached keeps its value.
//
// XGBoost's distributed version averages per-worker quantiles, which depends on the number of
// workers; here every rank gathers all leaves' (residual, weight) pairs in global row order and
// computes XGBoost's single-machine quantile, so the model is the same for any number of ranks.
// The gather moves every training row once per tree.
#include <cstdint>
#include <span>

#include "collective/communicator.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/tree/tree_grower.h"

namespace dpt::gbdt {

struct LeafRefreshInput {
  std::span<const float> labels;
  std::span<const float> weights;  // empty: every weight 1
  bool weighted = false;           // any rank has weights (XGBoost then uses WeightedQuantile)
  std::span<const float> margins;  // rows x groups, before this round's trees
  int groups = 1, group = 0;
  std::span<const std::uint8_t> counted;  // per local row: 1 when its hessian is not 0
};

// Collective.
void refresh_leaves(Communicator& comm, RegTree& tree, const TreeGrower& grower,
                    const LeafRefreshInput& in, double alpha);

}  // namespace dpt::gbdt
