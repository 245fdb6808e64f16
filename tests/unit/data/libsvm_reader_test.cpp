#include "data/libsvm_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/text_error.h"

namespace dpt::data {
namespace {

Dataset parse_libsvm(const std::string& text, bool has_label = true, std::uint64_t* features = nullptr) {
  Dataset out;
  LibsvmParser parser(has_label, out);
  parser.parse(text.data(), text.data() + text.size());
  if (features) *features = parser.num_features();
  out.num_features = parser.num_features();
  return out;
}

std::string libsvm_error(const std::string& text, std::size_t* column = nullptr) {
  try {
    parse_libsvm(text);
  } catch (const TextError& e) {
    const char* line = e.where;
    while (line > text.data() && line[-1] != '\n') --line;
    if (column) *column = static_cast<std::size_t>(e.where - line) + 1;
    return e.what;
  }
  return "";
}

TEST(LibsvmReader, ReadsCsrRows) {
  std::uint64_t features = 0;
  const Dataset d = parse_libsvm("1 0:0.5 3:2\n0\n2 1:-1 # comment\n\n", true, &features);
  EXPECT_FALSE(d.dense);
  ASSERT_EQ(d.num_rows, 3u);
  EXPECT_EQ(features, 4u);
  EXPECT_EQ(d.labels, (std::vector<float>{1, 0, 2}));
  EXPECT_EQ(d.row_ptr, (std::vector<std::uint64_t>{0, 2, 2, 3}));
  EXPECT_EQ(d.col_index, (std::vector<std::uint32_t>{0, 3, 1}));
  EXPECT_EQ(d.values, (std::vector<float>{0.5f, 2, -1}));
  // Absent entries are missing, an explicit zero is a value.
  EXPECT_TRUE(std::isnan(d.at(0, 1)));
  EXPECT_EQ(d.at(0, 3), 2.0f);
}

TEST(LibsvmReader, SortsTokensAndRefusesDuplicates) {
  const Dataset d = parse_libsvm("1 5:1 2:2 9:3\n");
  EXPECT_EQ(d.col_index, (std::vector<std::uint32_t>{2, 5, 9}));
  EXPECT_EQ(d.values, (std::vector<float>{2, 1, 3}));
  EXPECT_NE(libsvm_error("1 2:1 2:3\n").find("appears twice"), std::string::npos);
}

TEST(LibsvmReader, LabelWeightsAndQid) {
  const Dataset d = parse_libsvm("1 qid:3 0:1\n0:2.5 qid:3 1:1\n");
  EXPECT_EQ(d.weights, (std::vector<float>{1, 2.5f}));
  EXPECT_EQ(d.labels, (std::vector<float>{1, 0}));
  EXPECT_EQ(d.col_index, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_NE(libsvm_error("1:-2 0:1\n").find("weight"), std::string::npos);
}

TEST(LibsvmReader, WithoutLabels) {
  const Dataset d = parse_libsvm("0:1 2:3\n1:4\n", false);
  EXPECT_TRUE(d.labels.empty());
  EXPECT_EQ(d.num_rows, 2u);
  EXPECT_EQ(d.col_index, (std::vector<std::uint32_t>{0, 2, 1}));
}

TEST(LibsvmReader, BadTokensNameTheColumn) {
  std::size_t col = 0;
  EXPECT_NE(libsvm_error("1 0:1\n1 3\n", &col).find("no ':'"), std::string::npos);
  EXPECT_EQ(col, 3u);
  EXPECT_NE(libsvm_error("1 -3:1\n", &col).find("negative feature index"), std::string::npos);
  EXPECT_NE(libsvm_error("1 1.5:1\n").find("non-negative integer"), std::string::npos);
  EXPECT_NE(libsvm_error("1 a:1\n").find("non-negative integer"), std::string::npos);
  EXPECT_NE(libsvm_error("1 2:x\n", &col).find("expected a number after '2:'"), std::string::npos);
  EXPECT_EQ(col, 5u);
  EXPECT_NE(libsvm_error("1 99999999999:1\n").find("too large"), std::string::npos);
}

TEST(LibsvmReader, BadLabels) {
  EXPECT_NE(libsvm_error("nan 0:1\n").find("finite"), std::string::npos);
  EXPECT_NE(libsvm_error("-inf 0:1\n").find("finite"), std::string::npos);
  EXPECT_NE(libsvm_error("abc 0:1\n").find("expected a label"), std::string::npos);
  EXPECT_NE(libsvm_error(std::string("\x01\x02\x03 0:1\n")).find("binary"), std::string::npos);
}

}  // namespace
}  // namespace dpt::data
