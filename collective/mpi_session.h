#pragma once
// RAII owner of the MPI lifetime, created first thing in main. abort() ends every rank of the job
// (MPI_Abort) so that one failing rank never leaves the others waiting in a collective.
namespace dpt {

class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);  // MPI_Init_thread (MPI_THREAD_MULTIPLE requested)
  ~MpiSession();                        // MPI_Finalize, never throws
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int world_rank() const;
  int world_size() const;
  [[noreturn]] static void abort(int exit_code);
};

}  // namespace dpt
