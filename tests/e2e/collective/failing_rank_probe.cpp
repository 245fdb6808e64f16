// A job whose last rank fails on purpose while the others are inside a collective, shaped like
// dptrain's main: the exception reaches main, which reports it and aborts the whole job.
// Modes: "none" (nobody fails: exits 0), "blocking" (others wait in a blocking allreduce),
// "bucketer" (others wait in GradientBucketer::finish while the failing rank has buckets in flight).
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "collective/factory.h"
#include "collective/gradient_bucketer.h"
#include "collective/mpi_communicator.h"
#include "collective/mpi_session.h"

namespace {

void fail_if_chosen(const dpt::Communicator& comm, const std::string& mode, int step) {
  if (mode != "none" && step == 3 && comm.rank() == comm.world_size() - 1) {
    throw std::runtime_error("rank " + std::to_string(comm.rank()) + " fails on purpose at step 3");
  }
}

void run(dpt::Communicator& comm, const std::string& mode) {
  std::vector<float> data(1 << 16, 1.0f);
  dpt::GradientBucketer bucketer(comm, std::vector<std::size_t>(8, 1 << 14), dpt::BucketOptions{1 << 16, 1 << 16});
  for (int step = 0; step < 6; ++step) {
    if (mode == "bucketer") {
      for (std::size_t i = 0; i < 8; ++i) {
        if (i == 5) fail_if_chosen(comm, mode, step);
        bucketer.submit(i, std::span<const float>(data.data(), 1 << 14));
      }
      bucketer.finish();
      bucketer.reset();
    } else {
      fail_if_chosen(comm, mode, step);
      comm.allreduce(std::span<float>(data), dpt::ReduceOp::sum);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  dpt::MpiSession session(&argc, &argv);
  const std::string mode = argc > 1 ? argv[1] : "blocking";
  try {
    dpt::MpiCommunicator comm;
    run(comm, mode);
  } catch (const std::exception& e) {
    std::cerr << "[rank " << session.world_rank() << "/" << session.world_size() << "] error: " << e.what() << std::endl;
    dpt::MpiSession::abort(1);
  }
  return 0;
}
