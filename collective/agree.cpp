#include "collective/agree.h"

#include <cstdint>

#include "common/error.h"

namespace dpt {

// One small allreduce when nobody failed; the message travels only when someone did.
void throw_if_any_rank_failed(Communicator& comm, const std::string& error) {
  const int world = comm.world_size();
  const int first_failed = comm.allreduce_value<std::int32_t>(error.empty() ? world : comm.rank(),
                                                              ReduceOp::min);
  if (first_failed == world) return;
  std::uint64_t length = comm.rank() == first_failed ? error.size() : 0;
  comm.broadcast(Buffer{&length, 1, DType::u64}, first_failed);
  std::string message = comm.rank() == first_failed ? error : std::string(length, '\0');
  comm.broadcast(Buffer{message.data(), message.size(), DType::u8}, first_failed);
  throw UserError("rank " + std::to_string(first_failed) + ": " + message);
}

}  // namespace dpt
