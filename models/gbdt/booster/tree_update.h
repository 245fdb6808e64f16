#pragma once
// process_type=update (XGBoost's gbtree update mode): instead of growing new trees, each round
// takes the loaded model's trees of that round and runs the updaters on them with the gradients
// of the new data, in the order `updater` lists them:
//  * refresh: every node's weight, hessian sum and (for splits) loss change recomputed from the
//    rows that reach it, summed exactly over all ranks; leaves take weight x eta when
//    refresh_leaf=1 (XGBoost's TreeRefresher);
//  * prune: bottom up, a split whose two children are leaves becomes a leaf (weight x eta) when
//    its loss change is below gamma or it lies deeper than max_depth (XGBoost's TreePruner).
//    Pruned nodes are removed and the rest renumbered in their order (XGBoost keeps them as
//    deleted slots); predictions are the same.
// The margins follow the updated trees, so round r's gradients see rounds 0..r-1 as updated.
#include <cstdint>
#include <string>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/booster/tree_update_params.h"

namespace dpt::gbdt {

class TreeUpdater {
 public:
  // `source`: the loaded model's trees (and their output groups), which the rounds take in order.
  TreeUpdater(Communicator& comm, const TreeParams& tree, TreeUpdateParams params, std::vector<RegTree> source,
              std::vector<int> source_info, int trees_per_round);

  // Rounds the source model holds.
  std::int64_t rounds() const;

  // Updates the trees of `round` for output `group` (num_parallel_tree of them) from the rows'
  // gradients (row-major [rows x groups]) and returns them.
  std::vector<RegTree> update(std::int64_t round, int group, int groups, const data::Dataset& rows,
                              std::span<const float> grad, std::span<const float> hess);

 private:
  void refresh(RegTree& tree, const data::Dataset& rows, int group, int groups, std::span<const float> grad,
               std::span<const float> hess, double eta);
  void prune(RegTree& tree, double eta) const;

  Communicator& comm_;
  const TreeParams& tree_;
  TreeUpdateParams params_;
  std::vector<RegTree> source_;
  std::vector<int> source_info_;
  int trees_per_round_;
};

}  // namespace dpt::gbdt
