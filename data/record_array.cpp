#include "data/record_array.h"

#include <bit>
#include <cstring>

#include "common/error.h"
#include "data/storage_growth.h"

namespace dpt::data {
namespace {

template <class T>
T load(const char* p, bool swap) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if (swap) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    for (std::size_t i = 0; i < sizeof v / 2; ++i) std::swap(b[i], b[sizeof v - 1 - i]);
  }
  return v;
}

template <class T>
void convert(const char* p, std::uint64_t n, bool swap, float* out) {
  for (std::uint64_t i = 0; i < n; ++i) out[i] = static_cast<float>(load<T>(p + i * sizeof(T), swap));
}

void convert_elements(ElemType type, const char* p, std::uint64_t n, bool swap, float* out) {
  switch (type) {
    case ElemType::u8: return convert<std::uint8_t>(p, n, false, out);
    case ElemType::i8: return convert<std::int8_t>(p, n, false, out);
    case ElemType::boolean: return convert<std::uint8_t>(p, n, false, out);
    case ElemType::u16: return convert<std::uint16_t>(p, n, swap, out);
    case ElemType::i16: return convert<std::int16_t>(p, n, swap, out);
    case ElemType::u32: return convert<std::uint32_t>(p, n, swap, out);
    case ElemType::i32: return convert<std::int32_t>(p, n, swap, out);
    case ElemType::u64: return convert<std::uint64_t>(p, n, swap, out);
    case ElemType::i64: return convert<std::int64_t>(p, n, swap, out);
    case ElemType::f32: return convert<float>(p, n, swap, out);
    case ElemType::f64: return convert<double>(p, n, swap, out);
  }
}

}  // namespace

std::size_t elem_size(ElemType t) {
  switch (t) {
    case ElemType::u8: case ElemType::i8: case ElemType::boolean: return 1;
    case ElemType::u16: case ElemType::i16: return 2;
    case ElemType::u32: case ElemType::i32: case ElemType::f32: return 4;
    case ElemType::u64: case ElemType::i64: case ElemType::f64: return 8;
  }
  return 1;
}

std::uint64_t RecordArray::record_elements() const {
  std::uint64_t n = 1;
  for (std::size_t i = 1; i < shape.size(); ++i) n *= shape[i];
  return n;
}

void read_records(const RecordArray& array, std::uint64_t first, std::uint64_t count,
                  std::vector<float>& out, bool check_size) {
  const std::uint64_t elems = array.record_elements();
  const std::uint64_t record_bytes = elems * elem_size(array.type);
  const bool swap = array.big_endian != (std::endian::native == std::endian::big);
  auto fail_short = [&] {
    throw UserError(at_location(array.name, 0, 0,
                                "the data is shorter than its header says (" +
                                    std::to_string(array.records()) + " records of " +
                                    std::to_string(record_bytes) + " bytes); is the file truncated?"));
  };
  auto source = array.open_data();
  if (source->skip(first * record_bytes) != first * record_bytes) fail_short();
  grow_for(out, count * elems);
  // Records are converted in batches of about 1 MiB, straight into the output.
  const std::uint64_t batch = std::max<std::uint64_t>(1, (std::uint64_t{1} << 20) / std::max<std::uint64_t>(1, record_bytes));
  std::vector<char> raw;
  for (std::uint64_t done = 0; done < count;) {
    const std::uint64_t n = std::min(batch, count - done);
    raw.resize(n * record_bytes);
    if (!source->read_exact(raw.data(), raw.size())) fail_short();
    const std::size_t at = out.size();
    out.resize(at + n * elems);
    convert_elements(array.type, raw.data(), n * elems, swap, out.data() + at);
    done += n;
  }
  if (check_size) {
    const std::uint64_t rest = (array.records() - first - count) * record_bytes;
    if (source->skip(rest) != rest) fail_short();
    if (!source->at_end()) {
      throw UserError(at_location(array.name, 0, 0,
                                  "the data is longer than its header says (" +
                                      std::to_string(array.records()) + " records of " +
                                      std::to_string(record_bytes) + " bytes)"));
    }
  }
}

}  // namespace dpt::data
