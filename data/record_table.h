#pragma once
// Rows of binary record files: feature arrays (one record per row) with optional label arrays of
// the same record count, concatenated in file order. A rank reads only its record range.
#include <optional>
#include <vector>

#include "data/byte_ranges.h"
#include "data/dataset.h"
#include "data/record_array.h"

namespace dpt::data {

struct RecordPair {
  RecordArray features;
  std::optional<RecordArray> labels;
};

// Checks that the pairs agree (record counts, one label per record, the same record shape) and
// returns the number of rows. Throws UserError naming the files.
std::uint64_t check_record_pairs(const std::vector<RecordPair>& pairs);

// Reads rows [range.begin, range.end) of the concatenated pairs into `out` (dense; sample_shape
// from the record shape). `check_empty_pairs`: also check the sizes of pairs without records
// (which no part reads), so that one part does.
void read_record_rows(const std::vector<RecordPair>& pairs, RowRange range, bool check_empty_pairs,
                      Dataset& out);

}  // namespace dpt::data
