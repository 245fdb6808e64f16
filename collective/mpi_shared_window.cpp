#include "collective/mpi_shared_window.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <stdexcept>

#include "collective/mpi_shared_memory.h"
#include "collective/mpi_types.h"

namespace dpt {
namespace {

// Zero-byte notes to and from every other rank: "my range is written".
class SharedExchange final : public PartsExchange {
 public:
  SharedExchange(MPI_Comm comm, MPI_Win win, std::vector<const std::int64_t*> blocks)
      : win_(win), blocks_(std::move(blocks)) {
    // This rank's stores into the window reach the others before they hear of them.
    mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");
    mpi::post_notes(comm, 0, requests_);
  }
  ~SharedExchange() override { mpi::free_unwaited_notes(requests_); }
  void wait() override {
    mpi::check(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE),
               "MPI_Waitall");
    mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");  // and this rank sees the others' stores
  }
  const std::int64_t* block(int r) const override { return blocks_[static_cast<std::size_t>(r)]; }

 private:
  MPI_Win win_;
  std::vector<const std::int64_t*> blocks_;  // per rank; this rank's unused
  std::vector<MPI_Request> requests_;
};

}  // namespace

MpiSharedWindow::MpiSharedWindow(MPI_Comm comm) {
  mpi::check(MPI_Comm_dup(comm, &comm_), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

MpiSharedWindow::~MpiSharedWindow() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized || std::uncaught_exceptions() > 0) return;
  try {
    wait_for_release();
    free_window();
  } catch (...) {  // a destructor must not throw; the error surfaces elsewhere
  }
  MPI_Comm_free(&comm_);
}

void MpiSharedWindow::free_window() {
  mpi::free_shared_segments(segments_);
  capacity_ = 0;
  base_.clear();
}

void MpiSharedWindow::wait_for_release() {
  if (released_ != MPI_REQUEST_NULL) mpi::check(MPI_Wait(&released_, MPI_STATUS_IGNORE), "MPI_Wait");
}

std::span<std::int64_t> MpiSharedWindow::acquire(std::size_t count) {
  wait_for_release();  // nobody reads the buffers any more
  if (count > capacity_ || segments_.win == MPI_WIN_NULL) {
    free_window();
    segments_ = mpi::allocate_shared_segments(comm_, count * sizeof(std::int64_t), sizeof(std::int64_t));
    for (void* base : segments_.base) base_.push_back(static_cast<std::int64_t*>(base));
    capacity_ = std::max<std::size_t>(count, 1);
  }
  return {base_[static_cast<std::size_t>(rank_)], count};
}

std::unique_ptr<PartsExchange> MpiSharedWindow::exchange(std::size_t offset, std::span<const std::size_t> counts) {
  if (counts.size() != static_cast<std::size_t>(size_)) throw std::invalid_argument("exchange: one count per rank needed");
  if (offset + std::accumulate(counts.begin(), counts.end(), std::size_t{0}) > capacity_ || segments_.win == MPI_WIN_NULL) {
    throw std::invalid_argument("exchange: range beyond the acquired buffer");
  }
  const std::size_t first = std::accumulate(counts.begin(), counts.begin() + rank_, std::size_t{0});
  std::vector<const std::int64_t*> blocks(static_cast<std::size_t>(size_));
  for (std::size_t r = 0; r < blocks.size(); ++r) blocks[r] = base_[r] + offset + first;
  return std::make_unique<SharedExchange>(comm_, segments_.win, std::move(blocks));
}

void MpiSharedWindow::release() {
  wait_for_release();
  mpi::check(MPI_Ibarrier(comm_, &released_), "MPI_Ibarrier");
}

}  // namespace dpt
