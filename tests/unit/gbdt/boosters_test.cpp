// dart's dropout and rescaling, and the dart and gblinear pieces of the model: JSON as XGBoost
// 1.7 writes it (and back), the consistency checks, gblinear's margins.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "models/gbdt/booster/dart.h"
#include "models/gbdt/model/linear_model.h"
#include "models/gbdt/model/model_json.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

DartParams dart(double rate_drop, bool one_drop = false, double skip_drop = 0) {
  DartParams p;
  p.rate_drop = rate_drop;
  p.one_drop = one_drop;
  p.skip_drop = skip_drop;
  return p;
}

TEST(Dart, DropsFollowRateAndAreTheSameForOneRound) {
  const std::vector<float> weights(200, 1.0f);
  EXPECT_TRUE(DartDropout(dart(0.0), 0.3, 1).drop(4, weights).empty());
  EXPECT_EQ(DartDropout(dart(1.0), 0.3, 1).drop(4, weights).size(), 200u);
  EXPECT_TRUE(DartDropout(dart(1.0, false, 1.0), 0.3, 1).drop(4, weights).empty());  // always skipped
  EXPECT_EQ(DartDropout(dart(0.0, true), 0.3, 1).drop(4, weights).size(), 1u);       // one_drop
  const DartDropout half(dart(0.5), 0.3, 7);
  const auto a = half.drop(3, weights);
  EXPECT_EQ(a, half.drop(3, weights));  // a function of (seed, round): every rank, every resume
  EXPECT_NE(a, half.drop(4, weights));
  EXPECT_GT(a.size(), 70u);
  EXPECT_LT(a.size(), 130u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
}

TEST(Dart, WeightedSamplingPrefersHeavyTrees) {
  DartParams p = dart(0.3);
  p.sample_type = DartParams::Sample::weighted;
  std::vector<float> weights(400, 0.1f);
  for (std::size_t i = 0; i < 200; ++i) weights[i] = 1.0f;
  std::size_t heavy = 0, light = 0;
  for (std::int64_t round = 0; round < 20; ++round)
    for (std::size_t i : DartDropout(p, 0.3, 2).drop(round, weights)) (i < 200 ? heavy : light)++;
  EXPECT_GT(heavy, 5 * light);
}

TEST(Dart, NormalizeAsXgboost) {
  DartParams p = dart(0.5);
  std::vector<float> w = {1.0f, 1.0f, 1.0f};
  const std::size_t dropped[] = {0, 2};
  DartDropout(p, 0.3, 0).normalize(dropped, 1, w);  // tree: k/(k+eta) and 1/(k+eta), k = 2
  ASSERT_EQ(w.size(), 4u);
  EXPECT_FLOAT_EQ(w[0], 2.0f / 2.3f);
  EXPECT_FLOAT_EQ(w[1], 1.0f);
  EXPECT_FLOAT_EQ(w[3], 1.0f / 2.3f);
  p.normalize_type = DartParams::Normalize::forest;
  std::vector<float> f = {1.0f, 1.0f};
  const std::size_t one[] = {1};
  DartDropout(p, 0.3, 0).normalize(one, 2, f);  // forest: 1/(1+eta/new_trees)
  EXPECT_FLOAT_EQ(f[1], 1.0f / 1.15f);
  EXPECT_FLOAT_EQ(f[2], 1.0f / 1.15f);
  std::vector<float> none = {1.0f};
  DartDropout(p, 0.3, 0).normalize({}, 1, none);
  EXPECT_EQ(none, (std::vector<float>{1.0f, 1.0f}));
}

Model leaf_model(float leaf) {
  Model m;
  RegTree t;
  t.left = {-1};
  t.right = {-1};
  t.parent = {2147483647};
  t.split_index = {0};
  t.split_condition = {leaf};
  t.default_left = {0};
  t.base_weight = {leaf};
  t.loss_change = {0};
  t.sum_hessian = {1};
  m.trees = {t, t};
  m.tree_info = {0, 0};
  m.num_feature = 2;
  return m;
}

TEST(Dart, ModelJsonAndPrediction) {
  Model m = leaf_model(0.5f);
  m.booster = "dart";
  m.weight_drop = {1.0f, 0.25f};
  const std::string text = model_to_json(m);
  EXPECT_NE(text.find(R"("gradient_booster":{"gbtree":{"model":)"), std::string::npos);
  EXPECT_NE(text.find(R"("name":"gbtree"},"name":"dart","weight_drop":[1E0,2.5E-1]})"), std::string::npos);
  const Model back = model_from_json(text, "m.json");
  EXPECT_EQ(back.weight_drop, m.weight_drop);
  EXPECT_EQ(model_to_json(back), text);
  const data::Dataset rows = testing::random_dense(3, 2, 0.0, 1);
  PredictOptions options;
  options.output_margin = true;
  const auto margins = predict(back, rows, options);
  EXPECT_FLOAT_EQ(margins[0], 0.5f + 0.5f + 0.125f);  // base_score 0.5 (its own margin), leaf * weight
  m.weight_drop.pop_back();
  EXPECT_THROW(model_to_json(m), UserError);
}

TEST(Linear, ModelJsonMarginsAndChecks) {
  Model m;
  m.booster = "gblinear";
  m.num_feature = 2;
  m.linear_weights = {2.0f, -1.0f, 0.5f};  // two weights, then the bias
  m.linear_rounds = 3;
  const std::string text = model_to_json(m);
  EXPECT_NE(text.find(R"("gradient_booster":{"model":{"boosted_rounds":3,"weights":[2E0,-1E0,5E-1]},"name":"gblinear"})"),
            std::string::npos);
  const Model back = model_from_json(text, "m.json");
  EXPECT_EQ(back.linear_weights, m.linear_weights);
  EXPECT_EQ(back.linear_rounds, 3);
  EXPECT_EQ(model_to_json(back), text);

  data::Dataset rows;
  rows.num_rows = 2;
  rows.num_features = 2;
  rows.values = {1.0f, NAN, 3.0f, 4.0f};  // a missing value counts as 0
  const auto margins = linear_margins(m, rows, 1);
  EXPECT_FLOAT_EQ(margins[0], 0.5f + 0.5f + 2.0f);  // base_score, bias, value * weight
  EXPECT_FLOAT_EQ(margins[1], 0.5f + 0.5f + 6.0f - 4.0f);
  m.linear_weights.pop_back();
  EXPECT_THROW(model_to_json(m), UserError);
  m.linear_weights = {1, 2, 3};
  m.trees = leaf_model(1.0f).trees;
  m.tree_info = {0, 0};
  EXPECT_THROW(model_to_json(m), UserError);
}

TEST(Linear, WidenKeepsWeightsAndBias) {
  Model m;
  m.booster = "gblinear";
  m.num_class = 2;
  m.objective = "multi:softprob";
  m.linear_weights = {1, 2, 9, 8};  // one feature x 2 groups, then 2 biases
  m.num_feature = 3;
  widen_linear_weights(m, 1);
  EXPECT_EQ(m.linear_weights, (std::vector<float>{1, 2, 0, 0, 0, 0, 9, 8}));
}

}  // namespace
}  // namespace dpt::gbdt
