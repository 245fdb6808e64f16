// Prediction: each tree is flattened once into 16-byte nodes with adjacent siblings (nodes on
// features the data does not have are bypassed towards their default child), then rows are
// scored in blocks so a tree stays in cache while it walks the block. Margins are summed in float
// in tree order, starting from the base margin, exactly as XGBoost's CPU predictor does, so the
// results agree bit for bit with XGBoost.
#include "models/gbdt/model/predictor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <thread>
#include <utility>

#include "common/error.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/model/linear_model.h"
#include "models/gbdt/objective/objective_transform.h"

namespace dpt::gbdt {
namespace {

// A node's children sit side by side (left, then right), so a step is `first_child + goes_right`
// with no select. goes_right = (value >= condition) | (value is missing & missing_right): a
// missing value compares false, so it goes left unless missing_right is set. A leaf is its own
// first child with condition NaN and missing_right 0, so it never moves: shallow trees are walked
// a fixed number of steps without a data-dependent exit. Leaf values live beside the nodes.
struct FlatNode {
  std::int32_t first_child;
  std::uint32_t feature;
  float condition;
  std::int32_t missing_right;  // 0 or 1
};

struct FlatTree {
  std::vector<FlatNode> nodes;  // the root is node 0
  std::vector<float> leaf_values;
  int depth = 0;  // longest path from the root (after bypassing absent features)
  int group = 0;
  // Categorical splits (categories.h): per flat node its codes that go right, empty for the
  // others; the whole vector is empty for a tree without them, which alone takes the fast walks.
  std::vector<std::span<const std::int32_t>> categories;
};

// Trees up to this depth are walked with fixed-step interleaved walks; deeper (lossguide) trees
// with a loop that stops at the leaf.
constexpr int kMaxFixedDepth = 12;
constexpr std::size_t kInterleave = 8;  // rows walked together: independent loads overlap

// Renumbers the tree breadth first so that siblings are adjacent; splits on features the data
// does not have are bypassed towards their default child, since such values are missing.
// dart's leaves are scaled by the tree's weight here: float(leaf * weight) is what XGBoost adds.
FlatTree flatten(const RegTree& tree, int group, std::size_t data_features, float weight = 1.0f) {
  auto resolve = [&](std::int32_t i) {
    while (!tree.is_leaf(i) && static_cast<std::size_t>(tree.split_index[i]) >= data_features)
      i = tree.default_left[i] ? tree.left[i] : tree.right[i];
    return i;
  };
  FlatTree flat;
  flat.group = group;
  std::vector<std::pair<std::int32_t, int>> order = {{resolve(0), 0}};  // (source node, depth)
  for (std::size_t at = 0; at < order.size(); ++at) {
    const auto [source, depth] = order[at];
    const auto self = static_cast<std::int32_t>(at);
    flat.depth = std::max(flat.depth, depth);
    if (tree.is_leaf(source)) {
      flat.nodes.push_back({self, 0u, std::numeric_limits<float>::quiet_NaN(), 0});
      flat.leaf_values.push_back(tree.split_condition[source] * weight);
      continue;
    }
    if (!tree.categories.empty()) {
      flat.categories.resize(at + 1);
      if (const auto it = tree.categories.find(source); it != tree.categories.end()) flat.categories[at] = it->second;
    }
    const auto first_child = static_cast<std::int32_t>(order.size());
    order.push_back({resolve(tree.left[source]), depth + 1});
    order.push_back({resolve(tree.right[source]), depth + 1});
    flat.nodes.push_back({first_child, static_cast<std::uint32_t>(tree.split_index[source]),
                          tree.split_condition[source], tree.default_left[source] ? 0 : 1});
    flat.leaf_values.push_back(0.0f);
  }
  return flat;
}

// One step down: right when value >= condition, or when missing and the default is right.
inline std::int32_t step(const FlatNode& node, const float* row) {
  const float v = row[node.feature];
  return node.first_child + ((v >= node.condition) | (std::isnan(v) & node.missing_right));
}

inline float leaf_value(const FlatTree& tree, const float* row) {
  const FlatNode* nodes = tree.nodes.data();
  std::int32_t n = 0;
  if (tree.categories.empty()) {
    while (nodes[n].first_child != n) n = step(nodes[n], row);
    return tree.leaf_values[static_cast<std::size_t>(n)];
  }
  while (nodes[n].first_child != n) {
    const auto at = static_cast<std::size_t>(n);
    if (at < tree.categories.size() && !tree.categories[at].empty()) {  // XGBoost's Decision
      const float v = row[nodes[n].feature];
      const bool right = std::isnan(v) ? nodes[n].missing_right != 0 : code_goes_right(tree.categories[at], v);
      n = nodes[n].first_child + (right ? 1 : 0);
    } else {
      n = step(nodes[n], row);
    }
  }
  return tree.leaf_values[static_cast<std::size_t>(n)];
}

// kInterleave rows through a shallow tree in lockstep, Depth steps each (a compile-time count:
// the steps are unrolled).
template <int Depth>
void add_leaf_values_interleaved(const FlatTree& tree, const float* const* rows, float* out,
                                 std::size_t out_stride) {
  const FlatNode* nodes = tree.nodes.data();
  std::int32_t n[kInterleave] = {};
  for (int d = 0; d < Depth; ++d)
    for (std::size_t k = 0; k < kInterleave; ++k) n[k] = step(nodes[n[k]], rows[k]);
  for (std::size_t k = 0; k < kInterleave; ++k)
    out[k * out_stride] += tree.leaf_values[static_cast<std::size_t>(n[k])];
}

using InterleavedWalk = void (*)(const FlatTree&, const float* const*, float*, std::size_t);

template <int... Depths>
constexpr std::array<InterleavedWalk, sizeof...(Depths)> walks_by_depth(std::integer_sequence<int, Depths...>) {
  return {&add_leaf_values_interleaved<Depths>...};
}
// kWalks[d]: the walk for trees of depth d.
constexpr auto kWalks = walks_by_depth(std::make_integer_sequence<int, kMaxFixedDepth + 1>{});

// Rows [begin, end) of a shard, viewed as dense rows: dense data is used in place, CSR rows are
// expanded into a NaN-filled scratch block and cleared again afterwards.
class RowBlock {
 public:
  RowBlock(const data::Dataset& rows, std::size_t block_rows)
      : rows_(rows), width_(rows.num_features) {
    if (!rows.dense) scratch_.assign(block_rows * std::max<std::size_t>(width_, 1), data::kMissing);
  }

