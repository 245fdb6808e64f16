#pragma once
// Mapping of the Communicator's element types and operations to MPI, and MPI error checking.
// Internal to the collective library.
#include <mpi.h>

#include "collective/communicator.h"

namespace dpt::mpi {

MPI_Datatype datatype(DType t);
MPI_Op op(ReduceOp o);
// Throws std::runtime_error "<what>: <MPI error string>" when rc is not MPI_SUCCESS.
void check(int rc, const char* what);

}  // namespace dpt::mpi
