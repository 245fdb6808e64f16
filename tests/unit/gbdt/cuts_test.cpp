// Quantile cuts and binning: XGBoost's `value < split_condition` rule holds for every bin
// boundary, dense and sparse input bin alike, and fixed-point sums are exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "collective/single_communicator.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

TEST(FeatureCuts, FewDistinctValuesGetABinEach) {
  const std::vector<float> sorted = {1, 1, 2, 3, 3, 3, 7};
  const auto cuts = feature_cuts(sorted, 256);
  ASSERT_EQ(cuts.size(), 4u);  // bins [.., 2), [2, 3), [3, 7), [7, ..)
  EXPECT_EQ(cuts[0], 2.0f);
  EXPECT_EQ(cuts[1], 3.0f);
  EXPECT_EQ(cuts[2], 7.0f);
  EXPECT_GT(cuts[3], 7.0f);
}

TEST(FeatureCuts, ManyValuesStayWithinMaxBin) {
  std::vector<float> sorted(10000);
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = static_cast<float>(i) * 0.5f - 100;
  for (int max_bin : {2, 16, 256}) {
    const auto cuts = feature_cuts(sorted, max_bin);
    EXPECT_LE(cuts.size(), static_cast<std::size_t>(max_bin));
    EXPECT_GE(cuts.size(), static_cast<std::size_t>(max_bin) - 1);
    EXPECT_TRUE(std::is_sorted(cuts.begin(), cuts.end()));
    EXPECT_GT(cuts.back(), sorted.back());
  }
}

TEST(FeatureCuts, EmptyFeatureHasOneBin) { EXPECT_EQ(feature_cuts({}, 256).size(), 1u); }

TEST(Cuts, BinOfAgreesWithValueLessThanCut) {
  SingleCommunicator comm;
  auto data = testing::random_dense(500, 4, 0.2, 1);
  const Cuts cuts = compute_cuts(comm, data, 16);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> wide(-1.0f, 3.0f);
  for (std::size_t f = 0; f < 4; ++f) {
    for (int i = 0; i < 2000; ++i) {
      const float v = i % 2 ? wide(rng) : data.values[(i % 500) * 4 + f];
      if (std::isnan(v)) continue;
      const auto bin = cuts.bin_of(f, v);
      for (std::uint32_t b = 0; b + 1 < cuts.num_bins(f); ++b) {
        EXPECT_EQ(bin <= b, v < cuts.cut(f, b)) << "feature " << f << " value " << v << " bin " << b;
      }
    }
  }
}

TEST(Cuts, DenseAndSparseInputGiveTheSameCutsAndBins) {
  SingleCommunicator comm;
  const auto dense = testing::random_dense(300, 5, 0.3, 2);
  const auto sparse = testing::to_csr(dense);
  const Cuts a = compute_cuts(comm, dense, 32), b = compute_cuts(comm, sparse, 32);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.values, b.values);
  const BinnedMatrix ma(dense, a, 2), mb(sparse, a, 1);
  for (std::size_t r = 0; r < 300; ++r) {
    for (std::size_t f = 0; f < 5; ++f) {
      const float v = dense.values[r * 5 + f];
      const std::int32_t expected = std::isnan(v) ? -1 : static_cast<std::int32_t>(a.bin_of(f, v));
      EXPECT_EQ(ma.bin(r, f), expected);
      EXPECT_EQ(mb.bin(r, f), expected);
    }
  }
}

