#include "models/gbdt/tree/row_partition.h"

#include <algorithm>
#include <numeric>

#include "models/gbdt/binning/categories.h"

namespace dpt::gbdt {

void RowPartition::reset(std::size_t num_rows) {
  rows_.resize(num_rows);
  std::iota(rows_.begin(), rows_.end(), 0u);
  ranges_.assign(1, Range{0, num_rows});
  if (side_.size() != num_rows) side_.assign(num_rows, kOutside);  // every split restores it
}

void RowPartition::ensure(int node) {
  if (static_cast<std::size_t>(node) >= ranges_.size()) ranges_.resize(node + 1);
}

void RowPartition::split(const BinnedMatrix& matrix, int node, int left, int right,
                         std::int32_t feature, std::uint32_t split_bin, bool default_left) {
  const auto limit = static_cast<std::int32_t>(split_bin);
  split_by(matrix, node, left, right, feature, default_left, [limit](std::int32_t bin) { return bin <= limit; });
}

void RowPartition::split_categorical(const BinnedMatrix& matrix, int node, int left, int right,
                                     std::int32_t feature, std::span<const std::uint64_t> right_categories,
                                     bool default_left) {
  split_by(matrix, node, left, right, feature, default_left, [right_categories](std::int32_t bin) {
    return !has_category(right_categories, static_cast<std::uint32_t>(bin));
  });
}

template <class GoesLeft>
void RowPartition::split_by(const BinnedMatrix& matrix, int node, int left, int right, std::int32_t feature,
                            bool default_left, GoesLeft bin_goes_left) {
  ensure(std::max(left, right));
  const Range range = ranges_[node];
  scratch_.clear();
  std::size_t out = range.begin;
  auto partition = [&](auto goes_left) {
    for (std::size_t i = range.begin; i < range.end; ++i) {
      const std::uint32_t row = rows_[i];
      if (goes_left(row)) rows_[out++] = row; else scratch_.push_back(row);
    }
  };
  // bin_of(row) is -1 for a missing value; one loop per storage layout keeps it inlined.
  auto by_bin = [&](auto bin_of) {
    partition([&](std::uint32_t row) {
      const std::int32_t bin = bin_of(row);
      return bin < 0 ? default_left : bin_goes_left(bin);
    });
  };
  const std::size_t nf = matrix.num_features();
  switch (matrix.layout()) {
    case BinnedMatrix::Layout::dense8:
      by_bin([&](std::uint32_t row) {
        const std::uint8_t b = matrix.dense8()[std::size_t{row} * nf + feature];
        return b == BinnedMatrix::kMissing8 ? -1 : std::int32_t{b};
      });
      break;
    case BinnedMatrix::Layout::dense16:
      by_bin([&](std::uint32_t row) {
        const std::uint16_t b = matrix.dense16()[std::size_t{row} * nf + feature];
        return b == BinnedMatrix::kMissing16 ? -1 : std::int32_t{b};
      });
      break;
    case BinnedMatrix::Layout::sparse: {
      // Scanning the feature's column reads it in order, a few bytes per entry; looking up a row
      // costs far more (below), so the scan wins unless the column is much longer than the node.
      constexpr std::size_t kScanPerLookup = 16;
      if (matrix.has_columns() && matrix.column(feature).size() <= kScanPerLookup * (range.end - range.begin)) {
        // The node's rows take the missing side, then its rows in the column their bin's side;
        // partitioning puts every row back to kOutside.
        const auto missing_side = static_cast<std::uint8_t>(default_left ? 1 : 0);
        for (std::size_t i = range.begin; i < range.end; ++i) side_[rows_[i]] = missing_side;
        for (const std::uint32_t entry : matrix.column(feature)) {
          std::uint8_t& side = side_[entry >> 8];
          side = side == kOutside ? kOutside : static_cast<std::uint8_t>(bin_goes_left(static_cast<std::int32_t>(entry & 0xffu)));
        }
        partition([&](std::uint32_t row) {
          const bool goes_left = side_[row] != 0;
          side_[row] = kOutside;
          return goes_left;
        });
        break;
      }
      // Each lookup misses the cache three times over (row start, block index, entries), each
      // address depending on the last: fetch them ahead, in two steps.
      constexpr std::size_t kIndexAhead = 16, kEntriesAhead = 8;
      std::size_t next = range.begin;
      by_bin([&](std::uint32_t row) {
        const std::size_t i = next++;
        if (i + kIndexAhead < range.end) matrix.prefetch_index(rows_[i + kIndexAhead], feature);
        if (i + kEntriesAhead < range.end) matrix.prefetch_entries(rows_[i + kEntriesAhead], feature);
        return matrix.sparse_bin(row, feature);
      });
      break;
    }
  }
  std::copy(scratch_.begin(), scratch_.end(), rows_.begin() + out);
  ranges_[left] = Range{range.begin, out};
  ranges_[right] = Range{out, range.end};
}

}  // namespace dpt::gbdt
