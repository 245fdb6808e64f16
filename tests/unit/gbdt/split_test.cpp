// Split finding: XGBoost's formulas, and the histogram search against a brute force over rows.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "collective/single_communicator.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/tree/histogram.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/tree/split_evaluator.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

TEST(Formulas, LeafWeightAndGainFollowXGBoost) {
  TreeParams p;  // lambda 1, alpha 0, min_child_weight 1
  EXPECT_DOUBLE_EQ(leaf_weight(p, -4, 3), 1.0);
  EXPECT_DOUBLE_EQ(node_gain(p, -4, 3), 4.0);
  p.alpha = 1;
  EXPECT_DOUBLE_EQ(leaf_weight(p, -4, 3), 0.75);
  EXPECT_DOUBLE_EQ(node_gain(p, -4, 3), 9.0 / 4);
  EXPECT_DOUBLE_EQ(leaf_weight(p, 0.5, 3), 0.0);  // |g| <= alpha
  p.alpha = 0;
  p.max_delta_step = 0.5;
  EXPECT_DOUBLE_EQ(leaf_weight(p, -4, 3), 0.5);
  EXPECT_DOUBLE_EQ(node_gain(p, -4, 3), 3.0);  // -(2 g w + (h + lambda) w^2)
  p.max_delta_step = 0;
  p.min_child_weight = 5;
  EXPECT_DOUBLE_EQ(leaf_weight(p, -4, 3), 0.0);  // hessian below min_child_weight
}

struct BruteForce {
  const BinnedMatrix& m;
  const Cuts& cuts;
  const std::vector<GradSum>& grad;

  SplitCandidate best(const TreeParams& p, const GradScale& scale) const {
    GradSum total;
    for (const auto& g : grad) total += g;
    const double parent = node_gain(p, scale.grad(total), scale.hess(total));
    SplitCandidate best;
    for (std::size_t f = 0; f < cuts.num_features(); ++f) {
      for (std::uint32_t b = 0; b < cuts.num_bins(f); ++b) {
        if (!std::isfinite(cuts.cut(f, b))) continue;  // no split condition above every value
        for (bool default_left : {false, true}) {
          GradSum left, right;
          for (std::size_t r = 0; r < m.num_rows(); ++r) {
            const auto bin = m.bin(r, f);
            const bool go_left = bin < 0 ? default_left : bin <= static_cast<std::int32_t>(b);
            (go_left ? left : right) += grad[r];
          }
          const double hl = scale.hess(left), hr = scale.hess(right);
          if (hl < p.min_child_weight || hr < p.min_child_weight || left.h <= 0 || right.h <= 0) continue;
          SplitCandidate c;
          c.loss_change = node_gain(p, scale.grad(left), hl) + node_gain(p, scale.grad(right), hr) - parent;
          c.feature = static_cast<std::int32_t>(f);
          c.bin = b;
          c.default_left = default_left;
          c.left = left;
          c.right = right;
          if (c.better_than(best)) best = c;
        }
      }
    }
    return best;
  }
};

class SplitSearch : public ::testing::TestWithParam<std::tuple<double, double, int>> {};

