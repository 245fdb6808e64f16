#include "models/gbdt/model/model.h"

#include <cmath>
#include <string>

#include "common/error.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/model/linear_model.h"

namespace dpt::gbdt {
namespace {

void check_tree(const RegTree& tree, const std::string& where) {
  const std::size_t n = tree.num_nodes();
  auto fail = [&](const std::string& what) { throw UserError(where + ": " + what); };
  if (n == 0) fail("a tree needs at least one node");
  auto check_size = [&](std::size_t size, const char* name) {
    if (size != n)
      fail(std::string(name) + " has " + std::to_string(size) + " entries, left_children has " +
           std::to_string(n));
  };
  check_size(tree.right.size(), "right_children");
  check_size(tree.parent.size(), "parents");
  check_size(tree.split_index.size(), "split_indices");
  check_size(tree.split_condition.size(), "split_conditions");
  check_size(tree.default_left.size(), "default_left");
  check_size(tree.base_weight.size(), "base_weights");
  check_size(tree.loss_change.size(), "loss_changes");
  check_size(tree.sum_hessian.size(), "sum_hessian");
  for (const auto& [node, codes] : tree.categories) {
    if (node < 0 || static_cast<std::size_t>(node) >= n || tree.left[static_cast<std::size_t>(node)] == -1 || codes.empty())
      fail("categorical split at node " + std::to_string(node) + ": not a split node, or no categories");
  }
  // Every node but the root is the child of exactly one node, so a walk from the root ends.
  std::vector<std::uint8_t> referenced(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t l = tree.left[i], r = tree.right[i];
    if (l == -1 && r == -1) continue;
    const auto node = std::to_string(i);
    if (l <= 0 || r <= 0 || static_cast<std::size_t>(l) >= n || static_cast<std::size_t>(r) >= n)
      fail("node " + node + " has children " + std::to_string(l) + ", " + std::to_string(r) +
           " outside 1.." + std::to_string(n - 1) + " (a leaf has -1, -1)");
    if (l == r || referenced[l] || referenced[r])
      fail("node " + node + ": a node is the child of two nodes; the arrays do not form a tree");
    referenced[l] = referenced[r] = 1;
    if (tree.split_index[i] < 0) fail("node " + node + " splits on a negative feature index");
    if (std::isnan(tree.split_condition[i]) != tree.is_categorical(i))  // categories.h
      fail("node " + node + (tree.is_categorical(i) ? ": a categorical split needs split_condition NaN"
                                                    : ": split_condition NaN without categories (split_type 1)"));
  }
}

}  // namespace

void check_model(const Model& model, const std::string& source) {
  auto fail = [&](const std::string& what) { throw UserError(source + ": " + what); };
  if (!is_supported_objective(model.objective))
    fail("unknown objective '" + model.objective + "' (supported: " + supported_objectives_list() +
         ")");
  if (is_multiclass_objective(model.objective) && model.num_class < 2)
    fail(model.objective + " needs num_class >= 2, the model has " + std::to_string(model.num_class));
  if (!is_multiclass_objective(model.objective) && model.num_class > 1)
    fail(model.objective + " is single-output but the model has num_class " +
         std::to_string(model.num_class));
  if (model.num_parallel_tree < 1) fail("num_parallel_tree must be >= 1");
  if (model.num_feature < 0) fail("num_feature must be >= 0");
  if (!std::isfinite(base_margin(model)))
    fail("base_score " + std::to_string(model.base_score) + " has no margin for " +
         model.objective + " (a probability in (0, 1) for logistic, > 0 for count:poisson, reg:gamma, reg:tweedie)");
  check_booster(model, source);  // dart's weight_drop, gblinear's weights (linear_model.cpp)
  if (model.tree_info.size() != model.trees.size())
    fail("tree_info has " + std::to_string(model.tree_info.size()) + " entries for " +
         std::to_string(model.trees.size()) + " trees");
  for (std::size_t t = 0; t < model.trees.size(); ++t) {
    const std::string where = source + ": tree " + std::to_string(t);
    if (model.tree_info[t] < 0 || model.tree_info[t] >= model.num_groups())
      throw UserError(where + ": tree_info " + std::to_string(model.tree_info[t]) +
                      " is not an output group in 0.." + std::to_string(model.num_groups() - 1));
    check_tree(model.trees[t], where);
  }
}

}  // namespace dpt::gbdt
