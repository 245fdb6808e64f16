#pragma once
// The Communicator: how ranks agree. Counts are always elements, never bytes. Knows nothing of
// trees or torch. Backends: MPI (always), single process (world 1, no MPI calls), NCCL (optional).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace dpt {

class PartsWindow;
class SumWindow;

enum class ReduceOp { sum, max, min };
enum class DType { f32, f64, i32, i64, u64, u8 };

std::size_t dtype_size(DType t);

template <class T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::f32; }
template <> constexpr DType dtype_of<double>() { return DType::f64; }
template <> constexpr DType dtype_of<std::int32_t>() { return DType::i32; }
template <> constexpr DType dtype_of<std::int64_t>() { return DType::i64; }
template <> constexpr DType dtype_of<std::uint64_t>() { return DType::u64; }
template <> constexpr DType dtype_of<std::uint8_t>() { return DType::u8; }

// A typed view of memory owned by the caller.
struct Buffer {
  void* data = nullptr;
  std::size_t count = 0;  // elements
  DType dtype = DType::f32;

  template <class T> static Buffer of(std::span<T> s) { return {s.data(), s.size(), dtype_of<T>()}; }
  template <class T> static Buffer of(std::vector<T>& v) { return {v.data(), v.size(), dtype_of<T>()}; }
  // The address of element `elements`.
  char* at(std::size_t elements) const { return static_cast<char*>(data) + elements * dtype_size(dtype); }
};

// Handle to an asynchronous collective; wait() blocks until the buffer holds the result.
class PendingOp {
 public:
  virtual ~PendingOp() = default;
  virtual void wait() = 0;
  // Seconds the collective itself ran, from its start to its completion (not the time spent
  // queued); valid after wait(). Zero where nothing ran.
  virtual double seconds() const { return 0.0; }
  // Lets the collective advance without blocking, where the backend moves it only inside calls
  // its caller makes (MPI with AsyncProgress::caller); elsewhere it moves by itself and this does
  // nothing. Never blocks; call it often (e.g. from each autograd hook) while waiting is not yet due.
  virtual void progress() {}
};
using Pending = std::unique_ptr<PendingOp>;

class Communicator {
 public:
  virtual ~Communicator() = default;  // never throws, never finalizes MPI
  virtual int rank() const = 0;
  virtual int world_size() const = 0;
  virtual int local_rank() const = 0;  // rank among the processes of this host
  virtual int local_size() const = 0;
  virtual std::string backend_name() const = 0;

  virtual void allreduce(Buffer buf, ReduceOp op) = 0;  // in place, blocking
  virtual Pending allreduce_async(Buffer buf, ReduceOp op) = 0;
  virtual void broadcast(Buffer buf, int root) = 0;
  // Every rank contributes `send` (same count everywhere); `recv` holds world*count elements.
  virtual void allgather(Buffer send, Buffer recv) = 0;
  // Variable sizes: rank r contributes send.count elements; result concatenated in rank order.
  virtual void allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) = 0;
  virtual void barrier() = 0;
  // Sums (or max/min) `send` over the ranks and leaves rank r the r-th part of the result:
  // send.count == sum(counts) everywhere, recv.count == counts[rank]. The default reduces the
  // whole buffer and keeps this rank's part; backends override it with a real reduce-scatter,
  // which moves and reduces only 1/world of the data per rank.
  virtual void reduce_scatter(Buffer send, Buffer recv, std::span<const std::size_t> counts, ReduceOp op);
  // The moving half of a sum reduce-scatter, for a caller that folds the adding into its own next
  // pass over the data. `send` is laid out as for reduce_scatter (counts[r] elements for rank r,
  // in rank order); `recv` receives the other ranks' elements of this rank's part: world - 1
  // blocks of counts[rank] elements, in rank order, this rank's own block left out. This rank's
  // part of the sum is its own part of `send` plus those blocks. Runs in the background where the
  // backend can; both buffers stay untouched until wait(). The default moves the data with one
  // broadcast per rank (world times what is needed); the MPI backend sends point to point.
  virtual Pending exchange_parts_async(Buffer send, Buffer recv, std::span<const std::size_t> counts);
  // Every rank sends rank r send_counts[r] elements (`send` holds the blocks in rank order) and
  // receives recv_counts[r] elements from rank r (`recv` holds them in rank order); the block a
  // rank sends itself is copied, so send_counts[rank] == recv_counts[rank]. Blocking. The default
  // broadcasts every rank's whole send buffer (world times the data); the MPI backend sends point
  // to point.
  virtual void alltoallv(Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                         std::span<const std::size_t> recv_counts);
  // Buffers for reduce-scatters whose adding the caller does, read in place where the backend can
  // (parts_window.h). The default copies the blocks with exchange_parts_async.
  virtual std::unique_ptr<PartsWindow> parts_window();
  // A buffer of `count` floats whose ranges sum in place over the ranks by reading each other's
  // memory (sum_window.h), or nullptr where the ranks cannot (the default). Collective.
  virtual std::unique_ptr<SumWindow> sum_window(std::size_t count);

  // Typed conveniences.
  template <class T> void allreduce(std::span<T> v, ReduceOp op) { allreduce(Buffer::of(v), op); }
  template <class T> T allreduce_value(T v, ReduceOp op) {
    allreduce(Buffer{&v, 1, dtype_of<T>()}, op);
    return v;
  }
};

// Check reduce_scatter's and exchange_parts_async's arguments (std::invalid_argument); return
// where this rank's part starts in `send`.
std::size_t check_reduce_scatter(const Communicator& comm, Buffer send, Buffer recv,
                                 std::span<const std::size_t> counts);
std::size_t check_exchange_parts(const Communicator& comm, Buffer send, Buffer recv,
                                 std::span<const std::size_t> counts);
// Checks alltoallv's arguments (std::invalid_argument).
void check_alltoallv(const Communicator& comm, Buffer send, std::span<const std::size_t> send_counts, Buffer recv,
                     std::span<const std::size_t> recv_counts);

}  // namespace dpt
