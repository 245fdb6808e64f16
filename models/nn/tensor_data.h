#pragma once
// A channel as tensors: the samples [N, ...shape] (float32, viewing the Dataset's memory, which
// the tensor keeps alive) and the targets (int64 classes or float32 values), indexed by global
// row id. Batches are gathered into buffers allocated once.
#include <cstdint>
#include <span>
#include <string>

#include <torch/torch.h>

#include "data/dataset.h"
#include "models/nn/network.h"
#include "models/nn/params.h"

namespace dpt::nn {

struct TensorData {
  std::string channel;
  torch::Tensor x;  // [rows, ...sample_shape]
  torch::Tensor y;  // [rows] int64 (cross-entropy) or float32 (mse)
  SampleShape sample_shape;
  std::int64_t rows() const { return x.size(0); }
};

// Takes the rows of a replicated channel (every rank holds every row, ids 0..N-1). Images come
// with their sample shape (IDX pixels scaled to [0, 1] as torchvision's ToTensor does); tabular
// rows have shape {features}. Sparse rows are densified (missing = 0).
TensorData to_tensors(data::Dataset dataset, LossKind loss);

// Largest label + 1 (the class count implied by the labels).
std::int64_t classes_in_labels(const TensorData& data);

// UserError naming the channel, row and value of the first label that is not a class id in
// [0, classes).
void require_labels_in_range(const TensorData& data, std::int64_t classes);

// Gathers rows by id into preallocated buffers (no allocation per step once sized).
class BatchGatherer {
 public:
  void gather(const TensorData& data, std::span<const std::int64_t> rows);
  const torch::Tensor& x() const { return x_; }
  const torch::Tensor& y() const { return y_; }

 private:
  torch::Tensor x_, y_;
};

}  // namespace dpt::nn
