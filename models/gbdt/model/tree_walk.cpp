#include "models/gbdt/model/tree_walk.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "models/gbdt/binning/categories.h"

namespace dpt::gbdt {
namespace {

// One row's values, dense: CSR rows are scattered into it once for all trees.
class RowView {
 public:
  explicit RowView(const data::Dataset& rows) : rows_(rows), buffer_(rows.dense ? 0 : rows.num_features, data::kMissing) {}

  void load(std::size_t row) {
    row_ = row;
    if (rows_.dense) return;
    for (auto e = rows_.row_ptr[row]; e < rows_.row_ptr[row + 1]; ++e) buffer_[rows_.col_index[e]] = rows_.values[e];
  }
  void unload() {
    if (rows_.dense) return;
    for (auto e = rows_.row_ptr[row_]; e < rows_.row_ptr[row_ + 1]; ++e) buffer_[rows_.col_index[e]] = data::kMissing;
  }
  float operator[](std::size_t feature) const {
    if (feature >= rows_.num_features) return data::kMissing;  // a feature this data lacks
    return rows_.dense ? rows_.values[row_ * rows_.num_features + feature] : buffer_[feature];
  }

 private:
  const data::Dataset& rows_;
  std::vector<float> buffer_;
  std::size_t row_ = 0;
};

int leaf_node(const RegTree& tree, const RowView& row) {
  int node = 0;
  while (!tree.is_leaf(node)) {
    const float v = row[static_cast<std::size_t>(tree.split_index[node])];
    bool left = std::isnan(v) ? tree.default_left[node] != 0 : v < tree.split_condition[node];
    if (!std::isnan(v) && std::isnan(tree.split_condition[node])) {  // a categorical split (categories.h)
      left = !code_goes_right(tree.categories.at(node), v);
    }
    node = left ? tree.left[node] : tree.right[node];
  }
  return node;
}

float leaf_value(const RegTree& tree, const RowView& row) { return tree.split_condition[leaf_node(tree, row)]; }

}  // namespace

void add_trees_margins(std::span<const RegTree> trees, std::span<const int> tree_info,
                       const data::Dataset& rows, std::span<float> margins, int groups, int nthread,
                       std::span<const float> weights) {
  const std::size_t n = rows.num_rows;
  if (trees.empty() || n == 0) return;
  auto work = [&](std::size_t begin, std::size_t end) {
    RowView view(rows);
    for (std::size_t r = begin; r < end; ++r) {
      view.load(r);
      float* m = margins.data() + r * groups;
      for (std::size_t t = 0; t < trees.size(); ++t)
        m[tree_info[t]] += weights.empty() ? leaf_value(trees[t], view) : leaf_value(trees[t], view) * weights[t];
      view.unload();
    }
  };
  const std::size_t cost = n * trees.size();
  const int threads = std::max(1, std::min<int>(nthread, static_cast<int>(cost / 20000)));
  if (threads == 1) return work(0, n);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, n * t / threads, n * (t + 1) / threads);
  work(0, n / threads);
  for (auto& th : pool) th.join();
}

void leaf_nodes(const RegTree& tree, const data::Dataset& rows, std::span<std::int32_t> out) {
  RowView view(rows);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    view.load(r);
    out[r] = leaf_node(tree, view);
    view.unload();
  }
}

}  // namespace dpt::gbdt
