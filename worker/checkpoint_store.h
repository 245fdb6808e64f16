#pragma once
// Checkpoints for spot interruption. Files are <dir>/<prefix>.<step> (numeric order is the order),
// written by rank 0 to a temporary name, fsynced and renamed, each with a checksum beside it; the
// newest `keep` are kept. Loading is collective: rank 0 picks the newest valid file (a corrupt or
// truncated one is skipped with a warning) and broadcasts it to every rank.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "collective/communicator.h"
#include "common/log.h"

namespace dpt {

struct Checkpoint {
  std::uint64_t step = 0;  // rounds (trees) or epochs (networks) completed
  std::string payload;     // the job's own bytes (trees: an XGBoost JSON model)
};

class CheckpointStore {
 public:
  CheckpointStore(std::filesystem::path dir, std::string prefix, int keep, const Log& log);

  void save(Communicator& comm, const Checkpoint& checkpoint) const;  // writes on rank 0 only
  std::optional<Checkpoint> load_latest(Communicator& comm) const;    // collective

  // Collective: rank 0 deletes every `<prefix>.<step>` file and its checksum (a fresh start, so
  // that an older, higher-numbered checkpoint can never be resumed by a later run).
  void remove_all(Communicator& comm) const;
  std::filesystem::path path_of(std::uint64_t step) const;  // <dir>/<prefix>.<step>

 private:
  std::filesystem::path dir_;
  std::string prefix_;
  int keep_;
  const Log& log_;
};

}  // namespace dpt
