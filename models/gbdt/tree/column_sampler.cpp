#include "models/gbdt/tree/column_sampler.h"

#include <algorithm>
#include <numeric>

#include "models/gbdt/binning/hashing.h"

namespace dpt::gbdt {

ColumnSampler::ColumnSampler(std::size_t num_features, const TreeParams& params, std::uint64_t seed)
    : params_(params), state_(seed) {
  std::vector<std::int32_t> all(num_features);
  std::iota(all.begin(), all.end(), 0);
  tree_features_ = sample(all, params.colsample_bytree);
}

std::uint64_t ColumnSampler::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return mix64(state_);
}

std::vector<std::int32_t> ColumnSampler::sample(const std::vector<std::int32_t>& from, double fraction) {
  if (fraction >= 1.0 || from.empty()) return from;
  const std::size_t keep = std::max<std::size_t>(1, static_cast<std::size_t>(fraction * from.size()));
  std::vector<std::int32_t> pool = from;
  // Partial Fisher-Yates: the first `keep` positions become a uniform sample.
  for (std::size_t i = 0; i < keep; ++i) {
    const std::size_t j = i + next() % (pool.size() - i);
    std::swap(pool[i], pool[j]);
  }
  pool.resize(keep);
  std::sort(pool.begin(), pool.end());
  return pool;
}

std::vector<std::int32_t> ColumnSampler::for_node(int depth) {
  auto it = level_features_.find(depth);
  if (it == level_features_.end()) {
    it = level_features_.emplace(depth, sample(tree_features_, params_.colsample_bylevel)).first;
  }
  return sample(it->second, params_.colsample_bynode);
}

}  // namespace dpt::gbdt
