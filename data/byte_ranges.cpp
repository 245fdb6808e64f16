#include "data/byte_ranges.h"

#include <algorithm>
#include <cstring>

namespace dpt::data {
namespace {

std::uint64_t nominal_cut(std::uint64_t total, int part, int parts) {
  // floor(total * part / parts) without overflow: total = q * parts + r.
  const auto p = static_cast<std::uint64_t>(part), n = static_cast<std::uint64_t>(parts);
  return total / n * p + total % n * p / n;
}

// The first record start at or after stream position pos.
std::uint64_t record_start_at_or_after(const StreamLayout& layout, std::uint64_t pos,
                                       const RecordStartFinder& next_record_start) {
  std::uint64_t file_begin = 0;
  for (std::size_t i = 0; i < layout.sizes.size(); ++i) {
    const std::uint64_t file_end = file_begin + layout.sizes[i];
    if (pos < file_end) {
      if (pos == file_begin) return pos;
      if (!layout.splittable[i]) return file_end;
      return file_begin + next_record_start(i, pos - file_begin);
    }
    file_begin = file_end;
  }
  return file_begin;  // the end of the stream
}

}  // namespace

std::vector<FilePiece> pieces_of_part(const StreamLayout& layout, int part, int parts,
                                      const RecordStartFinder& next_record_start) {
  std::uint64_t total = 0;
  for (std::uint64_t s : layout.sizes) total += s;
  const std::uint64_t begin =
      record_start_at_or_after(layout, nominal_cut(total, part, parts), next_record_start);
  const std::uint64_t end =
      record_start_at_or_after(layout, nominal_cut(total, part + 1, parts), next_record_start);
  std::vector<FilePiece> pieces;
  std::uint64_t file_begin = 0;
  for (std::size_t i = 0; i < layout.sizes.size(); ++i) {
    const std::uint64_t file_end = file_begin + layout.sizes[i];
    const std::uint64_t b = std::max(begin, file_begin), e = std::min(end, file_end);
    if (b < e) pieces.push_back({i, b - file_begin, e - file_begin});
    file_begin = file_end;
  }
  return pieces;
}

std::uint64_t next_line_start(const char* data, std::uint64_t size, std::uint64_t offset) {
  if (offset == 0 || offset >= size) return offset >= size ? size : 0;
  if (data[offset - 1] == '\n') return offset;
  const void* nl = std::memchr(data + offset, '\n', size - offset);
  return nl == nullptr ? size : static_cast<std::uint64_t>(static_cast<const char*>(nl) - data) + 1;
}

RowRange rows_of_part(std::uint64_t total, int part, int parts) {
  return {nominal_cut(total, part, parts), nominal_cut(total, part + 1, parts)};
}

}  // namespace dpt::data
