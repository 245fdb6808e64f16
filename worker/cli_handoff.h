#pragma once
// Two executables share one main: `dptrain` (boosted trees and tree prediction, no LibTorch) and
// `dptrain-torch` (everything) beside it. Loading LibTorch costs seconds of start-up on every
// rank, so tree jobs should not pay it. `dptrain` decides from its arguments, SM_HPS and
// hyperparameters.json whether the job needs LibTorch (model mlp, cnn or *.pt; predict with a
// TorchScript model) and if so replaces itself with dptrain-torch, before MPI_Init: under
// mpirun the process keeps its pid and environment, so the launcher never notices.
#include <string>
#include <vector>

namespace dpt {

// True when the command line (and the job files it names) asks for a network. Never throws:
// anything unreadable is left for the normal path, which reports it properly.
bool needs_torch(const std::vector<std::string>& args);

// When needs_torch(args), execv()s dptrain-torch from this executable's directory with the same
// arguments. Returns (doing nothing) when it is not needed or not there: the job then fails
// with the usual "built without LibTorch" message from the job description check.
void hand_over_to_torch_binary(int argc, char** argv);

}  // namespace dpt
