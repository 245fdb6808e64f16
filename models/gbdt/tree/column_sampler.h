#pragma once
// Column sampling (colsample_bytree / bylevel / bynode) from one seeded stream. Every rank
// seeds it alike and asks in the same order (tree, then level, then nodes in node order), so
// every rank sees the same features. XGBoost's rule: keep max(1, floor(fraction * n)) features.
#include <cstdint>
#include <map>
#include <vector>

#include "models/gbdt/booster/params.h"

namespace dpt::gbdt {

class ColumnSampler {
 public:
  ColumnSampler(std::size_t num_features, const TreeParams& params, std::uint64_t seed);

  // Features a node at `depth` may split on (sorted). Call in node order.
  std::vector<std::int32_t> for_node(int depth);

 private:
  std::vector<std::int32_t> sample(const std::vector<std::int32_t>& from, double fraction);
  std::uint64_t next();

  const TreeParams& params_;
  std::uint64_t state_;
  std::vector<std::int32_t> tree_features_;
  std::map<int, std::vector<std::int32_t>> level_features_;
};

}  // namespace dpt::gbdt
