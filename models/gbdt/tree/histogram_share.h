#pragma once
// How the ranks share out a node's histogram: rank r reduces, keeps and searches the bins of a
// contiguous range of features, the ranges holding about the same number of bins. A node's
// histogram (histogram_stride elements, feature-major) is then reduce-scattered in one call, and
// each rank holds 1/world of every histogram instead of all of it. The node's total (the last two
// elements) goes with the last rank's part.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "models/gbdt/binning/quantile_cuts.h"

namespace dpt::gbdt {

class HistogramShare {
 public:
  HistogramShare(const Cuts& cuts, int world, int rank);

  std::int32_t first_feature() const { return first_feature_; }
  std::int32_t end_feature() const { return end_feature_; }
  bool owns(std::int32_t feature) const { return feature >= first_feature_ && feature < end_feature_; }
  std::uint32_t first_bin() const { return first_bin_; }
  // Elements of each rank's part of one node histogram, in rank order (they add up to the stride).
  std::span<const std::size_t> counts() const { return counts_; }
  // The same for packed histograms (one element per bin and for the total).
  std::span<const std::size_t> packed_counts() const { return packed_counts_; }
  std::size_t local_size() const { return counts_[static_cast<std::size_t>(rank_)]; }
  // Where this rank's part starts in a whole node histogram.
  std::size_t local_offset() const { return 2 * std::size_t{first_bin_}; }

 private:
  int rank_;
  std::int32_t first_feature_ = 0, end_feature_ = 0;
  std::uint32_t first_bin_ = 0;
  std::vector<std::size_t> counts_, packed_counts_;
};

}  // namespace dpt::gbdt
