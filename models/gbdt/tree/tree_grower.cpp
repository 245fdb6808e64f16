#include "models/gbdt/tree/tree_grower.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "common/free_storage.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/tree/column_sampler.h"
#include "models/gbdt/tree/split_search.h"

namespace dpt::gbdt {
namespace {

constexpr double kRtEps = 1e-6;  // XGBoost's smallest loss change worth a split
constexpr std::int32_t kRootParent = std::numeric_limits<std::int32_t>::max();

int add_node(RegTree& tree, int parent) {
  tree.left.push_back(-1);
  tree.right.push_back(-1);
  tree.parent.push_back(parent);
  tree.split_index.push_back(0);
  tree.split_condition.push_back(0.0f);
  tree.default_left.push_back(0);
  tree.base_weight.push_back(0.0f);
  tree.loss_change.push_back(0.0f);
  tree.sum_hessian.push_back(0.0f);
  return static_cast<int>(tree.left.size() - 1);
}

}  // namespace

// The state of one tree being grown.
class TreeGrower::Growth {
 public:
  Growth(TreeGrower& g, std::span<const GradSum> grad, const GradScale& scale, double eta,
         std::uint64_t column_seed)
      : g_(g), grad_(grad), scale_(scale), eta_(eta),
        sampler_(g.cuts_.num_features(), g.params_, column_seed),
        local_size_(g.builder_.node_size()), part_(g.share_.local_size()) {
    const auto rank = static_cast<std::size_t>(g.comm_.rank());
    const std::span<const std::size_t> blocks = block_counts();
    block_ = blocks[rank];
    block_offset_ = std::accumulate(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(rank), std::size_t{0});
  }

  RegTree run() {
    g_.partition_.reset(g_.matrix_.num_rows());
    const int root = add_node(tree_, kRootParent);
    nodes_.emplace_back();
    build_root(root);
    if (g_.params_.grow_policy == GrowPolicy::depthwise) grow_depthwise(root);
    else grow_lossguide(root);
    finish();
    for (auto& n : nodes_) release(n.hist);
    return std::move(tree_);
  }

 private:
  void build_root(int root) {
    const std::span<std::int64_t> buffer = g_.window_->acquire(local_size_);
    const std::span<const std::uint32_t> rows[] = {g_.partition_.rows(root)};
    g_.builder_.build(grad_, rows, buffer);
    // Every rank needs the root's total; its part of the histogram holds it only on the last rank.
    const GradSum local_total =
        g_.packed_ ? unpack(buffer.back()) : GradSum{buffer[local_size_ - 2], buffer[local_size_ - 1]};
    std::int64_t total[2] = {local_total.g, local_total.h};
    g_.comm_.allreduce(std::span<std::int64_t>(total), ReduceOp::sum);
    nodes_[root].total = GradSum{total[0], total[1]};
    const auto exchange = start_reduce(0);
    exchange->wait();
    nodes_[root].hist = acquire(part_);
    finish_reduce(nodes_[root].hist, buffer.data(), *exchange);
    g_.window_->release();
    evaluate({root});
  }

  // A node's histogram travels in blocks, one per rank: rank r gets block r of every rank's local
  // histogram and adds them up (HistogramShare's parts; packed, one element per bin).
  std::span<const std::size_t> block_counts() const {
    return g_.packed_ ? g_.share_.packed_counts() : g_.share_.counts();
  }

