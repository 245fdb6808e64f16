#pragma once
// What the shared-memory windows (MpiSharedWindow, MpiSumWindow) have in common: one segment per
// rank of a host in an MPI shared-memory window, and zero-byte notes between the ranks. Internal
// to the collective library.
#include <mpi.h>

#include <cstddef>
#include <vector>

namespace dpt::mpi {

struct SharedSegments {
  MPI_Win win = MPI_WIN_NULL;  // in a passive epoch (lock_all), so MPI_Win_sync may order stores
  std::vector<void*> base;     // every rank's segment, mapped here
};

// Collective over `comm` (ranks of one host): `bytes` (at least one) per rank, each rank's segment
// page-aligned on its own (no false sharing between ranks' ends).
SharedSegments allocate_shared_segments(MPI_Comm comm, std::size_t bytes, int unit);
void free_shared_segments(SharedSegments& segments);  // collective; leaves win null

// A zero-byte receive from and send to every other rank with `tag`, appended to `requests`.
void post_notes(MPI_Comm comm, int tag, std::vector<MPI_Request>& requests);
// Frees notes never waited for (an exception on the way out); nothing once MPI is finalized.
void free_unwaited_notes(std::vector<MPI_Request>& requests);

}  // namespace dpt::mpi
