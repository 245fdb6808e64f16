#include "collective/mpi_requests.h"

#include "collective/mpi_communicator.h"
#include "collective/mpi_types.h"

namespace dpt {

MPI_Request& MpiRequests::add_request() {
  if (requests_.empty()) start_ = std::chrono::steady_clock::now();
  return requests_.emplace_back(MPI_REQUEST_NULL);
}

void MpiRequests::completed() {
  done_ = true;
  end_ = std::chrono::steady_clock::now();
}

void MpiRequests::progress() {
  if (done_) return;
  int flag = 0;
  mpi::check(MPI_Testall(static_cast<int>(requests_.size()), requests_.data(), &flag, MPI_STATUSES_IGNORE),
             "MPI_Testall");
  if (flag) completed();
}

void MpiRequests::wait() {
  if (done_) return;
  mpi::check(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE),
             "MPI_Waitall");
  completed();
}

double MpiRequests::seconds() const {
  return done_ && !requests_.empty() ? std::chrono::duration<double>(end_ - start_).count() : 0.0;
}

MpiMessages::~MpiMessages() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  for (std::size_t i = 0; i < requests_.size(); ++i) {
    if (requests_[i] == MPI_REQUEST_NULL) continue;
    if (is_receive_[i]) MPI_Cancel(&requests_[i]);
    MPI_Request_free(&requests_[i]);
  }
}

void MpiMessages::post(Buffer buf, std::size_t offset, std::size_t n, int peer, bool receive) {
  const MPI_Datatype type = mpi::datatype(buf.dtype);
  for_each_chunk(n, limit_, [&](std::size_t piece, std::size_t count) {
    MPI_Request& request = add_request();
    is_receive_.push_back(receive);
    void* data = buf.at(offset + piece);
    const int c = static_cast<int>(count);
    if (receive) mpi::check(MPI_Irecv(data, c, type, peer, 0, comm_, &request), "MPI_Irecv");
    else mpi::check(MPI_Isend(data, c, type, peer, 0, comm_, &request), "MPI_Isend");
  });
}

MpiIallreduce::MpiIallreduce(MPI_Comm comm, Buffer buf, ReduceOp op, std::size_t piece) {
  const MPI_Datatype type = mpi::datatype(buf.dtype);
  const MPI_Op mpi_op = mpi::op(op);
  for_each_chunk(buf.count, piece, [&](std::size_t offset, std::size_t n) {
    MPI_Request& request = add_request();
    mpi::check(MPI_Iallreduce(MPI_IN_PLACE, buf.at(offset), static_cast<int>(n), type, mpi_op, comm, &request),
               "MPI_Iallreduce");
  });
}

}  // namespace dpt