  // Starts the exchange of the local node histogram at `offset` in the window's buffer.
  std::unique_ptr<PartsExchange> start_reduce(std::size_t offset) {
    return g_.window_->exchange(offset, block_counts());
  }
  // This rank's part of the node's global histogram, once its exchange has completed: its own
  // block of `local` (the node's local histogram) plus the other ranks' blocks, as int64 pairs.
  // The adding happens here, not inside a collective, so the data is read once for adding and
  // unpacking together.
  void finish_reduce(std::vector<std::int64_t>& part, const std::int64_t* local, const PartsExchange& exchange) const {
    const std::int64_t* own = local + block_offset_;
    std::vector<const std::int64_t*> theirs;
    for (int r = 0; r < g_.comm_.world_size(); ++r) {
      if (r != g_.comm_.rank()) theirs.push_back(exchange.block(r));
    }
    auto store = [&](auto sum) {
      if (!g_.packed_) {
        for (std::size_t i = 0; i < block_; ++i) part[i] = sum(i);
        return;
      }
      for (std::size_t i = 0; i < block_; ++i) {
        const GradSum s = unpack(sum(i));
        part[2 * i] = s.g;
        part[2 * i + 1] = s.h;
      }
    };
    if (theirs.empty()) {
      store([&](std::size_t i) { return own[i]; });
    } else if (theirs.size() == 1) {
      store([&, other = theirs.front()](std::size_t i) { return own[i] + other[i]; });
    } else {
      store([&](std::size_t i) {
        std::int64_t s = own[i];
        for (const std::int64_t* other : theirs) s += other[i];
        return s;
      });
    }
  }

  // Best splits of `nodes`, in node order (the column sampler is asked in that order).
  void evaluate(const std::vector<int>& nodes) {
    std::vector<SplitTask> tasks;
    const TreeParams& p = g_.params_;
    for (const int node : nodes) {
      const NodeState& n = nodes_[node];
      std::vector<std::int32_t> features = sampler_.for_node(n.depth);  // asked for every node, in order
      if (!p.interactions.empty()) features = allowed_features(p.interactions, features, n.path);
      const int parent = tree_.parent[node];
      const MonotoneNode monotone{n.bounds, parent == kRootParent ? WeightBounds{} : nodes_[parent].bounds};
      tasks.push_back(SplitTask{n.hist, n.total, std::move(features), monotone});
    }
    const auto best = find_best_splits(g_.comm_, g_.params_, g_.cuts_, g_.share_, tasks, scale_, g_.nthread_);
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes_[nodes[i]].split = best[i];
  }

  bool can_split(int node) const {
    const NodeState& n = nodes_[node];
    const TreeParams& p = g_.params_;
    if (!n.split.valid() || n.split.loss_change <= kRtEps || n.split.loss_change < p.gamma) return false;
    if (p.max_depth > 0 && n.depth >= p.max_depth) return false;
    if (p.max_leaves > 0 && num_leaves_ >= p.max_leaves) return false;
    return true;
  }

  bool children_can_grow(int node) const {
    return g_.params_.max_depth == 0 || nodes_[node].depth + 1 < g_.params_.max_depth;
  }

  // Turns a leaf into a split node with two leaf children; returns the left child's id.
  int apply_split(int node) {
    const SplitCandidate s = nodes_[node].split;
    const int left = add_node(tree_, node), right = add_node(tree_, node);
    tree_.left[node] = left;
    tree_.right[node] = right;
    tree_.split_index[node] = s.feature;
    tree_.default_left[node] = s.default_left ? 1 : 0;
    tree_.loss_change[node] = static_cast<float>(s.loss_change);
    if (s.categorical) {  // categories.h: the codes in s.categories go right
      tree_.split_condition[node] = std::numeric_limits<float>::quiet_NaN();
      tree_.categories[node] = category_codes(s.categories);
      g_.partition_.split_categorical(g_.matrix_, node, left, right, s.feature, s.categories, s.default_left);
    } else {
      tree_.split_condition[node] = g_.cuts_.cut(s.feature, s.bin);
      g_.partition_.split(g_.matrix_, node, left, right, s.feature, s.bin, s.default_left);
    }
    nodes_.resize(tree_.num_nodes());
    nodes_[left].depth = nodes_[right].depth = nodes_[node].depth + 1;
    nodes_[left].total = s.left;
    nodes_[right].total = s.right;
    const TreeParams& p = g_.params_;
    if (p.has_monotone()) {
      // XGBoost clamps the children's weights to this node's bounds; they meet at their mean.
      const WeightBounds& b = nodes_[node].bounds;
      const double wl = b.clamp(leaf_weight(p, scale_.grad(s.left), scale_.hess(s.left)));
      const double wr = b.clamp(leaf_weight(p, scale_.grad(s.right), scale_.hess(s.right)));
      const int sign = static_cast<std::size_t>(s.feature) < p.monotone.size() ? p.monotone[s.feature] : 0;
      child_bounds(b, sign, wl, wr, nodes_[left].bounds, nodes_[right].bounds);
    }
    if (!p.interactions.empty()) {
      std::vector<std::int32_t> path = nodes_[node].path;
      const auto at = std::lower_bound(path.begin(), path.end(), s.feature);
      if (at == path.end() || *at != s.feature) path.insert(at, s.feature);
      nodes_[left].path = nodes_[right].path = path;
    }
    ++num_leaves_;
    return left;
  }

