#pragma once
// Ranking metrics with XGBoost 1.7's definitions (src/metric/rank_metric.cc, auc.cc): ndcg,
// map and pre, each with @n (top n) and a trailing '-' (a group without relevant documents
// scores 0 instead of 1), and auc on rows with query groups (the mean over groups of each
// group's pairwise AUC). Each is a mean over query groups: every rank computes its own groups
// (groups never straddle ranks) and the sums are exact, so the value does not depend on the
// number of ranks. Rows without query groups count as one group (XGBoost's single-machine
// behaviour): every rank then gathers the whole channel.
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"

namespace dpt::gbdt {

struct RankMetric {
  enum class Kind { ndcg, map, pre, auc, aucpr };
  Kind kind = Kind::ndcg;
  unsigned topn = std::numeric_limits<unsigned>::max();  // XGBoost's default: the whole list
  bool minus = false;                                     // "ndcg-": an empty group scores 0
};

// The metric a name such as "ndcg", "ndcg@5", "map@3-", "pre@10" names, or nullopt. "auc" is a
// ranking metric only on rows with query groups (the caller decides).
std::optional<RankMetric> parse_rank_metric(const std::string& name);
bool is_rank_metric(const std::string& name, bool rows_have_groups);

// One group's value: predictions and labels of its rows in row order, its weight (auc only).
// auc returns NaN for a group XGBoost counts as invalid (under 3 documents).
double rank_group_value(const RankMetric& metric, std::span<const float> preds,
                        std::span<const float> labels, float weight = 1.0f);

// The metric over all ranks' groups, on predictions of the objective (margins transformed as
// XGBoost's metrics see them). Collective.
double evaluate_rank_metric(Communicator& comm, const std::string& metric, const std::string& objective,
                            std::span<const float> margins, const data::Dataset& rows);

}  // namespace dpt::gbdt
