#include "models/gbdt/booster/linear_updater.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/binning/hashing.h"

namespace dpt::gbdt {
namespace {

constexpr std::uint64_t kShuffleSalt = 0x6c696e2d73687566ULL;
constexpr std::uint64_t kRandomSalt = 0x6c696e2d72616e64ULL;

// XGBoost 1.7's CoordinateDelta (coordinate_common.h): the elastic-net step of one weight.
double coordinate_delta(double sum_grad, double sum_hess, double w, double alpha, double lambda) {
  if (sum_hess < 1e-5f) return 0.0;
  const double grad_l2 = sum_grad + lambda * w;
  const double hess_l2 = sum_hess + lambda;
  if (w - grad_l2 / hess_l2 >= 0) return std::max(-(grad_l2 + alpha) / hess_l2, -w);
  return std::min(-(grad_l2 - alpha) / hess_l2, -w);
}

}  // namespace

LinearUpdater::LinearUpdater(Communicator& comm, const LinearParams& params, const data::Dataset& rows,
                             std::size_t num_feature, int groups, std::uint64_t seed)
    : comm_(comm), params_(params), columns_(num_feature), num_rows_(rows.num_rows),
      global_rows_(rows.global_rows), groups_(groups), seed_(seed) {
  auto add = [&](std::size_t r, std::size_t f, float v) {
    if (f >= num_feature || std::isnan(v) || v == 0.0f) return;  // adds nothing to any sum
    columns_[f].rows.push_back(static_cast<std::uint32_t>(r));
    columns_[f].values.push_back(v);
  };
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    if (rows.dense) {
      for (std::size_t f = 0; f < rows.num_features; ++f) add(r, f, rows.values[r * rows.num_features + f]);
    } else {
      for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) add(r, rows.col_index[e], rows.values[e]);
    }
  }
  sum_weight_ = global_sums(1, [&](auto sum) {
    for (std::size_t r = 0; r < rows.num_rows; ++r) sum(0, static_cast<double>(rows.weight(r)));
  })[0];
}

template <class ForEachTerm>
std::vector<double> LinearUpdater::global_sums(std::size_t count, ForEachTerm for_each_term) const {
  // Two passes over the terms: the global maximum sets each sum's fixed-point scale (every sum
  // has at most one term per row), then the int64 sums are exact in any order.
  std::vector<double> max_abs(count, 0.0);
  for_each_term([&](std::size_t k, double v) {
    max_abs[k] = std::max(max_abs[k], std::isfinite(v) ? std::abs(v) : std::numeric_limits<double>::infinity());
  });
  comm_.allreduce(std::span<double>(max_abs), ReduceOp::max);
  std::vector<double> scale(count);
  for (std::size_t k = 0; k < count; ++k)
    scale[k] = std::isfinite(max_abs[k]) ? fixed_point_scale(max_abs[k], global_rows_) : 0.0;
  std::vector<std::int64_t> sums(count, 0);
  for_each_term([&](std::size_t k, double v) {
    if (scale[k] != 0.0) sums[k] += to_fixed(v, scale[k]);
  });
  comm_.allreduce(std::span<std::int64_t>(sums), ReduceOp::sum);
  std::vector<double> out(count);
  for (std::size_t k = 0; k < count; ++k)  // a non-finite term makes its sum NaN
    out[k] = scale[k] == 0.0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(sums[k]) / scale[k];
  return out;
}

std::vector<std::pair<double, double>> LinearUpdater::feature_sums(const Step& s, std::span<const std::size_t> features,
                                                                   int group) const {
  const std::vector<double> sums = global_sums(2 * features.size(), [&](auto sum) {
    for (std::size_t i = 0; i < features.size(); ++i) {
      const Column& col = columns_[features[i]];
      for (std::size_t j = 0; j < col.rows.size(); ++j) {
        const std::size_t at = col.rows[j] * static_cast<std::size_t>(groups_) + group;
        const float h = s.hess[at], v = col.values[j];
        if (h < 0.0f) continue;  // XGBoost skips rows with a negative hessian
        sum(2 * i, static_cast<double>(s.grad[at] * v));  // float products, as XGBoost
        sum(2 * i + 1, static_cast<double>(h * v * v));
      }
    }
  });
  std::vector<std::pair<double, double>> out(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) out[i] = {sums[2 * i], sums[2 * i + 1]};
  return out;
}

void LinearUpdater::update_bias(const Step& s, int group) {
  const std::size_t g = static_cast<std::size_t>(groups_);
  const std::vector<double> sums = global_sums(2, [&](auto sum) {
    for (std::size_t r = 0; r < num_rows_; ++r) {
      if (s.hess[r * g + group] < 0.0f) continue;
      sum(0, static_cast<double>(s.grad[r * g + group]));
      sum(1, static_cast<double>(s.hess[r * g + group]));
    }
  });
  const auto eta = static_cast<double>(static_cast<float>(params_.eta));
  const auto dbias = static_cast<float>(eta * (-sums[0] / sums[1]));
  s.weights[columns_.size() * g + group] += dbias;
  if (dbias == 0.0f) return;
  for (std::size_t r = 0; r < num_rows_; ++r) {
    const float h = s.hess[r * g + group];
    if (h >= 0.0f) s.grad[r * g + group] += h * dbias;
  }
}

