#pragma once
// text/libsvm rows: `label[:weight] index:value index:value ...` (survival:aft's interval labels:
// `lower,upper[:weight]`, upper may be inf), indices as written (zero-based
// in our files), any order of tokens and lines, '#' starts a comment. `qid:n` (a non-negative
// integer, at most once per row) is the row's query id: consecutive rows with one qid form a
// query group (data/query_groups.h).
// Absent entries are missing values (as in XGBoost), so rows go into CSR storage; the loader may
// turn it dense when that is smaller.
#include <cstdint>
#include <string_view>

#include "data/dataset.h"
#include "data/query_groups.h"
#include "data/text_reader.h"

namespace dpt::data {

class LibsvmParser final : public LineParser {
 public:
  LibsvmParser(bool has_label, Dataset& out);
  void start_file(std::string_view) override { groups_.start_file(); }
  void count(const char* begin, const char* end) override;
  void reserve_counted(double scale = 1.0) override;
  void parse(const char* begin, const char* end) override;
  // Largest index seen + 1 (0 when no row has an entry).
  std::uint64_t num_features() const { return max_index_plus_one_; }

 private:
  const char* parse_row(const char* p, const char* end);
  void sort_row(const char* row);

  bool has_label_;
  std::uint64_t max_index_plus_one_ = 0;
  std::size_t counted_lines_ = 0, counted_colons_ = 0;
  Dataset& out_;
  GroupTracker groups_;
};

}  // namespace dpt::data
