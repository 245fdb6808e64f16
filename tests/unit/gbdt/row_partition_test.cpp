// Row partitioning: whichever way a split finds its rows' bins (scanning the feature's column,
// or looking up each row), each node ends up with exactly the rows whose bin is at most the
// split bin (missing ones on the default side), in their previous order.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "collective/single_communicator.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/tree/row_partition.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

// Splits the root, then its children, then theirs, on varying features, bins and default
// directions, and checks each node against the rule applied row by row.
void check_splits(const BinnedMatrix& m) {
  RowPartition partition;
  partition.reset(m.num_rows());
  std::vector<std::vector<std::uint32_t>> expected = {std::vector<std::uint32_t>(m.num_rows())};
  for (std::uint32_t r = 0; r < m.num_rows(); ++r) expected[0][r] = r;
  std::vector<int> frontier = {0};
  int next_id = 1, step = 0;
  for (int depth = 0; depth < 6; ++depth) {
    std::vector<int> children;
    for (const int node : frontier) {
      const auto feature = static_cast<std::int32_t>((node * 7 + depth) % m.num_features());
      const std::uint32_t bins = m.offsets()[feature + 1] - m.offsets()[feature];
      const std::uint32_t split_bin = (static_cast<std::uint32_t>(step) * 5 + 1) % std::max(1u, bins - 1);
      const bool default_left = step++ % 2 == 0;
      const int left = next_id++, right = next_id++;
      partition.split(m, node, left, right, feature, split_bin, default_left);
      expected.resize(next_id);
      for (const std::uint32_t r : expected[node]) {
        const std::int32_t bin = m.bin(r, feature);
        const bool goes_left = bin < 0 ? default_left : bin <= static_cast<std::int32_t>(split_bin);
        expected[goes_left ? left : right].push_back(r);
      }
      for (const int child : {left, right}) {
        const auto got = partition.rows(child);
        ASSERT_EQ(std::vector<std::uint32_t>(got.begin(), got.end()), expected[child])
            << "node " << child << " (feature " << feature << ", bin " << split_bin << ")";
        children.push_back(child);
      }
    }
    frontier = children;
  }
}

TEST(RowPartition, ColumnScanAndRowLookupsSplitAlike) {
  SingleCommunicator comm;
  const auto sparse = testing::to_csr(testing::random_dense(6000, 9, 0.6, 17));
  const Cuts cuts = compute_cuts(comm, sparse, 64);
  const BinnedMatrix m(sparse, cuts, 1);
  ASSERT_EQ(m.layout(), BinnedMatrix::Layout::sparse);
  ASSERT_TRUE(m.has_columns());  // large nodes scan columns, the small deep ones look rows up
  check_splits(m);
}

TEST(RowPartition, SparseRowsWithoutColumnsAndDenseRowsSplitByRule) {
  SingleCommunicator comm;
  auto fine = testing::random_dense(6000, 9, 0.6, 19);  // more than 256 bins: no column index
  for (std::size_t i = 0; i < fine.values.size(); ++i) fine.values[i] += static_cast<float>(i % 997) * 1e-5f;
  const auto sparse = testing::to_csr(fine);
  const BinnedMatrix without(sparse, compute_cuts(comm, sparse, 1000), 1);
  ASSERT_EQ(without.layout(), BinnedMatrix::Layout::sparse);
  ASSERT_FALSE(without.has_columns());
  check_splits(without);
  const auto dense = testing::random_dense(6000, 9, 0.05, 23);
  const BinnedMatrix dense_bins(dense, compute_cuts(comm, dense, 64), 1);
  ASSERT_NE(dense_bins.layout(), BinnedMatrix::Layout::sparse);
  check_splits(dense_bins);
}

}  // namespace
}  // namespace dpt::gbdt
