#include "models/gbdt/booster/leaf_only_diagnosis.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <vector>

namespace dpt::gbdt {
namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

bool all_trees_single_leaf(const Model& model) {
  if (model.trees.empty()) return false;
  return std::all_of(model.trees.begin(), model.trees.end(), [](const RegTree& t) { return t.num_nodes() == 1; });
}

std::string leaf_only_warning(Communicator& comm, const TrainParams& params, const Cuts& cuts,
                              std::span<const float> labels, const Model& model) {
  float range[2] = {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};  // min, -max
  for (const float y : labels) {
    range[0] = std::min(range[0], y);
    range[1] = std::min(range[1], -y);
  }
  comm.allreduce(std::span<float>(range), ReduceOp::min);
  const double smallest = range[0], largest = -range[1];

  std::vector<std::string> causes;
  if (smallest == largest) causes.push_back("the training label is constant (" + number(smallest) + " in every row)");
  // The hessian sum of the whole set: a split needs min_child_weight on both sides.
  double root_hessian = 0;
  for (std::size_t i = 0; i < model.trees.size(); ++i) root_hessian = std::max<double>(root_hessian, model.trees[i].sum_hessian[0]);
  const TreeParams& p = params.tree;
  if (root_hessian < 2 * p.min_child_weight)
    causes.push_back("min_child_weight=" + number(p.min_child_weight) + " needs a hessian sum of that much on each "
                     "side of a split, and the whole training set sums to " + number(root_hessian) +
                     " (a binary:logistic row adds at most 0.25): lower min_child_weight");
  if (p.gamma > 0) causes.push_back("gamma=" + number(p.gamma) + ": no split reduces the loss by more than that; lower gamma");
  bool one_value_each = true;
  for (std::size_t f = 0; f < cuts.num_features() && one_value_each; ++f) one_value_each = cuts.num_bins(f) <= 1;
  if (one_value_each)
    causes.push_back("every feature holds a single value in the training set (check the data and its content type)");
  else if (params.max_bin < 16)
    causes.push_back("max_bin=" + std::to_string(params.max_bin) + " leaves few split points; raise max_bin");
  if (p.max_delta_step > 0 && p.max_delta_step < 1e-3)
    causes.push_back("max_delta_step=" + number(p.max_delta_step) + " caps every leaf near 0");
  if (causes.empty())
    causes.push_back("no split improves the loss with these settings (min_child_weight, gamma, lambda, max_bin) "
                     "or the features carry no signal for this label");

  std::string text = "every tree of the first " + std::to_string(model.trees.size() / std::max(1, model.trees_per_round())) +
                     " rounds is a single leaf: the model predicts one value for every row. Likely cause";
  text += causes.size() > 1 ? "s: " : ": ";
  for (std::size_t i = 0; i < causes.size(); ++i) text += (i ? "; " : "") + causes[i];
  return text;
}

}  // namespace dpt::gbdt
