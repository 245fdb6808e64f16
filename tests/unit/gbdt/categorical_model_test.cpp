// Categorical features through training on one rank: the training margins (row partition) equal
// the predictor's and the tree walk's on the raw values, unseen codes follow XGBoost's rule, the
// model JSON round-trips, and bad values and feature lists are refused with their place named.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "collective/single_communicator.h"
#include "common/error.h"
#include "models/gbdt/booster/booster.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/model/predictor.h"
#include "models/gbdt/model/tree_walk.h"

namespace dpt::gbdt {
namespace {

// Columns: 0 codes 0..2 (one-hot), 1 codes 0..29 (partition), 2 numeric; some cells missing.
data::Dataset categorical_rows(std::size_t rows, std::uint64_t seed, int largest_code = 29) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  data::Dataset d;
  d.channel = "train";
  d.num_rows = d.global_rows = rows;
  d.num_features = 3;
  for (std::size_t r = 0; r < rows; ++r) {
    const float c0 = static_cast<float>(rng() % 3), c1 = static_cast<float>(rng() % static_cast<std::uint64_t>(largest_code + 1));
    const float x = unit(rng);
    d.values.push_back(unit(rng) < 0.1f ? data::kMissing : c0);
    d.values.push_back(unit(rng) < 0.1f ? data::kMissing : c1);
    d.values.push_back(x);
    d.labels.push_back((c0 == 1 ? 2.0f : 0.0f) + std::sin(c1 * 1.3f) * 3.0f + x + 0.1f * unit(rng));
  }
  return d;
}

TrainParams categorical_params() {
  TrainParams p;
  p.num_round = 4;
  p.tree.max_depth = 4;
  p.categorical_features = {"0", "1"};
  return p;
}

TEST(CategoricalModel, TrainingMarginsEqualPredictionAndTreeWalk) {
  SingleCommunicator comm;
  const data::Dataset rows = categorical_rows(3000, 1);
  for (const bool sparse_layout : {false, true}) {
    data::Dataset train = rows;
    if (sparse_layout) {  // mostly missing: the binned matrix goes sparse
      for (std::size_t i = 0; i < train.values.size(); i += 3) train.values[i] = data::kMissing;
      for (std::size_t i = 2; i < train.values.size(); i += 3) train.values[i] = data::kMissing;
    }
    Booster b(comm, categorical_params(), Model{}, train, {});
    for (int r = 0; r < 4; ++r) b.boost_round(r);
    const Model& m = b.model();
    bool any_categorical = false;
    for (const RegTree& t : m.trees) any_categorical = any_categorical || !t.categories.empty();
    EXPECT_TRUE(any_categorical);
    EXPECT_EQ(m.feature_types, (std::vector<std::string>{"c", "c", "q"}));
    PredictOptions margin;
    margin.output_margin = true;
    const std::vector<float> predicted = predict(m, train, margin);
    std::vector<float> walked(train.num_rows, base_margin(m));
    add_trees_margins(m.trees, m.tree_info, train, walked, 1, 1);
    ASSERT_EQ(predicted.size(), b.train_margins().size());
    for (std::size_t r = 0; r < train.num_rows; ++r) {
      ASSERT_EQ(predicted[r], b.train_margins()[r]) << "row " << r;
      ASSERT_EQ(walked[r], b.train_margins()[r]) << "row " << r;
    }
  }
}

TEST(CategoricalModel, UnseenAndInvalidCodesGoLeft) {
  SingleCommunicator comm;
  Booster b(comm, categorical_params(), Model{}, categorical_rows(2000, 2), {});
  b.boost_round(0);
  const RegTree& t = b.model().trees.at(0);
  ASSERT_TRUE(t.is_categorical(0));
  // Rows whose feature at the root is an unseen code, negative or huge: predictor, tree walk and
  // a walk by hand (left at the root) agree.
  data::Dataset rows = categorical_rows(4, 3);
  const std::size_t f = static_cast<std::size_t>(t.split_index[0]);
  const float odd[] = {1000.0f, -3.0f, 3e7f, 1.5f};
  for (std::size_t r = 0; r < 4; ++r) rows.values[r * 3 + f] = odd[r];
  PredictOptions margin;
  margin.output_margin = true;
  const std::vector<float> predicted = predict(b.model(), rows, margin);
  std::vector<float> walked(4, base_margin(b.model()));
  add_trees_margins(b.model().trees, b.model().tree_info, rows, walked, 1, 1);
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(predicted[r], walked[r]);
    const bool right = code_goes_right(t.categories.at(0), odd[r]);
    EXPECT_EQ(right, r == 3 && std::binary_search(t.categories.at(0).begin(), t.categories.at(0).end(), 1));
  }
}

