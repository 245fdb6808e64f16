// Tree growth on one rank: known splits, depth and leaf limits, and margins that a walk over the
// finished trees reproduces bit for bit (what resuming from a checkpoint relies on).
#include <gtest/gtest.h>

#include <cmath>

#include "collective/single_communicator.h"
#include "models/gbdt/booster/booster.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/model/tree_walk.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

int depth_of(const RegTree& t, int node) { return node == 0 ? 0 : 1 + depth_of(t, t.parent[node]); }

int leaves(const RegTree& t) {
  int n = 0;
  for (std::size_t i = 0; i < t.num_nodes(); ++i) n += t.is_leaf(i);
  return n;
}

TrainParams regression(int rounds) {
  TrainParams p;
  p.num_round = rounds;
  p.tree.max_depth = 3;
  p.max_bin = 32;
  return p;
}

TEST(TreeGrowth, StepFunctionIsSplitAtItsEdge) {
  SingleCommunicator comm;
  auto data = testing::random_dense(1000, 3, 0.0, 11);
  for (std::size_t r = 0; r < 1000; ++r) data.labels[r] = data.values[r * 3 + 1] < 0.5f ? 0.0f : 10.0f;
  TrainParams p = regression(1);
  p.tree.max_depth = 1;
  p.tree.eta = 1.0;
  p.tree.lambda = 0;
  p.base_score_given = true;
  p.base_score = 0;
  Booster b(comm, p, Model{}, data, {});
  b.boost_round(0);
  const RegTree& t = b.model().trees.at(0);
  ASSERT_EQ(t.num_nodes(), 3u);
  EXPECT_EQ(t.split_index[0], 1);
  EXPECT_FLOAT_EQ(t.split_condition[0], 0.5f);
  EXPECT_FLOAT_EQ(t.split_condition[1], 0.0f);   // leaf: eta * mean of the left labels
  EXPECT_FLOAT_EQ(t.split_condition[2], 10.0f);
}

TEST(TreeGrowth, DepthAndLeafLimitsHold) {
  SingleCommunicator comm;
  const auto data = testing::random_dense(2000, 4, 0.1, 12);
  TrainParams p = regression(3);
  Booster depthwise(comm, p, Model{}, data, {});
  for (int r = 0; r < 3; ++r) depthwise.boost_round(r);
  for (const auto& t : depthwise.model().trees) {
    for (std::size_t n = 0; n < t.num_nodes(); ++n) EXPECT_LE(depth_of(t, static_cast<int>(n)), 3);
    EXPECT_GT(t.num_nodes(), 3u);
  }
  p.tree.grow_policy = GrowPolicy::lossguide;
  p.tree.max_depth = 0;
  p.tree.max_leaves = 5;
  Booster lossguide(comm, p, Model{}, data, {});
  for (int r = 0; r < 3; ++r) lossguide.boost_round(r);
  for (const auto& t : lossguide.model().trees) EXPECT_EQ(leaves(t), 5);
}

TEST(TreeGrowth, GammaPrunesWeakSplits) {
  SingleCommunicator comm;
  const auto data = testing::random_dense(500, 3, 0.0, 13);
  TrainParams p = regression(1);
  p.tree.gamma = 1e9;
  Booster b(comm, p, Model{}, data, {});
  b.boost_round(0);
  EXPECT_EQ(b.model().trees.at(0).num_nodes(), 1u);
}

class Margins : public ::testing::TestWithParam<std::string> {};

TEST_P(Margins, WalkingTheTreesReproducesTrainingMarginsExactly) {
  SingleCommunicator comm;
  auto data = testing::to_csr(testing::random_dense(3000, 5, 0.3, 14));
  TrainParams p = regression(4);
  p.objective = GetParam();
  if (p.objective.starts_with("multi:")) p.num_class = 3;
  for (std::size_t r = 0; r < data.num_rows; ++r) {
    const float y = data.labels[r];
    data.labels[r] = p.num_class ? std::floor(std::min(y, 2.0f)) : p.objective.starts_with("binary") ? (y > 1.0f) : y;
  }
  p.tree.subsample = 0.8;
  p.tree.colsample_bynode = 0.7;
  p.num_parallel_tree = p.num_class ? 1 : 2;
  Booster b(comm, p, Model{}, data, {data});
  for (int r = 0; r < 4; ++r) b.boost_round(r);
  const Model& m = b.model();
  std::vector<float> walked(data.num_rows * m.num_groups(), base_margin(m));
  for (std::size_t t = 0; t < m.trees.size(); ++t) add_tree_margins(m.trees[t], data, walked, m.num_groups(), m.tree_info[t], 1);
  EXPECT_EQ(walked, b.train_margins());
}

INSTANTIATE_TEST_SUITE_P(Objectives, Margins,
                         ::testing::Values("reg:squarederror", "binary:logistic", "multi:softprob", "count:poisson"));

}  // namespace
}  // namespace dpt::gbdt
