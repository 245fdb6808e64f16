#include "models/gbdt/tree/histogram_share.h"

namespace dpt::gbdt {

HistogramShare::HistogramShare(const Cuts& cuts, int world, int rank) : rank_(rank) {
  const std::size_t features = cuts.num_features();
  const std::uint64_t total = cuts.total_bins();
  // Rank r starts at the first feature whose bins begin at or after r/world of all bins.
  std::vector<std::size_t> first(static_cast<std::size_t>(world) + 1, features);
  std::size_t f = 0;
  for (int r = 0; r < world; ++r) {
    const std::uint64_t target = total * static_cast<std::uint64_t>(r) / static_cast<std::uint64_t>(world);
    while (f < features && cuts.offsets[f] < target) ++f;
    first[static_cast<std::size_t>(r)] = f;
  }
  for (int r = 0; r < world; ++r) {
    const auto begin = first[static_cast<std::size_t>(r)], end = first[static_cast<std::size_t>(r) + 1];
    counts_.push_back(2 * std::size_t{cuts.offsets[end] - cuts.offsets[begin]});
  }
  counts_.back() += 2;  // the node total (g, h)
  for (const std::size_t c : counts_) packed_counts_.push_back(c / 2);
  first_feature_ = static_cast<std::int32_t>(first[static_cast<std::size_t>(rank)]);
  end_feature_ = static_cast<std::int32_t>(first[static_cast<std::size_t>(rank) + 1]);
  first_bin_ = cuts.offsets[static_cast<std::size_t>(first_feature_)];
}

}  // namespace dpt::gbdt
