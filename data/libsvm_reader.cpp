#include "data/libsvm_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "data/number_parse.h"
#include "data/storage_growth.h"
#include "data/text_error.h"

namespace dpt::data {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool ends_token(const char* p, const char* end) {
  return p == end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '#';
}
const char* skip_spaces(const char* p, const char* end) {
  while (p < end && (is_space(*p) || *p == '\r')) ++p;
  return p;
}
const char* skip_to_line_end(const char* p, const char* end) {
  while (p < end && *p != '\n') ++p;
  return p;
}

// Largest index that still fits the uint32 column storage.
constexpr std::uint64_t kMaxIndex = std::numeric_limits<std::uint32_t>::max() - 1;

}  // namespace

LibsvmParser::LibsvmParser(bool has_label, Dataset& out) : has_label_(has_label), out_(out), groups_(out) {
  out_.dense = false;
  if (out_.row_ptr.empty()) out_.row_ptr.push_back(0);
}

// Every entry has a ':', so counting them bounds the entries.
void LibsvmParser::count(const char* begin, const char* end) {
  counted_lines_ += count_lines(begin, end);
  counted_colons_ += static_cast<std::size_t>(std::count(begin, end, ':'));
}

void LibsvmParser::reserve_counted(double scale) {
  const auto lines = static_cast<std::size_t>(static_cast<double>(counted_lines_) * scale);
  const auto colons = static_cast<std::size_t>(static_cast<double>(counted_colons_) * scale);
  grow_for(out_.labels, has_label_ ? lines : 0);
  grow_for(out_.row_ptr, lines);
  grow_for(out_.values, colons);
  grow_for(out_.col_index, colons);
  counted_lines_ = counted_colons_ = 0;
}

void LibsvmParser::parse(const char* begin, const char* end) {
  const char* p = begin;
  while (p < end) {
    const char* q = skip_spaces(p, end);
    if (q == end || *q == '\n' || *q == '#') {  // a blank or comment line
      q = skip_to_line_end(q, end);
      p = q + (q < end);
      continue;
    }
    p = parse_row(q, end);
  }
}