  // Builds histograms for the children of `parents` (left ids given): the smaller child of each
  // pair locally, all of them in one buffer, each reduce-scattered; siblings by subtraction (of
  // this rank's parts).
  void build_children(const std::vector<int>& parents, const std::vector<int>& lefts) {
    std::vector<int> built(parents.size());
    std::vector<std::span<const std::uint32_t>> rows(parents.size());
    for (std::size_t i = 0; i < parents.size(); ++i) {
      const int l = lefts[i], r = l + 1;
      built[i] = nodes_[l].total.h <= nodes_[r].total.h ? l : r;
      rows[i] = g_.partition_.rows(built[i]);
    }
    const std::span<std::int64_t> buffer = g_.window_->acquire(parents.size() * local_size_);
    // Each node's exchange starts as soon as it is built, so a rank that finishes a node first goes
    // on building instead of waiting for the others.
    std::vector<std::unique_ptr<PartsExchange>> pending;
    for (std::size_t i = 0; i < parents.size(); ++i) {
      const std::span<const std::uint32_t> node_rows[] = {rows[i]};
      g_.builder_.build(grad_, node_rows, buffer.subspan(i * local_size_, local_size_));
      pending.push_back(start_reduce(i * local_size_));
    }
    for (std::size_t i = 0; i < parents.size(); ++i) {
      const int small = built[i], big = small == lefts[i] ? lefts[i] + 1 : lefts[i];
      pending[i]->wait();
      nodes_[small].hist = acquire(part_);
      finish_reduce(nodes_[small].hist, buffer.data() + i * local_size_, *pending[i]);
      std::vector<std::int64_t>& parent_hist = nodes_[parents[i]].hist;
      for (std::size_t k = 0; k < part_; ++k) parent_hist[k] -= nodes_[small].hist[k];
      nodes_[big].hist = std::move(parent_hist);
      free_storage(parent_hist);
    }
    g_.window_->release();
  }

  void grow_depthwise(int root) {
    std::vector<int> frontier = {root};
    while (!frontier.empty()) {
      std::vector<int> parents, lefts;
      for (const int n : frontier) {
        if (!can_split(n)) continue;
        parents.push_back(n);
        lefts.push_back(apply_split(n));
      }
      for (const int n : frontier) {
        if (tree_.is_leaf(n)) release(nodes_[n].hist);  // final leaves need no histogram
      }
      frontier.clear();
      if (parents.empty() || !children_can_grow(parents.front())) break;
      build_children(parents, lefts);
      for (const int l : lefts) {
        frontier.push_back(l);
        frontier.push_back(l + 1);
      }
      evaluate(frontier);
    }
  }

