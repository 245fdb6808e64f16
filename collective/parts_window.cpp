#include "collective/parts_window.h"

#include <numeric>

namespace dpt {
namespace {

class CopiedExchange final : public PartsExchange {
 public:
  // `received` holds (world - 1) * counts[rank] elements until wait() and the reading are done.
  CopiedExchange(Communicator& comm, const std::int64_t* send, std::int64_t* received,
                 std::span<const std::size_t> counts)
      : rank_(comm.rank()), block_(counts[static_cast<std::size_t>(comm.rank())]), received_(received) {
    const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    const Buffer recv{received, static_cast<std::size_t>(comm.world_size() - 1) * block_, DType::i64};
    pending_ = comm.exchange_parts_async(Buffer{const_cast<std::int64_t*>(send), total, DType::i64}, recv, counts);
  }
  void wait() override { pending_->wait(); }
  const std::int64_t* block(int r) const override {
    return received_ + static_cast<std::size_t>(r < rank_ ? r : r - 1) * block_;
  }

 private:
  int rank_;
  std::size_t block_;
  std::int64_t* received_;
  Pending pending_;
};

class CopyingPartsWindow final : public PartsWindow {
 public:
  explicit CopyingPartsWindow(Communicator& comm) : comm_(comm) {}
  std::span<std::int64_t> acquire(std::size_t count) override {
    buffer_.resize(count);
    return buffer_;
  }
  std::unique_ptr<PartsExchange> exchange(std::size_t offset, std::span<const std::size_t> counts) override {
    if (used_ == received_.size()) received_.emplace_back();
    std::vector<std::int64_t>& received = received_[used_++];
    received.resize(static_cast<std::size_t>(comm_.world_size() - 1) * counts[static_cast<std::size_t>(comm_.rank())]);
    return std::make_unique<CopiedExchange>(comm_, buffer_.data() + offset, received.data(), counts);
  }
  void release() override { used_ = 0; }  // nobody reads this rank's buffer: its blocks were copied

 private:
  Communicator& comm_;
  std::vector<std::int64_t> buffer_;
  std::vector<std::vector<std::int64_t>> received_;  // one per exchange since release, kept for reuse
  std::size_t used_ = 0;
};

}  // namespace

std::unique_ptr<PartsWindow> copying_parts_window(Communicator& comm) {
  return std::make_unique<CopyingPartsWindow>(comm);
}

}  // namespace dpt
