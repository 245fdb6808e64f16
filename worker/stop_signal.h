#pragma once
// SIGTERM (what a spot interruption sends) and SIGINT are noted, not acted on at once: every rank
// asks `agreed()` at each round/step boundary (one tiny allreduce), so all ranks stop at the same
// boundary, rank 0 writes a checkpoint and the job exits with status 143.
#include <csignal>
#include <string>

#include "collective/communicator.h"

namespace dpt {

inline constexpr int kExitInterrupted = 143;  // 128 + SIGTERM

class StopSignal {
 public:
  StopSignal();   // installs the handlers
  ~StopSignal();  // restores the previous ones
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  bool requested_locally() const;
  bool agreed(Communicator& comm) const;  // collective: true when any rank was signalled

 private:
  struct sigaction previous_term_ {}, previous_int_ {};  // restored by the destructor
};

// Thrown by a job that stopped at a boundary after a stop request; main exits with 143.
struct Interrupted {
  std::string where;  // "after round 7", "after epoch 2 step 150"
};

}  // namespace dpt
