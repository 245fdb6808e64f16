#pragma once
// A SumWindow for ranks that all share one host: the buffers live in an MPI shared-memory window
// and a sum moves no data, only zero-byte notes ("my range is written", "my share is summed").
// Internal to the collective library; MpiCommunicator::sum_window picks it.
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "collective/mpi_shared_memory.h"
#include "collective/sum_window.h"

namespace dpt {

class MpiSumWindow final : public SumWindow {
 public:
  // `comm`: every rank on this host (duplicated here); collective. `count` floats per rank.
  MpiSumWindow(MPI_Comm comm, std::size_t count);
  // Frees the window, except while an exception unwinds: freeing is collective, and the other
  // ranks may never join it (the job is being aborted then, which releases it).
  ~MpiSumWindow() override;
  MpiSumWindow(const MpiSumWindow&) = delete;
  MpiSumWindow& operator=(const MpiSumWindow&) = delete;

  std::span<float> buffer() override { return {base_[static_cast<std::size_t>(rank_)], count_}; }
  void acquire() override;
  Pending sum_async(std::size_t offset, std::size_t count) override;
  void release() override;

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  std::size_t count_ = 0;
  mpi::SharedSegments segments_;
  std::vector<float*> base_;                 // every rank's buffer (segments_.base), typed
  MPI_Request released_ = MPI_REQUEST_NULL;  // the barrier started by release()
  std::uint64_t sums_started_ = 0;           // numbers each sum's notes (same on every rank)
};

}  // namespace dpt
