#pragma once
// NumPy arrays: `.npy` files (optionally gzip-compressed) and `.npz` archives (stored or deflated,
// as np.savez / np.savez_compressed write them). Arrays named X* hold the features (one record
// per row), arrays named y* the labels, paired by the rest of the name (X_train with y_train).
// Element types: float32/64, (u)int8..64, bool, either byte order; C order only.
#include <string>
#include <vector>

#include "data/byte_source.h"
#include "data/file_list.h"
#include "data/record_table.h"

namespace dpt::data {

// Reads an .npy header from `source` (left at the first element). `header_bytes` gets the
// header's length so that the data can be found again.
RecordArray read_npy_header(ByteSource& source, const std::string& name, std::uint64_t* header_bytes);

std::vector<RecordPair> pair_npy_arrays(const std::vector<InputFile>& files, bool has_label);

}  // namespace dpt::data
