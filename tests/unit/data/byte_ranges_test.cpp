#include "data/byte_ranges.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dpt::data {
namespace {

// Splits the files into `parts` and returns, per part, the text it would parse.
std::vector<std::string> split(const std::vector<std::string>& files, int parts,
                               const std::vector<bool>& splittable = {}) {
  StreamLayout layout;
  for (std::size_t i = 0; i < files.size(); ++i) {
    layout.sizes.push_back(files[i].size());
    layout.splittable.push_back(splittable.empty() || splittable[i]);
  }
  std::vector<std::string> out;
  for (int p = 0; p < parts; ++p) {
    std::string text;
    for (const FilePiece& piece : pieces_of_part(layout, p, parts, [&](std::size_t f, std::uint64_t off) {
           return next_line_start(files[f].data(), files[f].size(), off);
         })) {
      EXPECT_LT(piece.begin, piece.end);
      const std::string& f = files[piece.file];
      // A piece starts at a line start and ends at a line start or the end of the file.
      EXPECT_TRUE(piece.begin == 0 || f[piece.begin - 1] == '\n');
      EXPECT_TRUE(piece.end == f.size() || f[piece.end - 1] == '\n');
      text += f.substr(piece.begin, piece.end - piece.begin) + "|";
    }
    out.push_back(text);
  }
  return out;
}

TEST(ByteRanges, PartsCoverEveryLineOnce) {
  const std::vector<std::string> files = {"aa\nbbbb\nc\n", "", "ddddddd\ne", "f\ng\n"};
  for (int parts = 1; parts <= 12; ++parts) {
    std::string joined;
    for (const std::string& s : split(files, parts)) joined += s;
    // Concatenating the parts in order gives every file's lines, in order, once.
    std::string expected_lines, got_lines;
    for (const auto& f : files) expected_lines += f;
    for (char c : joined) if (c != '|') got_lines += c;
    EXPECT_EQ(got_lines, expected_lines) << parts << " parts";
  }
}

TEST(ByteRanges, CutsAtLineStarts) {
  const auto parts = split({"0123456789\nabc\n"}, 2);  // the cut falls inside the first line
  EXPECT_EQ(parts[0], "0123456789\n|");
  EXPECT_EQ(parts[1], "abc\n|");
}

TEST(ByteRanges, UnsplittableFilesGoWhole) {
  const auto parts = split({"aaaa\nbbbb\n", "cc\ndd\n"}, 3, {false, true});
  EXPECT_EQ(parts[0], "aaaa\nbbbb\n|");
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "cc\ndd\n|");
}

TEST(ByteRanges, MorePartsThanLines) {
  const auto parts = split({"x\n"}, 4);
  int non_empty = 0;
  for (const auto& p : parts) non_empty += !p.empty();
  EXPECT_EQ(non_empty, 1);
}

TEST(ByteRanges, RowsOfPart) {
  std::uint64_t covered = 0;
  for (int p = 0; p < 7; ++p) {
    const RowRange r = rows_of_part(100, p, 7);
    EXPECT_EQ(r.begin, covered);
    covered = r.end;
  }
  EXPECT_EQ(covered, 100u);
  EXPECT_EQ(rows_of_part(2, 3, 4).end - rows_of_part(2, 3, 4).begin, 1u);
}

}  // namespace
}  // namespace dpt::data
