#include "models/gbdt/objective/rank_objective.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/binning/hashing.h"

namespace dpt::gbdt {
namespace {

constexpr std::uint64_t kPairSalt = 0x6c616d6264612dULL;

// XGBoost's ListEntry: a document of the group as sorted by prediction.
struct Entry {
  float pred, label;
  std::size_t row;  // local row index
};

// XGBoost's LambdaPair: positions in the prediction-sorted list.
struct Pair {
  std::uint32_t pos, neg;
  float weight;
};

// common::Sigmoid of XGBoost 1.7 (its 1e-16f vanishes next to 1.0f, kept for the letter).
float xgb_sigmoid(float x) {
  x = std::min(-x, 88.7f);
  const float denom = std::exp(x) + 1.0f + 1e-16f;
  return 1.0f / denom;
}

// Uniform integers in [0, n) from (key, draw counter): a multiply-shift of a 64-bit hash, whose
// bias (n / 2^64) is far below anything a group size can show.
class PairDraws {
 public:
  explicit PairDraws(std::uint64_t key) : key_(key) {}
  std::uint32_t next(std::uint32_t n) {
    const std::uint64_t h = hash_combine(key_, counter_++);
    return static_cast<std::uint32_t>((static_cast<unsigned __int128>(h) * n) >> 64);
  }

