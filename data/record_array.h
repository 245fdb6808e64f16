#pragma once
// A numeric array in a binary file (IDX, NumPy), read record by record: record i is the slice
// [i] of the first axis. Binary formats know their record count from the header, so ranks shard
// them by record ranges instead of byte ranges, and read only their records.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/byte_source.h"

namespace dpt::data {

enum class ElemType { u8, i8, u16, i16, u32, i32, u64, i64, f32, f64, boolean };

std::size_t elem_size(ElemType t);

struct RecordArray {
  std::string name;  // for messages: the file, or "archive.npz:X_train.npy"
  ElemType type = ElemType::u8;
  bool big_endian = false;
  std::vector<std::uint64_t> shape;  // shape[0] = records
  // Opens the data, positioned at the first element.
  std::function<std::unique_ptr<ByteSource>()> open_data;

  std::uint64_t records() const { return shape.empty() ? 0 : shape[0]; }
  std::uint64_t record_elements() const;
  std::uint64_t data_bytes() const { return records() * record_elements() * elem_size(type); }
};

// Appends records [first, first + count) as floats to `out`. When `check_size` is set, reads on to
// the end and fails (UserError) unless the data holds exactly what the header announced.
void read_records(const RecordArray& array, std::uint64_t first, std::uint64_t count,
                  std::vector<float>& out, bool check_size);

}  // namespace dpt::data
