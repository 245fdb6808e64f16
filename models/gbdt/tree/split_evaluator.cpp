#include "models/gbdt/tree/split_evaluator.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "models/gbdt/tree/categorical_split.h"

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

double calc_gain(const TreeParams& p, double g, double h) {
  if (h < p.min_child_weight || h <= 0.0) return 0.0;
  if (p.max_delta_step == 0.0) {
    const double t = threshold_l1(g, p.alpha);
    return t * t / (h + p.lambda);
  }
  const double w = leaf_weight(p, g, h);
  const double gain = -(2.0 * g * w + (h + p.lambda) * w * w);
  return p.alpha == 0.0 ? gain : gain + p.alpha * std::abs(w);
}

double gain_given_weight(const TreeParams& p, double g, double h, double w) {
  if (h <= 0) return 0.0;
  return -(2.0 * g * w + (h + p.lambda) * w * w);
}

bool SplitCandidate::better_than(const SplitCandidate& o) const {
  if (!o.valid()) return valid();
  if (!valid()) return false;
  if (loss_change != o.loss_change) return loss_change > o.loss_change;
  if (feature != o.feature) return feature < o.feature;
  if (bin != o.bin) return bin < o.bin;
  return !default_left && o.default_left;
}

namespace {

constexpr double kUnusable = -std::numeric_limits<double>::infinity();

// Children sums of every candidate of one feature and direction, as real numbers: converted
// from the exact fixed-point sums one by one, as the scalar formula would.
struct Children {
  std::vector<double> gl, hl, gr, hr, loss_change;
  void resize(std::size_t n) {
    for (auto* v : {&gl, &hl, &gr, &hr, &loss_change}) v->resize(n);
  }
};

// The loss change of every candidate with the L2-only formula (alpha = 0, max_delta_step = 0,
// XGBoost's defaults), or kUnusable where a child is too light. A branch-free loop the compiler
// vectorises; the AVX2 clone is picked at run time where the CPU has it. Same operations in the
// same order as child_gain, no fused multiply-add (not part of the avx2 target): same bits.
__attribute__((target_clones("avx2", "default")))
void l2_loss_changes(const double* gl, const double* hl, const double* gr, const double* hr, std::size_t n,
                     double lambda, double min_child_weight, double parent_gain, double* out) {
  for (std::size_t i = 0; i < n; ++i) {
    // `&`, not `&&`: no branches, so the loop vectorises
    const bool usable = (hl[i] > 0) & (hr[i] > 0) & (hl[i] >= min_child_weight) & (hr[i] >= min_child_weight);
    const double change = gl[i] * gl[i] / (hl[i] + lambda) + gr[i] * gr[i] / (hr[i] + lambda) - parent_gain;
    out[i] = usable ? change : kUnusable;
  }
}

// Children sums of the candidates of one feature and direction: left = left0 + prefix[b],
// right = right0 - prefix[b] (exact, in fixed point), then each converted and scaled as
// GradScale does. Vectorised where the CPU converts int64 to double in vectors (AVX-512DQ); the
// same bits everywhere (conversion rounds to nearest, the scale is a power of two).
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
void children_sums(const std::int64_t* prefix_g, const std::int64_t* prefix_h, std::size_t n, std::int64_t left0_g,
                   std::int64_t left0_h, std::int64_t right0_g, std::int64_t right0_h, double inv_g, double inv_h,
                   double* gl, double* hl, double* gr, double* hr) {
  for (std::size_t i = 0; i < n; ++i) {
    gl[i] = static_cast<double>(left0_g + prefix_g[i]) * inv_g;
    hl[i] = static_cast<double>(left0_h + prefix_h[i]) * inv_h;
    gr[i] = static_cast<double>(right0_g - prefix_g[i]) * inv_g;
    hr[i] = static_cast<double>(right0_h - prefix_h[i]) * inv_h;
  }
}

// Under monotone constraints (XGBoost's TreeEvaluator with has_constraint): the children's
// weights clamped to the node's bounds, the gain from those weights, and a candidate on a
// constrained feature whose weights go against the constraint unusable.
void monotone_loss_changes(const TreeParams& p, const WeightBounds& bounds, int sign, double parent_gain,
                           Children& c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const bool usable = c.hl[i] > 0 && c.hr[i] > 0 && c.hl[i] >= p.min_child_weight && c.hr[i] >= p.min_child_weight;
    const double wl = bounds.clamp(leaf_weight(p, c.gl[i], c.hl[i]));
    const double wr = bounds.clamp(leaf_weight(p, c.gr[i], c.hr[i]));
    const bool ordered = sign == 0 || (sign > 0 ? wl <= wr : wl >= wr);
    c.loss_change[i] = usable && ordered ? gain_given_weight(p, c.gl[i], c.hl[i], wl) +
                                               gain_given_weight(p, c.gr[i], c.hr[i], wr) - parent_gain
                                         : kUnusable;
  }
}

void loss_changes(const TreeParams& p, double parent_gain, Children& c, std::size_t n) {
  if (p.alpha == 0.0 && p.max_delta_step == 0.0) {
    l2_loss_changes(c.gl.data(), c.hl.data(), c.gr.data(), c.hr.data(), n, p.lambda, p.min_child_weight,
                    parent_gain, c.loss_change.data());
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool usable = c.hl[i] > 0 && c.hr[i] > 0 && c.hl[i] >= p.min_child_weight && c.hr[i] >= p.min_child_weight;
    c.loss_change[i] = usable ? child_gain(p, c.gl[i], c.hl[i]) + child_gain(p, c.gr[i], c.hr[i]) - parent_gain
                              : kUnusable;
  }
}

}  // namespace