TEST(CategoricalModel, JsonRoundTripsAsXGBoostWritesIt) {
  SingleCommunicator comm;
  Booster b(comm, categorical_params(), Model{}, categorical_rows(2000, 4), {});
  for (int r = 0; r < 2; ++r) b.boost_round(r);
  const std::string text = model_to_json(b.model());
  EXPECT_NE(text.find(R"("split_conditions":[NaN)"), std::string::npos);
  EXPECT_NE(text.find(R"("split_type":[1)"), std::string::npos);
  EXPECT_NE(text.find(R"("feature_types":["c","c","q"])"), std::string::npos);
  const Model back = model_from_json(text, "round trip");
  EXPECT_EQ(back.trees.at(0).categories, b.model().trees.at(0).categories);
  EXPECT_EQ(model_to_json(back), text);
  // A categorical node without categories is refused.
  std::string broken = text;
  const auto at = broken.find(R"("categories_nodes":[0)");
  ASSERT_NE(at, std::string::npos);
  broken.replace(broken.find(R"("split_type":[1)"), 15, R"("split_type":[0)");
  EXPECT_THROW(model_from_json(broken, "broken"), UserError);
}

TEST(CategoricalModel, BadValuesAreNamedByRowAndFeature) {
  SingleCommunicator comm;
  data::Dataset rows = categorical_rows(10, 5);
  const std::vector<std::int32_t> features{0, 1};
  EXPECT_EQ(check_category_values(comm, rows, features), "");
  rows.values[6 * 3 + 1] = -1.0f;  // row 7, feature 1
  rows.values[7 * 3 + 0] = 2.5f;
  const std::string why = check_category_values(comm, rows, features);
  EXPECT_NE(why.find("channel 'train', row 7"), std::string::npos) << why;
  EXPECT_NE(why.find("feature 1"), std::string::npos) << why;
  EXPECT_NE(why.find("-1 is not a category code"), std::string::npos) << why;
  rows.values[6 * 3 + 1] = 1.0f;
  const std::string second = check_category_values(comm, rows, features);
  EXPECT_NE(second.find("row 8 "), std::string::npos) << second;
  EXPECT_NE(second.find("feature 0 (categorical_features): 2.5 "), std::string::npos) << second;
  rows.values[7 * 3 + 0] = 16777216.0f;
  EXPECT_NE(check_category_values(comm, rows, features).find("16777216"), std::string::npos);
  rows.values[7 * 3 + 0] = 7.0f;
  rows.values[2] = -5.0f;  // a numeric column may hold anything
  EXPECT_EQ(check_category_values(comm, rows, features), "");
}

TEST(CategoricalModel, FeatureListsResolve) {
  const std::vector<std::string> given{"3", "0", "3", ""};
  EXPECT_EQ(resolve_categorical_features(given, 5), (std::vector<std::int32_t>{0, 3}));
  EXPECT_THROW(resolve_categorical_features(std::vector<std::string>{"5"}, 5), UserError);
  EXPECT_THROW(resolve_categorical_features(std::vector<std::string>{"-1"}, 5), UserError);
  EXPECT_THROW(resolve_categorical_features(std::vector<std::string>{"color"}, 5), UserError);
  const std::vector<std::string> names{"age", "color"};
  EXPECT_EQ(resolve_categorical_features(std::vector<std::string>{"color"}, 2, names), (std::vector<std::int32_t>{1}));
}

TEST(CategoricalModel, CutsHoldOneBinPerCodeWhateverMaxBin) {
  SingleCommunicator comm;
  const data::Dataset rows = categorical_rows(500, 6, 299);  // codes up to 299 > max_bin
  Cuts cuts = compute_cuts(comm, rows, 16);
  const std::vector<std::int32_t> features{1};
  make_categorical_cuts(comm, rows, features, cuts);
  EXPECT_FALSE(cuts.is_categorical(0));
  EXPECT_TRUE(cuts.is_categorical(1));
  float largest = 0;
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    if (!std::isnan(rows.values[r * 3 + 1])) largest = std::max(largest, rows.values[r * 3 + 1]);
  }
  EXPECT_EQ(cuts.num_bins(1), static_cast<std::uint32_t>(largest) + 1);
  for (std::uint32_t code = 0; code <= static_cast<std::uint32_t>(largest); ++code)
    EXPECT_EQ(cuts.bin_of(1, static_cast<float>(code)), code);
  EXPECT_LE(cuts.num_bins(2), 16u);
}

}  // namespace
}  // namespace dpt::gbdt
