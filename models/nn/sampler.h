#pragma once
// DistributedSampler semantics over global row ids: each epoch a permutation seeded by
// (seed, epoch); step s takes the global batch at positions [s*B, (s+1)*B) of it and rank r the
// r-th of `world` near-equal slices, so the samples of a step never depend on the world size.
// Every rank runs the same number of steps: the ragged tail (rows % B) is dropped.
#include <cstdint>
#include <span>
#include <vector>

namespace dpt::nn {

class EpochSampler {
 public:
  // Throws UserError when the global batch is smaller than the world (a rank would get nothing)
  // or larger than the data set.
  EpochSampler(std::uint64_t rows, std::int64_t global_batch, int world, int rank,
               std::uint64_t seed, std::int64_t max_steps);

  std::int64_t steps_per_epoch() const { return steps_; }
  std::uint64_t dropped_rows() const { return rows_ - static_cast<std::uint64_t>(full_steps_ * batch_); }
  std::int64_t local_batch_size() const { return local_end_ - local_begin_; }
  // Scale that turns the sum of this rank's per-sample losses into its share of the global
  // mean, given that the gradient bucketer divides by the world size.
  double loss_scale() const { return static_cast<double>(world_) / static_cast<double>(batch_); }

  void start_epoch(std::int64_t epoch);                  // draws the epoch's permutation
  std::span<const std::int64_t> local_rows(std::int64_t step) const;  // this rank's row ids

 private:
  std::uint64_t rows_;
  std::int64_t batch_;
  int world_;
  std::uint64_t seed_;
  std::int64_t full_steps_, steps_;
  std::int64_t local_begin_, local_end_;  // this rank's slice of a global batch
  std::vector<std::int64_t> order_;
};

// The permutation of 0..n-1 for (seed, epoch): Fisher-Yates on a 64-bit Mersenne twister, written
// out so that it is the same on every platform and library.
std::vector<std::int64_t> epoch_permutation(std::uint64_t n, std::uint64_t seed, std::int64_t epoch);

}  // namespace dpt::nn
