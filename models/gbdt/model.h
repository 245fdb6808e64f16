#pragma once
// A boosted-tree model in the shape of XGBoost's JSON model (1.7): what training produces, what
// the JSON reader/writer exchange and what prediction walks.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dpt::gbdt {

// Node arrays as XGBoost stores them. Node 0 is the root; left == -1 marks a leaf, whose value is
// split_condition (already multiplied by eta). A row goes left when value < split_condition,
// and follows default_left when the value is missing.
struct RegTree {
  std::vector<std::int32_t> left, right, parent;  // parent of the root is 2147483647
  std::vector<std::int32_t> split_index;
  std::vector<float> split_condition;
  std::vector<std::uint8_t> default_left;
  std::vector<float> base_weight, loss_change, sum_hessian;

  std::size_t num_nodes() const { return left.size(); }
  bool is_leaf(std::size_t n) const { return left[n] == -1; }
};

struct Model {
  std::string objective = "reg:squarederror";
  int num_class = 0;          // 0 for single-output objectives (XGBoost's convention)
  std::int64_t num_feature = 0;
  float base_score = 0.5f;    // in output space, as XGBoost stores it (e.g. a probability)
  int num_parallel_tree = 1;
  std::vector<RegTree> trees;
  std::vector<int> tree_info;  // output group (class) of each tree
  std::map<std::string, std::string> attributes;  // e.g. best_iteration, best_score

  int num_groups() const { return num_class > 1 ? num_class : 1; }
};

}  // namespace dpt::gbdt
