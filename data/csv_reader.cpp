#include "data/csv_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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

CsvParser::CsvParser(bool has_label, bool has_weights, Dataset& out)
    : has_label_(has_label),
      has_weights_(has_weights),
      first_feature_column_((has_label ? 1 : 0) + (has_weights ? 1 : 0)),
      out_(out) {
  out_.dense = true;
}

void CsvParser::start_file(std::string_view first_line) {
  if (first_line.empty()) return;  // an empty file adds no rows
  const CsvLayout layout = sniff_csv_layout(first_line);
  if (layout.columns <= first_feature_column_) {
    throw TextError{first_line.data(), "a csv row needs " + std::to_string(first_feature_column_ + 1) +
                                           " columns or more (label" +
                                           (has_weights_ ? ", weight" : "") + ", features); this one has " +
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

void CsvParser::parse(const char* begin, const char* end) {
  if (begin == end) return;
  // Reserve for every line at once: the storage never reallocates while a range is parsed.
  const std::size_t lines = count_lines(begin, end);
  grow_for(out_.labels, has_label_ ? lines : 0);
  grow_for(out_.weights, has_weights_ ? lines : 0);
  grow_for(out_.values, lines * out_.num_features);
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

const char* CsvParser::parse_row(const char* p, const char* end) {
  const char d = layout_.delimiter;
  const char* row = p;
  std::size_t column = 0;
  for (;; ++column) {
    if (d == ' ') p = skip_padding(p, end, '\0');
    else p = skip_padding(p, end, d);
    const char* field = p;
    float v = kMissing;
    if (!(is_line_end(p, end) || *p == d)) {
      const char* next = parse_float(p, end, &v);
      if (next == nullptr) fail_field(field, end);
      p = skip_padding(next, end, d == ' ' ? '\0' : d);
      if (!(is_line_end(p, end) || *p == d || (d == ' ' && p > next))) fail_field(field, end);
    }
    if (column >= layout_.columns) {
      throw TextError{row, "row has more than " + std::to_string(layout_.columns) +
                               " columns, but the first row of the file has " +
                               std::to_string(layout_.columns)};
    }
    if (column >= first_feature_column_) {
      out_.values.push_back(v);
    } else if (has_label_ && column == 0) {
      if (std::isnan(v) && field == p) throw TextError{field, "missing label (the first column is empty)"};
      if (!std::isfinite(v)) throw TextError{field, "label must be a finite number, got " + quote_field(field, end)};
      out_.labels.push_back(v);
    } else {
      if (!std::isfinite(v) || v < 0) {
        throw TextError{field, "instance weight (second column, csv_weights=1) must be a finite number >= 0, got " +
                                   quote_field(field, end)};
      }
      out_.weights.push_back(v);
    }
    if (d != ' ' && p < end && *p == d) {
      ++p;
      continue;
    }
    if (is_line_end(p, end)) break;
  }
  if (column + 1 != layout_.columns) {
    throw TextError{row, "row has " + std::to_string(column + 1) + " columns, but the first row of the file has " +
                             std::to_string(layout_.columns)};
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
