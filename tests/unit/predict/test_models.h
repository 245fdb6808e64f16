#pragma once
// Small hand-built models and datasets whose predictions can be worked out by hand.
#include "data/dataset.h"
#include "models/gbdt/model/model.h"

namespace dpt::gbdt::testing {

// A stump on `feature`: value < threshold -> left_leaf, else right_leaf; missing -> left when
// default_left.
inline RegTree stump(int feature, float threshold, float left_leaf, float right_leaf,
                     bool default_left) {
  RegTree t;
  t.left = {1, -1, -1};
  t.right = {2, -1, -1};
  t.parent = {2147483647, 0, 0};
  t.split_index = {feature, 0, 0};
  t.split_condition = {threshold, left_leaf, right_leaf};
  t.default_left = {static_cast<std::uint8_t>(default_left), 0, 0};
  t.base_weight = {0.0f, left_leaf, right_leaf};
  t.loss_change = {1.5f, 0.0f, 0.0f};
  t.sum_hessian = {10.0f, 4.0f, 6.0f};
  return t;
}

inline data::Dataset dense_rows(std::size_t features, std::vector<float> values) {
  data::Dataset d;
  d.num_features = features;
  d.num_rows = values.size() / features;
  d.global_rows = d.num_rows;
  d.values = std::move(values);
  return d;
}

// The same rows in CSR form (NaN entries left out).
inline data::Dataset to_csr(const data::Dataset& dense) {
  data::Dataset d = dense;
  d.dense = false;
  d.values.clear();
  d.row_ptr = {0};
  for (std::size_t r = 0; r < dense.num_rows; ++r) {
    for (std::size_t f = 0; f < dense.num_features; ++f) {
      const float v = dense.values[r * dense.num_features + f];
      if (v == v) {
        d.values.push_back(v);
        d.col_index.push_back(static_cast<std::uint32_t>(f));
      }
    }
    d.row_ptr.push_back(d.values.size());
  }
  return d;
}

}  // namespace dpt::gbdt::testing
