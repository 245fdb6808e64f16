#pragma once
// A temporary directory every rank sees: rank 0 creates it and writes the files, the others wait
// at a barrier; rank 0 removes it at the end (after a barrier).
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "collective/communicator.h"

namespace dpt::data::testing {

class SharedDir {
 public:
  explicit SharedDir(Communicator& comm) : comm_(comm) {
    std::uint64_t id = 0;
    if (comm.rank() == 0) id = std::random_device{}() * 65536ull + std::random_device{}();
    comm.broadcast(Buffer{&id, 1, DType::u64}, 0);
    path_ = std::filesystem::temp_directory_path() / ("dpt_data_mpi_" + std::to_string(id));
    if (comm.rank() == 0) std::filesystem::create_directories(path_);
  }
  ~SharedDir() {
    comm_.barrier();
    std::error_code ec;
    if (comm_.rank() == 0) std::filesystem::remove_all(path_, ec);
  }
  SharedDir(const SharedDir&) = delete;
  SharedDir& operator=(const SharedDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Rank 0 writes; call ready() once all files are written.
  void write(const std::string& name, const std::string& bytes, bool gz = false) const {
    if (comm_.rank() != 0) return;
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    if (gz) {
      gzFile f = gzopen(p.c_str(), "wb");
      gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
      gzclose(f);
    } else {
      std::ofstream(p, std::ios::binary) << bytes;
    }
  }
  void ready() const { comm_.barrier(); }

 private:
  Communicator& comm_;
  std::filesystem::path path_;
};

}  // namespace dpt::data::testing
