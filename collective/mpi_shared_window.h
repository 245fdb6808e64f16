#pragma once
// A PartsWindow for ranks that all share one host: the buffers live in an MPI shared-memory
// window, and an exchange moves no data, only a zero-byte note to every other rank that this
// rank's range is written. Each rank then reads the others' blocks where they lie, which saves
// the copy (and the kernel's page pinning) that messages between processes cost. Internal to the
// collective library; MpiCommunicator::parts_window picks it.
#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "collective/mpi_shared_memory.h"
#include "collective/parts_window.h"

namespace dpt {

class MpiSharedWindow final : public PartsWindow {
 public:
  // `comm`: every rank on this host (duplicated here).
  explicit MpiSharedWindow(MPI_Comm comm);
  // Frees the window, except while an exception unwinds: freeing is collective, and the other
  // ranks may never join it (the job is being aborted then, which releases it).
  ~MpiSharedWindow() override;
  MpiSharedWindow(const MpiSharedWindow&) = delete;
  MpiSharedWindow& operator=(const MpiSharedWindow&) = delete;

  std::span<std::int64_t> acquire(std::size_t count) override;
  std::unique_ptr<PartsExchange> exchange(std::size_t offset, std::span<const std::size_t> counts) override;
  void release() override;

 private:
  void free_window();
  void wait_for_release();

  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  mpi::SharedSegments segments_;
  std::size_t capacity_ = 0;                 // elements per rank
  std::vector<std::int64_t*> base_;          // every rank's buffer (segments_.base), typed
  MPI_Request released_ = MPI_REQUEST_NULL;  // the barrier started by release()
};

}  // namespace dpt
