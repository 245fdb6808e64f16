#include "data/csv_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/text_error.h"

namespace dpt::data {
namespace {

// Parses `text` as one whole file and returns the rows.
Dataset parse_csv(const std::string& text, bool has_label = true, bool weights = false) {
  Dataset out;
  CsvParser parser(has_label, weights, out);
  parser.start_file(first_nonblank_line(text.data(), text.data() + text.size()));
  parser.parse(text.data(), text.data() + text.size());
  return out;
}

// The message of the TextError parsing `text` raises, with the column it points at (1-based).
std::string csv_error(const std::string& text, std::size_t* column = nullptr, bool weights = false) {
  try {
    parse_csv(text, true, weights);
  } catch (const TextError& e) {
    const char* line = e.where;
    while (line > text.data() && line[-1] != '\n') --line;
    if (column) *column = static_cast<std::size_t>(e.where - line) + 1;
    return e.what;
  }
  return "";
}

TEST(CsvReader, SniffsDelimiters) {
  EXPECT_EQ(sniff_csv_layout("1,2,3").delimiter, ',');
  EXPECT_EQ(sniff_csv_layout("1,2,3").columns, 3u);
  EXPECT_EQ(sniff_csv_layout("1;2").delimiter, ';');
  EXPECT_EQ(sniff_csv_layout("1\t2\t3\t4").columns, 4u);
  EXPECT_EQ(sniff_csv_layout("1 2  3").delimiter, ' ');
  EXPECT_EQ(sniff_csv_layout("  1 2  3 ").columns, 3u);
}

TEST(CsvReader, ReadsLabelsAndFeatures) {
  const Dataset d = parse_csv("1,0.5,2\n0,-3e2,4.25\r\n\n2,7,8");
  ASSERT_EQ(d.num_rows, 3u);
  EXPECT_EQ(d.num_features, 2u);
  EXPECT_EQ(d.labels, (std::vector<float>{1, 0, 2}));
  EXPECT_EQ(d.values, (std::vector<float>{0.5f, 2, -300, 4.25f, 7, 8}));
  EXPECT_TRUE(d.weights.empty());
}

TEST(CsvReader, OtherDelimitersAndPadding) {
  EXPECT_EQ(parse_csv("1;2;3\n4;5;6\n").values, (std::vector<float>{2, 3, 5, 6}));
  EXPECT_EQ(parse_csv("1\t2\t3\n").values, (std::vector<float>{2, 3}));
  EXPECT_EQ(parse_csv("1 2   3\n 4 5 6 \n").values, (std::vector<float>{2, 3, 5, 6}));
  EXPECT_EQ(parse_csv("1, 2 , 3\n").values, (std::vector<float>{2, 3}));
}

TEST(CsvReader, EmptyFieldIsMissing) {
  const Dataset d = parse_csv("1,,3\n2,4,\n");
  ASSERT_EQ(d.values.size(), 4u);
  EXPECT_TRUE(std::isnan(d.values[0]));
  EXPECT_EQ(d.values[1], 3);
  EXPECT_EQ(d.values[2], 4);
  EXPECT_TRUE(std::isnan(d.values[3]));
}

TEST(CsvReader, WeightsInSecondColumn) {
  const Dataset d = parse_csv("1,0.5,9\n0,2,8\n", true, true);
  EXPECT_EQ(d.weights, (std::vector<float>{0.5f, 2}));
  EXPECT_EQ(d.values, (std::vector<float>{9, 8}));
  EXPECT_EQ(d.num_features, 1u);
  std::size_t col = 0;
  EXPECT_NE(csv_error("1,-1,9\n", &col, true).find("weight"), std::string::npos);
  EXPECT_EQ(col, 3u);
}

TEST(CsvReader, NoLabel) {
  const Dataset d = parse_csv("1,2\n3,4\n", false);
  EXPECT_TRUE(d.labels.empty());
  EXPECT_EQ(d.num_features, 2u);
  EXPECT_EQ(d.values, (std::vector<float>{1, 2, 3, 4}));
}

TEST(CsvReader, ExactIntegersAndRounding) {
  const Dataset d = parse_csv("0,16777217,0.1,+5,1e40,-0\n");
  EXPECT_EQ(d.values[0], 16777216.0f);  // nearest float
  EXPECT_EQ(d.values[1], 0.1f);
  EXPECT_EQ(d.values[2], 5.0f);
  EXPECT_TRUE(std::isinf(d.values[3]));
  EXPECT_TRUE(std::signbit(d.values[4]));
}

TEST(CsvReader, NonNumericFieldNamesColumn) {
  std::size_t col = 0;
  const std::string msg = csv_error("1,2,3\n1,abc,3\n", &col);
  EXPECT_NE(msg.find("expected a number, got 'abc'"), std::string::npos) << msg;
  EXPECT_EQ(col, 3u);
  EXPECT_NE(csv_error("1,2x,3\n", &col).find("'2x'"), std::string::npos);
  EXPECT_NE(csv_error("label,f1\n1,2\n").find("no header"), std::string::npos);
}

TEST(CsvReader, ColumnCountMustMatchFirstRow) {
  EXPECT_NE(csv_error("1,2,3\n1,2\n").find("row has 2 columns, but the first row of the file has 3"),
            std::string::npos);
  EXPECT_NE(csv_error("1,2,3\n1,2,3,4\n").find("more than 3 columns"), std::string::npos);
}

TEST(CsvReader, BadLabels) {
  EXPECT_NE(csv_error("1,2\nnan,3\n").find("label must be a finite number"), std::string::npos);
  EXPECT_NE(csv_error("1,2\ninf,3\n").find("label must be a finite number"), std::string::npos);
  EXPECT_NE(csv_error("1,2\n,3\n").find("missing label"), std::string::npos);
}

TEST(CsvReader, BinaryDataIsNamed) {
  const std::string binary("\x1f\x8b\x08\x00,1\n", 7);
  EXPECT_NE(csv_error("1,2\n" + binary).find("binary data"), std::string::npos);
}

TEST(CsvReader, NeedsAFeatureColumn) {
  EXPECT_NE(csv_error("1\n2\n").find("needs 2 columns"), std::string::npos);
}

}  // namespace
}  // namespace dpt::data
