#pragma once
// XGBoost's tree constraints: monotone_constraints (a leaf value may only rise, or only fall, with
// a feature) and interaction_constraints (which features may appear together on one path).
//
// Monotone (src/tree/split_evaluator.h): every node carries bounds on its weight. A candidate's
// child weights are clamped to the node's bounds, its gain is computed from those weights, and a
// candidate on a constrained feature whose weights go the wrong way is unusable. After a split
// the children inherit the node's bounds and, for a constrained feature, meet at the mean of the
// two weights, so every leaf below stays on its side. A node's own value is clamped to its
// parent's bounds.
//
// Interaction (src/tree/constraints.cc): the root may split on any feature; below, a node may
// split on the features already on its path and on every feature of each constraint set that
// holds all of them.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "models/gbdt/booster/params.h"

namespace dpt::gbdt {

struct WeightBounds {
  double lower = -std::numeric_limits<double>::max();
  double upper = std::numeric_limits<double>::max();
  double clamp(double w) const { return w < lower ? lower : (w > upper ? upper : w); }
};

// What the split search needs of a node under monotone constraints: its bounds (for the
// candidates' weights) and its parent's (for the node's own weight, whose gain is the baseline).
struct MonotoneNode {
  WeightBounds bounds, parent_bounds;
};

// The children's bounds after a node with `bounds` splits on a feature with constraint `sign`
// (-1, 0, 1) into children of weights wl and wr.
void child_bounds(const WeightBounds& bounds, int sign, double wl, double wr, WeightBounds& left,
                  WeightBounds& right);

// "(1,-1,0)" or "[1,-1,0]", as XGBoost takes it; each value -1, 0 or 1. Throws UserError.
std::vector<std::int8_t> parse_monotone_constraints(const std::string& text);
// "[[0, 1], [2, 3, 4]]": feature index sets. Throws UserError.
std::vector<std::vector<std::int32_t>> parse_interaction_constraints(const std::string& text);

// Throws UserError when a constraint names a feature the training data does not have.
void check_constraints(const TreeParams& params, std::size_t num_features);

// The features of `candidates` (sorted) that a node whose path split on `path` (sorted, unique)
// may use; all of them when there are no interaction constraints.
std::vector<std::int32_t> allowed_features(const std::vector<std::vector<std::int32_t>>& sets,
                                           const std::vector<std::int32_t>& candidates,
                                           const std::vector<std::int32_t>& path);

}  // namespace dpt::gbdt
