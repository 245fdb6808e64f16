#include "worker/checkpoint_boundary.h"

#include <utility>

namespace dpt {

CheckpointBoundary::CheckpointBoundary(Communicator& comm, const CheckpointStore& store,
                                       const CheckpointSettings& settings, const StopSignal& stop,
                                       const Log& log, std::string unit)
    : comm_(comm), store_(store), settings_(settings), stop_(stop), log_(log),
      unit_(std::move(unit)) {}

void CheckpointBoundary::reached(std::uint64_t completed,
                                 const std::function<std::string()>& payload) const {
  const bool stopping = stop_.agreed(comm_);
  if (!settings_.due(completed, stopping)) return;
  if (comm_.rank() == 0) store_.save(comm_, Checkpoint{completed, payload()});
  if (!stopping) return;

  comm_.barrier();  // rank 0's checkpoint is durable before any rank exits
  const std::string where = "after " + unit_ + " " + std::to_string(completed);
  log_.info("stop requested (SIGTERM/SIGINT/SIGUSR1): training stopped " + where +
            ", checkpoint " + store_.path_of(completed).string());
  throw Interrupted{where};
}

}  // namespace dpt
