#pragma once
// Which local rows sit in which tree node: one array of row indices, each node owning a
// contiguous range of it. Splitting a node stably moves its left rows first.
#include <cstdint>
#include <span>
#include <vector>

#include "models/gbdt/binning/binned_matrix.h"

namespace dpt::gbdt {

class RowPartition {
 public:
  void reset(std::size_t num_rows);  // every row in node 0

  std::span<const std::uint32_t> rows(int node) const {
    const Range& r = ranges_[node];
    return {rows_.data() + r.begin, r.end - r.begin};
  }
  std::size_t size(int node) const { return ranges_[node].end - ranges_[node].begin; }

  // Moves node's rows into the new nodes `left` and `right`: bin <= split_bin goes left, missing
  // follows default_left.
  void split(const BinnedMatrix& matrix, int node, int left, int right, std::int32_t feature,
             std::uint32_t split_bin, bool default_left);
  // The same for a categorical split: bins (category codes) in `right_categories` (bits,
  // categories.h) go right, the others left.
  void split_categorical(const BinnedMatrix& matrix, int node, int left, int right, std::int32_t feature,
                         std::span<const std::uint64_t> right_categories, bool default_left);

 private:
  struct Range {
    std::size_t begin = 0, end = 0;
  };
  void ensure(int node);
  // Moves node's rows: a present bin goes left when bin_goes_left(bin), missing follows
  // default_left.
  template <class GoesLeft>
  void split_by(const BinnedMatrix& matrix, int node, int left, int right, std::int32_t feature,
                bool default_left, GoesLeft bin_goes_left);

  std::vector<std::uint32_t> rows_;
  std::vector<std::uint32_t> scratch_;
  std::vector<Range> ranges_;
  // Per local row, during a split by column scan: 1 left, 0 right; kOutside between splits.
  static constexpr std::uint8_t kOutside = 2;
  std::vector<std::uint8_t> side_;
};

}  // namespace dpt::gbdt
