#include "collective/nccl_communicator.h"

#include <cuda_runtime.h>
#include <nccl.h>
#include <unistd.h>

#include <chrono>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>

#include "collective/agree.h"
#include "collective/mpi_communicator.h"
#include "common/error.h"

namespace dpt {
namespace {

// A collective that makes no progress for this long is declared hung (a peer died or the network
// broke): the communicator is aborted and the error reaches main, which ends the job.
constexpr std::chrono::seconds kCollectiveTimeout{600};

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof(name) - 1);
  return name;
}

void check_cuda(cudaError_t rc, const char* what) {
  if (rc != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(rc));
}

void check_nccl(ncclResult_t rc, const char* what) {
  if (rc != ncclSuccess && rc != ncclInProgress) {
    throw std::runtime_error(std::string(what) + ": " + ncclGetErrorString(rc));
  }
}

ncclDataType_t nccl_type(DType t) {
  switch (t) {
    case DType::f32: return ncclFloat32;
    case DType::f64: return ncclFloat64;
    case DType::i32: return ncclInt32;
    case DType::i64: return ncclInt64;
    case DType::u64: return ncclUint64;
    case DType::u8: return ncclUint8;
  }
  throw std::logic_error("unknown DType");
}

ncclRedOp_t nccl_op(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum: return ncclSum;
    case ReduceOp::max: return ncclMax;
    case ReduceOp::min: return ncclMin;
  }
  throw std::logic_error("unknown ReduceOp");
}

bool on_device(const void* p) {
  cudaPointerAttributes attributes{};
  if (p == nullptr || cudaPointerGetAttributes(&attributes, p) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error of an unknown pointer
    return false;
  }
  return attributes.type == cudaMemoryTypeDevice || attributes.type == cudaMemoryTypeManaged;
}

// What stops this rank from using NCCL, or "" if nothing.
std::string local_problem(const Communicator& mpi) {
  int devices = 0;
  const cudaError_t rc = cudaGetDeviceCount(&devices);
  if (rc != cudaSuccess || devices == 0) {
    return "backend nccl: no CUDA device is visible on host " + host_name() + " (cudaGetDeviceCount: " +
           (rc != cudaSuccess ? std::string(cudaGetErrorString(rc)) : std::string("0 devices")) +
           "); use --backend mpi";
  }
  if (mpi.local_size() > devices) {
    return "backend nccl: " + std::to_string(mpi.local_size()) + " ranks on host " + host_name() + " but only " +
           std::to_string(devices) + " CUDA device(s) visible; two ranks must not share one GPU: start at most " +
           std::to_string(devices) + " ranks per host or use --backend mpi";
  }
  return "";
}

class NcclCommunicator final : public Communicator {
 public:
  explicit NcclCommunicator(std::unique_ptr<MpiCommunicator> mpi) : mpi_(std::move(mpi)) {
    check_cuda(cudaSetDevice(mpi_->local_rank()), "cudaSetDevice");
    check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    ncclUniqueId id{};
    if (mpi_->rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
    mpi_->broadcast(Buffer{&id, sizeof(id), DType::u8}, 0);
    ncclConfig_t config = NCCL_CONFIG_INITIALIZER;
    config.blocking = 0;  // so that a hung start-up can be noticed and aborted
    check_nccl(ncclCommInitRankConfig(&comm_, mpi_->world_size(), id, mpi_->rank(), &config),
               "ncclCommInitRankConfig");
    wait_for_comm("ncclCommInitRank");
  }

  ~NcclCommunicator() override {
    if (comm_ != nullptr) {
      if (healthy_) {
        ncclCommFinalize(comm_);
        wait_quietly();
        ncclCommDestroy(comm_);
      } else {
        ncclCommAbort(comm_);
      }
    }
    if (staging_ != nullptr) cudaFree(staging_);
    if (stream_ != nullptr) cudaStreamDestroy(stream_);
  }

  int rank() const override { return mpi_->rank(); }
  int world_size() const override { return mpi_->world_size(); }
  int local_rank() const override { return mpi_->local_rank(); }
  int local_size() const override { return mpi_->local_size(); }
  std::string backend_name() const override { return "nccl"; }

  using Communicator::allreduce;
  void allreduce(Buffer buf, ReduceOp op) override {
    with_device_buffer(buf, buf.count, [&](void* data) {
      check_nccl(ncclAllReduce(data, data, buf.count, nccl_type(buf.dtype), nccl_op(op), comm_, stream_),
                 "ncclAllReduce");
    });
  }

  // Device buffers complete asynchronously on this communicator's stream; host buffers are staged
  // through one shared device buffer and therefore complete before returning.
  Pending allreduce_async(Buffer buf, ReduceOp op) override;

  void broadcast(Buffer buf, int root) override {
    if (root < 0 || root >= world_size()) throw std::invalid_argument("broadcast: root out of range");
    with_device_buffer(buf, buf.count, [&](void* data) {
      check_nccl(ncclBroadcast(data, data, buf.count, nccl_type(buf.dtype), root, comm_, stream_), "ncclBroadcast");
    });
  }

  void allgather(Buffer send, Buffer recv) override {
    std::vector<std::size_t> counts(static_cast<std::size_t>(world_size()), send.count);
    allgatherv(send, recv, counts);
  }

  // NCCL has no allgatherv: one grouped broadcast per contributing rank into its slice.
  void allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) override {
    if (send.dtype != recv.dtype || counts.size() != static_cast<std::size_t>(world_size()) ||
        counts[static_cast<std::size_t>(rank())] != send.count ||
        recv.count != std::accumulate(counts.begin(), counts.end(), std::size_t{0})) {
      throw std::invalid_argument("allgatherv: counts, send and recv do not match");
    }
    const std::size_t element = dtype_size(recv.dtype);
    std::size_t mine = std::accumulate(counts.begin(), counts.begin() + rank(), std::size_t{0});
    if (send.count > 0 && send.data != static_cast<char*>(recv.data) + mine * element) {
      check_cuda(cudaMemcpy(static_cast<char*>(recv.data) + mine * element, send.data, send.count * element,
                            cudaMemcpyDefault),
                 "cudaMemcpy");
    }
    with_device_buffer(recv, recv.count, [&](void* data) {
      check_nccl(ncclGroupStart(), "ncclGroupStart");
      std::size_t offset = 0;
      for (std::size_t r = 0; r < counts.size(); ++r) {
        if (counts[r] > 0) {
          void* part = static_cast<char*>(data) + offset * element;
          check_nccl(ncclBroadcast(part, part, counts[r], nccl_type(recv.dtype), static_cast<int>(r), comm_, stream_),
                     "ncclBroadcast");
        }
        offset += counts[r];
      }
      check_nccl(ncclGroupEnd(), "ncclGroupEnd");
    });
  }

