// Tree constraints: parsing XGBoost's strings, the features a node may use, the bounds children
// inherit, and the split search refusing splits against a monotone constraint.
#include <gtest/gtest.h>

#include "collective/single_communicator.h"
#include "common/error.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/tree/histogram.h"
#include "models/gbdt/tree/split_evaluator.h"
#include "models/gbdt/tree/tree_constraints.h"

namespace dpt::gbdt {
namespace {

TEST(MonotoneConstraints, ParseXGBoostForms) {
  EXPECT_EQ(parse_monotone_constraints("(1,-1,0)"), (std::vector<std::int8_t>{1, -1, 0}));
  EXPECT_EQ(parse_monotone_constraints("[ 0, 1 ]"), (std::vector<std::int8_t>{0, 1}));
  EXPECT_EQ(parse_monotone_constraints("()"), (std::vector<std::int8_t>{}));
  EXPECT_THROW(parse_monotone_constraints("(1,2)"), UserError);
  EXPECT_THROW(parse_monotone_constraints("(1,-1"), UserError);
  EXPECT_THROW(parse_monotone_constraints("(1,x)"), UserError);
  EXPECT_THROW(parse_monotone_constraints("(1) 2"), UserError);
}

TEST(InteractionConstraints, ParseSetsSortedWithoutRepeats) {
  const auto sets = parse_interaction_constraints("[[2, 0, 2], [3,4]]");
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0], (std::vector<std::int32_t>{0, 2}));
  EXPECT_EQ(sets[1], (std::vector<std::int32_t>{3, 4}));
  EXPECT_TRUE(parse_interaction_constraints("[]").empty());
  EXPECT_THROW(parse_interaction_constraints("[0, 1]"), UserError);
  EXPECT_THROW(parse_interaction_constraints("[[0, -1]]"), UserError);
}

TEST(InteractionConstraints, PathFeaturesAndTheSetsHoldingThemAll) {
  const std::vector<std::vector<std::int32_t>> sets = {{0, 1}, {1, 2, 3}};
  const std::vector<std::int32_t> all = {0, 1, 2, 3, 4};
  EXPECT_EQ(allowed_features(sets, all, {}), all);                                     // the root
  EXPECT_EQ(allowed_features(sets, all, {1}), (std::vector<std::int32_t>{0, 1, 2, 3}));  // both sets hold 1
  EXPECT_EQ(allowed_features(sets, all, {0}), (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(allowed_features(sets, all, {0, 1}), (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(allowed_features(sets, all, {2, 3}), (std::vector<std::int32_t>{1, 2, 3}));
  EXPECT_EQ(allowed_features(sets, all, {4}), (std::vector<std::int32_t>{4}));       // in no set: alone
  EXPECT_EQ(allowed_features(sets, {0, 2}, {1}), (std::vector<std::int32_t>{0, 2}));  // after column sampling
  EXPECT_EQ(allowed_features({}, all, {4}), all);
}

TEST(MonotoneConstraints, ChildrenMeetAtTheMeanWeight) {
  WeightBounds left, right;
  child_bounds(WeightBounds{}, 1, -0.5, 1.5, left, right);
  EXPECT_EQ(left.upper, 0.5);
  EXPECT_EQ(right.lower, 0.5);
  EXPECT_EQ(left.lower, WeightBounds{}.lower);
  child_bounds(WeightBounds{-1, 2}, -1, 1.0, 0.0, left, right);
  EXPECT_EQ(left.lower, 0.5);
  EXPECT_EQ(left.upper, 2);
  EXPECT_EQ(right.upper, 0.5);
  EXPECT_EQ(right.lower, -1);
  child_bounds(WeightBounds{-1, 2}, 0, 1.0, 0.0, left, right);
  EXPECT_EQ(left.lower, -1);
  EXPECT_EQ(right.upper, 2);
}

// One feature whose best split puts the larger weight on the left: a +1 constraint must refuse
// it (and every split, the data falling steadily), -1 must keep it.
TEST(MonotoneConstraints, SearchRefusesSplitsAgainstTheConstraint) {
  SingleCommunicator comm;
  data::Dataset d;
  d.num_rows = d.global_rows = 40;
  d.num_features = 1;
  std::vector<GradSum> grad(40);
  for (std::size_t r = 0; r < 40; ++r) {
    d.values.push_back(static_cast<float>(r));
    d.labels.push_back(0);
    grad[r] = GradSum{static_cast<std::int64_t>(r) - 20, 1};  // weight -g/h falls as x rises
  }
  const Cuts cuts = compute_cuts(comm, d, 16);
  const BinnedMatrix m(d, cuts, 1);
  HistogramBuilder builder(m, 1, false);
  std::vector<std::int64_t> hist(histogram_stride(cuts.total_bins()));
  std::vector<std::uint32_t> rows(40);
  for (std::uint32_t r = 0; r < 40; ++r) rows[r] = r;
  const std::span<const std::uint32_t> nodes[] = {rows};
  builder.build(grad, nodes, hist);
  const GradSum total{hist[hist.size() - 2], hist[hist.size() - 1]};
  const GradScale scale{1.0, 1.0};
  const std::vector<std::int32_t> features = {0};
  TreeParams p;
  const SplitCandidate free = best_split(p, cuts, hist, total, scale, features);
  ASSERT_TRUE(free.valid());
  p.monotone = {1};
  EXPECT_FALSE(best_split(p, cuts, hist, total, scale, features).valid());
  p.monotone = {-1};
  const SplitCandidate down = best_split(p, cuts, hist, total, scale, features);
  ASSERT_TRUE(down.valid());
  EXPECT_EQ(down.bin, free.bin);
  // Bounds that pin both children to one value leave no gain: no split is worth it.
  const MonotoneNode pinned{WeightBounds{0.25, 0.25}, WeightBounds{0.25, 0.25}};
  const SplitCandidate flat = best_split(p, cuts, hist, total, scale, features, 0, pinned);
  EXPECT_TRUE(!flat.valid() || flat.loss_change <= 1e-9);
}

}  // namespace
}  // namespace dpt::gbdt
