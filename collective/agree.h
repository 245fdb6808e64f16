#pragma once
// Collective error agreement: every rank calls it after a step that may fail on some ranks only
// (reading its shard, validating its rows). If any rank failed, every rank throws the message of
// the lowest failing rank (prefixed with that rank), so all ranks fail alike and write the same
// failure file. `error` is empty on ranks that succeeded.
#include <string>

#include "collective/communicator.h"

namespace dpt {

void throw_if_any_rank_failed(Communicator& comm, const std::string& error);

}  // namespace dpt
