#include "models/gbdt/tree_walk.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

namespace dpt::gbdt {
namespace {

float value_of(const data::Dataset& rows, std::size_t row, std::size_t feature) {
  if (feature >= rows.num_features) return data::kMissing;  // a feature this data lacks
  if (rows.dense) return rows.values[row * rows.num_features + feature];
  return rows.at(row, feature);
}

}  // namespace

int leaf_of(const RegTree& tree, const data::Dataset& rows, std::size_t row) {
  int node = 0;
  while (!tree.is_leaf(node)) {
    const float v = value_of(rows, row, static_cast<std::size_t>(tree.split_index[node]));
    const bool left = std::isnan(v) ? tree.default_left[node] != 0 : v < tree.split_condition[node];
    node = left ? tree.left[node] : tree.right[node];
  }
  return node;
}

void add_tree_margins(const RegTree& tree, const data::Dataset& rows, std::span<float> margins,
                      int groups, int group, int nthread) {
  const std::size_t n = rows.num_rows;
  auto work = [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      margins[r * groups + group] += tree.split_condition[leaf_of(tree, rows, r)];
    }
  };
  const int threads = std::max(1, std::min<int>(nthread, static_cast<int>(n / 4096)));
  if (threads == 1) return work(0, n);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, n * t / threads, n * (t + 1) / threads);
  work(0, n / threads);
  for (auto& th : pool) th.join();
}

}  // namespace dpt::gbdt
