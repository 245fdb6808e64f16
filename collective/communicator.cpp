#include "collective/communicator.h"

#include <stdexcept>

namespace dpt {

std::size_t dtype_size(DType t) {
  switch (t) {
    case DType::f32: return 4;
    case DType::f64: return 8;
    case DType::i32: return 4;
    case DType::i64: return 8;
    case DType::u64: return 8;
    case DType::u8: return 1;
  }
  throw std::logic_error("unknown DType");
}

}  // namespace dpt