// bin_of is std::upper_bound (clamped to the last bin) for every count of cuts, at, between,
// below and above them, infinities included.
// compute_cuts sorts each feature's sample its own way (radix on the value bits) and visits
// CSR rows chunk by chunk; the cuts must be those of the plainly sorted sample, for negative,
// zero, repeated and wide-ranging values, rows with features in any order, and more than one
// gather chunk.
TEST(Cuts, EqualTheCutsOfThePlainlySortedSample) {
  SingleCommunicator comm;
  std::mt19937_64 rng(11);
  const std::size_t rows = 200000, features = 8;  // 1.2M entries: more than one gather chunk
  data::Dataset d;
  d.num_rows = d.global_rows = rows;
  d.num_features = features;
  d.dense = false;
  d.labels.assign(rows, 0.0f);
  d.row_ptr = {0};
  std::vector<std::vector<float>> by_feature(features);
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<std::uint32_t> present;
    for (std::uint32_t f = 0; f < features; ++f) {
      if (rng() % 4 != 0) present.push_back(f);
    }
    if (r % 7 == 0) std::reverse(present.begin(), present.end());  // not ascending
    for (const std::uint32_t f : present) {
      float v = 0;
      switch (f) {
        case 0: v = static_cast<float>(static_cast<int>(rng() % 200) - 100); break;         // repeated integers
        case 1: v = std::ldexp(static_cast<float>(rng() % 1000) - 500.0f, static_cast<int>(rng() % 60) - 30); break;
        case 2: v = (rng() % 2 ? -0.0f : 0.0f) + (rng() % 3 == 0 ? 1e-30f : 0.0f); break;  // signed zeros
        case 3: v = static_cast<float>(rng() % 100000) * 0.001f; break;                     // many distinct
        default: v = -static_cast<float>(rng() % 5);
      }
      d.col_index.push_back(f);
      d.values.push_back(v);
      by_feature[f].push_back(v);
    }
    d.row_ptr.push_back(d.values.size());
  }
  for (const int max_bin : {16, 256}) {
    const Cuts cuts = compute_cuts(comm, d, max_bin);
    ASSERT_EQ(cuts.num_features(), features);
    for (std::size_t f = 0; f < features; ++f) {
      auto sorted = by_feature[f];
      std::sort(sorted.begin(), sorted.end());
      const auto expected = feature_cuts(sorted, max_bin);
      const std::vector<float> got(cuts.values.begin() + cuts.offsets[f], cuts.values.begin() + cuts.offsets[f + 1]);
      ASSERT_EQ(got.size(), expected.size()) << "feature " << f << " max_bin " << max_bin;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i], expected[i]) << "feature " << f << " cut " << i;
      }
    }
  }
}

TEST(Cuts, BinOfIsUpperBoundClamped) {
  std::mt19937 rng(11);
  for (std::uint32_t n = 1; n <= 40; ++n) {
    Cuts cuts;
    std::uniform_real_distribution<float> u(-5.0f, 5.0f);
    for (std::uint32_t i = 0; i < n; ++i) cuts.values.push_back(u(rng));
    std::sort(cuts.values.begin(), cuts.values.end());
    cuts.offsets.push_back(n);
    std::vector<float> probes = cuts.values;
    for (int i = 0; i < 50; ++i) probes.push_back(u(rng) * 1.5f);
    probes.push_back(std::numeric_limits<float>::infinity());
    probes.push_back(-std::numeric_limits<float>::infinity());
    for (const float v : probes) {
      const auto expected = std::min<std::uint32_t>(
          static_cast<std::uint32_t>(std::upper_bound(cuts.values.begin(), cuts.values.end(), v) - cuts.values.begin()),
          n - 1);
      ASSERT_EQ(cuts.bin_of(0, v), expected) << "n=" << n << " v=" << v;
    }
  }
}

TEST(BinnedMatrix, LayoutsFollowTheShareOfMissingCells) {
  SingleCommunicator comm;
  const auto mostly_present = testing::random_dense(400, 4, 0.05, 3);
  const Cuts narrow = compute_cuts(comm, mostly_present, 64);
  const BinnedMatrix dense(mostly_present, narrow, 1);
  EXPECT_EQ(dense.layout(), BinnedMatrix::Layout::dense8);
  auto fine = mostly_present;  // many distinct values: more than 255 bins need 16 bits
  for (std::size_t i = 0; i < fine.values.size(); ++i) fine.values[i] += static_cast<float>(i % 997) * 1e-5f;
  const Cuts wide = compute_cuts(comm, fine, 1000);
  EXPECT_GT(wide.max_bins_per_feature(), 255u);
  EXPECT_EQ(BinnedMatrix(fine, wide, 1).layout(), BinnedMatrix::Layout::dense16);
  const auto mostly_missing = testing::to_csr(testing::random_dense(400, 4, 0.6, 3));
  EXPECT_EQ(BinnedMatrix(mostly_missing, compute_cuts(comm, mostly_missing, 64), 1).layout(),
            BinnedMatrix::Layout::sparse);
  for (std::size_t r = 0; r < 400; ++r) {
    for (std::size_t f = 0; f < 4; ++f) {
      const float v = mostly_present.values[r * 4 + f];
      EXPECT_EQ(dense.bin(r, f), std::isnan(v) ? -1 : static_cast<std::int32_t>(narrow.bin_of(f, v)));
    }
  }
}

