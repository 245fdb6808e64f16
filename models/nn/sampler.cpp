#include "models/nn/sampler.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

#include "common/error.h"

namespace dpt::nn {

std::vector<std::int64_t> epoch_permutation(std::uint64_t n, std::uint64_t seed, std::int64_t epoch) {
  std::vector<std::int64_t> order(n);
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(epoch), 0x5eedu};
  std::mt19937_64 rng(seq);
  for (std::uint64_t i = n; i > 1; --i) {
    const std::uint64_t j = rng() % i;  // the modulo bias is below 2^-40 for any real data set
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

EpochSampler::EpochSampler(std::uint64_t rows, std::int64_t global_batch, int world, int rank,
                           std::uint64_t seed, std::int64_t max_steps)
    : rows_(rows), batch_(global_batch), world_(world), seed_(seed) {
  if (global_batch < world) {
    throw UserError("batch_size " + std::to_string(global_batch) + " is smaller than the " +
                    std::to_string(world) + " ranks: every rank needs at least one sample per step " +
                    "(batch_size is the global batch; raise it or use fewer ranks)");
  }
  full_steps_ = static_cast<std::int64_t>(rows / static_cast<std::uint64_t>(global_batch));
  if (full_steps_ == 0) {
    throw UserError("batch_size " + std::to_string(global_batch) + " is larger than the " +
                    std::to_string(rows) + " training rows");
  }
  steps_ = max_steps > 0 ? std::min(full_steps_, max_steps) : full_steps_;
  local_begin_ = global_batch * rank / world;
  local_end_ = global_batch * (rank + 1) / world;
}

void EpochSampler::start_epoch(std::int64_t epoch) { order_ = epoch_permutation(rows_, seed_, epoch); }

std::span<const std::int64_t> EpochSampler::local_rows(std::int64_t step) const {
  const auto begin = static_cast<std::size_t>(step * batch_ + local_begin_);
  return std::span<const std::int64_t>(order_).subspan(begin, static_cast<std::size_t>(local_end_ - local_begin_));
}

}  // namespace dpt::nn
