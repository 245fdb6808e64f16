// A minimal MPI program that handles stop signals the way dptrain does (note, agree at the next
// step, exit 143), printing when each rank got which signal. mpirun_signals_e2e.py runs it to pin
// down the Open MPI behaviour the stop design relies on.
#include <mpi.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <ctime>

namespace {

volatile std::sig_atomic_t g_signal = 0;  // the signal handler's only way out

extern "C" void note(int signum) { g_signal = signum; }

double now() {
  timespec t{};
  clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  struct sigaction action {};
  action.sa_handler = note;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signum : {SIGTERM, SIGINT, SIGUSR1}) sigaction(signum, &action, nullptr);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::printf("rank %d pid %d ready\n", rank, static_cast<int>(getpid()));
  std::fflush(stdout);
  bool reported = false;
  for (;;) {
    usleep(20000);
    int local = g_signal, any = 0;
    if (local != 0 && !reported) {
      // Noticed within one 20 ms step of its arrival.
      std::printf("rank %d got signal %d at %.3f\n", rank, local, now());
      std::fflush(stdout);
      reported = true;
    }
    MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (any != 0) break;
  }
  MPI_Finalize();
  return 143;
}
