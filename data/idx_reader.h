#pragma once
// IDX files as Fashion-MNIST ships them (`train-images-idx3-ubyte[.gz]` with
// `train-labels-idx1-ubyte[.gz]`): a header "\0\0<type><ndim>" and ndim big-endian uint32
// dimensions, then the elements. Image files are paired with their label files by name.
#include <vector>

#include "data/file_list.h"
#include "data/record_table.h"

namespace dpt::data {

// Reads and checks the header (and, for an uncompressed file, that the size matches it).
RecordArray idx_array(const InputFile& file);

// Every data file with its labels file ("images" -> "labels", "idxN" -> "idx1" in the name).
std::vector<RecordPair> pair_idx_files(const std::vector<InputFile>& files, bool has_label);

}  // namespace dpt::data