 private:
  std::uint64_t key_, counter_ = 0;
};

// NDCGLambdaWeightComputer::ComputeItemDCGWeight / ComputeDeltaWeight, in XGBoost's float steps.
float item_dcg(unsigned label, std::uint32_t idx) {
  return label != 0 ? static_cast<float>((1 << label) - 1) / std::log2(static_cast<float>(idx + 2)) : 0.0f;
}

float ndcg_delta(std::uint32_t pos_at, std::uint32_t neg_at, int pos_label, int neg_label, float idcg) {
  const float pos_loginv = 1.0f / std::log2(static_cast<float>(pos_at) + 2.0f);
  const float neg_loginv = 1.0f / std::log2(static_cast<float>(neg_at) + 2.0f);
  const float original = static_cast<float>((1 << pos_label) - 1) * pos_loginv +
                         static_cast<float>((1 << neg_label) - 1) * neg_loginv;
  const float changed = static_cast<float>((1 << neg_label) - 1) * pos_loginv +
                        static_cast<float>((1 << pos_label) - 1) * neg_loginv;
  const float delta = (original - changed) * (1.0f / idcg);
  return delta < 0.0f ? -delta : delta;
}

void ndcg_weights(const std::vector<Entry>& list, std::vector<Pair>& pairs) {
  std::vector<float> labels(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) labels[i] = list[i].label;
  std::stable_sort(labels.begin(), labels.end(), std::greater<>());
  double sum = 0.0;
  for (std::uint32_t i = 0; i < labels.size(); ++i) sum += item_dcg(static_cast<unsigned>(labels[i]), i);
  const auto idcg = static_cast<float>(sum);
  for (Pair& p : pairs) {
    p.weight = idcg == 0.0f ? 0.0f
                            : p.weight * ndcg_delta(p.pos, p.neg, static_cast<int>(list[p.pos].label),
                                                    static_cast<int>(list[p.neg].label), idcg);
  }
}

// MAPLambdaWeightComputer: accumulated precisions per position, then the change of average
// precision when the pair's two documents swap places.
struct MapStats {
  float ap_acc = 0, ap_acc_miss = 0, ap_acc_add = 0, hits = 0;
};

float map_delta(int pos_at, int neg_at, float pos_label, float neg_label, const std::vector<MapStats>& s) {
  if (pos_at == neg_at || s.back().hits == 0) return 0.0f;
  if (pos_at > neg_at) {
    std::swap(pos_at, neg_at);
    std::swap(pos_label, neg_label);
  }
  float original = s[neg_at].ap_acc;
  if (pos_at != 0) original -= s[pos_at - 1].ap_acc;
  float changed = 0;
  const float label1 = pos_label > 0.0f ? 1.0f : 0.0f, label2 = neg_label > 0.0f ? 1.0f : 0.0f;
  if (label1 == label2) return 0.0f;
  if (label1 < label2) {
    changed += s[neg_at - 1].ap_acc_add - s[pos_at].ap_acc_add;
    changed += (s[pos_at].hits + 1.0f) / static_cast<float>(pos_at + 1);
  } else {
    changed += s[neg_at - 1].ap_acc_miss - s[pos_at].ap_acc_miss;
    changed += s[neg_at].hits / static_cast<float>(neg_at + 1);
  }
  const float ans = (changed - original) / s.back().hits;
  return ans < 0 ? -ans : ans;
}

void map_weights(const std::vector<Entry>& list, std::vector<Pair>& pairs) {
  std::vector<MapStats> stats(list.size());
  float hit = 0, acc1 = 0, acc2 = 0, acc3 = 0;
  for (std::size_t i = 1; i <= list.size(); ++i) {
    if (list[i - 1].label > 0.0f) {
      hit++;
      const auto fi = static_cast<float>(i);
      acc1 += hit / fi;
      acc2 += (hit - 1) / fi;
      acc3 += (hit + 1) / fi;
    }
    stats[i - 1] = {acc1, acc2, acc3, hit};
  }
  for (Pair& p : pairs) {
    p.weight *= map_delta(static_cast<int>(p.pos), static_cast<int>(p.neg), list[p.pos].label,
                          list[p.neg].label, stats);
  }
}

std::string group_message(const data::Dataset& rows, std::size_t g, const std::string& what) {
  std::ostringstream out;
  out << "channel '" << rows.channel << "': the query group of qid " << rows.group_qid[g] << " (rows "
      << rows.row_id(rows.group_ptr[g]) + 1 << ".." << rows.row_id(rows.group_ptr[g + 1] - 1) + 1 << ") " << what;
  return out.str();
}

}  // namespace

bool is_rank_objective(std::string_view objective) {
  return objective == "rank:pairwise" || objective == "rank:ndcg" || objective == "rank:map";
}

std::string check_rank_rows(std::string_view objective, const data::Dataset& rows) {
  if (!rows.has_groups()) {
    return "channel '" + rows.channel + "' has no query groups, which objective " + std::string(objective) +
           " needs: give each libsvm row its query as qid:N, or set csv_qid=1 for csv (the column "
           "after the label and weight)";
  }
  for (std::size_t g = 0; g < rows.num_groups(); ++g) {
    for (std::size_t r = rows.group_ptr[g]; r < rows.group_ptr[g + 1]; ++r) {
      const float y = rows.labels[r];
      // rank:ndcg weighs a label as 2^label - 1 in int arithmetic (as XGBoost), so at most 31.
      const bool ok = std::isfinite(y) && (objective == "rank:pairwise" || (y >= 0 && (objective != "rank:ndcg" || y <= 31)));
      if (!ok) {
        std::ostringstream out;
        out << "channel '" << rows.channel << "': row " << rows.row_id(r) + 1 << " has label " << y << ", expected "
            << (objective == "rank:pairwise" ? "a finite number"
                : objective == "rank:ndcg"   ? "a relevance grade in [0, 31] for rank:ndcg"
                                             : "a relevance >= 0 for rank:map (> 0 counts as relevant)");
        return out.str();
      }
      if (!rows.weights.empty() && rows.weights[r] != rows.weights[rows.group_ptr[g]]) {
        return group_message(rows, g, "has rows of different weights; ranking weights are per query "
                                      "group (as in XGBoost): give every row of a group the group's weight");
      }
    }
  }
  return "";
}

RankObjective::RankObjective(Communicator& comm, std::string_view objective, const LambdaRankParams& params,
                             std::uint64_t seed, const data::Dataset& train)
    : params_(params), seed_(seed) {
  if (objective == "rank:pairwise") kind_ = Kind::pairwise;
  else if (objective == "rank:ndcg") kind_ = Kind::ndcg;
  else if (objective == "rank:map") kind_ = Kind::map;
  else throw std::invalid_argument("not a ranking objective: " + std::string(objective));
  // XGBoost's ComputeWeightNormalizationFactor: ngroup / sum of group weights (float). The sum
  // is exact here (any split over ranks gives it), XGBoost's is a float running sum.
  std::vector<double> local(train.num_groups());
  for (std::size_t g = 0; g < train.num_groups(); ++g) local[g] = train.weight(train.group_ptr[g]);
  const double sum = exact_global_sums(comm, local, 1)[0];
  weight_norm_ = static_cast<float>(train.global_groups) / static_cast<float>(sum);
}

void RankObjective::gradients(std::int64_t round, std::span<const float> margins, const data::Dataset& rows,
                              std::span<float> grad, std::span<float> hess) const {
  const std::uint64_t round_key = hash_combine(hash_combine(seed_, kPairSalt), static_cast<std::uint64_t>(round));
  std::vector<Entry> list;
  std::vector<std::pair<float, std::uint32_t>> by_label;
  std::vector<Pair> pairs;
  for (std::size_t g = 0; g < rows.num_groups(); ++g) {
    const std::size_t begin = rows.group_ptr[g], end = rows.group_ptr[g + 1];
    list.clear();
    pairs.clear();
    for (std::size_t r = begin; r < end; ++r) {
      list.push_back({margins[r], rows.labels[r], r});
      grad[r] = hess[r] = 0.0f;
    }
    std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) { return a.pred > b.pred; });
    by_label.resize(list.size());
    for (std::uint32_t i = 0; i < list.size(); ++i) by_label[i] = {list[i].label, i};
    std::stable_sort(by_label.begin(), by_label.end(), [](const auto& a, const auto& b) { return a.first > b.first; });

