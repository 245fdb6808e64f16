#include "models/gbdt/booster/tree_update.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/error.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/tree/split_evaluator.h"
#include "models/gbdt/model/tree_walk.h"

namespace dpt::gbdt {
namespace {

constexpr std::int32_t kNoParent = 2147483647;

int depth_of(const RegTree& tree, int node) {
  int depth = 0;
  while (tree.parent[node] != kNoParent) {
    node = tree.parent[node];
    ++depth;
  }
  return depth;
}

// Removes the nodes marked in `gone`, keeping the others in their order.
void compact(RegTree& tree, const std::vector<bool>& gone) {
  std::vector<std::int32_t> new_id(tree.num_nodes(), -1);
  std::int32_t next = 0;
  for (std::size_t n = 0; n < tree.num_nodes(); ++n) {
    if (!gone[n]) new_id[n] = next++;
  }
  RegTree out;
  auto remap = [&](std::int32_t id) { return id < 0 || id == kNoParent ? id : new_id[id]; };
  for (std::size_t n = 0; n < tree.num_nodes(); ++n) {
    if (gone[n]) continue;
    out.left.push_back(remap(tree.left[n]));
    out.right.push_back(remap(tree.right[n]));
    out.parent.push_back(remap(tree.parent[n]));
    out.split_index.push_back(tree.split_index[n]);
    out.split_condition.push_back(tree.split_condition[n]);
    out.default_left.push_back(tree.default_left[n]);
    out.base_weight.push_back(tree.base_weight[n]);
    out.loss_change.push_back(tree.loss_change[n]);
    out.sum_hessian.push_back(tree.sum_hessian[n]);
    if (tree.is_categorical(n) && !tree.is_leaf(n)) out.categories[new_id[n]] = tree.categories.at(static_cast<std::int32_t>(n));
  }
  tree = std::move(out);
}

}  // namespace

std::vector<std::string> updater_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    name.erase(std::remove_if(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }), name.end());
    names.push_back(name);
  }
  return names;
}

std::vector<TreeUpdaterStep> parse_tree_updaters(const std::string& list) {
  std::vector<TreeUpdaterStep> steps;
  for (const std::string& name : updater_names(list)) {
    if (name == "refresh") steps.push_back(TreeUpdaterStep::refresh);
    else if (name == "prune") steps.push_back(TreeUpdaterStep::prune);
    else if (name == "sync") continue;  // keeps ranks' trees equal in XGBoost; they always are here
    else if (name.starts_with("grow_"))
      throw UserError("updater " + name + " can not be used to modify existing trees (process_type=update): "
                      "use refresh and/or prune, or process_type=default to build new trees");
    else
      throw UserError("updater '" + name + "' is unknown for process_type=update (refresh, prune, sync)");
  }
  if (steps.empty()) throw UserError("process_type=update needs updater=refresh, prune or refresh,prune");
  return steps;
}

TreeUpdater::TreeUpdater(Communicator& comm, const TreeParams& tree, TreeUpdateParams params,
                         std::vector<RegTree> source, std::vector<int> source_info, int trees_per_round)
    : comm_(comm), tree_(tree), params_(std::move(params)), source_(std::move(source)),
      source_info_(std::move(source_info)), trees_per_round_(trees_per_round) {}

std::int64_t TreeUpdater::rounds() const {
  return static_cast<std::int64_t>(source_.size()) / trees_per_round_;
}

std::vector<RegTree> TreeUpdater::update(std::int64_t round, int group, int groups, const data::Dataset& rows,
                                         std::span<const float> grad, std::span<const float> hess) {
  const int per_group = trees_per_round_ / groups;
  // XGBoost divides the learning rate among the trees one update call gets (num_parallel_tree).
  const double eta = tree_.eta / per_group;
  std::vector<RegTree> out;
  for (int t = 0; t < per_group; ++t) {
    RegTree tree = source_.at(static_cast<std::size_t>(round * trees_per_round_ + group * per_group + t));
    for (const TreeUpdaterStep step : params_.steps) {
      if (step == TreeUpdaterStep::refresh) refresh(tree, rows, group, groups, grad, hess, eta);
      else prune(tree, eta);
    }
    out.push_back(std::move(tree));
  }
  return out;
}

