#include "data/query_groups.h"

#include <cstring>
#include <string>

#include "data/byte_ranges.h"
#include "data/text_error.h"

namespace dpt::data {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The line [begin, end) without its '\n'.
const char* line_end(const char* data, std::uint64_t size, std::uint64_t at) {
  const void* nl = std::memchr(data + at, '\n', size - at);
  return nl == nullptr ? data + size : static_cast<const char*>(nl);
}

}  // namespace

const char* parse_qid(const char* p, const char* end, std::uint64_t* out, char stop) {
  std::uint64_t v = 0;
  const char* q = p;
  for (; q < end && static_cast<unsigned>(*q - '0') < 10; ++q) {
    const auto digit = static_cast<unsigned>(*q - '0');
    if (v > (UINT64_MAX - digit) / 10) return nullptr;  // does not fit 64 bits
    v = v * 10 + digit;
  }
  if (q == p) return nullptr;
  if (q < end && !(is_space(*q) || *q == '\n' || *q == '#' || (stop != '\0' && *q == stop))) return nullptr;
  *out = v;
  return q;
}

LineQid libsvm_line_qid(const char* begin, const char* end) {
  LineQid out;
  const char* p = begin;
  while (p < end && is_space(*p)) ++p;
  if (p == end || *p == '#') return out;
  out.blank = false;
  while (p < end && *p != '#') {
    if (end - p >= 4 && std::memcmp(p, "qid:", 4) == 0 && (p == begin || is_space(p[-1]))) {
      out.has_qid = parse_qid(p + 4, end, &out.qid) != nullptr;
      return out;
    }
    ++p;
  }
  return out;
}

LineQid csv_line_qid(const char* begin, const char* end, char delimiter, std::size_t column) {
  LineQid out;
  const char* p = begin;
  while (p < end && is_space(*p)) ++p;
  if (p == end) return out;
  out.blank = false;
  for (std::size_t c = 0; c < column && p < end; ++c) {
    if (delimiter == ' ') {  // runs of spaces are one separator
      while (p < end && !is_space(*p)) ++p;
      while (p < end && is_space(*p)) ++p;
    } else {
      const void* d = std::memchr(p, delimiter, static_cast<std::size_t>(end - p));
      p = d == nullptr ? end : static_cast<const char*>(d) + 1;
    }
  }
  while (p < end && is_space(*p) && *p != delimiter) ++p;
  out.has_qid = p < end && parse_qid(p, end, &out.qid, delimiter) != nullptr;
  return out;
}

std::uint64_t next_group_start(const char* data, std::uint64_t size, std::uint64_t offset,
                               const LineQidReader& read) {
  std::uint64_t at = next_line_start(data, size, offset);
  if (at == 0 || at >= size) return at;
  // The record before the cut: walk back over blank lines (at - 1 is a '\n').
  LineQid previous;
  for (std::uint64_t stop = at - 1;;) {
    std::uint64_t start = stop;
    while (start > 0 && data[start - 1] != '\n') --start;
    previous = read(data + start, data + stop);
    if (!previous.blank || start == 0) break;
    stop = start - 1;
  }
  if (!previous.has_qid) return at;
  // Step over the rest of its group (and blank lines inside it).
  while (at < size) {
    const char* e = line_end(data, size, at);
    const LineQid line = read(data + at, e);
    if (!line.blank && !(line.has_qid && line.qid == previous.qid)) return at;
    at = static_cast<std::uint64_t>(e - data) + (e < data + size ? 1 : 0);
  }
  return size;
}

void GroupTracker::start_file() {
  if (open_) closed_.insert(out_.group_qid.back());
  open_ = false;
}

void GroupTracker::add_row(std::optional<std::uint64_t> qid, const char* row) {
  const std::uint64_t r = out_.num_rows;
  const bool grouped = !out_.group_ptr.empty();
  if (r > 0 && grouped != qid.has_value()) {
    throw TextError{row, qid ? "this row has a qid, but the rows before it have none (a ranking file "
                               "needs the query id on every row)"
                             : "this row has no qid, but the rows before it have one (a ranking file "
                               "needs the query id on every row)"};
  }
  if (!qid) return;
  if (open_ && *qid == out_.group_qid.back()) return;  // the group goes on
  if (open_) closed_.insert(out_.group_qid.back());
  if (closed_.contains(*qid)) {
    throw TextError{row, "qid " + std::to_string(*qid) + " comes back after rows of other queries "
                         "(or in another file); the rows of one query must be consecutive, in one "
                         "file: sort the rows by qid"};
  }
  out_.group_ptr.push_back(r);
  out_.group_qid.push_back(*qid);
  open_ = true;
}

}  // namespace dpt::data