    // Each document of a run of equal labels pairs with a document drawn among those of other
    // labels: higher labels (before the run) are the positive side, lower ones the negative.
    PairDraws draws(hash_combine(round_key, rows.first_group_id + g));
    const float pair_weight = rows.weight(begin) * weight_norm_;
    const auto n = static_cast<std::uint32_t>(by_label.size());
    for (std::uint32_t i = 0; i < n;) {
      std::uint32_t j = i + 1;
      while (j < n && by_label[j].first == by_label[i].first) ++j;
      const std::uint32_t nleft = i, nright = n - j;
      if (nleft + nright != 0) {
        for (std::uint64_t s = 0; s < params_.num_pairsample; ++s) {
          for (std::uint32_t pid = i; pid < j; ++pid) {
            const std::uint32_t ridx = draws.next(nleft + nright);
            if (ridx < nleft) pairs.push_back({by_label[ridx].second, by_label[pid].second, pair_weight});
            else pairs.push_back({by_label[pid].second, by_label[ridx + j - i].second, pair_weight});
          }
        }
      }
      i = j;
    }
    if (kind_ == Kind::ndcg) ndcg_weights(list, pairs);
    if (kind_ == Kind::map) map_weights(list, pairs);

    float scale = 1.0f / static_cast<float>(params_.num_pairsample);
    if (params_.fix_list_weight != 0.0f) scale *= params_.fix_list_weight / static_cast<float>(end - begin);
    for (const Pair& p : pairs) {
      const Entry& pos = list[p.pos];
      const Entry& neg = list[p.neg];
      const float w = p.weight * scale;
      const float prob = xgb_sigmoid(pos.pred - neg.pred);
      const float gr = prob - 1.0f;
      const float h = std::max(prob * (1.0f - prob), 1e-16f);
      grad[pos.row] += gr * w;
      hess[pos.row] += 2.0f * w * h;
      grad[neg.row] += -gr * w;
      hess[neg.row] += 2.0f * w * h;
    }
  }
}

}  // namespace dpt::gbdt