  void barrier() override {
    synchronize("barrier");
    mpi_->barrier();
  }

  // Waits for everything queued on the stream, watching NCCL's asynchronous error state.
  void synchronize(const char* what) {
    const auto deadline = std::chrono::steady_clock::now() + kCollectiveTimeout;
    for (;;) {
      const cudaError_t rc = cudaStreamQuery(stream_);
      if (rc == cudaSuccess) return;
      if (rc != cudaErrorNotReady) fail(std::string(what) + ": " + cudaGetErrorString(rc));
      check_async_error(what);
      if (std::chrono::steady_clock::now() > deadline) {
        fail(std::string(what) + ": no progress for " + std::to_string(kCollectiveTimeout.count()) +
             " s (a rank died or the interconnect failed)");
      }
      std::this_thread::yield();
    }
  }

 private:
  template <class Fn> void with_device_buffer(Buffer buf, std::size_t count, Fn&& enqueue) {
    if (count == 0) return;
    const std::size_t bytes = count * dtype_size(buf.dtype);
    if (on_device(buf.data)) {
      enqueue(buf.data);
      synchronize("nccl collective");
      return;
    }
    if (bytes > staging_bytes_) {
      if (staging_ != nullptr) check_cuda(cudaFree(staging_), "cudaFree");
      staging_ = nullptr;
      check_cuda(cudaMalloc(&staging_, bytes), "cudaMalloc");
      staging_bytes_ = bytes;
    }
    check_cuda(cudaMemcpyAsync(staging_, buf.data, bytes, cudaMemcpyHostToDevice, stream_), "cudaMemcpyAsync");
    enqueue(staging_);
    check_cuda(cudaMemcpyAsync(buf.data, staging_, bytes, cudaMemcpyDeviceToHost, stream_), "cudaMemcpyAsync");
    synchronize("nccl collective");
  }

  void check_async_error(const std::string& what) {
    ncclResult_t state = ncclSuccess;
    ncclCommGetAsyncError(comm_, &state);
    if (state != ncclSuccess && state != ncclInProgress) fail(what + ": " + ncclGetErrorString(state));
  }

  void wait_for_comm(const char* what) {
    const auto deadline = std::chrono::steady_clock::now() + kCollectiveTimeout;
    for (;;) {
      ncclResult_t state = ncclInProgress;
      ncclCommGetAsyncError(comm_, &state);
      if (state == ncclSuccess) return;
      if (state != ncclInProgress) fail(std::string(what) + ": " + ncclGetErrorString(state));
      if (std::chrono::steady_clock::now() > deadline) fail(std::string(what) + ": timed out");
      std::this_thread::yield();
    }
  }

  void wait_quietly() {
    ncclResult_t state = ncclInProgress;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (state == ncclInProgress && std::chrono::steady_clock::now() < deadline) ncclCommGetAsyncError(comm_, &state);
  }

  [[noreturn]] void fail(const std::string& message) {
    healthy_ = false;
    throw std::runtime_error("backend nccl: " + message);
  }

  std::unique_ptr<MpiCommunicator> mpi_;  // bootstrap, node-local ranks, barrier
  ncclComm_t comm_ = nullptr;
  cudaStream_t stream_ = nullptr;
  void* staging_ = nullptr;
  std::size_t staging_bytes_ = 0;
  bool healthy_ = true;
};

class StreamPending final : public PendingOp {
 public:
  explicit StreamPending(NcclCommunicator& comm) : comm_(comm) {}
  void wait() override { comm_.synchronize("nccl allreduce"); }

 private:
  NcclCommunicator& comm_;
};

Pending NcclCommunicator::allreduce_async(Buffer buf, ReduceOp op) {
  if (buf.count == 0 || !on_device(buf.data)) {
    allreduce(buf, op);
    return std::make_unique<StreamPending>(*this);  // nothing left on the stream: wait() returns at once
  }
  check_nccl(ncclAllReduce(buf.data, buf.data, buf.count, nccl_type(buf.dtype), nccl_op(op), comm_, stream_),
             "ncclAllReduce");
  return std::make_unique<StreamPending>(*this);
}

}  // namespace

std::unique_ptr<Communicator> make_nccl_communicator() {
  auto mpi = std::make_unique<MpiCommunicator>();
  throw_if_any_rank_failed(*mpi, local_problem(*mpi));
  return std::make_unique<NcclCommunicator>(std::move(mpi));
}

}  // namespace dpt