float LinearUpdater::update_feature(const Step& s, std::size_t feature, int group) {
  const std::size_t f[1] = {feature};
  const auto [sum_grad, sum_hess] = feature_sums(s, f, group)[0];
  float& w = s.weights[feature * groups_ + group];
  const auto eta = static_cast<double>(static_cast<float>(params_.eta));
  const auto dw = static_cast<float>(eta * coordinate_delta(sum_grad, sum_hess, w, s.alpha, s.lambda));
  if (dw == 0.0f) return dw;
  w += dw;
  const Column& col = columns_[feature];
  for (std::size_t j = 0; j < col.rows.size(); ++j) {  // the residuals: g += h * v * dw
    const std::size_t at = col.rows[j] * static_cast<std::size_t>(groups_) + group;
    const float h = s.hess[at];
    if (h >= 0.0f) s.grad[at] += h * col.values[j] * dw;
  }
  return dw;
}

std::vector<std::size_t> LinearUpdater::feature_order(std::int64_t round) const {
  std::vector<std::size_t> order(columns_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (params_.feature_selector != LinearParams::Selector::shuffle) return order;
  // Fisher-Yates with hashed draws: a uniform permutation per round (XGBoost reshuffles its
  // previous order with its global generator; the distribution is the same).
  const std::uint64_t key = hash_combine(hash_combine(seed_, kShuffleSalt), static_cast<std::uint64_t>(round));
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[hash_combine(key, i) % i]);
  return order;
}

void LinearUpdater::update(std::int64_t round, std::vector<float>& grad, std::span<const float> hess,
                           std::vector<float>& weights) {
  // XGBoost's DenormalizePenalties: the penalties scale with the sum of instance weights.
  const auto alpha = static_cast<float>(static_cast<float>(params_.alpha) * sum_weight_);
  const auto lambda = static_cast<float>(static_cast<float>(params_.lambda) * sum_weight_);
  const Step s{grad, hess, weights, alpha, lambda};
  for (int g = 0; g < groups_; ++g) update_bias(s, g);
  if (columns_.empty()) return;
  if (params_.updater == LinearParams::Updater::shotgun) {  // features outside, groups inside
    for (std::size_t f : feature_order(round))
      for (int g = 0; g < groups_; ++g) update_feature(s, f, g);
    return;
  }
  coordinate_descent(s, round);
}

void LinearUpdater::coordinate_descent(const Step& s, std::int64_t round) {
  using Selector = LinearParams::Selector;
  const std::size_t nf = columns_.size();
  const Selector selector = params_.feature_selector;
  const std::size_t top_k = params_.top_k > 0 ? static_cast<std::size_t>(params_.top_k) : std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> all(nf);
  std::iota(all.begin(), all.end(), std::size_t{0});
  auto delta_of = [&](const std::pair<double, double>& sums, std::size_t f, int g) {
    return static_cast<float>(coordinate_delta(sums.first, sums.second, s.weights[f * groups_ + g], s.alpha, s.lambda));
  };
  // thrifty: per group, the features by decreasing |weight change| at the round's start.
  std::vector<std::vector<std::size_t>> thrifty(selector == Selector::thrifty ? groups_ : 0);
  for (int g = 0; g < static_cast<int>(thrifty.size()); ++g) {
    const auto sums = feature_sums(s, all, g);
    std::vector<float> change(nf);
    for (std::size_t f = 0; f < nf; ++f) change[f] = std::abs(delta_of(sums[f], f, g));
    thrifty[g] = all;
    std::stable_sort(thrifty[g].begin(), thrifty[g].end(), [&](std::size_t a, std::size_t b) { return change[a] > change[b]; });
  }
  const std::vector<std::size_t> order = feature_order(round);  // cyclic or shuffle
  const std::uint64_t random_key = hash_combine(hash_combine(seed_, kRandomSalt), static_cast<std::uint64_t>(round));
  for (int g = 0; g < groups_; ++g) {
    for (std::size_t i = 0; i < nf; ++i) {
      std::size_t f = order[i];
      if (selector == Selector::random) {
        f = hash_combine(hash_combine(random_key, static_cast<std::uint64_t>(g)), i) % nf;
      } else if (selector == Selector::greedy || selector == Selector::thrifty) {
        // XGBoost stops after top_k features, or after nf - 1 (its counter check).
        if (i >= top_k || i + 1 == nf) break;
        if (selector == Selector::thrifty) {
          f = thrifty[g][i];
        } else {  // greedy: the largest |weight change| now (the first one on ties)
          const auto sums = feature_sums(s, all, g);
          f = 0;
          double best = 0.0;
          for (std::size_t c = 0; c < nf; ++c) {
            const float change = std::abs(delta_of(sums[c], c, g));
            if (change > best) {
              best = change;
              f = c;
            }
          }
        }
      }
      update_feature(s, f, g);
    }
  }
}

void LinearUpdater::margins(const std::vector<float>& weights, float base, std::vector<float>& out) const {
  const std::size_t g = static_cast<std::size_t>(groups_), nf = columns_.size();
  out.assign(num_rows_ * g, 0.0f);
  for (std::size_t r = 0; r < num_rows_; ++r)
    for (std::size_t k = 0; k < g; ++k) out[r * g + k] = weights[nf * g + k] + base;
  for (std::size_t f = 0; f < nf; ++f) {
    const Column& col = columns_[f];
    for (std::size_t k = 0; k < g; ++k) {
      const float w = weights[f * g + k];
      for (std::size_t j = 0; j < col.rows.size(); ++j) out[col.rows[j] * g + k] += col.values[j] * w;
    }
  }
}

}  // namespace dpt::gbdt
