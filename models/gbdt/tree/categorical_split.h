#pragma once
// The splits of a categorical feature, enumerated as XGBoost 1.7's hist evaluator does
// (src/tree/hist/evaluate_splits.h), on exact fixed-point histograms:
//  * one-hot, when the feature has fewer bins (max code + 1) than max_cat_to_onehot: one
//    category right, the others left, missing on either side;
//  * partition, otherwise: the categories sorted by leaf weight (stable, as float), then the
//    first k of that order right (missing left), and the last k left (missing right), k up to
//    max_cat_threshold - 1.
// A candidate's `bin` is its place in that enumeration, so equal gains within a feature go to
// the one XGBoost meets first; every rank and thread runs the same code on the same sums.
#include <cstdint>

#include "models/gbdt/booster/params.h"
#include "models/gbdt/tree/split_evaluator.h"

namespace dpt::gbdt {

// Offers the best split of categorical feature `feature` (num_bins bins, hist: 2 int64 per bin)
// to `best` (replacing it when better_than). parent_gain: node_gain of the node's total.
void offer_categorical_split(const TreeParams& p, std::int32_t feature, std::uint32_t num_bins,
                             const std::int64_t* hist, const GradSum& total, const GradScale& scale,
                             double parent_gain, SplitCandidate& best);

// Whether a feature with num_bins bins gets one-hot splits (XGBoost's UseOneHot).
inline bool uses_one_hot(const TreeParams& p, std::uint32_t num_bins) {
  return num_bins < static_cast<std::uint32_t>(p.max_cat_to_onehot);
}

}  // namespace dpt::gbdt
