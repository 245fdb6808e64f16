// Reading real files: byte order marks, gzip streams longer than one buffer, and the line numbers
// of errors found there.
#include "data/text_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "data/csv_reader.h"
#include "data/gzip_stream.h"
#include "temp_files.h"

namespace dpt::data {
namespace {

Dataset read_csv_file(const std::filesystem::path& p) {
  const std::vector<InputFile> files = {{p, std::filesystem::file_size(p), is_gzip_file(p)}};
  Dataset out;
  CsvParser parser(true, false, out);
  read_text_pieces(files, {{0, 0, files[0].size}}, parser);
  return out;
}

std::string rows(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::to_string(i % 3) + "," + std::to_string(i) + ",0.25\n";
  return s;
}

TEST(TextReader, SkipsByteOrderMark) {
  testing::TempDir dir;
  for (bool gz : {false, true}) {
    const std::string text = "\xEF\xBB\xBF" "1,2,3\n4,5,6\n";
    const auto p = gz ? dir.write_gz("bom.csv.gz", text) : dir.write("bom.csv", text);
    const Dataset d = read_csv_file(p);
    EXPECT_EQ(d.num_rows, 2u);
    EXPECT_EQ(d.labels, (std::vector<float>{1, 4}));
  }
}

TEST(TextReader, GzipLongerThanOneBufferKeepsLineNumbers) {
  testing::TempDir dir;
  const std::string good = rows(400000);  // several MiB: crosses the stream buffer
  const auto ok = dir.write_gz("ok.csv.gz", good);
  const Dataset d = read_csv_file(ok);
  ASSERT_EQ(d.num_rows, 400000u);
  EXPECT_EQ(d.values[2 * 399999], 399999.0f);
  const auto bad = dir.write_gz("bad.csv.gz", good + "1,2,zz\n");
  try {
    read_csv_file(bad);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv.gz:400001:5: expected a number, got 'zz'"), std::string::npos)
        << e.what();
  }
}

TEST(TextReader, PlainFileErrorLineNumber) {
  testing::TempDir dir;
  const auto p = dir.write("x.csv", rows(1000) + "1,,3,4\n");
  try {
    read_csv_file(p);
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("x.csv:1001:1: row has more than 3 columns"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dpt::data
