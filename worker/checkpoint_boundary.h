#pragma once
// One call a training loop makes at every round/step boundary: agree on a stop request (one
// tiny allreduce), write a checkpoint when one is due, and on a stop end every rank alike.
//
//   boundary.reached(completed_rounds, [&] { return model_json_bytes(); });
//
// When a stop was requested on any rank, it writes a checkpoint (due or not), waits until rank 0
// has it on disk, logs where training stopped and throws Interrupted on every rank (main exits
// 143). Waiting for rank 0 matters under mpirun: the first rank to exit non-zero makes mpirun
// terminate the others, which must not cut rank 0's checkpoint short.
#include <cstdint>
#include <functional>
#include <string>

#include "collective/communicator.h"
#include "common/log.h"
#include "worker/checkpoint_params.h"
#include "worker/checkpoint_store.h"
#include "worker/stop_signal.h"

namespace dpt {

class CheckpointBoundary {
 public:
  // `unit` names a step in log lines: "round" (trees) or "epoch" (networks).
  CheckpointBoundary(Communicator& comm, const CheckpointStore& store,
                     const CheckpointSettings& settings, const StopSignal& stop, const Log& log,
                     std::string unit);

  // Collective. `payload` is called on rank 0 only, and only when a checkpoint is written.
  // Throws Interrupted{"after <unit> N"} on every rank when a stop was agreed.
  void reached(std::uint64_t completed, const std::function<std::string()>& payload) const;

 private:
  Communicator& comm_;
  const CheckpointStore& store_;
  CheckpointSettings settings_;
  const StopSignal& stop_;
  const Log& log_;
  std::string unit_;
};

}  // namespace dpt
