#include "models/gbdt/objective/leaf_refresh.h"

#include <cmath>
#include <vector>

#include "models/gbdt/objective/quantile_stats.h"

namespace dpt::gbdt {

void refresh_leaves(Communicator& comm, RegTree& tree, const TreeGrower& grower,
                    const LeafRefreshInput& in, double alpha) {
  const std::size_t n = in.labels.size();
  std::vector<std::int32_t> leaf_of(n, -1);
  for (std::size_t node = 0; node < tree.num_nodes(); ++node) {
    if (!tree.is_leaf(node)) continue;
    for (const std::uint32_t r : grower.leaf_rows(static_cast<int>(node))) leaf_of[r] = static_cast<std::int32_t>(node);
  }
  // (leaf, residual, weight) of each counted local row, in local row order.
  std::vector<double> local;
  local.reserve(n * 3);
  for (std::size_t r = 0; r < n; ++r) {
    if (leaf_of[r] < 0 || !in.counted[r]) continue;
    const float residual = in.labels[r] - in.margins[r * in.groups + in.group];
    local.push_back(leaf_of[r]);
    local.push_back(residual);
    local.push_back(in.weights.empty() ? 1.0f : in.weights[r]);
  }
  const std::vector<double> all = gather_in_rank_order(comm, local);
  // Bucket by leaf, keeping global row order inside each leaf (XGBoost's stable sort by leaf).
  std::vector<std::vector<float>> residuals(tree.num_nodes()), weights(tree.num_nodes());
  for (std::size_t i = 0; i + 2 < all.size(); i += 3) {
    const auto leaf = static_cast<std::size_t>(all[i]);
    residuals[leaf].push_back(static_cast<float>(all[i + 1]));
    weights[leaf].push_back(static_cast<float>(all[i + 2]));
  }
  for (std::size_t node = 0; node < tree.num_nodes(); ++node) {
    if (!tree.is_leaf(node) || residuals[node].empty()) continue;
    const float q = xgb_sample_quantile(alpha, residuals[node], weights[node], in.weighted);
    if (!std::isnan(q)) tree.split_condition[node] = q;
  }
}

}  // namespace dpt::gbdt