TEST_P(SplitSearch, HistogramSearchEqualsBruteForce) {
  const auto [alpha, max_delta_step, threads] = GetParam();
  SingleCommunicator comm;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto data = testing::random_dense(400, 5, 0.25, seed);
    const Cuts cuts = compute_cuts(comm, data, 12);
    const BinnedMatrix m(data, cuts, 1);
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::normal_distribution<double> noise;
    const GradScale scale{std::ldexp(1.0, 40), std::ldexp(1.0, 40)};
    std::vector<GradSum> grad(400);
    for (std::size_t r = 0; r < 400; ++r) {
      const double g = data.labels[r] - 1.0 + 0.3 * noise(rng);
      grad[r] = GradSum{std::llround(g * scale.g()), std::llround((0.5 + std::abs(noise(rng))) * scale.h())};
    }
    std::vector<std::uint32_t> all(400);
    for (std::uint32_t r = 0; r < 400; ++r) all[r] = r;
    HistogramBuilder builder(m, threads, false);
    std::vector<std::int64_t> hist(histogram_stride(cuts.total_bins()));
    const std::span<const std::uint32_t> nodes[] = {all};
    builder.build(grad, nodes, hist);
    GradSum total{hist[hist.size() - 2], hist[hist.size() - 1]};

    TreeParams p;
    p.alpha = alpha;
    p.max_delta_step = max_delta_step;
    p.min_child_weight = 3;
    const std::vector<std::int32_t> features = {0, 1, 2, 3, 4};
    const SplitCandidate fast = best_split(p, cuts, hist, total, scale, features);
    const SplitCandidate slow = BruteForce{m, cuts, grad}.best(p, scale);
    ASSERT_TRUE(slow.valid());
    EXPECT_EQ(fast.feature, slow.feature) << "seed " << seed;
    EXPECT_EQ(fast.bin, slow.bin);
    EXPECT_EQ(fast.default_left, slow.default_left);
    EXPECT_EQ(fast.left, slow.left);
    EXPECT_DOUBLE_EQ(fast.loss_change, slow.loss_change);
  }
}

INSTANTIATE_TEST_SUITE_P(Params, SplitSearch,
                         ::testing::Values(std::make_tuple(0.0, 0.0, 1), std::make_tuple(0.5, 0.0, 1),
                                           std::make_tuple(0.0, 0.3, 1), std::make_tuple(0.0, 0.0, 3)));

// A small node of a big histogram (most bins empty) with integer gradients (many exact ties):
// the search that reuses an empty bin's loss change must pick the brute force's winner.
TEST(SplitSearch, EmptyBinsAndTiesGiveTheBruteForceWinner) {
  SingleCommunicator comm;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto data = testing::random_dense(600, 4, 0.3, seed);
    const Cuts cuts = compute_cuts(comm, data, 64);
    const BinnedMatrix m(data, cuts, 1);
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::vector<GradSum> grad(600);  // rows outside the node keep zero: the brute force ignores them
    std::vector<std::uint32_t> node;
    for (std::uint32_t r = 0; r < 600; ++r) {
      if (rng() % 15 != 0) continue;
      node.push_back(r);
      grad[r] = GradSum{static_cast<std::int64_t>(rng() % 3) - 1, 1};
    }
    HistogramBuilder builder(m, 1, false);
    std::vector<std::int64_t> hist(histogram_stride(cuts.total_bins()));
    const std::span<const std::uint32_t> nodes[] = {node};
    builder.build(grad, nodes, hist);
    const GradSum total{hist[hist.size() - 2], hist[hist.size() - 1]};
    TreeParams p;
    p.min_child_weight = 2;
    const GradScale scale{1.0, 1.0};
    const std::vector<std::int32_t> features = {0, 1, 2, 3};
    const SplitCandidate fast = best_split(p, cuts, hist, total, scale, features);
    const SplitCandidate slow = BruteForce{m, cuts, grad}.best(p, scale);
    ASSERT_EQ(fast.valid(), slow.valid()) << "seed " << seed;
    if (!slow.valid()) continue;
    EXPECT_EQ(fast.feature, slow.feature) << "seed " << seed;
    EXPECT_EQ(fast.bin, slow.bin) << "seed " << seed;
    EXPECT_EQ(fast.default_left, slow.default_left) << "seed " << seed;
    EXPECT_EQ(fast.left, slow.left) << "seed " << seed;
    EXPECT_EQ(fast.loss_change, slow.loss_change) << "seed " << seed;
  }
}