  void grow_lossguide(int root) {
    std::vector<int> open = {root};
    while (!open.empty()) {
      // Best loss change first; equal ones in creation order.
      auto best = std::min_element(open.begin(), open.end(), [&](int a, int b) {
        const double la = nodes_[a].split.loss_change, lb = nodes_[b].split.loss_change;
        return la != lb ? la > lb : a < b;
      });
      const int node = *best;
      open.erase(best);
      if (!can_split(node)) {
        release(nodes_[node].hist);
        continue;
      }
      const int left = apply_split(node);
      if (!children_can_grow(node)) {
        release(nodes_[node].hist);
        continue;
      }
      build_children({node}, {left});
      evaluate({left, left + 1});
      open.push_back(left);
      open.push_back(left + 1);
    }
  }

  // Histogram storage is recycled between nodes and trees: fresh pages cost more than reuse.
  std::vector<std::int64_t> acquire(std::size_t size) {
    std::vector<std::int64_t> v;
    if (!g_.spare_hists_.empty()) {
      v = std::move(g_.spare_hists_.back());
      g_.spare_hists_.pop_back();
    }
    v.resize(size);
    return v;
  }
  void release(std::vector<std::int64_t>& v) {
    if (v.capacity() > 0) g_.spare_hists_.push_back(std::move(v));
    free_storage(v);
  }

  // Weights, hessians and leaf values of every node.
  void finish() {
    const TreeParams& p = g_.params_;
    for (std::size_t n = 0; n < tree_.num_nodes(); ++n) {
      const double g = scale_.grad(nodes_[n].total), h = scale_.hess(nodes_[n].total);
      double w = leaf_weight(p, g, h);
      // Under monotone constraints a node's weight is clamped to its parent's bounds (XGBoost
      // computes it with the splitting node's evaluator); this keeps every leaf on its side.
      if (n != 0 && p.has_monotone()) w = nodes_[tree_.parent[n]].bounds.clamp(w);
      tree_.base_weight[n] = static_cast<float>(w);
      tree_.sum_hessian[n] = static_cast<float>(h);
      if (!tree_.is_leaf(n)) continue;
      tree_.split_condition[n] = static_cast<float>(eta_ * w);
      // XGBoost stores a child leaf's base weight already scaled by eta (RegTree::ExpandNode
      // takes the leaf values), the root's unscaled (it is never expanded as a child).
      if (n != 0) tree_.base_weight[n] = tree_.split_condition[n];
    }
  }

  TreeGrower& g_;
  std::span<const GradSum> grad_;
  GradScale scale_;
  double eta_;
  ColumnSampler sampler_;
  std::size_t local_size_;  // a whole local node histogram (packed or not)
  std::size_t part_;        // this rank's part of one, as int64 pairs
  std::size_t block_ = 0;   // elements of this rank's block of a local histogram (packed or not)
  std::size_t block_offset_ = 0;  // where that block starts in a local histogram
  RegTree tree_;
  std::vector<NodeState> nodes_;
  int num_leaves_ = 1;
};

TreeGrower::TreeGrower(Communicator& comm, const BinnedMatrix& matrix, const Cuts& cuts,
                       const TreeParams& params, int nthread, bool packed)
    : comm_(comm), matrix_(matrix), cuts_(cuts), params_(params), nthread_(nthread), packed_(packed),
      builder_(matrix, nthread, packed), share_(cuts, comm.world_size(), comm.rank()),
      window_(comm.parts_window()) {}

RegTree TreeGrower::grow(std::span<const GradSum> gradients, const GradScale& scale, double eta,
                         std::uint64_t column_seed) {
  return Growth(*this, gradients, scale, eta, column_seed).run();
}

void TreeGrower::add_leaf_values(const RegTree& tree, std::span<float> margins, int groups,
                                 int group) const {
  for (std::size_t n = 0; n < tree.num_nodes(); ++n) {
    if (!tree.is_leaf(n)) continue;
    const float value = tree.split_condition[n];
    for (const std::uint32_t r : partition_.rows(static_cast<int>(n))) {
      margins[std::size_t{r} * groups + group] += value;
    }
  }
}

}  // namespace dpt::gbdt
