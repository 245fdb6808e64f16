// Prediction semantics: split direction and missing values, dense == CSR, features the data
// lacks, base margins and transforms per objective, iteration ranges over rounds of
// num_groups x num_parallel_tree trees, and thread-count invariance against a plain reference walk.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/error.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/model/predictor.h"
#include "test_models.h"

namespace dpt::gbdt {
namespace {

using testing::dense_rows;
using testing::stump;
using testing::to_csr;
constexpr float kNaN = data::kMissing;

Model one_stump(const std::string& objective, float base_score) {
  Model m;
  m.objective = objective;
  m.base_score = base_score;
  m.num_feature = 2;
  m.trees = {stump(1, 0.5f, -1.0f, 2.0f, /*default_left=*/false)};
  m.tree_info = {0};
  return m;
}

TEST(Predictor, SplitsLikeXgboost) {
  const Model m = one_stump("reg:squarederror", 0.5f);
  // value < 0.5 left; == 0.5 right; missing -> default (right here).
  const auto rows = dense_rows(2, {9, 0.4f, 9, 0.5f, 9, kNaN, 9, 0.6f});
  const std::vector<float> expected = {-0.5f, 2.5f, 2.5f, 2.5f};
  EXPECT_EQ(predict(m, rows, {}), expected);
  EXPECT_EQ(predict(m, to_csr(rows), {}), expected);
}

TEST(Predictor, FeaturesMissingFromTheDataTakeTheDefaultBranch) {
  Model m = one_stump("reg:squarederror", 0.0f);
  m.num_feature = 8;
  m.trees = {stump(7, 0.0f, 1.0f, 2.0f, /*default_left=*/true)};
  const auto rows = dense_rows(2, {5, 5, -5, -5});
  EXPECT_EQ(predict(m, rows, {}), (std::vector<float>{1.0f, 1.0f}));
  EXPECT_EQ(predict(m, to_csr(rows), {}), (std::vector<float>{1.0f, 1.0f}));
}

TEST(Predictor, AppliesBaseMarginAndTransform) {
  const auto rows = dense_rows(2, {0, 0.0f, 0, 1.0f});
  const Model logistic = one_stump("binary:logistic", 0.5f);  // margin 0
  const auto p = predict(logistic, rows, {});
  EXPECT_FLOAT_EQ(p[0], 1.0f / (1.0f + std::exp(1.0f)));
  EXPECT_FLOAT_EQ(p[1], 1.0f / (1.0f + std::exp(-2.0f)));
  PredictOptions margin;
  margin.output_margin = true;
  EXPECT_EQ(predict(logistic, rows, margin), (std::vector<float>{-1.0f, 2.0f}));

  const Model skewed = one_stump("reg:logistic", 0.2f);
  EXPECT_FLOAT_EQ(predict(skewed, rows, margin)[0], std::log(0.25f) - 1.0f);
  const Model raw = one_stump("binary:logitraw", 0.2f);
  EXPECT_FLOAT_EQ(predict(raw, rows, {})[1], 0.2f + 2.0f);  // XGBoost 1.7: no logit here

  const Model poisson = one_stump("count:poisson", 0.5f);
  EXPECT_FLOAT_EQ(predict(poisson, rows, {})[1], std::exp(std::log(0.5f) + 2.0f));
}

Model two_class_forest() {
  // 2 rounds x 2 classes x 2 parallel trees; tree t adds (t + 1) to its class when x0 >= 0.
  Model m;
  m.objective = "multi:softprob";
  m.num_class = 2;
  m.num_feature = 1;
  m.num_parallel_tree = 2;
  m.base_score = 0.5f;
  for (int t = 0; t < 8; ++t) {
    m.trees.push_back(stump(0, 0.0f, 0.0f, static_cast<float>(t + 1), true));
    m.tree_info.push_back((t / 2) % 2);
  }
  return m;
}

TEST(Predictor, MultiClassRoundsAndIterationRange) {
  Model m = two_class_forest();
  const auto rows = dense_rows(1, {1.0f, -1.0f});
  PredictOptions margin;
  margin.output_margin = true;
  // class 0: trees 0,1,4,5 -> 1+2+5+6; class 1: trees 2,3,6,7 -> 3+4+7+8.
  EXPECT_EQ(predict(m, rows, margin), (std::vector<float>{14.5f, 22.5f, 0.5f, 0.5f}));
  margin.iteration_range = {1, 2};  // second round only: trees 4..7
  EXPECT_EQ(predict(m, rows, margin), (std::vector<float>{11.5f, 15.5f, 0.5f, 0.5f}));
  margin.iteration_range = {0, 1};
  EXPECT_EQ(predict(m, rows, margin), (std::vector<float>{3.5f, 7.5f, 0.5f, 0.5f}));

  const auto prob = predict(m, rows, {});
  ASSERT_EQ(prob.size(), 4u);
  EXPECT_FLOAT_EQ(prob[0] + prob[1], 1.0f);
  EXPECT_FLOAT_EQ(prob[1], 1.0f / (1.0f + std::exp(-8.0f)));
  EXPECT_FLOAT_EQ(prob[2], 0.5f);
  m.objective = "multi:softmax";
  EXPECT_EQ(predict(m, rows, {}), (std::vector<float>{1.0f, 0.0f}));  // ties: first class

  PredictOptions bad;
  bad.iteration_range = {0, 3};
  EXPECT_THROW(predict(m, rows, bad), UserError);
  bad.iteration_range = {2, 1};
  EXPECT_THROW(predict(m, rows, bad), UserError);
}

// A deep random model, scored by a plain walk over the RegTree arrays.
Model random_model(std::mt19937& rng, int features, int trees, int groups) {
  Model m;
  m.objective = groups > 1 ? "multi:softprob" : "reg:squarederror";
  m.num_class = groups > 1 ? groups : 0;
  m.num_feature = features;
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (int t = 0; t < trees; ++t) {
    RegTree tree;
    // A complete tree of depth 6, nodes numbered breadth first.
    const int internal = 63, total = 127;
    for (int n = 0; n < total; ++n) {
      const bool leaf = n >= internal;
      tree.left.push_back(leaf ? -1 : 2 * n + 1);
      tree.right.push_back(leaf ? -1 : 2 * n + 2);
      tree.parent.push_back(n == 0 ? 2147483647 : (n - 1) / 2);
      tree.split_index.push_back(leaf ? 0 : static_cast<int>(rng() % (features + 2)));  // some absent
      tree.split_condition.push_back(u(rng));
      tree.default_left.push_back(static_cast<std::uint8_t>(rng() % 2));
      tree.base_weight.push_back(0);
      tree.loss_change.push_back(0);
      tree.sum_hessian.push_back(1);
    }
    m.trees.push_back(std::move(tree));
    m.tree_info.push_back(t % groups);
  }
  return m;
}

std::vector<float> reference_margins(const Model& m, const data::Dataset& rows) {
  std::vector<float> out(rows.num_rows * m.num_groups(), base_margin(m));
  for (std::size_t r = 0; r < rows.num_rows; ++r)
    for (std::size_t t = 0; t < m.trees.size(); ++t) {
      const RegTree& tree = m.trees[t];
      std::size_t n = 0;
      while (!tree.is_leaf(n)) {
        const auto f = static_cast<std::size_t>(tree.split_index[n]);
        const float v = f < rows.num_features ? rows.at(r, f) : kNaN;
        const bool left = std::isnan(v) ? tree.default_left[n] != 0 : v < tree.split_condition[n];
        n = static_cast<std::size_t>(left ? tree.left[n] : tree.right[n]);
      }
      out[r * m.num_groups() + m.tree_info[t]] += tree.split_condition[n];
    }
  return out;
}

TEST(Predictor, MatchesReferenceWalkForAnyThreadCountDenseAndCsr) {
  std::mt19937 rng(11);
  const int features = 20;
  const Model m = random_model(rng, features, 30, 3);
  std::vector<float> values(1000 * features);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (float& v : values) v = rng() % 5 == 0 ? kNaN : u(rng);
  const auto dense = dense_rows(features, values);
  const auto csr = to_csr(dense);
  const auto expected = reference_margins(m, dense);
  for (int threads : {1, 2, 3, 8}) {
    PredictOptions o;
    o.output_margin = true;
    o.nthread = threads;
    EXPECT_EQ(predict(m, dense, o), expected) << threads << " threads, dense";
    EXPECT_EQ(predict(m, csr, o), expected) << threads << " threads, csr";
  }
}

TEST(Predictor, EmptyShardGivesNoRows) {
  const Model m = one_stump("binary:logistic", 0.5f);
  data::Dataset empty;
  empty.num_features = 2;
  EXPECT_TRUE(predict(m, empty, {}).empty());
  EXPECT_TRUE(predict(m, to_csr(empty), {}).empty());
}

}  // namespace
}  // namespace dpt::gbdt
