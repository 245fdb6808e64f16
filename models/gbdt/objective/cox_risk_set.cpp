#include "models/gbdt/objective/cox_risk_set.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace dpt::gbdt {

CoxRiskSet::CoxRiskSet(Communicator& comm, const data::Dataset& rows) : local_(rows.num_rows) {
  std::vector<std::uint64_t> sizes(comm.world_size());
  std::uint64_t mine = rows.num_rows;
  comm.allgather(Buffer{&mine, 1, DType::u64}, Buffer::of(sizes));
  counts_.assign(sizes.begin(), sizes.end());
  const std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  // A replicated channel (every rank reads every row) needs no gathering; a sharded one is
  // concatenated in rank order, which is global row order (ids are an exclusive scan).
  replicated_ = total != rows.global_rows && rows.num_rows == rows.global_rows;
  if (!replicated_) {
    const std::uint64_t before =
        std::accumulate(sizes.begin(), sizes.begin() + comm.rank(), std::uint64_t{0});
    if (total != rows.global_rows || (rows.num_rows > 0 && before != rows.first_row_id))
      throw std::logic_error("survival:cox: channel '" + rows.channel +
                             "' rows are not contiguous by rank in global row order");
    first_ = before;
  }
  std::vector<float> local_weights(rows.num_rows);
  for (std::size_t r = 0; r < rows.num_rows; ++r) local_weights[r] = rows.weight(r);
  labels_ = gather(comm, rows.labels);
  weights_ = gather(comm, local_weights);
  order_.resize(labels_.size());
  std::iota(order_.begin(), order_.end(), std::uint64_t{0});
  // XGBoost's MetaInfo::LabelAbsSort: a stable sort by |label|.
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint64_t a, std::uint64_t b) {
    return std::abs(labels_[a]) < std::abs(labels_[b]);
  });
}

std::vector<float> CoxRiskSet::gather(Communicator& comm, std::span<const float> local) const {
  if (local.size() != local_) throw std::logic_error("CoxRiskSet::gather: wrong number of local values");
  if (replicated_) return {local.begin(), local.end()};
  std::vector<float> all(std::accumulate(counts_.begin(), counts_.end(), std::size_t{0}));
  std::vector<float> send(local.begin(), local.end());
  comm.allgatherv(Buffer::of(send), Buffer::of(all), counts_);
  return all;
}

void CoxRiskSet::gradients(std::span<const float> margins, std::span<float> grad,
                           std::span<float> hess) const {
  const std::size_t n = order_.size();
  // The same operations in the same order as XGBoost: the first sum adds float exps (std::exp
  // of a float), the walk uses double exps; Breslow's method for ties (the risk-set sum drops
  // rows only once the time has moved past them).
  double exp_p_sum = 0;
  for (std::size_t i = 0; i < n; ++i) exp_p_sum += std::exp(margins[order_[i]]);
  double r_k = 0, s_k = 0, last_exp_p = 0, last_abs_y = 0, accumulated = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t row = order_[i];
    const double exp_p = std::exp(static_cast<double>(margins[row]));
    const double w = weights_[row];
    const double y = labels_[row];
    const double abs_y = std::abs(y);
    accumulated += last_exp_p;
    if (last_abs_y < abs_y) {
      exp_p_sum -= accumulated;
      accumulated = 0;
    }
    if (y > 0) {
      r_k += 1.0 / exp_p_sum;
      s_k += 1.0 / (exp_p_sum * exp_p_sum);
    }
    last_abs_y = abs_y;
    last_exp_p = exp_p;
    if (row < first_ || row >= first_ + local_) continue;  // another rank's row
    const double g = exp_p * r_k - static_cast<float>(y > 0);
    const double h = exp_p * r_k - exp_p * exp_p * s_k;
    grad[row - first_] = static_cast<float>(g * w);
    hess[row - first_] = static_cast<float>(h * w);
  }
}

double CoxRiskSet::nloglik(std::span<const float> margins) const {
  const std::size_t n = order_.size();
  // XGBoost's EvalCox sees float predictions exp(margin), sums them in row order, and takes
  // their log in float.
  std::vector<float> preds(n);
  for (std::size_t i = 0; i < n; ++i) preds[i] = std::exp(margins[i]);
  double exp_p_sum = 0;
  for (std::size_t i = 0; i < n; ++i) exp_p_sum += preds[i];
  double out = 0, accumulated = 0;
  std::uint64_t events = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t row = order_[i];
    const float label = labels_[row];
    if (label > 0) {
      out -= std::log(preds[row]) - std::log(exp_p_sum);
      ++events;
    }
    accumulated += preds[row];
    if (i == n - 1 || std::abs(label) < std::abs(labels_[order_[i + 1]])) {
      exp_p_sum -= accumulated;
      accumulated = 0;
    }
  }
  // XGBoost divides by an unsigned count: no events gives inf or NaN, as there.
  return out / static_cast<double>(events);
}

}  // namespace dpt::gbdt
