#pragma once
// A temporary directory every rank of the job uses (rank 0 picks the name and broadcasts it;
// all ranks run on this host), removed at the end of the test.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "collective/communicator.h"

namespace dpt::testing {

class SharedDir {
 public:
  explicit SharedDir(Communicator& comm) : comm_(comm) {
    std::vector<std::uint64_t> id = {0};
    if (comm.rank() == 0) id[0] = std::random_device{}() * 1000003ull + static_cast<unsigned>(getpid());
    comm.broadcast(Buffer::of(id), 0);
    path_ = std::filesystem::temp_directory_path() / ("dpt-checkpoint-mpi-" + std::to_string(id[0]));
  }
  ~SharedDir() {
    comm_.barrier();  // nobody still reads when rank 0 removes it
    std::error_code ignored;
    if (comm_.rank() == 0) std::filesystem::remove_all(path_, ignored);
  }
  SharedDir(const SharedDir&) = delete;
  SharedDir& operator=(const SharedDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  Communicator& comm_;
  std::filesystem::path path_;
};

}  // namespace dpt::testing