void TreeUpdater::refresh(RegTree& tree, const data::Dataset& rows, int group, int groups,
                          std::span<const float> grad, std::span<const float> hess, double eta) {
  const std::size_t n = rows.num_rows, nodes = tree.num_nodes();
  // Exact sums over every rank: fixed point at one global scale, as the histograms are.
  double max_abs[2] = {0, 0};
  for (std::size_t r = 0; r < n; ++r) {
    max_abs[0] = std::max(max_abs[0], static_cast<double>(std::abs(grad[r * groups + group])));
    max_abs[1] = std::max(max_abs[1], static_cast<double>(std::abs(hess[r * groups + group])));
  }
  comm_.allreduce(std::span<double>(max_abs), ReduceOp::max);
  const double scale_g = fixed_point_scale(max_abs[0], rows.global_rows);
  const double scale_h = fixed_point_scale(max_abs[1], rows.global_rows);
  std::vector<std::int32_t> leaf(n);
  leaf_nodes(tree, rows, leaf);
  std::vector<std::int64_t> sums(2 * nodes, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::int64_t g = to_fixed(grad[r * groups + group], scale_g), h = to_fixed(hess[r * groups + group], scale_h);
    for (std::int32_t node = leaf[r]; node != kNoParent; node = tree.parent[node]) {  // the row's path
      sums[2 * node] += g;
      sums[2 * node + 1] += h;
    }
  }
  comm_.allreduce(std::span<std::int64_t>(sums), ReduceOp::sum);
  auto g_of = [&](std::size_t node) { return static_cast<double>(sums[2 * node]) / scale_g; };
  auto h_of = [&](std::size_t node) { return static_cast<double>(sums[2 * node + 1]) / scale_h; };
  for (std::size_t node = 0; node < nodes; ++node) {
    tree.base_weight[node] = static_cast<float>(leaf_weight(tree_, g_of(node), h_of(node)));
    tree.sum_hessian[node] = static_cast<float>(h_of(node));
    if (tree.is_leaf(node)) {
      if (params_.refresh_leaf) tree.split_condition[node] = tree.base_weight[node] * static_cast<float>(eta);
      continue;
    }
    const std::size_t l = static_cast<std::size_t>(tree.left[node]), r = static_cast<std::size_t>(tree.right[node]);
    tree.loss_change[node] = static_cast<float>(calc_gain(tree_, g_of(l), h_of(l)) + calc_gain(tree_, g_of(r), h_of(r)) -
                                                calc_gain(tree_, g_of(node), h_of(node)));
  }
}

void TreeUpdater::prune(RegTree& tree, double eta) const {
  std::vector<bool> gone(tree.num_nodes(), false);
  const auto gamma = static_cast<float>(tree_.gamma);
  auto need_prune = [&](float loss_change, int depth) {
    return loss_change < gamma || (tree_.max_depth != 0 && depth > tree_.max_depth);
  };
  for (std::size_t start = 0; start < tree.num_nodes(); ++start) {
    if (!tree.is_leaf(start) || gone[start]) continue;
    auto node = static_cast<std::int32_t>(start);
    int depth = depth_of(tree, node);
    // Up from this leaf while the parent's two children are leaves and the split is not worth it.
    while (node != 0) {
      const std::int32_t parent = tree.parent[node];
      const std::int32_t l = tree.left[parent], r = tree.right[parent];
      if (!tree.is_leaf(l) || !tree.is_leaf(r) || !need_prune(tree.loss_change[parent], depth)) break;
      gone[l] = gone[r] = true;
      tree.left[parent] = tree.right[parent] = -1;
      tree.split_index[parent] = 0;
      tree.default_left[parent] = 0;
      tree.categories.erase(parent);
      tree.split_condition[parent] = tree.base_weight[parent] * static_cast<float>(eta);
      node = parent;
      --depth;
    }
  }
  compact(tree, gone);
}

}  // namespace dpt::gbdt
