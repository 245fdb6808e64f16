#include "collective/mpi_shared_memory.h"

#include <algorithm>

#include "collective/mpi_types.h"

namespace dpt::mpi {

SharedSegments allocate_shared_segments(MPI_Comm comm, std::size_t bytes, int unit) {
  SharedSegments segments;
  MPI_Info info = MPI_INFO_NULL;
  MPI_Info_create(&info);
  MPI_Info_set(info, "alloc_shared_noncontig", "true");
  void* mine = nullptr;
  const int rc = MPI_Win_allocate_shared(static_cast<MPI_Aint>(std::max<std::size_t>(bytes, 1)), unit, info,
                                         comm, &mine, &segments.win);
  MPI_Info_free(&info);
  check(rc, "MPI_Win_allocate_shared");
  check(MPI_Win_lock_all(MPI_MODE_NOCHECK, segments.win), "MPI_Win_lock_all");
  int size = 0;
  MPI_Comm_size(comm, &size);
  for (int r = 0; r < size; ++r) {
    MPI_Aint length = 0;
    int r_unit = 0;
    void* base = nullptr;
    check(MPI_Win_shared_query(segments.win, r, &length, &r_unit, &base), "MPI_Win_shared_query");
    segments.base.push_back(base);
  }
  return segments;
}

void free_shared_segments(SharedSegments& segments) {
  if (segments.win == MPI_WIN_NULL) return;
  MPI_Win_unlock_all(segments.win);
  check(MPI_Win_free(&segments.win), "MPI_Win_free");
  segments.win = MPI_WIN_NULL;
  segments.base.clear();
}

void post_notes(MPI_Comm comm, int tag, std::vector<MPI_Request>& requests) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  for (int r = 0; r < size; ++r) {
    if (r == rank) continue;
    check(MPI_Irecv(nullptr, 0, MPI_BYTE, r, tag, comm, &requests.emplace_back(MPI_REQUEST_NULL)), "MPI_Irecv");
    check(MPI_Isend(nullptr, 0, MPI_BYTE, r, tag, comm, &requests.emplace_back(MPI_REQUEST_NULL)), "MPI_Isend");
  }
}

void free_unwaited_notes(std::vector<MPI_Request>& requests) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  for (MPI_Request& request : requests) {
    if (request != MPI_REQUEST_NULL) MPI_Request_free(&request);
  }
}

}  // namespace dpt::mpi