  void load(std::size_t begin, std::size_t end) {
    begin_ = begin;
    end_ = end;
    if (rows_.dense) return;
    for (std::size_t r = begin; r < end; ++r) {
      float* out = &scratch_[(r - begin) * width_];
      for (std::uint64_t k = rows_.row_ptr[r]; k < rows_.row_ptr[r + 1]; ++k)
        out[rows_.col_index[k]] = rows_.values[k];
    }
  }
  void clear() {
    if (rows_.dense) return;
    for (std::size_t r = begin_; r < end_; ++r) {
      float* out = &scratch_[(r - begin_) * width_];
      for (std::uint64_t k = rows_.row_ptr[r]; k < rows_.row_ptr[r + 1]; ++k)
        out[rows_.col_index[k]] = data::kMissing;
    }
  }
  const float* row(std::size_t r) const {
    if (rows_.dense) return rows_.values.data() + r * width_;
    return scratch_.data() + (r - begin_) * width_;
  }

 private:
  const data::Dataset& rows_;
  std::size_t width_;
  std::vector<float> scratch_;
  std::size_t begin_ = 0, end_ = 0;
};

std::pair<std::size_t, std::size_t> tree_range(const Model& model, std::pair<int, int> rounds) {
  const std::size_t per_round = static_cast<std::size_t>(model.trees_per_round());
  const std::size_t total_rounds = (model.trees.size() + per_round - 1) / per_round;
  if (rounds.first < 0 || rounds.second < 0)
    throw UserError("iteration_range must not be negative");
  if (rounds.first == 0 && rounds.second == 0) return {0, model.trees.size()};
  const auto begin = static_cast<std::size_t>(rounds.first);
  const auto end = static_cast<std::size_t>(rounds.second);
  if (begin >= end)
    throw UserError("iteration_range " + std::to_string(begin) + ":" + std::to_string(end) +
                    " is empty (begin must be below end)");
  if (end > total_rounds)
    throw UserError("iteration_range end " + std::to_string(end) + " exceeds the model's " +
                    std::to_string(total_rounds) + " boosting rounds");
  return {begin * per_round, std::min(end * per_round, model.trees.size())};
}

}  // namespace

std::vector<float> predict(const Model& model, const data::Dataset& rows,
                           const PredictOptions& options) {
  if (model.booster == "gblinear") return predict_linear(model, rows, options);  // linear_model.cpp
  const auto [tree_begin, tree_end] = tree_range(model, options.iteration_range);
  std::vector<FlatTree> trees;
  trees.reserve(tree_end - tree_begin);
  for (std::size_t t = tree_begin; t < tree_end; ++t)
    trees.push_back(flatten(model.trees[t], model.tree_info[t], rows.num_features,
                            model.weight_drop.empty() ? 1.0f : model.weight_drop[t]));

  const std::size_t groups = static_cast<std::size_t>(model.num_groups());
  const std::size_t n = rows.num_rows;
  std::vector<float> margins(n * groups, base_margin(model));

  // Small blocks keep the block's rows (and, for CSR, its scratch) in cache while each tree
  // walks them; the block shrinks for very wide data so the scratch stays small.
  const std::size_t width = std::max<std::size_t>(rows.num_features, 1);
  const std::size_t block = std::clamp<std::size_t>((std::size_t{1} << 18) / width, 1, 64);
  const std::size_t num_blocks = (n + block - 1) / block;
  const std::size_t workers =
      std::clamp<std::size_t>(static_cast<std::size_t>(std::max(options.nthread, 1)), 1,
                              std::max<std::size_t>(num_blocks, 1));

  auto score_blocks = [&](std::size_t worker) {
    RowBlock view(rows, block);
    // Contiguous ranges of blocks per worker: each output element has one writer.
    const std::size_t first = num_blocks * worker / workers;
    const std::size_t last = num_blocks * (worker + 1) / workers;
    for (std::size_t b = first; b < last; ++b) {
      const std::size_t begin = b * block, end = std::min(n, begin + block);
      view.load(begin, end);
      const float* row_ptrs[kInterleave];
      for (const FlatTree& tree : trees) {
        float* out = margins.data() + tree.group;
        std::size_t r = begin;
        if (tree.depth <= kMaxFixedDepth && tree.categories.empty()) {
          const InterleavedWalk walk = kWalks[static_cast<std::size_t>(tree.depth)];
          for (; r + kInterleave <= end; r += kInterleave) {
            for (std::size_t k = 0; k < kInterleave; ++k) row_ptrs[k] = view.row(r + k);
            walk(tree, row_ptrs, out + r * groups, groups);
          }
        }
        for (; r < end; ++r) out[r * groups] += leaf_value(tree, view.row(r));
      }
      view.clear();
    }
  };
  if (workers == 1) {
    score_blocks(0);
  } else {
    std::vector<std::jthread> pool;
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(score_blocks, w);
    score_blocks(0);
  }

  if (options.output_margin) return margins;
  const OutputTransform transform = output_transform(model.objective);
  const std::size_t width_out = output_width(model);
  if (width_out == groups && transform == OutputTransform::identity) return margins;
  std::vector<float> out(n * width_out);
  for (std::size_t r = 0; r < n; ++r)
    transform_row(transform, std::span<const float>(margins.data() + r * groups, groups),
                  std::span<float>(out.data() + r * width_out, width_out));
  return out;
}

}  // namespace dpt::gbdt
