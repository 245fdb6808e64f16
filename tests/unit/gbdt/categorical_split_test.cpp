// Categorical split search (categorical_split.h) against brute force over category subsets, the
// one-hot / partition threshold, max_cat_threshold, and the category set wire-independent parts.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "models/gbdt/tree/categorical_split.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/tree/split_evaluator.h"

namespace dpt::gbdt {
namespace {

// A random categorical histogram: nb bins of (g, h) with h > 0 (or an empty bin now and then),
// and the node total with `missing` extra rows' sums.
struct Hist {
  std::vector<std::int64_t> bins;  // 2 per bin
  GradSum total, missing;
};

Hist random_hist(std::uint32_t nb, bool with_missing, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> g(-5000, 5000), h(1, 4000);
  Hist out;
  for (std::uint32_t b = 0; b < nb; ++b) {
    const bool empty = rng() % 7 == 0;
    out.bins.push_back(empty ? 0 : g(rng));
    out.bins.push_back(empty ? 0 : h(rng));
    out.total += GradSum{out.bins[2 * b], out.bins[2 * b + 1]};
  }
  if (with_missing) out.missing = GradSum{g(rng), h(rng)};
  out.total += out.missing;
  return out;
}

GradSum set_sum(const Hist& hist, const std::vector<std::uint64_t>& bits, std::uint32_t nb) {
  GradSum s;
  for (std::uint32_t b = 0; b < nb; ++b) {
    if (has_category(bits, b)) s += GradSum{hist.bins[2 * b], hist.bins[2 * b + 1]};
  }
  return s;
}

double gain(const TreeParams& p, const GradScale& scale, const GradSum& total, const GradSum& left,
            const GradSum& right) {
  return node_gain(p, scale.grad(left), scale.hess(left)) + node_gain(p, scale.grad(right), scale.hess(right)) -
         node_gain(p, scale.grad(total), scale.hess(total));
}

SplitCandidate search(const TreeParams& p, const Hist& hist, std::uint32_t nb, const GradScale& scale) {
  SplitCandidate best;
  offer_categorical_split(p, 3, nb, hist.bins.data(), hist.total, scale,
                          node_gain(p, scale.grad(hist.total), scale.hess(hist.total)), best);
  return best;
}

// The sums a candidate reports are those of its set (plus missing when missing goes right).
void expect_consistent(const SplitCandidate& c, const Hist& hist, std::uint32_t nb) {
  ASSERT_TRUE(c.valid());
  EXPECT_TRUE(c.categorical);
  EXPECT_EQ(c.categories.size(), category_words(nb));
  GradSum right = set_sum(hist, c.categories, nb);
  if (!c.default_left) right += hist.missing;
  EXPECT_EQ(c.right, right);
  EXPECT_EQ(c.left, hist.total - right);
}

// Without missing values and with lambda 0, sorting by leaf weight makes a prefix split optimal
// (Fisher): the partition search must reach the best gain over every subset.
TEST(CategoricalSplit, PartitionEqualsBruteForceOverSubsets) {
  TreeParams p;
  p.lambda = 0;
  p.min_child_weight = 0;
  const GradScale scale(1024.0, 1024.0);
  for (std::uint32_t nb = 4; nb <= 9; ++nb) {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      const Hist hist = random_hist(nb, false, seed * 100 + nb);
      const SplitCandidate c = search(p, hist, nb, scale);
      double brute = -1e300;
      for (std::uint32_t mask = 1; mask + 1 < (1u << nb); ++mask) {
        std::vector<std::uint64_t> bits{mask};
        const GradSum right = set_sum(hist, bits, nb), left = hist.total - right;
        if (left.h <= 0 || right.h <= 0) continue;
        brute = std::max(brute, gain(p, scale, hist.total, left, right));
      }
      expect_consistent(c, hist, nb);
      EXPECT_DOUBLE_EQ(c.loss_change, brute) << "nb " << nb << " seed " << seed;
    }
  }
}

// With missing values XGBoost scans two of the four (set, missing side) families; the result is
// never above the best subset with missing on either side, and its sums are those of its set.
// (Which candidate XGBoost picks is checked against xgboost itself: tests/e2e/gbdt/categorical_e2e.py.)
TEST(CategoricalSplit, PartitionWithMissingIsBoundedByBruteForce) {
  TreeParams p;
  const GradScale scale(1.0, 1.0);
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const std::uint32_t nb = 4 + static_cast<std::uint32_t>(seed % 5);
    const Hist hist = random_hist(nb, true, seed);
    const SplitCandidate c = search(p, hist, nb, scale);
    double brute = -1e300;
    for (std::uint32_t mask = 0; mask < (1u << nb); ++mask) {
      for (const bool missing_right : {false, true}) {
        std::vector<std::uint64_t> bits{mask};
        GradSum right = set_sum(hist, bits, nb);
        if (missing_right) right += hist.missing;
        const GradSum left = hist.total - right;
        if (scale.hess(left) < p.min_child_weight || scale.hess(right) < p.min_child_weight) continue;
        brute = std::max(brute, gain(p, scale, hist.total, left, right));
      }
    }
    expect_consistent(c, hist, nb);
    EXPECT_LE(c.loss_change, brute);
  }
}

