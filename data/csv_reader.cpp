#include "data/csv_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <string>

#include "data/number_parse.h"
#include "data/storage_growth.h"
#include "data/text_error.h"

namespace dpt::data {
namespace {

bool is_line_end(const char* p, const char* end) { return p == end || *p == '\n' || *p == '\r'; }

// Skips spaces and tabs that pad a field (never the delimiter itself).
const char* skip_padding(const char* p, const char* end, char delimiter) {
  while (p < end && (*p == ' ' || *p == '\t') && *p != delimiter) ++p;
  return p;
}

}  // namespace

CsvLayout sniff_csv_layout(std::string_view line) {
  CsvLayout layout;
  layout.delimiter = ' ';
  for (char c : {',', '\t', ';'}) {
    if (line.find(c) != std::string_view::npos) {
      layout.delimiter = c;
      break;
    }
  }
  if (layout.delimiter == ' ') {
    // Runs of spaces are one separator.
    std::size_t fields = 0;
    bool in_field = false;
    for (char c : line) {
      const bool space = c == ' ' || c == '\t' || c == '\r';
      if (!space && !in_field) ++fields;
      in_field = !space;
    }
    layout.columns = fields;
  } else {
    layout.columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), layout.delimiter)) + 1;
  }
  return layout;
}

CsvParser::CsvParser(bool has_label, bool has_weights, bool has_qid, Dataset& out)
    : has_label_(has_label),
      has_weights_(has_weights),
      has_qid_(has_qid),
      qid_column_(has_qid ? (has_label ? 1 : 0) + (has_weights ? 1 : 0) : SIZE_MAX),
      first_feature_column_((has_label ? 1 : 0) + (has_weights ? 1 : 0) + (has_qid ? 1 : 0)),
      out_(out),
      groups_(out) {
  out_.dense = true;
}

void CsvParser::start_file(std::string_view first_line) {
  groups_.start_file();
  if (first_line.empty()) return;  // an empty file adds no rows
  const CsvLayout layout = sniff_csv_layout(first_line);
  if (layout.columns <= first_feature_column_) {
    throw TextError{first_line.data(), "a csv row needs " + std::to_string(first_feature_column_ + 1) +
                                           " columns or more (label" +
                                           (has_weights_ ? ", weight" : "") + (has_qid_ ? ", qid" : "") +
                                           ", features); this one has " +
                                           std::to_string(layout.columns)};
  }
  if (layout_.columns != 0 && layout.columns != layout_.columns) {
    throw TextError{first_line.data(), "this file has " + std::to_string(layout.columns) +
                                           " columns but the channel's earlier files have " +
                                           std::to_string(layout_.columns)};
  }
  layout_ = layout;
  out_.num_features = layout.columns - first_feature_column_;
}

void CsvParser::count(const char* begin, const char* end) { counted_lines_ += count_lines(begin, end); }

void CsvParser::reserve_counted(double scale) {
  const auto lines = static_cast<std::size_t>(static_cast<double>(counted_lines_) * scale);
  grow_for(out_.labels, has_label_ ? lines : 0);
  grow_for(out_.weights, has_weights_ ? lines : 0);
  grow_for(out_.values, lines * out_.num_features);
  counted_lines_ = 0;
}

void CsvParser::parse(const char* begin, const char* end) {
  const char* p = begin;
  while (p < end) {
    const char* q = p;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
    if (q == end || *q == '\n') {  // a blank line
      p = q + (q < end);
      continue;
    }
    p = parse_row(p, end);
  }
}

// Fast path for the common field: an unsigned integer of up to 9 digits directly followed by the
// delimiter or the line end (pixels, counts, class labels). Everything else takes parse_field_slow.
const char* CsvParser::parse_field(const char* p, const char* end, float* v) const {
  const char* q = p;
  std::uint32_t n = 0;
  while (q < end && q - p < 9 && static_cast<unsigned>(*q - '0') < 10) {
    n = n * 10 + static_cast<unsigned>(*q - '0');
    ++q;
  }
  if (q > p && (q == end || *q == layout_.delimiter || *q == '\n' || *q == '\r')) {
    *v = static_cast<float>(n);
    return q;
  }
  return parse_field_slow(p, end, v);
}

