#include <gtest/gtest.h>

#include <stdexcept>

#include "common/error.h"
#include "common/param_resolve.h"

namespace dpt {
namespace {

ParamSpec declare(std::string name, ParamType type, std::string default_value = "") {
  ParamSpec s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(default_value);
  s.help = "what " + s.name + " does";
  return s;
}

std::vector<ParamSpec> specs() {
  auto eta = declare("eta", ParamType::real, "0.3");
  eta.min = 0;
  eta.max = 1;
  eta.aliases = {"learning_rate"};
  auto depth = declare("max_depth", ParamType::integer, "6");
  depth.min = 0;
  auto objective = declare("objective", ParamType::string, "reg:squarederror");
  objective.choices = {"reg:squarederror", "multi:softmax", "binary:logistic"};
  auto metric = declare("eval_metric", ParamType::string);
  metric.repeatable = true;
  return {eta, depth, objective, declare("batch_size", ParamType::integer), metric,
          declare("num_class", ParamType::integer)};
}

ParamSource file(std::vector<std::pair<std::string, std::string>> entries) {
  return ParamSource{"/ml/input/config/hyperparameters.json", false, std::move(entries)};
}

ParamSource flags(std::vector<std::pair<std::string, std::string>> entries) {
  return ParamSource{"command line", true, std::move(entries)};
}

std::string error_of(const std::vector<ParamSource>& sources, const ParamScope& scope = {}) {
  try {
    resolve_params(specs(), sources, scope);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Params, DefaultsApplyWhenNothingIsGiven) {
  auto v = resolve_params(specs(), {});
  EXPECT_DOUBLE_EQ(v.real("eta"), 0.3);
  EXPECT_EQ(v.integer("max_depth"), 6);
  EXPECT_FALSE(v.given("eta"));
  EXPECT_FALSE(v.has("batch_size"));
  EXPECT_THROW(v.integer("batch_size"), std::logic_error);
  EXPECT_THROW(v.integer("never_declared"), std::logic_error);
}

TEST(Params, CommandLineBeatsFileBeatsDefault) {
  auto v = resolve_params(specs(), {file({{"eta", "0.1"}, {"max_depth", "3"}}), flags({{"eta", "0.05"}})});
  EXPECT_DOUBLE_EQ(v.real("eta"), 0.05);
  EXPECT_EQ(v.integer("max_depth"), 3);
  EXPECT_TRUE(v.given("max_depth"));
}

TEST(Params, JsonQuotedStringsAreUnquoted) {
  auto v = resolve_params(specs(), {file({{"objective", "\"multi:softmax\""}, {"num_class", "\"10\""}})});
  EXPECT_EQ(v.str("objective"), "multi:softmax");
  EXPECT_EQ(v.integer("num_class"), 10);
}

TEST(Params, HyphenAndUnderscoreAreTheSameName) {
  auto v = resolve_params(specs(), {flags({{"batch-size", "64"}, {"max-depth", "2"}})});
  EXPECT_EQ(v.integer("batch_size"), 64);
  EXPECT_EQ(v.integer("max_depth"), 2);
  EXPECT_NE(error_of({file({{"max_depth", "3"}, {"max-depth", "4"}})}).find("given twice"), std::string::npos);
}

TEST(Params, AliasesNameTheCanonicalParameter) {
  auto v = resolve_params(specs(), {file({{"learning_rate", "0.2"}})});
  EXPECT_DOUBLE_EQ(v.real("eta"), 0.2);
  EXPECT_TRUE(v.given("eta"));
}

TEST(Params, SagemakerKeysAreIgnored) {
  auto v = resolve_params(specs(), {file({{"sagemaker_program", "train.py"},
                                          {"sagemaker_mpi_num_of_processes_per_host", "2"},
                                          {"_tuning_objective_metric", "validation:rmse"}})});
  EXPECT_FALSE(v.given("eta"));
}

TEST(Params, RepeatableParametersAccumulateWithinTheWinningSource) {
  auto v = resolve_params(specs(), {file({{"eval_metric", "mae"}}),
                                    flags({{"eval_metric", "rmse"}, {"eval-metric", "auc,error"}})});
  EXPECT_EQ(v.strings("eval_metric"), (std::vector<std::string>{"rmse", "auc", "error"}));
}

TEST(Params, WrongTypeNamesSourceAndKey) {
  const auto e = error_of({file({{"max_depth", "abc"}})});
  EXPECT_NE(e.find("hyperparameters.json"), std::string::npos) << e;
  EXPECT_NE(e.find("max_depth"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer"), std::string::npos) << e;
}

TEST(Params, OutOfRangeOnTheCommandLineNamesTheFlag) {
  const auto e = error_of({flags({{"eta", "2"}})});
  EXPECT_NE(e.find("command line: --eta 2"), std::string::npos) << e;
  EXPECT_NE(e.find("[0, 1]"), std::string::npos) << e;
}

TEST(Params, NotInChoicesListsTheChoices) {
  const auto e = error_of({file({{"objective", "multi:softmx"}})});
  EXPECT_NE(e.find("one of: reg:squarederror, multi:softmax"), std::string::npos) << e;
}

TEST(Params, UnknownNamesGetASuggestion) {
  EXPECT_NE(error_of({file({{"max_dept", "3"}})}).find("did you mean \"max_depth\""), std::string::npos);
  EXPECT_NE(error_of({flags({{"learnin-rate", "3"}})}).find("did you mean \"learning_rate\""), std::string::npos);
  const auto far = error_of({file({{"zzzzzz", "1"}})});
  EXPECT_NE(far.find("unknown hyperparameter \"zzzzzz\""), std::string::npos) << far;
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
}

TEST(Params, ParametersOfAnotherJobAreNamedAsSuch) {
  ParamScope scope{"model gbtree", {{"epochs", "model mlp, cnn or *.pt"}}};
  const auto e = error_of({file({{"epochs", "3"}})}, scope);
  EXPECT_NE(e.find("for model gbtree (it is a hyperparameter of model mlp, cnn or *.pt)"), std::string::npos) << e;
}

TEST(Params, RequiredParametersMustBeGiven) {
  auto declared = specs();
  declared.back().required = true;  // num_class
  try {
    resolve_params(declared, {});
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("missing required hyperparameter \"num_class\""), std::string::npos);
  }
}

TEST(Params, PeekFindsTheHighestSource) {
  const auto model = peek_param({file({{"model", "\"cnn\""}}), flags({{"model", "mlp"}})}, "model");
  ASSERT_TRUE(model);
  EXPECT_EQ(model->value, "mlp");
  EXPECT_EQ(model->source, "command line");
  EXPECT_EQ(peek_param({file({{"model", "\"cnn\""}})}, "model")->value, "cnn");
  EXPECT_FALSE(peek_param({file({{"eta", "1"}})}, "model"));
}

TEST(Params, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("eta", "eta"), 0u);
}

}  // namespace
}  // namespace dpt
