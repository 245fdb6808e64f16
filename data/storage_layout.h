#pragma once
// Dense or CSR: whichever holds the channel in fewer bytes (decided from global numbers, so
// every rank stores its shard the same way). Sparse input keeps "absent = missing" either way:
// a dense matrix made from CSR holds NaN where no entry was written.
#include <cstdint>

#include "data/dataset.h"

namespace dpt::data {

// Bytes of the two layouts for `rows` rows of `features` features with `entries` stored entries.
std::uint64_t dense_bytes(std::uint64_t rows, std::uint64_t features);
std::uint64_t csr_bytes(std::uint64_t rows, std::uint64_t entries);

// `data` is CSR with data.num_features set; converts it to dense when that is smaller over the
// whole channel (global_rows, global_entries) or when prefer_dense is set.
void choose_storage(Dataset& data, std::uint64_t global_rows, std::uint64_t global_entries,
                    bool prefer_dense);

}  // namespace dpt::data
