#include "collective/mpi_sum_window.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "collective/async_executor.h"
#include "collective/mpi_shared_memory.h"
#include "collective/mpi_types.h"

namespace dpt {
namespace {

enum Note : int { kWritten = 0, kSummed = 1 };

// Each sum's notes carry tags of their own: sums start in the same order on every rank, but may
// reach their second note in different orders (whichever range's notes arrived first), and a
// note must not complete another sum's receive. Tags repeat only after kTagCycle sums.
constexpr std::uint64_t kTagCycle = 8192;
int tag_of(std::uint64_t sum, Note note) { return static_cast<int>(2 * (sum % kTagCycle)) + note; }

// One sum: notes that the range is written; then this rank sums its share (the r-th of size
// near-equal slices) from every rank's buffer in rank order, in place; notes that; then copies
// the other shares' sums from their owners. Moves only inside progress() and wait().
class MpiSum final : public PendingOp {
 public:
  MpiSum(MPI_Comm comm, MPI_Win win, const std::vector<float*>& base, int rank, std::uint64_t sequence,
         std::size_t offset, std::size_t count)
      : comm_(comm), win_(win), base_(base), rank_(rank), sequence_(sequence),
        start_(std::chrono::steady_clock::now()) {
    const std::size_t n = base.size();
    for (std::size_t q = 0; q <= n; ++q) bounds_.push_back(offset + count * q / n);
    mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");  // this rank's stores reach the others first
    post(kWritten);
  }
  ~MpiSum() override { mpi::free_unwaited_notes(requests_); }
  MpiSum(const MpiSum&) = delete;
  MpiSum& operator=(const MpiSum&) = delete;

  void progress() override { advance(false); }
  void wait() override { advance(true); }
  double seconds() const override {
    return done_ ? std::chrono::duration<double>(end_ - start_).count() : 0.0;
  }

 private:
  void post(Note note) {
    requests_.clear();
    mpi::post_notes(comm_, tag_of(sequence_, note), requests_);
  }

  bool notes_arrived(bool block) {
    const int n = static_cast<int>(requests_.size());
    if (block) {
      mpi::check(MPI_Waitall(n, requests_.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
      return true;
    }
    int flag = 0;
    mpi::check(MPI_Testall(n, requests_.data(), &flag, MPI_STATUSES_IGNORE), "MPI_Testall");
    return flag != 0;
  }

  void advance(bool block) {
    while (!done_ && notes_arrived(block)) {
      mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");  // and this rank sees the others' stores
      if (!summed_) {
        sum_own_share();
        summed_ = true;
        mpi::check(MPI_Win_sync(win_), "MPI_Win_sync");
        post(kSummed);
      } else {
        copy_other_shares();
        done_ = true;
        end_ = std::chrono::steady_clock::now();
      }
    }
  }

  // In slices that stay in cache, so the running sum is neither read nor written from memory more
  // than once; rank order keeps the bits equal to what any other rank would compute.
  void sum_own_share() {
    constexpr std::size_t kSlice = 2048;
    std::array<float, kSlice> acc;
    float* own = base_[static_cast<std::size_t>(rank_)];
    const std::size_t end = bounds_[static_cast<std::size_t>(rank_) + 1];
    for (std::size_t begin = bounds_[static_cast<std::size_t>(rank_)]; begin < end; begin += kSlice) {
      const std::size_t len = std::min(kSlice, end - begin);
      std::memcpy(acc.data(), base_[0] + begin, len * sizeof(float));
      for (std::size_t q = 1; q < base_.size(); ++q) {
        const float* in = base_[q] + begin;
        for (std::size_t i = 0; i < len; ++i) acc[i] += in[i];
      }
      std::memcpy(own + begin, acc.data(), len * sizeof(float));
    }
  }

  void copy_other_shares() {
    float* own = base_[static_cast<std::size_t>(rank_)];
    for (std::size_t q = 0; q < base_.size(); ++q) {
      if (static_cast<int>(q) == rank_ || bounds_[q + 1] == bounds_[q]) continue;
      std::memcpy(own + bounds_[q], base_[q] + bounds_[q], (bounds_[q + 1] - bounds_[q]) * sizeof(float));
    }
  }

  MPI_Comm comm_;
  MPI_Win win_;
  const std::vector<float*>& base_;
  int rank_;
  std::uint64_t sequence_;
  std::vector<std::size_t> bounds_;  // share q is [bounds_[q], bounds_[q + 1])
  std::vector<MPI_Request> requests_;
  bool summed_ = false, done_ = false;
  std::chrono::steady_clock::time_point start_, end_;
};

}  // namespace

MpiSumWindow::MpiSumWindow(MPI_Comm comm, std::size_t count) : count_(count) {
  mpi::check(MPI_Comm_dup(comm, &comm_), "MPI_Comm_dup");
  MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
  segments_ = mpi::allocate_shared_segments(comm_, count * sizeof(float), sizeof(float));
  for (void* base : segments_.base) base_.push_back(static_cast<float*>(base));
}

MpiSumWindow::~MpiSumWindow() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized || std::uncaught_exceptions() > 0) return;
  try {
    acquire();
    mpi::free_shared_segments(segments_);
  } catch (...) {  // a destructor must not throw; the error surfaces elsewhere
  }
  MPI_Comm_free(&comm_);
}

void MpiSumWindow::acquire() {
  if (released_ != MPI_REQUEST_NULL) mpi::check(MPI_Wait(&released_, MPI_STATUS_IGNORE), "MPI_Wait");
}

Pending MpiSumWindow::sum_async(std::size_t offset, std::size_t count) {
  if (offset > count_ || count > count_ - offset) {
    throw std::invalid_argument("sum_async: range [" + std::to_string(offset) + ", " +
                                std::to_string(offset + count) + ") beyond the window's " +
                                std::to_string(count_) + " elements");
  }
  if (size_ == 1 || count == 0) return completed_pending();
  return std::make_unique<MpiSum>(comm_, segments_.win, base_, rank_, sums_started_++, offset, count);
}

void MpiSumWindow::release() {
  acquire();
  mpi::check(MPI_Ibarrier(comm_, &released_), "MPI_Ibarrier");
}

}  // namespace dpt
