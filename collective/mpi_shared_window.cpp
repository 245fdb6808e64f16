#include "collective/mpi_shared_window.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <stdexcept>

#include "collective/mpi_types.h"

namespace dpt {
namespace {

// Zero-byte notes to and from every other rank: "my range is written".
class SharedExchange final : public PartsExchange {
 public:
  SharedExchange(MPI_Comm comm, int rank, int size, MPI_Win win, std::vector<const std::int64_t*> blocks)
      : win_(win), blocks_(std::move(blocks)) {
    // This rank's stores into the window reach the others before they hear of them.
    mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");
    for (int r = 0; r < size; ++r) {
      if (r == rank) continue;
      MPI_Request& in = requests_.emplace_back(MPI_REQUEST_NULL);
      mpi::check(MPI_Irecv(nullptr, 0, MPI_BYTE, r, 0, comm, &in), "MPI_Irecv");
      MPI_Request& out = requests_.emplace_back(MPI_REQUEST_NULL);
      mpi::check(MPI_Isend(nullptr, 0, MPI_BYTE, r, 0, comm, &out), "MPI_Isend");
    }
  }
  ~SharedExchange() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized) return;
    for (MPI_Request& request : requests_) {  // unwaited: an exception on the way out
      if (request != MPI_REQUEST_NULL) MPI_Request_free(&request);
    }
  }
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
  if (win_ == MPI_WIN_NULL) return;
  MPI_Win_unlock_all(win_);
  mpi::check(MPI_Win_free(&win_), "MPI_Win_free");
  win_ = MPI_WIN_NULL;
  capacity_ = 0;
  base_.clear();
}

void MpiSharedWindow::wait_for_release() {
  if (released_ != MPI_REQUEST_NULL) mpi::check(MPI_Wait(&released_, MPI_STATUS_IGNORE), "MPI_Wait");
}

std::span<std::int64_t> MpiSharedWindow::acquire(std::size_t count) {
  wait_for_release();  // nobody reads the buffers any more
  if (count > capacity_ || win_ == MPI_WIN_NULL) {
    free_window();
    // Each rank's segment page-aligned on its own (no false sharing between ranks' ends).
    MPI_Info info = MPI_INFO_NULL;
    MPI_Info_create(&info);
    MPI_Info_set(info, "alloc_shared_noncontig", "true");
    std::int64_t* mine = nullptr;
    const auto bytes = static_cast<MPI_Aint>(std::max<std::size_t>(count, 1) * sizeof(std::int64_t));
    const int rc = MPI_Win_allocate_shared(bytes, sizeof(std::int64_t), info, comm_, &mine, &win_);
    MPI_Info_free(&info);
    mpi::check(rc, "MPI_Win_allocate_shared");
    mpi::check(MPI_Win_lock_all(MPI_MODE_NOCHECK, win_), "MPI_Win_lock_all");
    base_.assign(static_cast<std::size_t>(size_), nullptr);
    for (int r = 0; r < size_; ++r) {
      MPI_Aint size = 0;
      int unit = 0;
      void* base = nullptr;
      mpi::check(MPI_Win_shared_query(win_, r, &size, &unit, &base), "MPI_Win_shared_query");
      base_[static_cast<std::size_t>(r)] = static_cast<std::int64_t*>(base);
    }
    capacity_ = std::max<std::size_t>(count, 1);
  }
  return {base_[static_cast<std::size_t>(rank_)], count};
}

std::unique_ptr<PartsExchange> MpiSharedWindow::exchange(std::size_t offset, std::span<const std::size_t> counts) {
  if (counts.size() != static_cast<std::size_t>(size_)) throw std::invalid_argument("exchange: one count per rank needed");
  if (offset + std::accumulate(counts.begin(), counts.end(), std::size_t{0}) > capacity_ || win_ == MPI_WIN_NULL) {
    throw std::invalid_argument("exchange: range beyond the acquired buffer");
  }
  const std::size_t first = std::accumulate(counts.begin(), counts.begin() + rank_, std::size_t{0});
  std::vector<const std::int64_t*> blocks(static_cast<std::size_t>(size_));
  for (std::size_t r = 0; r < blocks.size(); ++r) blocks[r] = base_[r] + offset + first;
  return std::make_unique<SharedExchange>(comm_, rank_, size_, win_, std::move(blocks));
}

void MpiSharedWindow::release() {
  wait_for_release();
  mpi::check(MPI_Ibarrier(comm_, &released_), "MPI_Ibarrier");
}

}  // namespace dpt
