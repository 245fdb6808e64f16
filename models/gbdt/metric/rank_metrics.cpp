#include "models/gbdt/metric/rank_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>
#include <vector>

#include "common/error.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/metric/metrics_auc.h"
#include "models/gbdt/objective/objective_transform.h"

namespace dpt::gbdt {
namespace {

// XGBoost's PredIndPair: (prediction, label as an unsigned relevance).
using Record = std::pair<float, std::uint32_t>;

void sort_by_prediction(std::vector<Record>& rec) {
  std::stable_sort(rec.begin(), rec.end(), [](const Record& a, const Record& b) { return a.first > b.first; });
}

double dcg(const std::vector<Record>& rec, unsigned topn) {
  double sum = 0.0;
  for (std::size_t i = 0; i < rec.size() && i < topn; ++i) {
    const unsigned rel = rec[i].second;
    if (rel != 0) sum += ((1 << rel) - 1) / std::log2(static_cast<double>(i) + 2.0);
  }
  return sum;
}

double ndcg(std::vector<Record>& rec, const RankMetric& m) {
  sort_by_prediction(rec);
  const double d = dcg(rec, m.topn);
  std::stable_sort(rec.begin(), rec.end(), [](const Record& a, const Record& b) { return a.second > b.second; });
  const double ideal = dcg(rec, m.topn);
  if (ideal == 0.0) return m.minus ? 0.0 : 1.0;
  return d / ideal;
}

double average_precision(std::vector<Record>& rec, const RankMetric& m) {
  sort_by_prediction(rec);
  unsigned hits = 0;
  double sum = 0.0;
  for (std::size_t i = 0; i < rec.size(); ++i) {
    if (rec[i].second != 0) {
      hits += 1;
      if (i < m.topn) sum += static_cast<double>(hits) / static_cast<double>(i + 1);
    }
  }
  if (hits == 0) return m.minus ? 0.0 : 1.0;
  return sum / hits;
}

double precision(std::vector<Record>& rec, const RankMetric& m) {
  sort_by_prediction(rec);
  unsigned hits = 0;
  for (std::size_t j = 0; j < rec.size() && j < m.topn; ++j) hits += rec[j].second != 0;
  return static_cast<double>(hits) / m.topn;
}

// GroupRankingROC: every pair of documents in label order (ties included, as XGBoost counts
// them) scores 1, 1/2 or 0 by its predictions; the squared group weight cancels unless it is 0.
double group_auc(std::span<const float> preds, std::span<const float> labels, float weight) {
  if (labels.size() < 3) return std::numeric_limits<double>::quiet_NaN();  // an invalid group
  std::vector<std::size_t> order(labels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return labels[a] > labels[b]; });
  const float w = weight * weight;
  double auc = 0, sum_w = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::size_t j = i + 1; j < order.size(); ++j) {
      const float d = preds[order[i]] - preds[order[j]];
      auc += (d > 0 ? 1.0 : d == 0 ? 0.5 : 0.0) * w;
      sum_w += w;
    }
  }
  return sum_w != 0 ? auc / sum_w : auc;
}

}  // namespace

