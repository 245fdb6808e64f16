#pragma once
// XGBoost's split arithmetic (TrainParam, CalcWeight, CalcGain, the hist evaluator's
// enumeration) on exact fixed-point histograms. Every rank holds the same histogram and runs the
// same code, so every rank picks the same split.
#include <cstdint>
#include <span>
#include <vector>

#include "models/gbdt/booster/params.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/tree/tree_constraints.h"

namespace dpt::gbdt {

// Fixed-point gradient and hessian sums; the scales turn them back into real numbers.
struct GradSum {
  std::int64_t g = 0, h = 0;
  GradSum& operator+=(const GradSum& o) { g += o.g; h += o.h; return *this; }
  GradSum& operator-=(const GradSum& o) { g -= o.g; h -= o.h; return *this; }
  friend GradSum operator-(GradSum a, const GradSum& b) { return a -= b; }
  friend bool operator==(const GradSum&, const GradSum&) = default;
};

// Fixed-point scales are powers of two (fixed_point_scale), so multiplying by the inverse gives
// the same bits as dividing, at a fraction of the cost in the split search's inner loop.
class GradScale {
 public:
  GradScale() = default;
  GradScale(double g, double h) : g_(g), h_(h), inv_g_(1.0 / g), inv_h_(1.0 / h) {}
  double grad(const GradSum& s) const { return static_cast<double>(s.g) * inv_g_; }
  double hess(const GradSum& s) const { return static_cast<double>(s.h) * inv_h_; }
  double g() const { return g_; }
  double h() const { return h_; }

 private:
  double g_ = 1, h_ = 1;  // real = fixed / scale
  double inv_g_ = 1, inv_h_ = 1;
};

// XGBoost's formulas (src/tree/param.h): leaf weight and the gain of a node.
double leaf_weight(const TreeParams& p, double sum_grad, double sum_hess);
double node_gain(const TreeParams& p, double sum_grad, double sum_hess);
// XGBoost's tree::CalcGain: node_gain with its min_child_weight cut-off and, under
// max_delta_step, alpha's term; the refresher's loss changes use it.
double calc_gain(const TreeParams& p, double sum_grad, double sum_hess);

struct SplitCandidate {
  double loss_change = 0;  // gain of splitting over not splitting; <= 0: no usable split
  std::int32_t feature = -1;
  std::uint32_t bin = 0;   // left holds bins <= bin
  bool default_left = false;
  GradSum left, right;
  // A categorical split (categorical_split.h): the codes that go right, as bits (categories.h);
  // `bin` then numbers the feature's candidates in XGBoost's enumeration order.
  bool categorical = false;
  std::vector<std::uint64_t> categories;

  bool valid() const { return feature >= 0; }
  // The deterministic order: higher gain, then lower feature, lower bin, missing right first.
  bool better_than(const SplitCandidate& o) const;
};

// The best split of a node from its histogram (2 int64 per bin: g, h) over the given features.
// `hist` may be a part of the histogram that starts at bin `first_bin` and holds their bins.
// Under monotone constraints (p.has_monotone()) `monotone` gives the node's weight bounds.
SplitCandidate best_split(const TreeParams& p, const Cuts& cuts, std::span<const std::int64_t> hist,
                          const GradSum& total, const GradScale& scale,
                          std::span<const std::int32_t> features, std::uint32_t first_bin = 0,
                          const MonotoneNode& monotone = {});

// The gain of a node of weight w (XGBoost's CalcGainGivenWeight): what constrained nodes use.
double gain_given_weight(const TreeParams& p, double sum_grad, double sum_hess, double w);

}  // namespace dpt::gbdt
