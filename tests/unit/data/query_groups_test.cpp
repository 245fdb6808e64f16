// Query groups: qid tokens and csv columns, the groups they form, and shard cuts that never
// split a group.
#include "data/query_groups.h"

#include <gtest/gtest.h>

#include <string>

#include "data/byte_ranges.h"
#include "data/csv_reader.h"
#include "data/libsvm_reader.h"
#include "data/text_error.h"

namespace dpt::data {
namespace {

Dataset parse_libsvm(const std::string& text) {
  Dataset out;
  LibsvmParser parser(true, out);
  parser.start_file(text);
  parser.parse(text.data(), text.data() + text.size());
  return out;
}

std::string libsvm_error(const std::string& text) {
  try {
    parse_libsvm(text);
  } catch (const TextError& e) {
    return e.what;
  }
  return "";
}

TEST(QueryGroups, ConsecutiveQidsFormGroups) {
  const Dataset d = parse_libsvm("1 qid:7 0:1\n0 qid:7 1:2\n2 qid:3 0:1\n\n# c\n1 1:1 qid:9\n0 qid:9\n");
  EXPECT_EQ(d.num_rows, 5u);
  EXPECT_EQ(d.group_ptr, (std::vector<std::uint64_t>{0, 2, 3}));  // the loader appends the end
  EXPECT_EQ(d.group_qid, (std::vector<std::uint64_t>{7, 3, 9}));
  EXPECT_EQ(d.col_index, (std::vector<std::uint32_t>{0, 1, 0, 1}));
}

TEST(QueryGroups, BadQidsAreRefused) {
  EXPECT_NE(libsvm_error("1 qid:x 0:1\n").find("qid must be a non-negative integer"), std::string::npos);
  EXPECT_NE(libsvm_error("1 qid:1.5 0:1\n").find("qid must be a non-negative integer"), std::string::npos);
  EXPECT_NE(libsvm_error("1 qid:-1 0:1\n").find("qid must be a non-negative integer"), std::string::npos);
  EXPECT_NE(libsvm_error("1 qid:1 qid:1 0:1\n").find("a second qid"), std::string::npos);
  EXPECT_NE(libsvm_error("1 qid:1\n1 0:1\n").find("has no qid"), std::string::npos);
  EXPECT_NE(libsvm_error("1 0:1\n1 qid:1 0:1\n").find("has a qid"), std::string::npos);
  EXPECT_NE(libsvm_error("1 qid:1\n1 qid:2\n0 qid:1\n").find("qid 1 comes back"), std::string::npos);
}

TEST(QueryGroups, GroupsNeverSpanFiles) {
  Dataset out;
  LibsvmParser parser(true, out);
  const std::string a = "1 qid:1\n0 qid:2\n", b = "1 qid:3\n", c = "1 qid:3\n";
  for (const std::string* f : {&a, &b}) {
    parser.start_file(*f);
    parser.parse(f->data(), f->data() + f->size());
  }
  EXPECT_EQ(out.group_ptr, (std::vector<std::uint64_t>{0, 1, 2}));
  parser.start_file(c);  // qid 3 again, in another file: not the same group
  EXPECT_THROW(parser.parse(c.data(), c.data() + c.size()), TextError);
}

TEST(QueryGroups, CsvQidColumn) {
  Dataset out;
  CsvParser parser(true, true, true, out);
  const std::string text = "1,2,5,0.5,1\n0,2,5,0.25,\n1,1,6,1,2\n";
  parser.start_file("1,2,5,0.5,1");
  parser.parse(text.data(), text.data() + text.size());
  EXPECT_EQ(out.num_features, 2u);
  EXPECT_EQ(out.weights, (std::vector<float>{2, 2, 1}));
  EXPECT_EQ(out.group_ptr, (std::vector<std::uint64_t>{0, 2}));
  EXPECT_EQ(out.group_qid, (std::vector<std::uint64_t>{5, 6}));
  EXPECT_EQ(out.values[0], 0.5f);
  Dataset bad;
  CsvParser strict(true, false, true, bad);
  const std::string wrong = "1,q1,0.5\n";
  strict.start_file(wrong);
  try {
    strict.parse(wrong.data(), wrong.data() + wrong.size());
    FAIL() << "a non-integer qid was accepted";
  } catch (const TextError& e) {
    EXPECT_NE(e.what.find("query id (column 2, csv_qid=1) must be a non-negative integer"), std::string::npos);
  }
}

TEST(QueryGroups, LineQids) {
  const std::string l = "1 0:1 qid:42 3:1";
  const LineQid q = libsvm_line_qid(l.data(), l.data() + l.size());
  EXPECT_FALSE(q.blank);
  EXPECT_TRUE(q.has_qid);
  EXPECT_EQ(q.qid, 42u);
  const std::string comment = "  # qid:3";
  EXPECT_TRUE(libsvm_line_qid(comment.data(), comment.data() + comment.size()).blank);
  const std::string csv = "1;0.5;17;3";
  const LineQid c = csv_line_qid(csv.data(), csv.data() + csv.size(), ';', 2);
  EXPECT_TRUE(c.has_qid);
  EXPECT_EQ(c.qid, 17u);
}

// Every cut position gives a cut at a group start, and the cut is the first group start at or
// after the line start that next_line_start gives.
TEST(QueryGroups, CutsMoveToGroupStarts) {
  const std::string text = "1 qid:1 0:1\n0 qid:1 0:2\n\n1 qid:2 0:3\n0 qid:3 0:1\n1 qid:3 0:1\n0 qid:3\n";
  const std::vector<std::uint64_t> starts = {0, text.find("1 qid:2"), text.find("0 qid:3"), text.size()};
  for (std::uint64_t offset = 0; offset <= text.size(); ++offset) {
    const std::uint64_t cut = next_group_start(text.data(), text.size(), offset, libsvm_line_qid);
    const std::uint64_t line = next_line_start(text.data(), text.size(), offset);
    std::uint64_t expected = text.size();
    for (std::uint64_t s : starts)
      if (s >= line) {
        expected = s;
        break;
      }
    // A blank line before a group start belongs to the group before.
    if (line == text.find("\n\n") + 1) expected = text.find("1 qid:2");
    EXPECT_EQ(cut, expected) << "offset " << offset;
  }
  // Without qids the cut is the line start.
  const std::string plain = "1 0:1\n0 0:2\n";
  EXPECT_EQ(next_group_start(plain.data(), plain.size(), 3, libsvm_line_qid), 6u);
}

}  // namespace
}  // namespace dpt::data
