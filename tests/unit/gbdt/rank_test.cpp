// Ranking metrics and gradients on small cases checked by hand against XGBoost 1.7's definitions.
#include <gtest/gtest.h>

#include <cmath>

#include "collective/single_communicator.h"
#include "models/gbdt/metric/rank_metrics.h"
#include "models/gbdt/objective/rank_objective.h"

namespace dpt::gbdt {
namespace {

double value(const std::string& name, std::vector<float> preds, std::vector<float> labels) {
  return rank_group_value(*parse_rank_metric(name), preds, labels);
}

TEST(RankMetrics, ParsesXGBoostNames) {
  EXPECT_EQ(parse_rank_metric("ndcg@5")->topn, 5u);
  EXPECT_TRUE(parse_rank_metric("map@3-")->minus);
  EXPECT_TRUE(parse_rank_metric("ndcg-")->minus);
  EXPECT_FALSE(parse_rank_metric("ndcg")->minus);
  EXPECT_FALSE(parse_rank_metric("ndcg@x"));
  EXPECT_FALSE(parse_rank_metric("rmse"));
  EXPECT_FALSE(is_rank_metric("auc", false));
  EXPECT_TRUE(is_rank_metric("auc", true));
}

// Sorted by prediction the labels read 0, 1, 2.
TEST(RankMetrics, HandCheckedGroup) {
  const std::vector<float> preds = {0.9f, 0.1f, 0.5f}, labels = {0, 2, 1};
  const double dcg = 1 / std::log2(3.0) + 3 / std::log2(4.0), idcg = 3 + 1 / std::log2(3.0);
  EXPECT_NEAR(value("ndcg", preds, labels), dcg / idcg, 1e-15);
  EXPECT_NEAR(value("ndcg@1", preds, labels), 0.0, 1e-15);
  EXPECT_NEAR(value("map", preds, labels), (1.0 / 2 + 2.0 / 3) / 2, 1e-15);
  EXPECT_NEAR(value("map@2", preds, labels), (1.0 / 2) / 2, 1e-15);  // hits below n still count
  EXPECT_NEAR(value("pre@2", preds, labels), 0.5, 1e-15);
  // Without relevant rows: 1, or 0 with '-'.
  EXPECT_EQ(value("ndcg", {1, 2}, {0, 0}), 1.0);
  EXPECT_EQ(value("ndcg-", {1, 2}, {0, 0}), 0.0);
  EXPECT_EQ(value("map@2-", {1, 2}, {0, 0}), 0.0);
}

// XGBoost's GroupRankingROC counts every pair in label order, ties of labels included.
TEST(RankMetrics, GroupAucCountsAllPairs) {
  // Label order: (2, 0.1), (1, 0.5), (1, 0.5), (0, 0.9): only the tied pair scores (1/2).
  EXPECT_NEAR(value("auc", {0.9f, 0.1f, 0.5f, 0.5f}, {0, 2, 1, 1}), 0.5 / 6, 1e-15);
  EXPECT_NEAR(value("auc", {3, 2, 1}, {2, 1, 0}), 1.0, 1e-15);
  EXPECT_TRUE(std::isnan(value("auc", {1, 2}, {1, 0})));  // under 3 rows: not counted
}

data::Dataset two_groups() {
  data::Dataset d;
  d.channel = "train";
  d.num_rows = 5;
  d.global_rows = 5;
  d.labels = {1, 0, 2, 1, 0};
  d.group_ptr = {0, 2, 5};
  d.group_qid = {1, 2};
  d.global_groups = 2;
  return d;
}

// A group of two rows of different labels: each row's only partner is the other, so both draws
// give the pair (relevant, other) whatever the generator: g = sigmoid(0) - 1 twice.
TEST(RankObjective, TwoRowGroupHasFixedPairs) {
  SingleCommunicator comm;
  const data::Dataset d = two_groups();
  RankObjective pairwise(comm, "rank:pairwise", {}, 0, d);
  std::vector<float> grad(5), hess(5);
  pairwise.gradients(0, std::vector<float>(5, 0.0f), d, grad, hess);
  EXPECT_FLOAT_EQ(grad[0], -1.0f);
  EXPECT_FLOAT_EQ(grad[1], 1.0f);
  EXPECT_FLOAT_EQ(hess[0], 1.0f);
  EXPECT_FLOAT_EQ(hess[1], 1.0f);
  // Every pair adds opposite gradients: a group's gradients sum to 0.
  EXPECT_NEAR(grad[2] + grad[3] + grad[4], 0.0f, 1e-6);
  // fix_list_weight scales a group's pairs by weight / size.
  RankObjective fixed(comm, "rank:pairwise", {1, 4.0f}, 0, d);
  fixed.gradients(0, std::vector<float>(5, 0.0f), d, grad, hess);
  EXPECT_FLOAT_EQ(grad[0], -2.0f);
}

TEST(RankObjective, ChecksGroupsLabelsAndWeights) {
  data::Dataset d = two_groups();
  EXPECT_EQ(check_rank_rows("rank:ndcg", d), "");
  d.weights = {1, 2, 1, 1, 1};
  EXPECT_NE(check_rank_rows("rank:ndcg", d).find("different weights"), std::string::npos);
  d.weights.clear();
  d.labels[0] = -1;
  EXPECT_NE(check_rank_rows("rank:map", d).find("row 1"), std::string::npos);
  EXPECT_EQ(check_rank_rows("rank:pairwise", d), "");
  d.group_ptr.clear();
  EXPECT_NE(check_rank_rows("rank:pairwise", d).find("no query groups"), std::string::npos);
}

}  // namespace
}  // namespace dpt::gbdt