// Features with one value where present (one-hot columns: 1 or absent) have one bin; their only
// split is present vs missing, which XGBoost's hist offers and the search must find.
TEST(SplitSearch, OneValuedFeaturesSplitPresentFromMissing) {
  SingleCommunicator comm;
  const std::size_t rows = 300;
  data::Dataset d;
  d.dense = false;
  d.num_rows = d.global_rows = rows;
  d.num_features = 3;
  d.row_ptr = {0};
  std::vector<GradSum> grad(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    // feature 0: present in every third row (and decides the gradient); 1: present in every
    // second row (noise); 2: present everywhere (constant, no split)
    for (std::uint32_t f = 0; f < 3; ++f) {
      if ((f == 0 && r % 3 == 0) || (f == 1 && r % 2 == 0) || f == 2) {
        d.col_index.push_back(f);
        d.values.push_back(1.0f);
      }
    }
    d.row_ptr.push_back(d.col_index.size());
    d.labels.push_back(0);
    grad[r] = GradSum{r % 3 == 0 ? -4 : 2, 1};
  }
  const Cuts cuts = compute_cuts(comm, d, 256);
  for (std::size_t f = 0; f < 3; ++f) ASSERT_EQ(cuts.num_bins(f), 1u);
  const BinnedMatrix m(d, cuts, 1);
  HistogramBuilder builder(m, 1, false);
  std::vector<std::int64_t> hist(histogram_stride(cuts.total_bins()));
  std::vector<std::uint32_t> all(rows);
  for (std::uint32_t r = 0; r < rows; ++r) all[r] = r;
  const std::span<const std::uint32_t> nodes[] = {all};
  builder.build(grad, nodes, hist);
  const GradSum total{hist[hist.size() - 2], hist[hist.size() - 1]};
  const GradScale scale{1.0, 1.0};
  const std::vector<std::int32_t> features = {0, 1, 2};
  const SplitCandidate s = best_split(TreeParams{}, cuts, hist, total, scale, features);
  ASSERT_TRUE(s.valid());
  EXPECT_EQ(s.feature, 0);
  EXPECT_EQ(s.bin, 0u);
  EXPECT_FALSE(s.default_left);  // present left (value < the cut above 1), missing right
  EXPECT_EQ(s.left, (GradSum{-4 * 100, 100}));
  EXPECT_GT(cuts.cut(0, 0), 1.0f);
  const SplitCandidate slow = BruteForce{m, cuts, grad}.best(TreeParams{}, scale);
  EXPECT_EQ(slow.feature, s.feature);
  EXPECT_EQ(slow.bin, s.bin);
  EXPECT_EQ(slow.default_left, s.default_left);
}

// The last cut lies above every value of the training set, also where rows were not sampled:
// otherwise a present-vs-missing split would send a large unsampled value right at prediction
// while training counted it left.
TEST(Cuts, LastCutLiesAboveUnsampledValues) {
  SingleCommunicator comm;
  auto d = testing::random_dense(5000, 2, 0.0, 3);
  d.values[2 * 4321] = 1e6f;  // row 4321, feature 0
  for (std::uint64_t sample : {std::uint64_t{50}, std::uint64_t{200000}}) {
    const Cuts cuts = compute_cuts(comm, d, 16, sample);
    EXPECT_GT(cuts.cut(0, cuts.num_bins(0) - 1), 1e6f) << sample;
    EXPECT_LE(cuts.cut(1, cuts.num_bins(1) - 1), 3.0f) << sample;  // values in [0, 1]: 1 + 1 + 1
  }
}

TEST(Cuts, CutAboveStaysFiniteWhereAFloatAboveExists) {
  EXPECT_EQ(cut_above(1.0f), 3.0f);
  EXPECT_EQ(cut_above(-2.0f), 1.0f);
  EXPECT_GT(cut_above(1e-40f), 1e-40f);  // denormal
  const float huge = 3e38f;
  EXPECT_GT(cut_above(huge), huge);
  EXPECT_TRUE(std::isfinite(cut_above(huge)));
  EXPECT_FALSE(std::isfinite(cut_above(std::numeric_limits<float>::max())));
}

