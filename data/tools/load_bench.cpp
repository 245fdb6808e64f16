// dpt_load_bench: times load_channel on a channel directory (one line per run, rank 0), for
// scripts/bench/load.sh. The time is the slowest rank's, from a barrier to a barrier.
//   mpirun -np 2 dpt_load_bench <dir-or-file> [content-type] [runs] [replicate]
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>

#include "collective/factory.h"
#include "collective/mpi_session.h"
#include "data/loader.h"

namespace {

// A "VmRSS:"/"VmHWM:" line of /proc/self/status, in bytes (0 where unavailable).
std::uint64_t proc_status_bytes(const std::string& key) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(key, 0) == 0) return std::stoull(line.substr(key.size())) * 1024;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  dpt::MpiSession session(&argc, &argv);
  try {
    if (argc < 2) {
      std::fprintf(stderr, "usage: dpt_load_bench DIR [CONTENT_TYPE] [RUNS] [replicate]\n");
      return 2;
    }
    auto comm = dpt::make_communicator("mpi");
    dpt::data::Channel channel;
    channel.name = "train";
    channel.dir = argv[1];
    channel.content_type = argc > 2 ? argv[2] : "";
    const int runs = argc > 3 ? std::stoi(argv[3]) : 1;
    dpt::data::LoadOptions options;
    options.replicate = argc > 4 && std::string(argv[4]) == "replicate";
    // Peak memory of the load: the high-water mark minus what the process held before it (one run
    // per process measures it exactly; later runs can only raise the mark).
    const std::uint64_t rss_before = proc_status_bytes("VmRSS:");
    for (int run = 0; run < runs; ++run) {
      comm->barrier();
      const auto start = std::chrono::steady_clock::now();
      const dpt::data::Dataset data = dpt::data::load_channel(*comm, channel, options);
      comm->barrier();
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const auto memory = comm->allreduce_value<std::uint64_t>(data.memory_bytes(), dpt::ReduceOp::sum);
      const auto peak = comm->allreduce_value<std::uint64_t>(proc_status_bytes("VmHWM:") - rss_before,
                                                             dpt::ReduceOp::sum);
      if (comm->rank() == 0 && run == 0) std::fprintf(stderr, "rank 0 holds %s\n", data.summary().c_str());
      if (comm->rank() == 0) {
        std::printf("load_seconds=%.4f rows=%llu features=%zu layout=%s memory_bytes=%llu peak_load_bytes=%llu "
                    "dense_f32_bytes=%llu\n",
                    seconds, static_cast<unsigned long long>(data.global_rows), data.num_features,
                    data.dense ? "dense" : "csr", static_cast<unsigned long long>(memory),
                    static_cast<unsigned long long>(peak),
                    static_cast<unsigned long long>(data.global_rows * data.num_features * 4));
        std::fflush(stdout);
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