std::optional<RankMetric> parse_rank_metric(const std::string& name) {
  RankMetric m;
  std::string prefix = name, param;
  const std::size_t at = name.find('@');
  if (at != std::string::npos) {
    prefix = name.substr(0, at);
    param = name.substr(at + 1);
  } else if (!name.empty() && name.back() == '-') {
    prefix = name.substr(0, name.size() - 1);
    param = "-";
  }
  if (prefix == "ndcg") m.kind = RankMetric::Kind::ndcg;
  else if (prefix == "map") m.kind = RankMetric::Kind::map;
  else if (prefix == "pre") m.kind = RankMetric::Kind::pre;
  else if (prefix == "auc" && param.empty()) m.kind = RankMetric::Kind::auc;
  else if (prefix == "aucpr" && param.empty()) m.kind = RankMetric::Kind::aucpr;
  else return std::nullopt;
  // What XGBoost accepts after '@': digits, then an optional '-'.
  if (at != std::string::npos) {
    std::size_t digits = 0;
    while (digits < param.size() && param[digits] >= '0' && param[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9 || !(param.size() == digits || (param.size() == digits + 1 && param.back() == '-')))
      return std::nullopt;
    m.topn = static_cast<unsigned>(std::stoul(param.substr(0, digits)));
  }
  m.minus = !param.empty() && param.back() == '-';
  return m;
}

bool is_rank_metric(const std::string& name, bool rows_have_groups) {
  const auto m = parse_rank_metric(name);
  // auc and aucpr are per query only where the rows have groups (XGBoost's EvalAUC::Eval).
  const bool curve = m && (m->kind == RankMetric::Kind::auc || m->kind == RankMetric::Kind::aucpr);
  return m && (!curve || rows_have_groups);
}

double rank_group_value(const RankMetric& metric, std::span<const float> preds, std::span<const float> labels,
                        float weight) {
  if (metric.kind == RankMetric::Kind::auc) return group_auc(preds, labels, weight);
  if (metric.kind == RankMetric::Kind::aucpr) {  // the group's binary PR area (RankingAUC<false>)
    const std::vector<double> scores(preds.begin(), preds.end());
    const std::vector<float> weights(labels.size(), weight);
    return binary_auc(AucCurve::pr, scores, labels, weights);
  }
  std::vector<Record> rec(preds.size());
  for (std::size_t i = 0; i < preds.size(); ++i) rec[i] = {preds[i], static_cast<std::uint32_t>(static_cast<int>(labels[i]))};
  switch (metric.kind) {
    case RankMetric::Kind::ndcg: return ndcg(rec, metric);
    case RankMetric::Kind::map: return average_precision(rec, metric);
    default: return precision(rec, metric);
  }
}

double evaluate_rank_metric(Communicator& comm, const std::string& name, const std::string& objective,
                            std::span<const float> margins, const data::Dataset& rows) {
  const RankMetric metric = *parse_rank_metric(name);
  if (metric.kind == RankMetric::Kind::aucpr) {
    for (std::size_t r = 0; r < rows.num_rows; ++r) {
      if (rows.labels[r] < 0.0f || rows.labels[r] > 1.0f)
        throw UserError("eval_metric aucpr supports only binary relevance (labels 0 or 1) for learning to rank; "
                        "channel '" + rows.channel + "' row " + std::to_string(rows.row_id(r) + 1) + " has label " +
                        std::to_string(rows.labels[r]));
    }
  }
  const OutputTransform transform = output_transform(objective);
  std::vector<float> preds(rows.num_rows);
  for (std::size_t r = 0; r < rows.num_rows; ++r) transform_row(transform, margins.subspan(r, 1), std::span(preds).subspan(r, 1));
  std::vector<float> labels(rows.labels.begin(), rows.labels.end());
  std::vector<std::uint64_t> bounds = rows.group_ptr;
  if (!rows.has_groups()) {
    // One group of every row of the channel, on every rank (rank order is row order).
    std::vector<double> mine(2 * rows.num_rows);
    for (std::size_t r = 0; r < rows.num_rows; ++r) mine[2 * r] = preds[r], mine[2 * r + 1] = labels[r];
    std::vector<std::uint64_t> sizes(static_cast<std::size_t>(comm.world_size()));
    std::uint64_t count = mine.size();
    comm.allgather(Buffer{&count, 1, DType::u64}, Buffer::of(sizes));
    std::vector<double> all(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}));
    comm.allgatherv(Buffer::of(mine), Buffer::of(all), std::vector<std::size_t>(sizes.begin(), sizes.end()));
    preds.resize(all.size() / 2);
    labels.resize(all.size() / 2);
    for (std::size_t r = 0; r < preds.size(); ++r) preds[r] = static_cast<float>(all[2 * r]), labels[r] = static_cast<float>(all[2 * r + 1]);
    bounds = {0, preds.size()};
    if (comm.rank() != 0) bounds = {0};  // rank 0 alone adds the group, so it counts once
  }
  // Per group: its value and whether it counts (auc skips invalid groups), summed exactly.
  std::vector<double> values;
  for (std::size_t g = 0; g + 1 < bounds.size(); ++g) {
    const std::size_t b = bounds[g], n = bounds[g + 1] - b;
    const float w = rows.has_groups() ? rows.weight(b) : 1.0f;
    const double v = rank_group_value(metric, std::span(preds).subspan(b, n), std::span(labels).subspan(b, n), w);
    values.push_back(std::isnan(v) ? 0.0 : v);
    values.push_back(std::isnan(v) ? 0.0 : 1.0);
  }
  const std::vector<double> sums = exact_global_sums(comm, values, 2);
  if (metric.kind == RankMetric::Kind::auc || metric.kind == RankMetric::Kind::aucpr) {
    return sums[1] > 0 ? sums[0] / sums[1] : std::numeric_limits<double>::quiet_NaN();
  }
  // ndcg, map and pre average over every group.
  const double groups = rows.has_groups() ? static_cast<double>(rows.global_groups) : 1.0;
  return sums[0] / groups;
}

}  // namespace dpt::gbdt
