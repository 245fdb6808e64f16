#pragma once
// Rank-aware output. Progress and metric lines are printed by rank 0 only; warnings and errors by
// every rank as "[rank r/W] warning: ...". Passed by reference to whoever prints.
#include <iosfwd>
#include <string_view>

namespace dpt {

class Log {
 public:
  Log(int rank, int world_size);
  Log(int rank, int world_size, std::ostream& out, std::ostream& err);

  int rank() const { return rank_; }
  int world_size() const { return world_; }
  void info(std::string_view message) const;    // rank 0, stdout
  void metric(std::string_view line) const;     // rank 0, stdout, flushed (SageMaker reads it)
  void warn(std::string_view message) const;    // every rank, stderr
  void error(std::string_view message) const;   // every rank, stderr

 private:
  int rank_, world_;
  std::ostream* out_;
  std::ostream* err_;
};

}  // namespace dpt
