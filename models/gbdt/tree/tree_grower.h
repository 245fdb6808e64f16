#pragma once
// Grows one regression tree from fixed-point gradients, depthwise (level by level) or lossguide
// (best leaf first). Only the smaller child of each split (by global hessian) is built; its
// sibling is the parent minus it. Each node's histogram is reduce-scattered: every rank receives,
// adds up, holds and searches its part (HistogramShare), the best splits are shared, so every rank grows the same
// tree.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "collective/parts_window.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/tree/histogram.h"
#include "models/gbdt/tree/histogram_share.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/tree/row_partition.h"
#include "models/gbdt/tree/split_evaluator.h"

namespace dpt::gbdt {

class TreeGrower {
 public:
  TreeGrower(Communicator& comm, const BinnedMatrix& matrix, const Cuts& cuts,
             const TreeParams& params, int nthread, bool packed);

  // `eta` is the learning rate applied to leaf values (eta / num_parallel_tree for forests).
  RegTree grow(std::span<const GradSum> gradients, const GradScale& scale, double eta,
               std::uint64_t column_seed);

  // Adds each leaf's value to the margins of the local rows that reached it in the last grow()
  // (margins row-major [rows x groups], column `group`).
  void add_leaf_values(const RegTree& tree, std::span<float> margins, int groups, int group) const;

  // The local rows that reached node `node` (a leaf) in the last grow().
  std::span<const std::uint32_t> leaf_rows(int node) const { return partition_.rows(node); }

 private:
  struct NodeState {
    int depth = 0;
    GradSum total;
    SplitCandidate split;
    std::vector<std::int64_t> hist;
    WeightBounds bounds;                 // monotone constraints: the node's weight bounds
    std::vector<std::int32_t> path;      // interaction constraints: features split on above (sorted)
  };
  class Growth;

  Communicator& comm_;
  const BinnedMatrix& matrix_;
  const Cuts& cuts_;
  const TreeParams& params_;
  int nthread_;
  bool packed_;  // gradients quantized for packed histograms (histogram.h)
  HistogramBuilder builder_;
  HistogramShare share_;
  RowPartition partition_;
  std::unique_ptr<PartsWindow> window_;  // one level's local node histograms, whole, and their exchange
  std::vector<std::vector<std::int64_t>> spare_hists_;  // recycled node histograms
};

}  // namespace dpt::gbdt