// Any field: padding, an empty field (missing), signs, decimals, exponents, nan/inf. Returns the
// position after the field and its padding: a delimiter or the line end.
const char* CsvParser::parse_field_slow(const char* p, const char* end, float* v) const {
  const char d = layout_.delimiter;
  const char pad_stop = d == ' ' ? '\0' : d;
  p = skip_padding(p, end, pad_stop);
  const char* field = p;
  if (is_line_end(p, end) || (*p == d && d != ' ')) {
    *v = kMissing;
    return p;
  }
  const char* next = parse_float(p, end, v);
  if (next == nullptr) fail_field(field, end);
  p = skip_padding(next, end, pad_stop);
  if (!(is_line_end(p, end) || *p == d || (d == ' ' && p > next))) fail_field(field, end);
  return p;
}

// Steps over the separator after a field; false at the end of the line.
bool CsvParser::next_field(const char*& p, const char* end) const {
  if (layout_.delimiter == ' ') {
    p = skip_padding(p, end, '\0');
    return !is_line_end(p, end);
  }
  if (p < end && *p == layout_.delimiter) {
    ++p;
    return true;
  }
  return false;
}

const char* CsvParser::parse_row(const char* p, const char* end) {
  const char* row = p;
  auto wrong_count = [&](std::size_t columns, bool more) {
    throw TextError{row, "row has " + std::string(more ? "more than " : "") + std::to_string(columns) +
                             " columns, but the first row of the file has " + std::to_string(layout_.columns)};
  };
  for (std::size_t column = 0; column < first_feature_column_; ++column) {
    const char* field = skip_padding(p, end, layout_.delimiter == ' ' ? '\0' : layout_.delimiter);
    if (column == qid_column_) {
      // An integer read as text: a float would merge query ids above 2^24.
      std::uint64_t qid = 0;
      const char* next = parse_qid(field, end, &qid, layout_.delimiter);
      if (next == nullptr) {
        throw TextError{field, "query id (column " + std::to_string(column + 1) +
                                   ", csv_qid=1) must be a non-negative integer, got " + quote_field(field, end)};
      }
      groups_.add_row(qid, row);
      p = skip_padding(next, end, layout_.delimiter == ' ' ? '\0' : layout_.delimiter);
      if (!next_field(p, end)) wrong_count(column + 1, false);
      continue;
    }
    float v = 0;
    p = parse_field(p, end, &v);
    if (has_label_ && column == 0) {
      if (field == p) throw TextError{field, "missing label (the first column is empty)"};
      if (!std::isfinite(v)) throw TextError{field, "label must be a finite number, got " + quote_field(field, end)};
      out_.labels.push_back(v);
    } else {
      if (!std::isfinite(v) || v < 0) {
        throw TextError{field, "instance weight (second column, csv_weights=1) must be a finite number >= 0, got " +
                                   quote_field(field, end)};
      }
      out_.weights.push_back(v);
    }
    if (!next_field(p, end)) wrong_count(column + 1, false);
  }
  const std::size_t features = out_.num_features, at = out_.values.size();
  out_.values.resize(at + features);  // within the reserved capacity
  float* dst = out_.values.data() + at;
  for (std::size_t j = 0; j < features; ++j) {
    p = parse_field(p, end, dst + j);
    const bool more = next_field(p, end);
    if (more != (j + 1 < features)) wrong_count(first_feature_column_ + j + 1, more);
  }
  ++out_.num_rows;
  if (p < end && *p == '\r') ++p;
  if (p < end && *p == '\n') ++p;
  return p;
}

void CsvParser::fail_field(const char* field, const char* end) const {
  if (looks_binary(field, end)) {
    throw TextError{field, "binary data in a csv file (byte " + quote_field(field, field + 1) +
                               "); is the ContentType right, or is the file compressed?"};
  }
  throw TextError{field, "expected a number, got " + quote_field(field, end) +
                             " (csv files have no header line; an empty field is a missing value)"};
}

}  // namespace dpt::data
