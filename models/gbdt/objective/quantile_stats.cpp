#include "models/gbdt/objective/quantile_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

namespace dpt::gbdt {
namespace {

std::vector<std::size_t> stable_order(std::span<const float> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t l, std::size_t r) { return values[l] < values[r]; });
  return order;
}

}  // namespace

float xgb_quantile(double alpha, std::span<const float> values) {
  const double n = static_cast<double>(values.size());
  if (values.empty()) return std::numeric_limits<float>::quiet_NaN();
  const auto order = stable_order(values);
  auto val = [&](std::size_t i) { return values[order[i]]; };
  if (alpha <= 1 / (n + 1)) return val(0);
  if (alpha >= n / (n + 1)) return val(order.size() - 1);
  const double x = alpha * (n + 1);
  const double k = std::floor(x) - 1;
  const double d = (x - 1) - k;
  const float v0 = val(static_cast<std::size_t>(k));
  const float v1 = val(static_cast<std::size_t>(k) + 1);
  return static_cast<float>(v0 + d * (v1 - v0));  // v1 - v0 in float, the rest in double
}

float xgb_weighted_quantile(double alpha, std::span<const float> values,
                            std::span<const float> weights) {
  if (values.empty()) return std::numeric_limits<float>::quiet_NaN();
  const auto order = stable_order(values);
  std::vector<float> cdf(values.size());  // running sums in float, as XGBoost keeps them
  cdf[0] = weights[order[0]];
  for (std::size_t i = 1; i < cdf.size(); ++i) cdf[i] = cdf[i - 1] + weights[order[i]];
  const float thresh = static_cast<float>(cdf.back() * alpha);
  std::size_t idx = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), thresh) - cdf.begin());
  idx = std::min(idx, cdf.size() - 1);
  return values[order[idx]];
}

std::vector<double> gather_in_rank_order(Communicator& comm, std::span<const double> local) {
  std::vector<std::uint64_t> sizes(comm.world_size());
  std::uint64_t mine = local.size();
  comm.allgather(Buffer{&mine, 1, DType::u64}, Buffer::of(sizes));
  std::vector<double> all(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}));
  std::vector<std::size_t> counts(sizes.begin(), sizes.end());
  std::vector<double> send(local.begin(), local.end());
  comm.allgatherv(Buffer::of(send), Buffer::of(all), counts);
  return all;
}

bool any_rank_has_weights(Communicator& comm, bool local_has_weights) {
  double flag[1] = {local_has_weights ? 1.0 : 0.0};
  comm.allreduce(std::span<double>(flag), ReduceOp::max);
  return flag[0] > 0;
}

}  // namespace dpt::gbdt
