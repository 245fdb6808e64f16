#pragma once
// text/csv rows (SageMaker convention): label first, no header, optional instance weight in the
// second column, optional query id next (csv_qid=1: a non-negative integer; consecutive rows with
// one qid form a ranking query group, data/query_groups.h), then the features. The delimiter (',' tab ';' or space) and the column count come
// from the first line of each file; every row must have that many columns. An empty field is a
// missing value (NaN). Rows go into a dense Dataset.
#include <cstddef>
#include <string_view>

#include "data/dataset.h"
#include "data/query_groups.h"
#include "data/text_reader.h"

namespace dpt::data {

struct CsvLayout {
  char delimiter = ',';
  std::size_t columns = 0;
};

// Sniffs the delimiter of a line: the first of ',' '\t' ';' that occurs, else space.
CsvLayout sniff_csv_layout(std::string_view line);

class CsvParser final : public LineParser {
 public:
  CsvParser(bool has_label, bool has_weights, Dataset& out) : CsvParser(has_label, has_weights, false, out) {}
  CsvParser(bool has_label, bool has_weights, bool has_qid, Dataset& out);
  void start_file(std::string_view first_line) override;
  void count(const char* begin, const char* end) override;
  void reserve_counted(double scale = 1.0) override;
  void parse(const char* begin, const char* end) override;
  // The column count of the files read so far (0 when none had a line).
  std::size_t columns() const { return layout_.columns; }

 private:
  const char* parse_row(const char* p, const char* end);
  const char* parse_field(const char* p, const char* end, float* v) const;
  const char* parse_field_slow(const char* p, const char* end, float* v) const;
  bool next_field(const char*& p, const char* end) const;
  [[noreturn]] void fail_field(const char* field, const char* end) const;

  bool has_label_, has_weights_, has_qid_;
  std::size_t qid_column_;
  CsvLayout layout_;
  std::size_t first_feature_column_;
  std::size_t counted_lines_ = 0;
  Dataset& out_;
  GroupTracker groups_;
};

}  // namespace dpt::data
