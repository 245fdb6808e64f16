#pragma once
// SIGTERM (what a spot interruption sends) and SIGINT are noted, not acted on at once: every rank
// asks `agreed()` at each round/step boundary (one tiny allreduce), so all ranks stop at the same
// boundary, rank 0 writes a checkpoint and the job exits with status 143.
//
// SIGUSR1 means the same. Why (Open MPI 4.1, measured): mpirun does NOT forward SIGTERM/SIGINT.
// On its own SIGTERM it waits odls_base_sigkill_timeout (T, default 1 s), sends SIGTERM to the
// ranks, SIGKILLs them T later and exits 1 -- a grace window of only T. SIGUSR1/SIGUSR2 it forwards
// at once to every rank and keeps running, so the ranks stop at their own pace and mpirun exits
// with their 143. Our launch scripts therefore trap TERM/INT and send mpirun a SIGUSR1.
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
  struct sigaction previous_term_ {}, previous_int_ {}, previous_usr1_ {};  // restored by the destructor
};

// Thrown by a job that stopped at a boundary after a stop request; main exits with 143.
struct Interrupted {
  std::string where;  // "after round 7", "after epoch 2 step 150"
};

}  // namespace dpt
