#pragma once
// gblinear's coordinate descent (XGBoost 1.7's shotgun and coord_descent updaters with their
// feature selectors), over every rank's rows.
//
// Every sum over rows (the bias and per-feature gradient sums) is an exact fixed-point sum over
// all ranks (global_sums below), so every rank takes the same steps and the model is the same
// bytes for any number of ranks and threads. XGBoost's shotgun updates features in parallel
// without locks (Hogwild), so its result depends on thread timing; here shotgun visits the
// features one after another in its selector's order, which is what XGBoost computes with one
// thread. The random draws (shuffle, random) hash (seed, round, ...): XGBoost's distribution,
// not its generator's numbers. Thrifty breaks ties in its ordering by feature index.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/booster/booster_params.h"

namespace dpt::gbdt {

class LinearUpdater {
 public:
  // `rows`: the training shard (values read once into columns; missing and 0 values skipped, as
  // they add nothing). Collective (the global sum of instance weights).
  LinearUpdater(Communicator& comm, const LinearParams& params, const data::Dataset& rows,
                std::size_t num_feature, int groups, std::uint64_t seed);

  // One round (XGBoost's GBLinear::DoBoost): each group's bias, then the weights. grad/hess are
  // [rows x groups]; grad is updated to the residual gradients as weights change. weights is
  // Model::linear_weights. Collective.
  void update(std::int64_t round, std::vector<float>& grad, std::span<const float> hess,
              std::vector<float>& weights);

  // Training margins [rows x groups] of `weights` from the columns: base + bias, then value *
  // weight feature by feature; per row the float additions of linear_margins(), in its order.
  void margins(const std::vector<float>& weights, float base, std::vector<float>& out) const;

 private:
  struct Column {
    std::vector<std::uint32_t> rows;
    std::vector<float> values;
  };
  struct Step {  // one round's data
    std::vector<float>& grad;
    std::span<const float> hess;
    std::vector<float>& weights;
    float alpha, lambda;  // denormalised by the sum of instance weights
  };

  // Exact sums over all ranks of `count` values; for_each_term(add) calls add(k, term). Collective.
  template <class ForEachTerm>
  std::vector<double> global_sums(std::size_t count, ForEachTerm for_each_term) const;
  // (sum grad * v, sum hess * v * v) over the column's rows, for each feature in `features`.
  std::vector<std::pair<double, double>> feature_sums(const Step& s, std::span<const std::size_t> features, int group) const;
  void update_bias(const Step& s, int group);
  // Updates one weight; returns its change.
  float update_feature(const Step& s, std::size_t feature, int group);
  std::vector<std::size_t> feature_order(std::int64_t round) const;  // cyclic or shuffled
  void coordinate_descent(const Step& s, std::int64_t round);

  Communicator& comm_;
  LinearParams params_;
  std::vector<Column> columns_;  // one per model feature
  std::size_t num_rows_;
  std::uint64_t global_rows_;
  int groups_;
  std::uint64_t seed_;
  double sum_weight_ = 0;  // XGBoost's sum_instance_weight, over every rank's rows
};

}  // namespace dpt::gbdt
