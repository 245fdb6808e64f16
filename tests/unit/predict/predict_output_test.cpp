// The lines `dptrain predict` writes (csv, and jsonlines in the shape of SageMaker's XGBoost
// container) and the parsing of its options.
#include <gtest/gtest.h>

#include "common/error.h"
#include "worker/predict_options.h"
#include "worker/predict_output.h"

namespace dpt {
namespace {

gbdt::Model model_for(const std::string& objective, int num_class = 0) {
  gbdt::Model m;
  m.objective = objective;
  m.num_class = num_class;
  return m;
}

std::string jsonl(const std::string& objective, std::vector<float> values, std::size_t rows,
                  int num_class = 0, bool margin = false) {
  return format_tree_predictions(model_for(objective, num_class), values, rows, margin,
                                 PredictAccept::jsonlines);
}

TEST(PredictOutput, CsvHasOneLinePerRow) {
  const std::vector<float> probs = {0.25f, 0.75f, 1.0f, 0.0f};
  EXPECT_EQ(format_tree_predictions(model_for("multi:softprob", 2), probs, 2, false, PredictAccept::csv),
            "0.25,0.75\n1,0\n");
  EXPECT_EQ(format_tree_predictions(model_for("multi:softmax", 3), std::vector<float>{2, 0}, 2,
                                    false, PredictAccept::csv),
            "2\n0\n");
  EXPECT_EQ(format_tree_predictions(model_for("reg:squarederror"), std::vector<float>{}, 0, false,
                                    PredictAccept::csv),
            "");
}

TEST(PredictOutput, JsonLinesFollowSageMakerKeys) {
  EXPECT_EQ(jsonl("reg:squarederror", {1.5f}, 1), "{\"predicted_score\":1.5}\n");
  EXPECT_EQ(jsonl("count:poisson", {3.0f}, 1), "{\"predicted_score\":3}\n");
  EXPECT_EQ(jsonl("binary:logistic", {0.75f}, 1),
            "{\"predicted_label\":1,\"probability\":0.75,\"probabilities\":[0.25,0.75]}\n");
  EXPECT_EQ(jsonl("binary:logitraw", {-0.5f}, 1), "{\"predicted_label\":0,\"raw_score\":-0.5}\n");
  EXPECT_EQ(jsonl("multi:softmax", {2.0f}, 1, 3), "{\"predicted_label\":2}\n");
  EXPECT_EQ(jsonl("multi:softprob", {0.125f, 0.5f, 0.375f}, 1, 3),
            "{\"predicted_label\":1,\"probability\":0.5,\"probabilities\":[0.125,0.5,0.375]}\n");
  EXPECT_EQ(jsonl("multi:softprob", {0.5f, -1.0f}, 1, 2, true), "{\"raw_scores\":[0.5,-1]}\n");
  EXPECT_EQ(jsonl("binary:logistic", {0.5f}, 1, 0, true), "{\"raw_score\":0.5}\n");
}

TEST(PredictOutput, NetworkOutputs) {
  const std::vector<float> scores = {0.1f, 0.9f, 0.7f, 0.3f};
  EXPECT_EQ(format_network_outputs(scores, 2, 2, PredictAccept::jsonlines),
            "{\"predicted_label\":1,\"scores\":[0.1,0.9]}\n{\"predicted_label\":0,\"scores\":[0.7,0.3]}\n");
  EXPECT_EQ(format_network_outputs(std::vector<float>{2.5f}, 1, 1, PredictAccept::jsonlines),
            "{\"score\":2.5}\n");
  EXPECT_EQ(format_network_outputs(scores, 2, 2, PredictAccept::csv), "0.1,0.9\n0.7,0.3\n");
}

TEST(PredictOptions, ParsesAndRefuses) {
  const auto args = parse_predict_args({"--model", "m.json", "--data", "d", "--has-label",
                                        "--accept", "application/jsonlines", "--iteration-range",
                                        "2:5", "--output-margin", "--nthread", "3"});
  EXPECT_EQ(args.model, "m.json");
  EXPECT_TRUE(args.has_label);
  EXPECT_EQ(args.accept, PredictAccept::jsonlines);
  EXPECT_EQ(args.iteration_range, (std::pair<int, int>{2, 5}));
  EXPECT_TRUE(args.output_margin);
  EXPECT_EQ(args.nthread, 3);
  EXPECT_FALSE(args.torchscript());
  EXPECT_TRUE(parse_predict_args({"--model", "net.pt", "--data", "d"}).torchscript());
  EXPECT_TRUE(parse_predict_args({"--help"}).help);
  EXPECT_THROW(parse_predict_args({"--data", "d"}), UserError);
  EXPECT_THROW(parse_predict_args({"--model", "m", "--data", "d", "--iteration-range", "5:2"}), UserError);
  EXPECT_THROW(parse_predict_args({"--model", "m", "--data", "d", "--iteration-range", "x"}), UserError);
  EXPECT_THROW(parse_predict_args({"--model", "m", "--data", "d", "--accept", "text/html"}), UserError);
  EXPECT_THROW(parse_predict_args({"--model", "m", "--data", "d", "--bogus"}), UserError);
  EXPECT_THROW(parse_predict_args({"--model", "n.pt", "--data", "d", "--output-margin"}), UserError);
}

}  // namespace
}  // namespace dpt
