#include "common/log.h"

#include <iostream>
#include <string>

namespace dpt {

Log::Log(int rank, int world_size) : Log(rank, world_size, std::cout, std::cerr) {}

Log::Log(int rank, int world_size, std::ostream& out, std::ostream& err)
    : rank_(rank), world_(world_size), out_(&out), err_(&err) {}

void Log::info(std::string_view message) const {
  if (rank_ == 0) *out_ << message << '\n' << std::flush;
}

void Log::metric(std::string_view line) const {
  if (rank_ == 0) *out_ << line << '\n' << std::flush;
}

// One write per line: std::cerr is unbuffered, and mpirun interleaves the ranks' streams at
// write boundaries, so a line written in pieces comes out mixed with other ranks' lines.
void Log::warn(std::string_view message) const {
  *err_ << ("[rank " + std::to_string(rank_) + '/' + std::to_string(world_) + "] warning: " +
            std::string(message) + '\n')
        << std::flush;
}

void Log::error(std::string_view message) const {
  *err_ << ("[rank " + std::to_string(rank_) + '/' + std::to_string(world_) + "] error: " +
            std::string(message) + '\n')
        << std::flush;
}

}  // namespace dpt
