#include "collective/mpi_types.h"

#include <stdexcept>
#include <string>

namespace dpt::mpi {

MPI_Datatype datatype(DType t) {
  switch (t) {
    case DType::f32: return MPI_FLOAT;
    case DType::f64: return MPI_DOUBLE;
    case DType::i32: return MPI_INT32_T;
    case DType::i64: return MPI_INT64_T;
    case DType::u64: return MPI_UINT64_T;
    case DType::u8: return MPI_UINT8_T;
  }
  throw std::logic_error("unknown DType");
}

MPI_Op op(ReduceOp o) {
  switch (o) {
    case ReduceOp::sum: return MPI_SUM;
    case ReduceOp::max: return MPI_MAX;
    case ReduceOp::min: return MPI_MIN;
  }
  throw std::logic_error("unknown ReduceOp");
}

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw std::runtime_error(std::string(what) + ": " + std::string(text, static_cast<std::size_t>(len)));
}

}  // namespace dpt::mpi
