#include <gtest/gtest.h>

#include "common/error.h"
#include "common/param_text.h"

namespace dpt {
namespace {

ParamSpec spec(ParamType type) {
  ParamSpec s;
  s.name = "p";
  s.type = type;
  return s;
}

TEST(ParamText, IntegersAreStrict) {
  EXPECT_EQ(parse_integer(" 42 "), 42);
  EXPECT_EQ(parse_integer("-3"), -3);
  EXPECT_EQ(parse_integer("+7"), 7);
  EXPECT_FALSE(parse_integer("abc"));
  EXPECT_FALSE(parse_integer("4.5"));
  EXPECT_FALSE(parse_integer("12x"));
  EXPECT_FALSE(parse_integer(""));
}

TEST(ParamText, RealsAreFinite) {
  EXPECT_DOUBLE_EQ(*parse_real("0.3"), 0.3);
  EXPECT_DOUBLE_EQ(*parse_real("1e-3"), 1e-3);
  EXPECT_FALSE(parse_real("nan"));
  EXPECT_FALSE(parse_real("inf"));
  EXPECT_FALSE(parse_real("0.3.1"));
}

TEST(ParamText, Booleans) {
  EXPECT_EQ(parse_boolean("True"), true);
  EXPECT_EQ(parse_boolean("0"), false);
  EXPECT_EQ(parse_boolean("no"), false);
  EXPECT_FALSE(parse_boolean("maybe"));
}

TEST(ParamText, ListsAcceptBracketsAndSpaces) {
  EXPECT_EQ(split_list("[64, 32]"), (std::vector<std::string>{"64", "32"}));
  EXPECT_EQ(split_list("(1,2,3)"), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(split_list("auc"), (std::vector<std::string>{"auc"}));
  EXPECT_TRUE(split_list("").empty());
}

TEST(ParamText, UnquotesJsonQuotedStrings) {
  EXPECT_EQ(unquote_param_value("\"multi:softmax\""), "multi:softmax");
  EXPECT_EQ(unquote_param_value("  plain "), "plain");
  EXPECT_EQ(unquote_param_value("\"a\\\"b\""), "a\"b");
  EXPECT_EQ(unquote_param_value("\""), "\"");
}

TEST(ParamText, NormalizeChecksRangeAndType) {
  auto eta = spec(ParamType::real);
  eta.min = 0;
  eta.max = 1;
  eta.min_exclusive = true;
  EXPECT_EQ(normalize_param_value(eta, "0.3"), "0.3");
  EXPECT_THROW(normalize_param_value(eta, "2"), UserError);
  EXPECT_THROW(normalize_param_value(eta, "0"), UserError);
  EXPECT_EQ(normalize_param_value(eta, "1"), "1");
  try {
    normalize_param_value(eta, "2");
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("(0, 1]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(normalize_param_value(spec(ParamType::integer), "abc"), UserError);
  EXPECT_EQ(normalize_param_value(spec(ParamType::boolean), "YES"), "true");
}

TEST(ParamText, ListsValidateEveryElement) {
  auto hidden = spec(ParamType::int_list);
  hidden.min = 1;
  EXPECT_EQ(normalize_param_value(hidden, "[64, 32]"), "64,32");
  EXPECT_THROW(normalize_param_value(hidden, "64,0"), UserError);
  EXPECT_THROW(normalize_param_value(hidden, "64,x"), UserError);
  EXPECT_THROW(normalize_param_value(hidden, ""), UserError);
  auto metrics = spec(ParamType::string_list);
  metrics.choices = {"auc", "rmse"};
  EXPECT_EQ(normalize_param_value(metrics, "auc,rmse"), "auc,rmse");
  EXPECT_THROW(normalize_param_value(metrics, "auc,mae"), UserError);
}

TEST(ParamText, DescribesRanges) {
  ParamSpec s = spec(ParamType::real);
  EXPECT_EQ(describe_param_range(s), "");
  s.min = 0;
  EXPECT_EQ(describe_param_range(s), ">= 0");
  s.max = 1;
  s.max_exclusive = true;
  EXPECT_EQ(describe_param_range(s), "[0, 1)");
  s.choices = {"a", "b"};
  EXPECT_EQ(describe_param_range(s), "one of: a, b");
  EXPECT_EQ(describe_param_type(ParamType::int_list), "list of integers");
}

}  // namespace
}  // namespace dpt
