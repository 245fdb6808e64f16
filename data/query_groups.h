#pragma once
// Query groups of ranking data: a libsvm row's `qid:N` token, or a csv column (csv_qid=1). As in
// XGBoost's DMatrix, consecutive rows with the same qid form one group. We add two rules so that
// the groups do not depend on how the files are sharded: a group never spans two files, and a
// qid forms one group only (a qid that comes back after other queries is an error, not a second
// group: it almost always means a shuffled file). Shard cuts move forward to the next group
// start (next_group_start), so a group is never split between ranks.
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_set>

#include "data/dataset.h"

namespace dpt::data {

// Parses the non-negative integer qid at [p, end) (up to a space, tab, line end, '#', or the csv
// delimiter `stop`); nullptr when the field is not such an integer.
const char* parse_qid(const char* p, const char* end, std::uint64_t* out, char stop = '\0');

// What a shard cut needs to know of one line.
struct LineQid {
  bool blank = true;       // no record on this line (empty, spaces, a libsvm comment)
  bool has_qid = false;    // a record with a readable qid
  std::uint64_t qid = 0;
};
using LineQidReader = std::function<LineQid(const char* begin, const char* end)>;

// libsvm: the line's `qid:N` token.
LineQid libsvm_line_qid(const char* begin, const char* end);
// csv: field `column` (0-based) of the line, with the file's delimiter.
LineQid csv_line_qid(const char* begin, const char* end, char delimiter, std::size_t column);

// The first byte of the first line at or after `offset` (as next_line_start) that does not
// continue the group of the record before it: a shard cut that never splits a group. Every rank
// computes the same cut from the same bytes, so neighbouring shards still tile the file.
std::uint64_t next_group_start(const char* data, std::uint64_t size, std::uint64_t offset,
                               const LineQidReader& read);

// Builds Dataset::group_ptr (group starts; the loader appends the end) and group_qid as a
// parser appends rows. Throws TextError (pointing at the row) when some rows have a qid and
// others do not, or when a qid comes back after other queries.
class GroupTracker {
 public:
  explicit GroupTracker(Dataset& out) : out_(out) {}
  void start_file();  // a group never spans files
  // Called for each row before it is counted (out.num_rows is its index); no qid: nullopt.
  void add_row(std::optional<std::uint64_t> qid, const char* row);

 private:
  Dataset& out_;
  bool open_ = false;  // the last group may still grow
  std::unordered_set<std::uint64_t> closed_;  // qids of finished groups
};

}  // namespace dpt::data
