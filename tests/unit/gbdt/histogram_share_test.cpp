// How a node histogram is shared out among ranks: whole features, contiguous, about equal bins.
#include <gtest/gtest.h>

#include <numeric>

#include "models/gbdt/tree/histogram.h"
#include "models/gbdt/tree/histogram_share.h"

namespace dpt::gbdt {
namespace {

Cuts cuts_with_bins(const std::vector<std::uint32_t>& bins) {
  Cuts c;
  for (const std::uint32_t b : bins) c.offsets.push_back(c.offsets.back() + b);
  return c;
}

TEST(HistogramShare, WholeFeaturesInRankOrderCoverTheHistogram) {
  const Cuts cuts = cuts_with_bins({256, 1, 0, 30, 256, 256, 2, 100, 256, 5});
  for (int world : {1, 2, 3, 4, 7, 12}) {  // 12: more ranks than features, some own none
    std::int32_t next_feature = 0;
    std::size_t next_element = 0;
    for (int rank = 0; rank < world; ++rank) {
      const HistogramShare share(cuts, world, rank);
      EXPECT_EQ(share.first_feature(), next_feature) << "world " << world << " rank " << rank;
      EXPECT_EQ(share.local_offset(), next_element) << "world " << world << " rank " << rank;
      EXPECT_EQ(share.first_bin(), cuts.offsets[static_cast<std::size_t>(share.first_feature())]);
      next_feature = share.end_feature();
      next_element += share.local_size();
      const auto counts = share.counts();
      ASSERT_EQ(counts.size(), static_cast<std::size_t>(world));
      EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), std::size_t{0}),
                histogram_stride(cuts.total_bins()));
      EXPECT_EQ(counts[static_cast<std::size_t>(rank)], share.local_size());
      for (std::int32_t f = 0; f < static_cast<std::int32_t>(cuts.num_features()); ++f)
        EXPECT_EQ(share.owns(f), f >= share.first_feature() && f < share.end_feature());
    }
    EXPECT_EQ(next_feature, static_cast<std::int32_t>(cuts.num_features())) << "world " << world;
    EXPECT_EQ(next_element, histogram_stride(cuts.total_bins())) << "world " << world;
  }
}

TEST(HistogramShare, PartsHoldAboutEqualBins) {
  const Cuts cuts = cuts_with_bins(std::vector<std::uint32_t>(784, 200));
  for (int world : {2, 3, 4}) {
    for (int rank = 0; rank < world; ++rank) {
      const HistogramShare share(cuts, world, rank);
      const double ideal = 2.0 * cuts.total_bins() / world;
      EXPECT_NEAR(static_cast<double>(share.local_size()), ideal, 2 * 200 + 2) << "world " << world;
    }
  }
}

}  // namespace
}  // namespace dpt::gbdt
