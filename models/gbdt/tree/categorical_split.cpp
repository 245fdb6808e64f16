#include "models/gbdt/tree/categorical_split.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "models/gbdt/binning/categories.h"

namespace dpt::gbdt {
namespace {

// The feature's best candidate so far: strictly higher gains replace it, so among equal gains
// the first in enumeration order stays (XGBoost's SplitEntry::Update within a feature).
struct FeatureBest {
  double loss_change = 0;
  bool found = false;
  std::uint32_t order = 0;
  bool default_left = false;
  GradSum left, right;
  std::uint32_t cut = 0;  // one-hot: the category; partition: how many of the sorted order go right

  void offer(double change, std::uint32_t at, bool missing_left, const GradSum& l, const GradSum& r, std::uint32_t c) {
    if (found && !(change > loss_change)) return;
    *this = FeatureBest{change, true, at, missing_left, l, r, c};
  }
};

class Scorer {
 public:
  Scorer(const TreeParams& p, const GradScale& scale, double parent_gain) : p_(p), scale_(scale), parent_(parent_gain) {}

  // The loss change of a split into left and right, or nothing when a child is too light (the
  // numerical search's rule, split_evaluator.cpp).
  bool score(const GradSum& left, const GradSum& right, double& change) const {
    const double gl = scale_.grad(left), hl = scale_.hess(left), gr = scale_.grad(right), hr = scale_.hess(right);
    if (!(hl > 0 && hr > 0 && hl >= p_.min_child_weight && hr >= p_.min_child_weight)) return false;
    change = node_gain(p_, gl, hl) + node_gain(p_, gr, hr) - parent_;
    return true;
  }

 private:
  const TreeParams& p_;
  const GradScale& scale_;
  double parent_;
};

GradSum bin_sum(const std::int64_t* hist, std::uint32_t b) { return GradSum{hist[2 * b], hist[2 * b + 1]}; }

// One category right, the rest left: missing left first, then missing right (with the category).
FeatureBest one_hot(const Scorer& s, std::uint32_t nb, const std::int64_t* hist, const GradSum& total) {
  GradSum present;
  for (std::uint32_t b = 0; b < nb; ++b) present += bin_sum(hist, b);
  const GradSum missing = total - present;
  FeatureBest best;
  double change = 0;
  for (std::uint32_t b = 0; b < nb; ++b) {
    GradSum right = bin_sum(hist, b);
    if (s.score(total - right, right, change)) best.offer(change, 2 * b, true, total - right, right, b);
    right += missing;
    if (s.score(total - right, right, change)) best.offer(change, 2 * b + 1, false, total - right, right, b);
  }
  return best;
}

// The categories sorted by their leaf weight (XGBoost's CalcWeightCat, a float), ties in code order.
std::vector<std::uint32_t> weight_order(const TreeParams& p, const GradScale& scale, std::uint32_t nb,
                                        const std::int64_t* hist) {
  std::vector<float> weight(nb);
  for (std::uint32_t b = 0; b < nb; ++b) {
    const GradSum g = bin_sum(hist, b);
    weight[b] = static_cast<float>(leaf_weight(p, scale.grad(g), scale.hess(g)));
  }
  std::vector<std::uint32_t> order(nb);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return weight[a] < weight[b]; });
  return order;
}

// Forward: the first k of the order right, missing left; backward: the last k left, missing right.
FeatureBest partition(const Scorer& s, std::uint32_t nb, std::uint32_t threshold, const std::int64_t* hist,
                      const GradSum& total, const std::vector<std::uint32_t>& order) {
  const std::uint32_t n = std::min(threshold, nb);
  FeatureBest best;
  double change = 0;
  GradSum right;
  for (std::uint32_t k = 1; k < n; ++k) {
    right += bin_sum(hist, order[k - 1]);
    if (s.score(total - right, right, change)) best.offer(change, k - 1, true, total - right, right, k);
  }
  GradSum left;
  for (std::uint32_t step = 0; step + 1 < n; ++step) {
    const std::uint32_t j = nb - 1 - step;  // order[j..nb) left, order[0..j) right
    left += bin_sum(hist, order[j]);
    if (s.score(left, total - left, change)) best.offer(change, n - 1 + step, false, left, total - left, j);
  }
  return best;
}

}  // namespace

void offer_categorical_split(const TreeParams& p, std::int32_t feature, std::uint32_t num_bins,
                             const std::int64_t* hist, const GradSum& total, const GradScale& scale,
                             double parent_gain, SplitCandidate& best) {
  const Scorer scorer(p, scale, parent_gain);
  const bool one = uses_one_hot(p, num_bins);
  std::vector<std::uint32_t> order;
  FeatureBest found;
  if (one) {
    found = one_hot(scorer, num_bins, hist, total);
  } else {
    order = weight_order(p, scale, num_bins, hist);
    found = partition(scorer, num_bins, static_cast<std::uint32_t>(p.max_cat_threshold), hist, total, order);
  }
  if (!found.found) return;
  SplitCandidate c;
  c.loss_change = found.loss_change;
  c.feature = feature;
  c.bin = found.order;
  c.default_left = found.default_left;
  c.left = found.left;
  c.right = found.right;
  if (!c.better_than(best)) return;
  c.categorical = true;
  c.categories.assign(category_words(num_bins), 0);  // a size every rank knows (split_search.cpp)
  if (one) {
    add_category(c.categories, found.cut);
  } else {
    for (std::uint32_t k = 0; k < found.cut; ++k) add_category(c.categories, order[k]);
  }
  best = std::move(c);
}

}  // namespace dpt::gbdt
