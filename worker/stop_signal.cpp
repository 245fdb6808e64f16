#include "worker/stop_signal.h"

#include <csignal>
#include <cstdint>

namespace dpt {
namespace {

// The one global of the program: a signal handler can only reach static storage, and
// `volatile sig_atomic_t` is the type the C and C++ standards allow it to write.
volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void note_stop_request(int) { g_stop_requested = 1; }

}  // namespace

StopSignal::StopSignal() {
  struct sigaction action {};
  action.sa_handler = note_stop_request;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: a signal arriving during a read or an MPI progress poll must not turn into a
  // spurious EINTR failure; the flag is looked at only at the next boundary anyway.
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, &previous_term_);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGUSR1, &action, &previous_usr1_);
}

StopSignal::~StopSignal() {
  sigaction(SIGTERM, &previous_term_, nullptr);
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGUSR1, &previous_usr1_, nullptr);
}

bool StopSignal::requested_locally() const { return g_stop_requested != 0; }

bool StopSignal::agreed(Communicator& comm) const {
  const std::int32_t local = g_stop_requested != 0 ? 1 : 0;
  return comm.allreduce_value(local, ReduceOp::max) != 0;
}

}  // namespace dpt