// Binning that consumes the loaded rows (in place for CSR) gives the matrix the copying
// constructor gives, for CSR with and without NaN entries, unsorted columns, 1 or 3 threads, and
// dense input; the raw values are gone afterwards, labels stay.
TEST(BinnedMatrix, ConsumingTheRowsBinsLikeCopying) {
  SingleCommunicator comm;
  auto csr = testing::to_csr(testing::random_dense(3000, 7, 0.6, 5));
  auto unsorted = csr;  // columns of each row in reverse, as a libsvm file may list them
  for (std::size_t r = 0; r < unsorted.num_rows; ++r) {
    const auto b = static_cast<std::ptrdiff_t>(unsorted.row_ptr[r]), e = static_cast<std::ptrdiff_t>(unsorted.row_ptr[r + 1]);
    std::reverse(unsorted.col_index.begin() + b, unsorted.col_index.begin() + e);
    std::reverse(unsorted.values.begin() + b, unsorted.values.begin() + e);
  }
  auto with_nan = csr;  // explicit NaN entries count as missing
  for (std::size_t i = 0; i < with_nan.values.size(); i += 5) with_nan.values[i] = std::nanf("");
  const auto dense = testing::random_dense(500, 3, 0.05, 6);
  for (const data::Dataset* source : std::initializer_list<const data::Dataset*>{&csr, &unsorted, &with_nan, &dense}) {
    const Cuts cuts = compute_cuts(comm, *source, 32);
    const BinnedMatrix copied(*source, cuts, 1);
    for (const int threads : {1, 3}) {
      auto rows = *source;
      const BinnedMatrix consumed = BinnedMatrix::consume(rows, cuts, threads);
      ASSERT_EQ(consumed.layout(), copied.layout());
      EXPECT_TRUE(rows.values.empty() && rows.col_index.empty());
      EXPECT_EQ(rows.labels, source->labels);
      std::size_t differ = 0;
      for (std::size_t r = 0; r < source->num_rows; ++r) {
        for (std::size_t f = 0; f < source->num_features; ++f) differ += consumed.bin(r, f) != copied.bin(r, f);
      }
      EXPECT_EQ(differ, 0u) << "threads " << threads;
    }
  }
}

TEST(Cuts, SampleOfALargeSetIsChosenByRowId) {
  SingleCommunicator comm;
  auto data = testing::random_dense(4000, 2, 0.0, 5);
  const Cuts full = compute_cuts(comm, data, 64, 1u << 20);
  const Cuts sampled = compute_cuts(comm, data, 64, 1000);
  EXPECT_EQ(full.num_features(), sampled.num_features());
  EXPECT_LE(sampled.max_bins_per_feature(), 64u);
  EXPECT_GT(sampled.max_bins_per_feature(), 30u);  // ~1000 rows still spread over the range
}

TEST(FixedPoint, ScaleKeepsTheWorstCaseSumIn62Bits) {
  for (double max_abs : {1e-9, 0.25, 1.0, 3.7, 1e6}) {
    for (std::uint64_t n : {1ull, 1000ull, 60000ull, 2000000000ull}) {
      const double s = fixed_point_scale(max_abs, n);
      EXPECT_LE(max_abs * s * static_cast<double>(n), std::ldexp(1.0, 62));
      EXPECT_GT(max_abs * s * static_cast<double>(n), std::ldexp(1.0, 60));
      EXPECT_EQ(std::ldexp(1.0, std::ilogb(s)), s);  // a power of two
    }
  }
}

TEST(FixedPoint, ExactSumsDoNotDependOnOrder) {
  SingleCommunicator comm;
  // Two columns, three rows; the same rows in reverse order.
  std::vector<double> values = {0.1, 1e-8, -0.3, 0.7, 1e-12, 0.2};
  std::vector<double> reversed = {1e-12, 0.2, -0.3, 0.7, 0.1, 1e-8};
  const auto a = exact_global_sums(comm, values, 2);
  const auto b = exact_global_sums(comm, reversed, 2);
  EXPECT_NEAR(a[0], 0.1 - 0.3 + 1e-12, 1e-15);
  EXPECT_NEAR(a[1], 1e-8 + 0.7 + 0.2, 1e-15);
  EXPECT_EQ(a, b);
  std::vector<double> bad = {1.0, std::nan("")};
  EXPECT_TRUE(std::isnan(exact_global_sums(comm, bad, 1)[0]));
}

}  // namespace
}  // namespace dpt::gbdt