// Fewer bins than max_cat_to_onehot: exactly one category right, the best of the 2 x nb
// candidates, ties to the lowest category and missing left first (XGBoost's order).
TEST(CategoricalSplit, OneHotEqualsBruteForceOverSingleCategories) {
  TreeParams p;
  p.max_cat_to_onehot = 6;
  const GradScale scale(1024.0, 1024.0);
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const std::uint32_t nb = 1 + static_cast<std::uint32_t>(seed % 5);  // 1..5 < 6
    const Hist hist = random_hist(nb, seed % 3 != 0, seed);
    const SplitCandidate c = search(p, hist, nb, scale);
    double best = 0;
    int best_cat = -1;
    bool best_left = false;
    for (std::uint32_t b = 0; b < nb; ++b) {
      for (const bool missing_left : {true, false}) {
        GradSum right{hist.bins[2 * b], hist.bins[2 * b + 1]};
        if (!missing_left) right += hist.missing;
        const GradSum left = hist.total - right;
        if (left.h <= 0 || right.h <= 0 || scale.hess(left) < 1 || scale.hess(right) < 1) continue;
        const double g = gain(p, scale, hist.total, left, right);
        if (best_cat < 0 || g > best) {
          best = g;
          best_cat = static_cast<int>(b);
          best_left = missing_left;
        }
      }
    }
    if (best_cat < 0) {
      EXPECT_FALSE(c.valid());
      continue;
    }
    expect_consistent(c, hist, nb);
    EXPECT_EQ(category_codes(c.categories), std::vector<std::int32_t>{best_cat}) << "seed " << seed;
    EXPECT_EQ(c.default_left, best_left);
    EXPECT_DOUBLE_EQ(c.loss_change, best);
  }
}

TEST(CategoricalSplit, OneHotBelowMaxCatToOnehotPartitionFromIt) {
  TreeParams p;  // max_cat_to_onehot 4, as XGBoost 1.7
  EXPECT_TRUE(uses_one_hot(p, 3));
  EXPECT_FALSE(uses_one_hot(p, 4));
  p.max_cat_to_onehot = 1;  // partition always
  EXPECT_FALSE(uses_one_hot(p, 1));
  // Three categories of which two belong together: one-hot can only isolate one of them, a
  // partition splits {0, 2} from {1}: with max_cat_to_onehot 4 the split has one category.
  Hist hist;
  hist.bins = {-900, 1000, 800, 1000, -1000, 1000, 10, 1000};  // 4 bins: 0 and 2 low, 1 high, 3 ~0
  for (int b = 0; b < 4; ++b) hist.total += GradSum{hist.bins[2 * b], hist.bins[2 * b + 1]};
  const GradScale scale(1.0, 1.0);
  p.max_cat_to_onehot = 5;
  EXPECT_EQ(category_codes(search(p, hist, 4, scale).categories).size(), 1u);
  p.max_cat_to_onehot = 4;
  const SplitCandidate c = search(p, hist, 4, scale);
  const auto codes = category_codes(c.categories);
  EXPECT_TRUE(codes == (std::vector<std::int32_t>{0, 2}) || codes == (std::vector<std::int32_t>{1, 3})) << codes.size();
}

// max_cat_threshold t: the forward scan puts at most t - 1 categories right, the backward scan at
// most t - 1 left.
TEST(CategoricalSplit, MaxCatThresholdLimitsTheScannedSide) {
  TreeParams p;
  p.max_cat_threshold = 3;
  const GradScale scale(1024.0, 1024.0);
  const std::uint32_t nb = 12;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const Hist hist = random_hist(nb, true, seed);
    const SplitCandidate c = search(p, hist, nb, scale);
    expect_consistent(c, hist, nb);
    const std::size_t right = category_codes(c.categories).size();
    if (c.default_left) EXPECT_LE(right, 2u);
    else EXPECT_GE(right, nb - 2);
  }
}

TEST(CategoricalSplit, DecisionFollowsXGBoost) {
  std::vector<std::uint64_t> bits;
  add_category(bits, 1);
  add_category(bits, 70);
  const std::vector<std::int32_t> codes = category_codes(bits);
  EXPECT_EQ(codes, (std::vector<std::int32_t>{1, 70}));
  for (const float v : {1.0f, 70.0f, 1.5f, 70.9f}) {  // in the set (fractions truncate): right
    EXPECT_TRUE(category_goes_right(bits, v)) << v;
    EXPECT_TRUE(code_goes_right(codes, v)) << v;
  }
  for (const float v : {0.0f, 2.0f, 500.0f, -1.0f, -0.5f, 1e30f, 16777216.0f}) {  // not in it: left
    EXPECT_FALSE(category_goes_right(bits, v)) << v;
    EXPECT_FALSE(code_goes_right(codes, v)) << v;
  }
}

}  // namespace
}  // namespace dpt::gbdt
