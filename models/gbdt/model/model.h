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
  // Categorical splits (XGBoost's split_type 1; categories.h): node -> the category codes that
  // go right, ascending. Such a node's split_condition is NaN, as XGBoost stores it.
  std::map<std::int32_t, std::vector<std::int32_t>> categories;

  std::size_t num_nodes() const { return left.size(); }
  bool is_leaf(std::size_t n) const { return left[n] == -1; }
  bool is_categorical(std::size_t n) const { return categories.count(static_cast<std::int32_t>(n)) != 0; }
};

struct Model {
  std::string objective = "reg:squarederror";
  int num_class = 0;          // 0 for single-output objectives (XGBoost's convention)
  std::int64_t num_feature = 0;
  float base_score = 0.5f;    // in output space, as XGBoost stores it (e.g. a probability);
                              // base_margin() in objective_transform.h gives the margin
  int num_parallel_tree = 1;
  std::vector<RegTree> trees;
  std::vector<int> tree_info;  // output group (class) of each tree
  std::map<std::string, std::string> attributes;  // e.g. best_iteration, best_score
  // The gradient booster as XGBoost names it. dart: tree t's output is scaled by weight_drop[t]
  // (one per tree). gblinear: no trees; linear_weights holds [num_feature x groups] weights
  // (feature-major) and then one bias per group, as XGBoost's "weights" array.
  std::string booster = "gbtree";
  std::vector<float> weight_drop;
  std::vector<float> linear_weights;
  std::int64_t linear_rounds = 0;  // gblinear's boosted_rounds

  // Objective parameters XGBoost stores with the objective. They matter for training only
  // (continued training reads them back); prediction ignores them.
  float scale_pos_weight = 1.0f;         // reg_loss_param (reg:*, binary:*)
  float poisson_max_delta_step = 0.7f;   // poisson_regression_param (count:poisson)
  float huber_slope = 1.0f;              // pseudo_huber_param (reg:pseudohubererror)
  float tweedie_variance_power = 1.5f;   // tweedie_regression_param (reg:tweedie)
  std::string aft_loss_distribution = "normal";  // aft_loss_param (survival:aft)
  float aft_loss_distribution_scale = 1.0f;
  std::uint64_t num_pairsample = 1;      // lambda_rank_param (rank:*)
  float fix_list_weight = 0.0f;
  // learner_model_param.boost_from_average: XGBoost writes 0 when the user gave base_score.
  bool boost_from_average = true;
  // Optional column metadata (XGBoost's feature_names / feature_types); empty = unnamed.
  std::vector<std::string> feature_names, feature_types;

  int num_groups() const { return num_class > 1 ? num_class : 1; }
  // Trees per boosting round: one per output group and parallel tree.
  int trees_per_round() const { return num_groups() * num_parallel_tree; }
};

// Throws a UserError (prefixed by `source`) unless the model is consistent: a supported
// objective, num_class matching it, tree_info per tree, node arrays of one length forming a tree.
void check_model(const Model& model, const std::string& source);

}  // namespace dpt::gbdt
