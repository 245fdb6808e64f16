#pragma once
// The NCCL backend (built only where CUDA and NCCL were found). Bootstrapped from MPI: rank 0 makes
// the unique id and broadcasts it; each rank drives the GPU of its node-local rank. Buffers may
// live on the GPU (used in place) or in host memory (staged through a device buffer).
#include <memory>

#include "collective/communicator.h"

namespace dpt {

// Collective: every rank must call it. Throws UserError on every rank ("backend nccl: ...; use
// --backend mpi") when a rank sees no CUDA device or its host has more ranks than GPUs.
std::unique_ptr<Communicator> make_nccl_communicator();

}  // namespace dpt
