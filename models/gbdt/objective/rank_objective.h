#pragma once
// Learning to rank: rank:pairwise, rank:ndcg and rank:map with XGBoost 1.7's LambdaMART
// gradients (src/objective/rank_obj.cu, CPU path) over the query groups of data::Dataset.
//
// Pairs: for each document and each of num_pairsample draws, a partner is drawn uniformly among
// the group's documents with a different label, as XGBoost does. XGBoost draws from one
// std::minstd_rand per thread seeded by the iteration, so its pairs depend on the thread count
// and the group order; ours come from a generator seeded by (seed, round, global group id), so
// the pairs, and the model bytes, are the same for any number of ranks and threads. The pairs
// therefore differ from XGBoost's, but follow the same distribution; every other step (sort
// orders, lambda weights, float arithmetic, accumulation order) is XGBoost's.
//
// Weights are per group, as in XGBoost ranking: a group's weight is the weight of its rows (they
// must agree), normalised by (number of groups / sum of group weights) over all ranks.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "collective/communicator.h"
#include "data/dataset.h"

namespace dpt::gbdt {

bool is_rank_objective(std::string_view objective);

// XGBoost's LambdaRankParam: the model stores it as lambda_rank_param.
struct LambdaRankParams {
  std::uint64_t num_pairsample = 1;  // pairs drawn per document
  float fix_list_weight = 0.0f;      // 0: off; else each group's pairs weigh this / group size
};

// "" when `rows` suit a ranking objective, else a message naming the channel and the row: no
// query groups, a label out of the objective's range, rows of one group with different weights.
std::string check_rank_rows(std::string_view objective, const data::Dataset& rows);

class RankObjective {
 public:
  // Collective: the weight normalisation sums every rank's group weights (exactly).
  RankObjective(Communicator& comm, std::string_view objective, const LambdaRankParams& params,
                std::uint64_t seed, const data::Dataset& train);

  // Gradients and hessians of the local rows (one output group). Local: groups never straddle
  // ranks. `round` counts boosting rounds (it seeds the pairs, as XGBoost's iteration does).
  void gradients(std::int64_t round, std::span<const float> margins, const data::Dataset& rows,
                 std::span<float> grad, std::span<float> hess) const;

 private:
  enum class Kind { pairwise, ndcg, map };
  Kind kind_ = Kind::pairwise;
  LambdaRankParams params_;
  std::uint64_t seed_ = 0;
  float weight_norm_ = 1.0f;
};

}  // namespace dpt::gbdt
