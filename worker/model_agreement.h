#pragma once
// The final check of every job: all ranks must hold the same model bytes. Each rank hashes its
// serialized model, the hashes are gathered, and any rank that differs from rank 0 makes every
// rank throw the same UserError naming those ranks -- never a silent warning.
#include <cstdint>
#include <string>
#include <string_view>

#include "collective/communicator.h"
#include "common/log.h"

namespace dpt {

std::uint64_t model_hash(std::string_view model_bytes);  // XXH3-64

// Collective. Logs the agreed hash on rank 0 when all ranks agree.
void check_models_agree(Communicator& comm, const std::string& model_bytes, const Log& log);

}  // namespace dpt
