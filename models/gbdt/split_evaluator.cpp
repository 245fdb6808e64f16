#include "models/gbdt/split_evaluator.h"

#include <cmath>
#include <limits>

namespace dpt::gbdt {
namespace {

double threshold_l1(double g, double alpha) {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0.0;
}

// The gain of one child as the hist evaluator computes it (CalcGainGivenWeight).
double child_gain(const TreeParams& p, double g, double h) {
  if (h <= 0) return 0.0;
  if (p.max_delta_step == 0.0) {
    const double t = threshold_l1(g, p.alpha);
    return t * t / (h + p.lambda);
  }
  const double w = leaf_weight(p, g, h);
  return -(2.0 * g * w + (h + p.lambda) * w * w);
}

}  // namespace

double leaf_weight(const TreeParams& p, double g, double h) {
  if (h < p.min_child_weight || h <= 0.0) return 0.0;
  double w = -threshold_l1(g, p.alpha) / (h + p.lambda);
  if (p.max_delta_step != 0.0 && std::abs(w) > p.max_delta_step) w = std::copysign(p.max_delta_step, w);
  return w;
}

double node_gain(const TreeParams& p, double g, double h) { return child_gain(p, g, h); }

bool SplitCandidate::better_than(const SplitCandidate& o) const {
  if (!o.valid()) return valid();
  if (!valid()) return false;
  if (loss_change != o.loss_change) return loss_change > o.loss_change;
  if (feature != o.feature) return feature < o.feature;
  if (bin != o.bin) return bin < o.bin;
  return !default_left && o.default_left;
}

SplitCandidate best_split(const TreeParams& p, const Cuts& cuts, std::span<const std::int64_t> hist,
                          const GradSum& total, const GradScale& scale,
                          std::span<const std::int32_t> features) {
  SplitCandidate best;
  const double parent_gain = node_gain(p, scale.grad(total), scale.hess(total));
  // The loss change of one left/right pair, or NaN when a child is too light (NaN is never offered).
  constexpr double kUnusable = std::numeric_limits<double>::quiet_NaN();
  auto evaluate = [&](const GradSum& left, const GradSum& right) {
    if (left.h <= 0 || right.h <= 0) return kUnusable;
    const double hl = scale.hess(left), hr = scale.hess(right);
    if (hl < p.min_child_weight || hr < p.min_child_weight) return kUnusable;
    return child_gain(p, scale.grad(left), hl) + child_gain(p, scale.grad(right), hr) - parent_gain;
  };
  auto offer = [&](double loss_change, std::int32_t f, std::uint32_t bin, bool default_left,
                   const GradSum& left, const GradSum& right) {
    if (best.valid() && loss_change < best.loss_change) return;  // cannot win: skip the copy
    SplitCandidate c;
    c.loss_change = loss_change;
    c.feature = f;
    c.bin = bin;
    c.default_left = default_left;
    c.left = left;
    c.right = right;
    if (c.better_than(best)) best = c;
  };
  // Every candidate is offered in XGBoost's enumeration order. A bin without rows leaves the
  // children's sums as they were, so its candidate's loss change is the previous one's: it is
  // reused instead of recomputed (deep nodes have many empty bins). Same candidates, same winner.
  for (const std::int32_t f : features) {
    const std::uint32_t nb = cuts.num_bins(f);
    if (nb < 2) continue;
    const std::int64_t* h = hist.data() + 2 * std::size_t{cuts.offsets[f]};
    auto bin_sum = [h](std::uint32_t b) { return GradSum{h[2 * b], h[2 * b + 1]}; };
    GradSum present;
    for (std::uint32_t b = 0; b < nb; ++b) present += bin_sum(b);
    const GradSum missing = total - present;
    // Missing values go right: left holds bins 0..b.
    GradSum left;
    double gain = kUnusable;
    for (std::uint32_t b = 0; b + 1 < nb; ++b) {
      const GradSum in_bin = bin_sum(b);
      if (in_bin != GradSum{}) {
        left += in_bin;
        gain = evaluate(left, total - left);
      }
      if (!std::isnan(gain)) offer(gain, f, b, false, left, total - left);
    }
    if (missing == GradSum{}) continue;
    // Missing values go left: right holds bins b+1..nb-1.
    GradSum right;
    gain = kUnusable;
    for (std::uint32_t b = nb - 1; b > 0; --b) {
      const GradSum in_bin = bin_sum(b);
      if (in_bin != GradSum{}) {
        right += in_bin;
        gain = evaluate(total - right, right);
      }
      if (!std::isnan(gain)) offer(gain, f, b - 1, true, total - right, right);
    }
  }
  return best;
}

}  // namespace dpt::gbdt
