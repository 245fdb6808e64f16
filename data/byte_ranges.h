#pragma once
// Cutting a channel into contiguous shards. The sorted files are one byte stream; part p of n
// owns the records whose first byte lies in [total*p/n, total*(p+1)/n). Every part computes the
// same cut points, so the parts never overlap and never miss a record, and the record order is
// the file order (which is what makes global row ids independent of the number of parts).
// Files that cannot be entered in the middle (gzip) have one record start: their first byte, so
// they are split by file.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace dpt::data {

struct FilePiece {
  std::size_t file = 0;     // index into the file list
  std::uint64_t begin = 0;  // byte range inside that file
  std::uint64_t end = 0;
};

struct StreamLayout {
  std::vector<std::uint64_t> sizes;  // bytes per file
  std::vector<bool> splittable;      // false: only the file start is a record start
};

// Returns the first record start at or after `offset` inside file `file` (offset > 0), or the
// file size when none follows.
using RecordStartFinder = std::function<std::uint64_t(std::size_t file, std::uint64_t offset)>;

std::vector<FilePiece> pieces_of_part(const StreamLayout& layout, int part, int parts,
                                      const RecordStartFinder& next_record_start);

// Text files: the first byte after the first '\n' at or after offset-1.
std::uint64_t next_line_start(const char* data, std::uint64_t size, std::uint64_t offset);

// Rows [begin, end) of `total` records that part p of n owns (records of known count).
struct RowRange {
  std::uint64_t begin = 0, end = 0;
};
RowRange rows_of_part(std::uint64_t total, int part, int parts);

}  // namespace dpt::data
