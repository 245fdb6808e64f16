#pragma once
// XGBoost 1.7's quantiles of a sample (src/common/stats.h), bit for bit, and the gathers that
// give every rank the whole sample in global row order, so a quantile over all ranks' rows is
// the one XGBoost computes on a single machine, whatever the number of ranks.
#include <span>
#include <vector>

#include "collective/communicator.h"

namespace dpt::gbdt {

// common::Quantile: values sorted stably, linear interpolation between neighbours
// (alpha * (n + 1) - 1 ranks). NaN for an empty sample.
float xgb_quantile(double alpha, std::span<const float> values);

// common::WeightedQuantile: the first sorted value whose running float weight sum reaches
// alpha * total (no interpolation). NaN for an empty sample.
float xgb_weighted_quantile(double alpha, std::span<const float> values,
                            std::span<const float> weights);

// XGBoost's choice between the two: weighted when the data has weights at all.
inline float xgb_sample_quantile(double alpha, std::span<const float> values,
                                 std::span<const float> weights, bool weighted) {
  return weighted ? xgb_weighted_quantile(alpha, values, weights) : xgb_quantile(alpha, values);
}

// Every rank's local values (rows of equal width) concatenated in rank order, which is global
// row order: ranks hold contiguous row ranges. Collective.
std::vector<double> gather_in_rank_order(Communicator& comm, std::span<const double> local);

// Whether any rank's rows carry instance weights. Collective.
bool any_rank_has_weights(Communicator& comm, bool local_has_weights);

}  // namespace dpt::gbdt
