// The JSON model format: XGBoost's own files read and re-written byte for byte, our models
// round-tripped, and every kind of bad file refused with the file and the key in the message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/error.h"
#include "models/gbdt/model/model_json.h"
#include "test_models.h"

namespace dpt::gbdt {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string fixture(const std::string& name) {
  return read_text(fs::path(DPT_PREDICT_TEST_DATA) / name);
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The UserError message of parsing `text`, or "" when it parsed.
std::string parse_error(const std::string& text) {
  try {
    model_from_json(text, "bad.json");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

Model sample_model() {
  Model m;
  m.objective = "multi:softprob";
  m.num_class = 2;
  m.num_feature = 3;
  m.base_score = 0.25f;
  m.trees = {testing::stump(0, 0.1f, -0.3f, 0.7f, true), testing::stump(2, -1e-7f, 1e-30f, 3e12f, false)};
  m.tree_info = {0, 1};
  m.attributes = {{"best_iteration", "0"}, {"note", "quote \" and \\ escaped"}};
  m.feature_names = {"a", "b", "c"};
  m.feature_types = {"float", "float", "float"};
  return m;
}

TEST(ModelJson, RewritesXgboostFilesByteForByte) {
  for (const char* name : {"xgboost_binary_logistic.json", "xgboost_softprob_forest.json"}) {
    const std::string text = fixture(name);
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_EQ(model_to_json(model_from_json(text, name)), text) << name;
  }
}

TEST(ModelJson, ReadsXgboostFields) {
  const Model forest = model_from_json(fixture("xgboost_softprob_forest.json"), "forest");
  EXPECT_EQ(forest.objective, "multi:softprob");
  EXPECT_EQ(forest.num_class, 3);
  EXPECT_EQ(forest.num_feature, 3);
  EXPECT_EQ(forest.num_parallel_tree, 2);
  EXPECT_EQ(forest.trees.size(), 12u);
  EXPECT_EQ(forest.tree_info, (std::vector<int>{0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(forest.trees_per_round(), 6);
  const Model binary = model_from_json(fixture("xgboost_binary_logistic.json"), "binary");
  EXPECT_FLOAT_EQ(binary.base_score, 0.3f);
  EXPECT_FALSE(binary.boost_from_average);
}

TEST(ModelJson, AcceptsBracketedBaseScore) {
  const std::string text = replace_once(fixture("xgboost_binary_logistic.json"),
                                        R"("base_score":"3E-1")", R"("base_score":"[3E-1]")");
  EXPECT_EQ(model_from_json(text, "m.json").base_score, 0.3f);
}

TEST(ModelJson, RoundTripsOurModelsExactly) {
  const Model m = sample_model();
  const std::string text = model_to_json(m);
  const Model back = model_from_json(text, "ours");
  EXPECT_EQ(model_to_json(back), text);
  EXPECT_EQ(back.base_score, m.base_score);
  EXPECT_EQ(back.trees[1].split_condition, m.trees[1].split_condition);
  EXPECT_EQ(back.attributes, m.attributes);
  EXPECT_EQ(back.feature_names, m.feature_names);
  EXPECT_NE(text.find(R"("softmax_multiclass_param":{"num_class":"2"})"), std::string::npos);
}

TEST(ModelJson, FloatsUseXgboostSpellingAndRoundTrip) {
  EXPECT_EQ(format_float(0.5f), "5E-1");
  EXPECT_EQ(format_float(200.0f), "2E2");
  EXPECT_EQ(format_float(0.0f), "0E0");
  EXPECT_EQ(format_float(-0.5353929f), "-5.353929E-1");
  EXPECT_EQ(format_param_float(0.7f), "0.699999988");
  EXPECT_EQ(format_param_float(1.0f), "1");
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const float v = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
    if (!std::isfinite(v)) continue;
    const std::string s = format_float(v);
    float back = 0;
    std::from_chars(s.data(), s.data() + s.size(), back);
    ASSERT_EQ(std::bit_cast<std::uint32_t>(back), std::bit_cast<std::uint32_t>(v)) << s;
  }
}

TEST(ModelJson, RefusesWhatIsNotAModel) {
  EXPECT_NE(parse_error("{\n  \"learner\": [1,\n  2,,]}").find("bad.json:3:"), std::string::npos);
  EXPECT_NE(parse_error("binf\x01\x02").find("binary"), std::string::npos);
  const std::string other = parse_error(R"({"name": "not a model"})");
  EXPECT_NE(other.find("bad.json: key 'learner'"), std::string::npos) << other;
  const std::string base = fixture("xgboost_binary_logistic.json");
  const std::string unknown = parse_error(replace_once(base, "binary:logistic", "reg:unheard_of"));
  EXPECT_NE(unknown.find("learner.objective.name"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("reg:unheard_of"), std::string::npos) << unknown;
  const std::string no_param =
      parse_error(replace_once(base, R"("num_feature":"3","num_target")", R"("num_target")"));
  EXPECT_NE(no_param.find("learner.learner_model_param.num_feature"), std::string::npos) << no_param;
  const std::string bad_score = parse_error(replace_once(base, R"("3E-1")", R"("abc")"));
  EXPECT_NE(bad_score.find("base_score"), std::string::npos) << bad_score;
}

TEST(ModelJson, RefusesBrokenTrees) {
  const std::string base = fixture("xgboost_binary_logistic.json");
  const auto at = base.find("\"left_children\":[");
  ASSERT_NE(at, std::string::npos);
  std::string text = base;
  text.insert(at + 17, "1,");  // one entry too many
  const std::string msg = parse_error(text);
  EXPECT_NE(msg.find("trees[0]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("left_children"), std::string::npos) << msg;

  Model cyclic = sample_model();
  cyclic.trees[0].left = {1, 0, -1};  // node 1 points back at the root
  cyclic.trees[0].right = {2, 2, -1};
  EXPECT_THROW(model_to_json(cyclic), UserError);
  Model categorical = sample_model();
  std::string cat = replace_once(model_to_json(categorical), R"("split_type":[0,0,0])",
                                 R"("split_type":[1,0,0])");
  // A categorical split (split_type 1) without its category list.
  const std::string no_categories = parse_error(cat);
  EXPECT_NE(no_categories.find("categor"), std::string::npos) << no_categories;
  Model wrong_class = sample_model();
  wrong_class.tree_info = {0, 2};
  EXPECT_THROW(model_to_json(wrong_class), UserError);
}

TEST(ModelJson, SavesAndLoadsFilesAndFolders) {
  const fs::path dir = fs::temp_directory_path() / ("dpt_model_json_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const Model m = sample_model();
  save_model(m, dir / "xgboost-model");
  EXPECT_FALSE(fs::exists(dir / "xgboost-model.tmp"));
  EXPECT_EQ(read_text(dir / "xgboost-model"), model_to_json(m));
  EXPECT_EQ(model_to_json(load_model(dir)), model_to_json(m));  // a model folder
  fs::rename(dir / "xgboost-model", dir / "model.json");
  EXPECT_EQ(load_model(dir).trees.size(), 2u);  // its only file
  try {
    load_model(dir / "missing.json");
    FAIL() << "no error for a missing file";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dpt::gbdt
