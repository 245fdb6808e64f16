#include "models/nn/tensor_data.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "common/error.h"

namespace dpt::nn {

namespace {

std::vector<float> densify(const data::Dataset& d) {
  std::vector<float> out(d.num_rows * d.num_features, 0.0f);
  for (std::size_t r = 0; r < d.num_rows; ++r) {
    for (auto k = d.row_ptr[r]; k < d.row_ptr[r + 1]; ++k) {
      out[r * d.num_features + d.col_index[k]] = d.values[k];
    }
  }
  return out;
}

std::string row_text(const TensorData& data, std::int64_t row) {
  return "channel '" + data.channel + "' row " + std::to_string(row + 1);
}

}  // namespace

TensorData to_tensors(data::Dataset dataset, LossKind loss) {
  TensorData out;
  out.channel = dataset.channel;
  const auto rows = static_cast<std::int64_t>(dataset.num_rows);
  if (dataset.sample_shape.empty()) {
    out.sample_shape = {static_cast<std::int64_t>(dataset.num_features)};
  } else {
    for (auto d : dataset.sample_shape) out.sample_shape.push_back(static_cast<std::int64_t>(d));
  }
  std::vector<std::int64_t> sizes = {rows};
  sizes.insert(sizes.end(), out.sample_shape.begin(), out.sample_shape.end());

  auto values = std::make_shared<std::vector<float>>(dataset.dense ? std::move(dataset.values)
                                                                   : densify(dataset));
  // The tensor views the vector and owns it through the deleter: no copy of the samples.
  out.x = torch::from_blob(values->data(), sizes, [values](void*) {}, torch::kFloat);
  bool whole_bytes = dataset.sample_shape.size() > 1;  // images: candidates for byte pixels
  float largest = 0;
  for (float v : *values) {
    if (std::isnan(v)) {
      throw UserError("channel '" + out.channel + "' has missing values; the neural job needs "
                      "every feature present (impute them first)");
    }
    whole_bytes = whole_bytes && v >= 0 && v <= 255 && v == std::floor(v);
    largest = std::max(largest, v);
  }
  // 8-bit images (IDX ubyte, uint8 arrays) become [0, 1] floats, as torchvision's ToTensor does.
  if (whole_bytes && largest > 1) out.x.div_(255.0f);
  auto labels = torch::from_blob(dataset.labels.data(), {rows}, torch::kFloat);
  if (loss == LossKind::cross_entropy) {
    for (std::int64_t r = 0; r < rows; ++r) {
      const float v = dataset.labels[static_cast<std::size_t>(r)];
      if (!(v >= 0) || v != std::floor(v)) {
        throw UserError(row_text(out, r) + ": label " + std::to_string(v) +
                        " is not a class id (a non-negative integer) as loss=cross_entropy needs");
      }
    }
    out.y = labels.to(torch::kLong);
  } else {
    out.y = labels.clone();
  }
  return out;
}

std::int64_t classes_in_labels(const TensorData& data) {
  return data.rows() == 0 ? 0 : data.y.max().item<std::int64_t>() + 1;
}

void require_labels_in_range(const TensorData& data, std::int64_t classes) {
  if (data.rows() == 0) return;
  const auto bad = (data.y < 0).logical_or(data.y >= classes).nonzero();
  if (bad.size(0) > 0) {
    const auto row = bad[0][0].item<std::int64_t>();
    throw UserError(row_text(data, row) + ": label " +
                    std::to_string(data.y[row].item<std::int64_t>()) + " is outside the " +
                    std::to_string(classes) + " classes [0, " + std::to_string(classes - 1) +
                    "] of the model (set num_classes, or fix the label)");
  }
}

void BatchGatherer::gather(const TensorData& data, std::span<const std::int64_t> rows) {
  const auto n = static_cast<std::int64_t>(rows.size());
  // from_blob does not copy: the ids are read in place by index_select.
  auto index = torch::from_blob(const_cast<std::int64_t*>(rows.data()), {n}, torch::kLong);
  if (!x_.defined() || x_.size(0) != n) {
    auto sizes = data.x.sizes().vec();
    sizes[0] = n;
    x_ = torch::empty(sizes, data.x.options());
    y_ = torch::empty({n}, data.y.options());
  }
  torch::index_select_out(x_, data.x, 0, index);
  torch::index_select_out(y_, data.y, 0, index);
}

}  // namespace dpt::nn
