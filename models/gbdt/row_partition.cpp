#include "models/gbdt/row_partition.h"

#include <algorithm>
#include <numeric>

namespace dpt::gbdt {

void RowPartition::reset(std::size_t num_rows) {
  rows_.resize(num_rows);
  std::iota(rows_.begin(), rows_.end(), 0u);
  ranges_.assign(1, Range{0, num_rows});
}

void RowPartition::ensure(int node) {
  if (static_cast<std::size_t>(node) >= ranges_.size()) ranges_.resize(node + 1);
}

void RowPartition::split(const BinnedMatrix& matrix, int node, int left, int right,
                         std::int32_t feature, std::uint32_t split_bin, bool default_left) {
  ensure(std::max(left, right));
  const Range range = ranges_[node];
  scratch_.clear();
  std::size_t out = range.begin;
  const auto bin_limit = static_cast<std::int32_t>(split_bin);
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const std::uint32_t row = rows_[i];
    const std::int32_t bin = matrix.bin(row, feature);
    const bool go_left = bin < 0 ? default_left : bin <= bin_limit;
    if (go_left) rows_[out++] = row; else scratch_.push_back(row);
  }
  std::copy(scratch_.begin(), scratch_.end(), rows_.begin() + out);
  ranges_[left] = Range{range.begin, out};
  ranges_[right] = Range{out, range.end};
}

}  // namespace dpt::gbdt
