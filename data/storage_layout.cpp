#include "data/storage_layout.h"

#include "common/free_storage.h"

namespace dpt::data {

std::uint64_t dense_bytes(std::uint64_t rows, std::uint64_t features) {
  return rows * features * sizeof(float);
}

std::uint64_t csr_bytes(std::uint64_t rows, std::uint64_t entries) {
  return entries * (sizeof(float) + sizeof(std::uint32_t)) + (rows + 1) * sizeof(std::uint64_t);
}

void choose_storage(Dataset& data, std::uint64_t global_rows, std::uint64_t global_entries,
                    bool prefer_dense) {
  if (data.dense) return;
  if (!prefer_dense && csr_bytes(global_rows, global_entries) <= dense_bytes(global_rows, data.num_features)) {
    return;
  }
  std::vector<float> dense(data.num_rows * data.num_features, kMissing);
  for (std::size_t r = 0; r < data.num_rows; ++r) {
    float* row = dense.data() + r * data.num_features;
    for (std::uint64_t k = data.row_ptr[r]; k < data.row_ptr[r + 1]; ++k) row[data.col_index[k]] = data.values[k];
  }
  data.values = std::move(dense);
  free_storage(data.row_ptr);
  free_storage(data.col_index);
  data.dense = true;
}

}  // namespace dpt::data
