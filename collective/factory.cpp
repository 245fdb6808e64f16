#include "collective/factory.h"

#include <mpi.h>

#include "collective/mpi_communicator.h"
#include "collective/single_communicator.h"
#include "common/error.h"
#ifdef DPT_WITH_NCCL
#include "collective/nccl_communicator.h"
#endif

namespace dpt {
namespace {

bool mpi_running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

}  // namespace

std::unique_ptr<Communicator> make_communicator(const std::string& backend) {
  if (backend == "single") return std::make_unique<SingleCommunicator>();
  if (backend != "mpi" && backend != "nccl") {
    throw UserError("unknown backend '" + backend + "' (expected mpi, nccl or single)");
  }
  if (!mpi_running()) {
    throw UserError("backend " + backend + " needs MPI to be initialised (create an MpiSession first)");
  }
  if (backend == "mpi") {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1) return std::make_unique<SingleCommunicator>();
    return std::make_unique<MpiCommunicator>();
  }
#ifdef DPT_WITH_NCCL
  return make_nccl_communicator();
#else
  throw UserError("backend nccl: this dptrain was built without NCCL (CUDA and NCCL were not found "
                  "at configure time; see DPT_WITH_NCCL); use --backend mpi");
#endif
}

}  // namespace dpt
