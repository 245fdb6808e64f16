#pragma once
// The one place that chooses a backend at run time (and, with nccl_communicator.cpp, the only code that knows
// DPT_WITH_NCCL). "mpi" (world 1 uses the single-process backend), "nccl", "single".
// Unknown names and unavailable backends throw UserError with what to use instead.
#include <memory>
#include <string>

#include "collective/communicator.h"

namespace dpt {

std::unique_ptr<Communicator> make_communicator(const std::string& backend);

}  // namespace dpt
