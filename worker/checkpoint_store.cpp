#include "worker/checkpoint_store.h"

#include <exception>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

#include "collective/agree.h"
#include "worker/checkpoint_files.h"

namespace dpt {
namespace fs = std::filesystem;

namespace {

// Rank 0's view of the newest valid checkpoint. Newest first; a file that fails verification is
// named in a warning and the previous one is tried, so a write cut short by a kill never blocks a
// resume as long as an older checkpoint survives.
std::optional<Checkpoint> newest_valid(const fs::path& dir, const std::string& prefix,
                                       const Log& log) {
  auto files = checkpoint::list_numbered(dir, prefix);
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    std::string bytes = checkpoint::read_file(it->path);
    const std::string problem = checkpoint::verify(it->path, bytes);
    if (problem.empty()) return Checkpoint{it->step, std::move(bytes)};
    log.warn("skipping checkpoint " + it->path.string() + ": " + problem +
             (std::next(it) == files.rend() ? "; no older checkpoint left, starting fresh"
                                            : "; falling back to " + std::next(it)->path.string()));
  }
  return std::nullopt;
}

}  // namespace

CheckpointStore::CheckpointStore(fs::path dir, std::string prefix, int keep, const Log& log)
    : dir_(std::move(dir)), prefix_(std::move(prefix)), keep_(keep), log_(log) {
  if (keep_ < 1) throw std::invalid_argument("CheckpointStore: keep must be at least 1");
}

fs::path CheckpointStore::path_of(std::uint64_t step) const {
  return dir_ / (prefix_ + "." + std::to_string(step));
}

void CheckpointStore::save(Communicator& comm, const Checkpoint& checkpoint) const {
  if (comm.rank() != 0) return;
  fs::create_directories(dir_);
  const fs::path file = path_of(checkpoint.step);
  // Checksum after the data: a kill between the two leaves a file without a checksum, which
  // load_latest skips like any other damaged checkpoint.
  checkpoint::write_durably(file, checkpoint.payload);
  checkpoint::write_durably(checkpoint::checksum_path(file), checkpoint::checksum_line(checkpoint.payload));

  checkpoint::remove_stale_temporaries(dir_, prefix_);
  auto files = checkpoint::list_numbered(dir_, prefix_);
  const std::size_t keep = static_cast<std::size_t>(keep_);
  for (std::size_t i = 0; files.size() > keep && i < files.size() - keep; ++i) {
    fs::remove(checkpoint::checksum_path(files[i].path));
    fs::remove(files[i].path);
  }
}

std::optional<Checkpoint> CheckpointStore::load_latest(Communicator& comm) const {
  std::optional<Checkpoint> found;
  std::string error;
  if (comm.rank() == 0) {
    try {
      found = newest_valid(dir_, prefix_, log_);
    } catch (const std::exception& e) {
      error = e.what();  // e.g. an unreadable directory: every rank must fail, not wait
    }
  }
  throw_if_any_rank_failed(comm, error);

  // Header (found, step, size) then the bytes: every rank ends with the same Checkpoint.
  std::vector<std::uint64_t> header = {found ? 1u : 0u, found ? found->step : 0,
                                       found ? found->payload.size() : 0};
  comm.broadcast(Buffer::of(header), 0);
  if (header[0] == 0) return std::nullopt;
  if (comm.rank() != 0) found = Checkpoint{header[1], std::string(header[2], '\0')};
  if (header[2] > 0) comm.broadcast(Buffer{found->payload.data(), header[2], DType::u8}, 0);
  return found;
}

void CheckpointStore::remove_all(Communicator& comm) const {
  std::string error;
  if (comm.rank() == 0) {
    try {
      for (const auto& file : checkpoint::list_numbered(dir_, prefix_)) {
        fs::remove(checkpoint::checksum_path(file.path));
        fs::remove(file.path);
      }
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  throw_if_any_rank_failed(comm, error);
}

}  // namespace dpt