const char* LibsvmParser::parse_row(const char* p, const char* end) {
  const char* row = p;
  const std::size_t row_begin = out_.values.size();
  // The label (and optional weight): the first token, unless it already is an index:value pair
  // in a file without labels.
  const char* colon_or_end = p;
  while (!ends_token(colon_or_end, end) && *colon_or_end != ':') ++colon_or_end;
  const bool first_is_entry = !has_label_ && colon_or_end < end && *colon_or_end == ':';
  if (!first_is_entry) {
    float label = 0;
    const char* next = parse_float(p, end, &label);
    if (next == nullptr || !(ends_token(next, end) || *next == ':' || *next == ',')) {
      if (looks_binary(p, end)) throw TextError{p, "binary data in a libsvm file; is the ContentType right?"};
      throw TextError{p, "expected a label (a number) at the start of the row, got " + quote_field(p, end)};
    }
    if (!std::isfinite(label)) throw TextError{p, "label must be a finite number, got " + quote_field(p, end)};
    if (has_label_) out_.labels.push_back(label);
    p = next;
    // survival:aft's interval label `lower,upper` (inf = right-censored): the upper bound goes
    // to label_upper, which is filled in for the earlier rows (exact times) when first needed.
    if (p < end && *p == ',') {
      float upper = 0;
      const char* up = p + 1;
      next = up < end ? parse_float(up, end, &upper) : nullptr;
      if (next == nullptr || !(ends_token(next, end) || *next == ':') || std::isnan(upper))
        throw TextError{up, "label upper bound after 'lower,' must be a number or inf, got " + quote_field(up, end)};
      if (has_label_) {
        if (out_.label_upper.empty()) out_.label_upper.assign(out_.labels.begin(), out_.labels.end() - 1);
        out_.label_upper.push_back(upper);
      }
      p = next;
    } else if (has_label_ && !out_.label_upper.empty()) {
      out_.label_upper.push_back(label);
    }
    if (p < end && *p == ':') {
      float w = 0;
      const char* wp = p + 1;
      next = wp < end ? parse_float(wp, end, &w) : nullptr;
      if (next == nullptr || !ends_token(next, end) || !std::isfinite(w) || w < 0) {
        throw TextError{wp, "instance weight after 'label:' must be a finite number >= 0, got " +
                                quote_field(wp, end)};
      }
      if (out_.weights.empty()) out_.weights.assign(out_.num_rows, 1.0f);
      out_.weights.push_back(w);
      p = next;
    } else if (!out_.weights.empty()) {
      out_.weights.push_back(1.0f);
    }
  }
  bool sorted = true;
  std::uint64_t previous = 0;
  std::optional<std::uint64_t> row_qid;
  for (;;) {
    p = skip_spaces(p, end);
    if (p == end || *p == '\n' || *p == '#') break;
    const char* token = p;
    if (*p == '-') throw TextError{token, "negative feature index in " + quote_field(token, end)};
    if (p + 4 <= end && std::equal(p, p + 4, "qid:")) {  // the query group of a ranking row
      std::uint64_t qid = 0;
      const char* next = parse_qid(p + 4, end, &qid);
      if (next == nullptr) {
        throw TextError{p + 4, "qid must be a non-negative integer (a query id), got " + quote_field(p, end)};
      }
      if (row_qid) throw TextError{token, "a second qid in this row"};
      row_qid = qid;
      p = next;
      continue;
    }
    std::uint64_t index = 0;
    const char* colon = p;
    while (colon < end && colon - p < 11 && static_cast<unsigned>(*colon - '0') < 10) {
      index = index * 10 + static_cast<unsigned>(*colon - '0');
      ++colon;
    }
    if (colon == p || colon == end || *colon != ':') {
      const char* c = p;
      while (!ends_token(c, end) && *c != ':') ++c;
      if (c == end || *c != ':') {
        throw TextError{token, "expected index:value, got " + quote_field(token, end) + " (no ':')"};
      }
      if (colon == c && colon > p) throw TextError{token, "feature index " + std::string(p, c) + " is too large"};
      throw TextError{token, "feature index must be a non-negative integer, got " + quote_field(token, end)};
    }
    if (index > kMaxIndex) throw TextError{token, "feature index " + std::to_string(index) + " is too large"};
    float value = 0;
    const char* vp = colon + 1;
    const char* next = vp < end ? parse_float(vp, end, &value) : nullptr;
    if (next == nullptr || !ends_token(next, end)) {
      throw TextError{vp, "expected a number after '" + std::to_string(index) + ":', got " + quote_field(vp, end)};
    }
    if (out_.values.size() > row_begin && index <= previous) sorted = false;
    previous = index;
    max_index_plus_one_ = std::max(max_index_plus_one_, index + 1);
    out_.col_index.push_back(static_cast<std::uint32_t>(index));
    out_.values.push_back(value);
    p = next;
  }
  if (!sorted) sort_row(row);
  groups_.add_row(row_qid, row);
  out_.row_ptr.push_back(out_.values.size());
  ++out_.num_rows;
  p = skip_to_line_end(p, end);
  return p + (p < end);
}

// Tokens written out of order are sorted so that lookups can bisect; a repeated index is an error
// (which of the two values was meant cannot be known).
void LibsvmParser::sort_row(const char* row) {
  const std::size_t begin = out_.row_ptr.back(), n = out_.values.size() - begin;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), begin);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return out_.col_index[a] < out_.col_index[b]; });
  std::vector<std::uint32_t> cols(n);
  std::vector<float> vals(n);
  for (std::size_t i = 0; i < n; ++i) {
    cols[i] = out_.col_index[order[i]];
    vals[i] = out_.values[order[i]];
    if (i > 0 && cols[i] == cols[i - 1]) {
      throw TextError{row, "feature index " + std::to_string(cols[i]) + " appears twice in this row"};
    }
  }
  std::copy(cols.begin(), cols.end(), out_.col_index.begin() + static_cast<std::ptrdiff_t>(begin));
  std::copy(vals.begin(), vals.end(), out_.values.begin() + static_cast<std::ptrdiff_t>(begin));
}

}  // namespace dpt::data