TEST(SplitCandidate, TiesBreakByFeatureThenBinThenMissingRight) {
  SplitCandidate a, b;
  a.feature = 2; a.bin = 5; a.loss_change = 1.0;
  b.feature = 1; b.bin = 9; b.loss_change = 1.0;
  EXPECT_TRUE(b.better_than(a));
  b.feature = 2; b.bin = 4;
  EXPECT_TRUE(b.better_than(a));
  b.bin = 5; b.default_left = true;
  EXPECT_TRUE(a.better_than(b));
  b.loss_change = 1.5;
  EXPECT_TRUE(b.better_than(a));
}

TEST(Histogram, ThreadCountDoesNotChangeABit) {
  SingleCommunicator comm;
  const auto data = testing::to_csr(testing::random_dense(20000, 6, 0.4, 9));
  const Cuts cuts = compute_cuts(comm, data, 64);
  const BinnedMatrix m(data, cuts, 2);
  std::vector<GradSum> grad(data.num_rows);
  for (std::size_t r = 0; r < grad.size(); ++r) grad[r] = GradSum{static_cast<std::int64_t>(r * 7919 % 1000) - 500, 3};
  std::vector<std::uint32_t> odd, even;
  for (std::uint32_t r = 0; r < grad.size(); ++r) (r % 2 ? odd : even).push_back(r);
  const std::span<const std::uint32_t> nodes[] = {odd, even};
  std::vector<std::int64_t> one(2 * histogram_stride(cuts.total_bins())), four(one.size());
  HistogramBuilder(m, 1, false).build(grad, nodes, one);
  HistogramBuilder(m, 4, false).build(grad, nodes, four);
  EXPECT_EQ(one, four);
  EXPECT_EQ(one[one.size() / 2 - 1], 3 * static_cast<std::int64_t>(odd.size()));  // odd node's hessian total
}

TEST(PackedHistogram, PacksAndUnpacksSignedPairs) {
  const std::int64_t limit = (std::int64_t{1} << 31) - 1;
  for (const std::int64_t g : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, limit, -limit, std::int64_t{123456}}) {
    for (const std::int64_t h : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{7}, limit, -limit}) {
      EXPECT_EQ(unpack(pack(GradSum{g, h})), (GradSum{g, h})) << g << " " << h;
      // A sum of packed values unpacks to the sum of the pairs while each half stays in range.
      EXPECT_EQ(unpack(pack(GradSum{g, h}) + pack(GradSum{-g / 2, -h / 2})), (GradSum{g - g / 2, h - h / 2}));
    }
  }
}

TEST(PackedHistogram, ScaleKeepsAnySumOfRoundedValuesIn31Bits) {
  for (const std::uint64_t rows : {std::uint64_t{1}, std::uint64_t{3}, std::uint64_t{60000}, kMaxPackedRows}) {
    for (const double max_abs : {1e-9, 0.25, 0.999, 1.0, 3.7e5}) {
      const double scale = packed_fixed_point_scale(max_abs, rows);
      EXPECT_EQ(std::log2(scale), std::round(std::log2(scale))) << "a power of two";
      const std::int64_t worst = std::abs(to_fixed(max_abs, scale)) * static_cast<std::int64_t>(rows);
      EXPECT_LT(worst, std::int64_t{1} << 31) << rows << " rows, max " << max_abs;
      EXPECT_GE(static_cast<double>(rows) * (max_abs * 2 * scale + 0.5), std::ldexp(1.0, 31))
          << "the largest such power of two: precision is not thrown away";
    }
  }
}

