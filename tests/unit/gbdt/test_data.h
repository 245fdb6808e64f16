#pragma once
// Small in-memory datasets for the boosting unit tests.
#include <cstdint>
#include <random>

#include "data/dataset.h"

namespace dpt::gbdt::testing {

// rows x features uniform in [0, 1) with about `missing` of the cells NaN; labels from `label`.
data::Dataset random_dense(std::size_t rows, std::size_t features, double missing, std::uint64_t seed);

// The same values as CSR (NaN cells absent).
data::Dataset to_csr(const data::Dataset& dense);

}  // namespace dpt::gbdt::testing
