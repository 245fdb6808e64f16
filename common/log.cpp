#include "common/log.h"

#include <iostream>

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

void Log::warn(std::string_view message) const {
  *err_ << "[rank " << rank_ << '/' << world_ << "] warning: " << message << '\n' << std::flush;
}

void Log::error(std::string_view message) const {
  *err_ << "[rank " << rank_ << '/' << world_ << "] error: " << message << '\n' << std::flush;
}

}  // namespace dpt
