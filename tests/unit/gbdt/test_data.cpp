#include "test_data.h"

#include <cmath>

namespace dpt::gbdt::testing {

data::Dataset random_dense(std::size_t rows, std::size_t features, double missing, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  data::Dataset d;
  d.channel = "train";
  d.num_rows = rows;
  d.num_features = features;
  d.global_rows = rows;
  d.values.resize(rows * features);
  d.labels.resize(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t f = 0; f < features; ++f) {
      d.values[r * features + f] = unit(rng) < missing ? data::kMissing : std::round(unit(rng) * 100) / 100;
    }
    const float x0 = d.values[r * features];
    d.labels[r] = (std::isnan(x0) ? 0.3f : x0) * 2.0f + 0.1f * unit(rng);
  }
  return d;
}

data::Dataset to_csr(const data::Dataset& dense) {
  data::Dataset d = dense;
  d.dense = false;
  d.values.clear();
  d.row_ptr.assign(1, 0);
  for (std::size_t r = 0; r < dense.num_rows; ++r) {
    for (std::size_t f = 0; f < dense.num_features; ++f) {
      const float v = dense.values[r * dense.num_features + f];
      if (std::isnan(v)) continue;
      d.values.push_back(v);
      d.col_index.push_back(static_cast<std::uint32_t>(f));
    }
    d.row_ptr.push_back(d.values.size());
  }
  return d;
}

}  // namespace dpt::gbdt::testing
