#pragma once
// SIGTERM (what a spot interruption sends) and SIGINT are noted, not acted on at once: every rank
// asks `agreed()` at each round/step boundary (one tiny allreduce), so all ranks stop at the same
// boundary, rank 0 writes a checkpoint and the job exits with status 143.
//
// SIGUSR1 means the same. What Open MPI 4.1 does (measured with mpirun -np 2 on one host; T is
// the MCA parameter odls_base_sigkill_timeout, default 1 s):
//  * SIGTERM/SIGINT to mpirun: not forwarded (ess_base_forward_signals refuses SIGTERM). mpirun
//    waits T, SIGTERMs the ranks, SIGKILLs them T later and exits 1 after ~2T: the ranks get a
//    window of T to reach a boundary and checkpoint.
//  * SIGUSR1/SIGUSR2 to mpirun: forwarded to every rank within ~30 ms; mpirun keeps running and
//    ends with the ranks' 143. So launch scripts trap TERM/INT and send mpirun a SIGUSR1.
//  * SIGTERM to one rank or to all: the ranks agree at the next boundary and exit 143.
//  * A rank exiting non-zero (143 included) or killed (SIGKILL, crash): mpirun SIGTERMs the
//    others after T, SIGKILLs them after 2T and exits with that status (137 for SIGKILL) ~2T
//    after the first exit; survivors blocked in a collective are ended this way. Keep
//    orte_abort_on_non_zero_status on (its default): off, survivors of a SIGKILL hang forever.
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
