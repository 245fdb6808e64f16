#include "data/dataset.h"

#include <algorithm>
#include <cstdio>

namespace dpt::data {

float Dataset::at(std::size_t row, std::size_t feature) const {
  if (dense) return values[row * num_features + feature];
  auto begin = col_index.begin() + static_cast<std::ptrdiff_t>(row_ptr[row]);
  auto end = col_index.begin() + static_cast<std::ptrdiff_t>(row_ptr[row + 1]);
  auto it = std::lower_bound(begin, end, static_cast<std::uint32_t>(feature));
  if (it == end || *it != feature) return kMissing;
  return values[static_cast<std::size_t>(it - col_index.begin())];
}

std::size_t Dataset::memory_bytes() const {
  return labels.capacity() * sizeof(float) + weights.capacity() * sizeof(float) +
         values.capacity() * sizeof(float) + row_ptr.capacity() * sizeof(std::uint64_t) +
         col_index.capacity() * sizeof(std::uint32_t) +
         (group_ptr.capacity() + group_qid.capacity()) * sizeof(std::uint64_t);
}

std::string Dataset::summary() const {
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MiB", static_cast<double>(memory_bytes()) / (1024.0 * 1024.0));
  std::string ids = num_rows == 0 ? "no ids"
                                  : "ids " + std::to_string(first_row_id) + ".." +
                                        std::to_string(first_row_id + num_rows - 1);
  const std::string groups =
      has_groups() ? ", " + std::to_string(num_groups()) + " of " + std::to_string(global_groups) + " query groups" : "";
  return channel + ": " + std::to_string(num_rows) + " of " + std::to_string(global_rows) + " rows (" + ids +
         ")" + groups + " x " + std::to_string(num_features) + " features, " + (dense ? "dense" : "sparse (CSR)") + ", " + size;
}

}  // namespace dpt::data
