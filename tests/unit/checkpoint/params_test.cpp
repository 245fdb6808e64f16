// Checkpoint hyperparameters and the training fingerprint that refuses foreign checkpoints.
#include <gtest/gtest.h>

#include "common/error.h"
#include "worker/checkpoint_params.h"

namespace dpt {
namespace {

ParamValues values(std::map<std::string, std::vector<std::string>> text) {
  ParamValues v;
  v.text = std::move(text);
  return v;
}

TEST(CheckpointParams, DeclaresTheJobLevelParameters) {
  auto specs = checkpoint_param_specs();
  ASSERT_EQ(specs.size(), 3u);
  EXPECT_EQ(specs[0].name, "checkpoint_interval");
  EXPECT_EQ(specs[0].default_value, "1");
  EXPECT_EQ(specs[1].name, "checkpoints_to_keep");
  EXPECT_EQ(specs[1].default_value, "5");
  EXPECT_EQ(specs[2].name, "fresh_start");
  EXPECT_EQ(specs[2].type, ParamType::boolean);
}

TEST(CheckpointParams, DueOnTheIntervalAndAlwaysWhenStopping) {
  CheckpointSettings s;
  s.interval = 3;
  EXPECT_FALSE(s.due(1, false));
  EXPECT_FALSE(s.due(2, false));
  EXPECT_TRUE(s.due(3, false));
  EXPECT_TRUE(s.due(2, true));
  EXPECT_TRUE(s.due(6, false));
}

TEST(TrainingFingerprint, SameJobSameText) {
  TrainingFingerprint a(values({{"eta", {"0.3"}}, {"max_depth", {"6"}}}), {});
  TrainingFingerprint b(values({{"max_depth", {"6"}}, {"eta", {"0.3"}}}), {});
  a.add_data_shape("train", 1000, 10);
  b.add_data_shape("train", 1000, 10);
  EXPECT_EQ(a.text(), b.text());
  EXPECT_NO_THROW(b.require_match(a.text(), "ckpt.3"));
}

TEST(TrainingFingerprint, IgnoresCheckpointAndResultNeutralParameters) {
  TrainingFingerprint a(values({{"eta", {"0.3"}}, {"num_round", {"10"}},
                                {"checkpoint_interval", {"1"}}, {"fresh_start", {"false"}}}),
                        {"num_round"});
  TrainingFingerprint b(values({{"eta", {"0.3"}}, {"num_round", {"50"}},
                                {"checkpoints_to_keep", {"2"}}}),
                        {"num_round"});
  EXPECT_EQ(a.text(), b.text());
}

TEST(TrainingFingerprint, RefusalNamesTheDifferencesAndTheFreshStartFlag) {
  TrainingFingerprint saved(values({{"eta", {"0.3"}}, {"eval_metric", {"rmse", "mae"}}}), {});
  saved.add_data_shape("train", 1000, 10);
  TrainingFingerprint now(values({{"eta", {"0.1"}}, {"eval_metric", {"rmse", "mae"}}}), {});
  now.add_data_shape("train", 1000, 11);
  try {
    now.require_match(saved.text(), "/ckpt/xgboost-checkpoint.4");
    FAIL() << "expected a refusal";
  } catch (const UserError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("/ckpt/xgboost-checkpoint.4"), std::string::npos) << m;
    EXPECT_NE(m.find("eta: checkpoint \"0.3\", this job \"0.1\""), std::string::npos) << m;
    EXPECT_NE(m.find("train"), std::string::npos) << m;
    EXPECT_NE(m.find("fresh_start=true"), std::string::npos) << m;
    EXPECT_EQ(m.find("eval_metric"), std::string::npos) << m;
  }
}

TEST(TrainingFingerprint, UnreadableSavedFingerprintIsRefused) {
  TrainingFingerprint now(values({{"eta", {"0.3"}}}), {});
  EXPECT_THROW(now.require_match("not json", "c.1"), UserError);
}

}  // namespace
}  // namespace dpt