SplitCandidate best_split(const TreeParams& p, const Cuts& cuts, std::span<const std::int64_t> hist,
                          const GradSum& total, const GradScale& scale,
                          std::span<const std::int32_t> features, std::uint32_t first_bin,
                          const MonotoneNode& monotone) {
  SplitCandidate best;
  const bool constrained = p.has_monotone();
  const double parent_gain =
      constrained ? gain_given_weight(p, scale.grad(total), scale.hess(total),
                                      monotone.parent_bounds.clamp(leaf_weight(p, scale.grad(total), scale.hess(total))))
                  : node_gain(p, scale.grad(total), scale.hess(total));
  int sign = 0;  // the monotone constraint of the feature being scored
  Children children;
  std::vector<std::int64_t> prefix_g, prefix_h;  // sums of bins 0..candidate_bins[i]
  std::vector<std::uint32_t> candidate_bins;
  // Every candidate of XGBoost's enumeration is scored; per feature and direction the best one
  // (highest loss change, then lowest bin) is offered. The order better_than defines is total, so
  // the winner is the one offering every candidate in turn would give.
  auto offer_best = [&](std::int32_t f, bool default_left, std::size_t n, auto&& sums_of) {
    std::size_t at = n;
    double top = kUnusable;
    for (std::size_t b = 0; b < n; ++b) {
      if (children.loss_change[b] > top) {
        top = children.loss_change[b];
        at = b;
      }
    }
    if (at == n) return;
    const auto [left, right] = sums_of(at);
    SplitCandidate c;
    c.loss_change = top;
    c.feature = f;
    c.bin = candidate_bins[at];
    c.default_left = default_left;
    c.left = left;
    c.right = right;
    if (c.better_than(best)) best = c;
  };
  // left = left0 + prefix[b], right = right0 - prefix[b]
  auto score = [&](std::size_t n, const GradSum& left0, const GradSum& right0) {
    children_sums(prefix_g.data(), prefix_h.data(), n, left0.g, left0.h, right0.g, right0.h, scale.grad(GradSum{1, 0}),
                  scale.hess(GradSum{0, 1}), children.gl.data(), children.hl.data(), children.gr.data(),
                  children.hr.data());
    if (constrained) monotone_loss_changes(p, monotone.bounds, sign, parent_gain, children, n);
    else loss_changes(p, parent_gain, children, n);
  };
  for (const std::int32_t f : features) {
    const std::uint32_t nb = cuts.num_bins(f);
    if (cuts.is_categorical(f)) {  // categorical_split.h
      offer_categorical_split(p, f, nb, hist.data() + 2 * std::size_t{cuts.offsets[f] - first_bin}, total, scale,
                              parent_gain, best);
      continue;
    }
    // Candidate b puts bins 0..b on one side and b+1..nb-1 on the other; the last one (b = nb-1)
    // puts every present value on one side and the missing ones on the other, so it needs a
    // finite split condition above every value (quantile_cuts.h). A feature with a single value
    // (one-hot, present or absent) has only that split.
    const std::uint32_t candidates = std::isfinite(cuts.cut(f, nb - 1)) ? nb : nb - 1;
    if (candidates == 0) continue;
    sign = static_cast<std::size_t>(f) < p.monotone.size() ? p.monotone[f] : 0;
    const std::int64_t* h = hist.data() + 2 * std::size_t{cuts.offsets[f] - first_bin};
    // Where bin b is empty (no rows, or sums of zero) candidate b has the sums, so the loss
    // change, of candidate b - 1, which wins the tie with its lower bin: only candidate 0 and
    // those after a non-empty bin are scored (in deep nodes most bins are empty).
    prefix_g.resize(nb);
    prefix_h.resize(nb);
    candidate_bins.resize(nb);
    std::int64_t run_g = 0, run_h = 0;
    std::size_t n = 0;
    for (std::uint32_t b = 0; b < candidates; ++b) {  // branch-free: empty bins are unpredictable
      run_g += h[2 * b];
      run_h += h[2 * b + 1];
      prefix_g[n] = run_g;
      prefix_h[n] = run_h;
      candidate_bins[n] = b;
      n += static_cast<std::size_t>((b == 0) | (h[2 * b] != 0) | (h[2 * b + 1] != 0));
    }
    for (std::uint32_t b = candidates; b < nb; ++b) {
      run_g += h[2 * b];
      run_h += h[2 * b + 1];
    }
    auto prefix = [&](std::size_t i) { return GradSum{prefix_g[i], prefix_h[i]}; };
    const GradSum present{run_g, run_h};
    children.resize(n);
    // Missing values go right: left holds bins 0..b.
    auto missing_right = [&](std::size_t b) { return std::pair{prefix(b), total - prefix(b)}; };
    score(n, GradSum{}, total);
    offer_best(f, false, n, missing_right);
    if (total == present) continue;  // nothing missing: the other direction gives the same splits
    // Missing values go left: right holds bins b+1..nb-1 (left = missing + bins 0..b). Missing
    // alone on the left is the last candidate of the other direction, mirrored.
    auto missing_left = [&](std::size_t b) {
      const GradSum right = present - prefix(b);
      return std::pair{total - right, right};
    };
    score(n, total - present, present);
    offer_best(f, true, n, missing_left);
  }
  return best;
}

}  // namespace dpt::gbdt
