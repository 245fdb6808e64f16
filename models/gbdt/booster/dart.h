#pragma once
// DART (XGBoost 1.7's Dart booster): each round some earlier trees are dropped; the gradients
// are computed from the margins without them, and afterwards the dropped trees and the new ones
// are rescaled (weight_drop) so that the ensemble's output keeps its scale.
//
// XGBoost draws the drops from its global Mersenne Twister, whose state depends on everything
// drawn before. Here every draw is a hash of (seed, round, tree index), so every rank takes the
// same decisions, for any number of ranks, and a run resumed from a checkpoint takes the ones
// an uninterrupted run takes. The distribution of the drops is XGBoost's; the draws are not.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "models/gbdt/booster/booster_params.h"
#include "models/gbdt/model/model.h"

namespace dpt::gbdt {

class DartDropout {
 public:
  DartDropout(const DartParams& params, double eta, std::uint64_t seed)
      : params_(params), eta_(static_cast<float>(eta)), seed_(seed) {}

  // The trees dropped in `round` (ascending indices), chosen from their weights.
  std::vector<std::size_t> drop(std::int64_t round, const std::vector<float>& weight_drop) const;

  // After `new_trees` trees were added in a round: scales the dropped trees' weights and appends
  // the new trees' ones (XGBoost's NormalizeTrees).
  void normalize(std::span<const std::size_t> dropped, std::size_t new_trees,
                 std::vector<float>& weight_drop) const;

 private:
  DartParams params_;
  float eta_;  // XGBoost's DartTrainParam::learning_rate
  std::uint64_t seed_;
};

// Margins of every row, [rows x groups]: base margin plus leaf * weight_drop of each tree in tree
// order (float, as XGBoost's Dart predicts), leaving out the trees in `dropped`.
std::vector<float> dart_margins(const Model& model, const data::Dataset& rows,
                                std::span<const std::size_t> dropped, int nthread);

// The end of a dart "gradient_booster" after its gbtree object: ,"name":"dart","weight_drop":[...]}
std::string dart_booster_json_tail(const Model& model);

}  // namespace dpt::gbdt