// A packed build holds exactly the pairs of an unpacked one, in every layout and with threads.
TEST(PackedHistogram, EqualsPairsInEveryLayout) {
  SingleCommunicator comm;
  auto fine = testing::random_dense(12000, 6, 0.1, 4);  // many distinct values: 16-bit dense bins
  for (std::size_t i = 0; i < fine.values.size(); ++i) fine.values[i] += static_cast<float>(i % 997) * 1e-5f;
  const auto sparse = testing::to_csr(testing::random_dense(12000, 6, 0.7, 5));
  const struct {
    const data::Dataset* data;
    int max_bin;
    BinnedMatrix::Layout layout;
  } cases[] = {{&fine, 64, BinnedMatrix::Layout::dense8}, {&fine, 1000, BinnedMatrix::Layout::dense16},
               {&sparse, 64, BinnedMatrix::Layout::sparse}};
  for (const auto& c : cases) {
    const Cuts cuts = compute_cuts(comm, *c.data, c.max_bin);
    const BinnedMatrix m(*c.data, cuts, 1);
    ASSERT_EQ(m.layout(), c.layout);
    const double scale = packed_fixed_point_scale(1.0, c.data->num_rows);
    std::vector<GradSum> grad(c.data->num_rows);
    for (std::size_t r = 0; r < grad.size(); ++r) {
      const double g = std::sin(static_cast<double>(r)), h = std::abs(std::cos(static_cast<double>(r * 3)));
      grad[r] = GradSum{to_fixed(g, scale), to_fixed(h, scale)};
    }
    std::vector<std::uint32_t> some;
    for (std::uint32_t r = 0; r < grad.size(); r += 1 + r % 3) some.push_back(r);
    std::vector<std::uint32_t> all(grad.size());
    for (std::uint32_t r = 0; r < all.size(); ++r) all[r] = r;
    const std::span<const std::uint32_t> nodes[] = {some, all};
    for (const int threads : {1, 3}) {
      HistogramBuilder pairs_builder(m, threads, false), packed_builder(m, threads, true);
      ASSERT_EQ(packed_builder.node_size(), cuts.total_bins() + 1u);
      std::vector<std::int64_t> pairs(2 * pairs_builder.node_size()), packed(2 * packed_builder.node_size());
      pairs_builder.build(grad, nodes, pairs);
      packed_builder.build(grad, nodes, packed);
      for (std::size_t i = 0; i < packed.size(); ++i) {
        ASSERT_EQ(unpack(packed[i]), (GradSum{pairs[2 * i], pairs[2 * i + 1]})) << "element " << i << ", " << threads << " threads";
      }
      EXPECT_NE(unpack(packed.back()).g, 0);
    }
  }
}

// A node holding every row is built column by column where the matrix has a column index; it
// must equal the row-by-row build (forced here by building it next to an empty node).
TEST(Histogram, AllRowsByColumnEqualsRowByRow) {
  SingleCommunicator comm;
  const auto sparse = testing::to_csr(testing::random_dense(9000, 7, 0.6, 8));
  const Cuts cuts = compute_cuts(comm, sparse, 64);
  const BinnedMatrix m(sparse, cuts, 1);
  ASSERT_TRUE(m.has_columns());
  const double scale = packed_fixed_point_scale(2.0, sparse.num_rows);
  std::vector<GradSum> grad(sparse.num_rows);
  for (std::size_t r = 0; r < grad.size(); ++r) {
    grad[r] = GradSum{to_fixed(std::sin(static_cast<double>(r)) * 2, scale), to_fixed(std::abs(std::cos(static_cast<double>(r))), scale)};
  }
  std::vector<std::uint32_t> all(grad.size());
  for (std::uint32_t r = 0; r < all.size(); ++r) all[r] = r;
  const std::vector<std::uint32_t> none;
  const std::span<const std::uint32_t> alone[] = {all}, with_empty[] = {all, none};
  for (const bool packed : {false, true}) {
    for (const int threads : {1, 3}) {
      HistogramBuilder builder(m, threads, packed);
      std::vector<std::int64_t> by_column(builder.node_size()), by_row(2 * builder.node_size());
      builder.build(grad, alone, by_column);
      builder.build(grad, with_empty, by_row);
      by_row.resize(builder.node_size());
      EXPECT_EQ(by_column, by_row) << (packed ? "packed" : "pairs") << ", " << threads << " threads";
      EXPECT_NE(by_column.back(), 0);
    }
  }
}

}  // namespace
}  // namespace dpt::gbdt
