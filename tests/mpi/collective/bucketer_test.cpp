// GradientBucketer against a plain allreduce of the same data, submitted in a different order on
// every rank and from several threads, as autograd hooks would.
#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

#include "collective/gradient_bucketer.h"
#include "collective/mpi_communicator.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

using testing::input_value;

class Bucketer : public testing::MpiTest {};

std::vector<std::size_t> gradient_sizes(std::uint64_t seed) {
  std::mt19937_64 rng(seed);  // same list on every rank
  std::vector<std::size_t> sizes(40);
  for (auto& s : sizes) s = rng() % 7 == 0 ? 0 : 1 + rng() % 3000;
  sizes.push_back(20000);  // bigger than a bucket: a bucket of its own
  return sizes;
}

std::vector<std::vector<float>> rank_gradients(const std::vector<std::size_t>& sizes, std::uint64_t seed, int rank) {
  std::vector<std::vector<float>> grads;
  std::size_t offset = 0;
  for (std::size_t s : sizes) {
    std::vector<float> g(s);
    for (std::size_t j = 0; j < s; ++j) g[j] = static_cast<float>(input_value(seed, rank, offset + j) - 25);
    grads.push_back(std::move(g));
    offset += s;
  }
  return grads;
}

// What the bucketer must produce: sum over ranks of grad * (1/world), by one flat allreduce.
std::vector<float> reference(Communicator& comm, const std::vector<std::vector<float>>& grads,
                             const std::vector<bool>& submitted) {
  const float scale = 1.0f / static_cast<float>(comm.world_size());
  std::vector<float> flat;
  for (std::size_t i = 0; i < grads.size(); ++i) {
    for (float g : grads[i]) flat.push_back(submitted[i] ? g * scale : 0.0f);
  }
  comm.allreduce(std::span<float>(flat), ReduceOp::sum);
  return flat;
}

std::size_t mismatches(const GradientBucketer& bucketer, const std::vector<float>& expected, std::size_t n) {
  std::size_t bad = 0, offset = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (float v : bucketer.result(i)) bad += std::fabs(v - expected[offset++]) > 1e-4f;
  }
  return bad;
}

void run_step(GradientBucketer& bucketer, const std::vector<std::vector<float>>& grads, std::uint64_t order_seed,
              const std::vector<bool>& submitted) {
  std::vector<std::size_t> order(grads.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(order_seed));
  auto submit_every_other = [&](std::size_t start) {
    for (std::size_t k = start; k < order.size(); k += 2) {
      if (submitted[order[k]]) bucketer.submit(order[k], grads[order[k]]);
    }
  };
  std::thread other(submit_every_other, 1);
  submit_every_other(0);
  other.join();
  bucketer.finish();
}

// Summed in shared memory (ranks of one host), allreduced on the communication thread, and
// allreduced by MPI_Iallreduce moved along by the submitting threads.
TEST_F(Bucketer, MatchesFlatAllreduceOverSeveralSteps) {
  for (const AsyncProgress mode : {AsyncProgress::thread, AsyncProgress::caller}) {
    MpiCommunicator comm(MPI_COMM_WORLD, MpiOptions{INT_MAX, 16u << 20, mode});
    const auto sizes = gradient_sizes(42);
    for (BucketOptions options : {BucketOptions{}, BucketOptions{4096, 16384}, BucketOptions{1, 1},
                                  BucketOptions{4096, 16384, false}, BucketOptions{1, 1, false}}) {
      GradientBucketer bucketer(comm, sizes, options);
      const std::vector<bool> all(sizes.size(), true);
      for (std::uint64_t step = 0; step < 3; ++step) {
        const auto grads = rank_gradients(sizes, 1000 + step, comm.rank());
        run_step(bucketer, grads, step * 31 + static_cast<std::uint64_t>(comm.rank()), all);
        EXPECT_EQ(mismatches(bucketer, reference(comm, grads, all), sizes.size()), 0u)
            << "step " << step << ", " << bucketer.num_buckets() << " buckets, mode " << static_cast<int>(mode)
            << (options.sum_window ? ", window" : ", allreduce");
        EXPECT_GT(bucketer.comm_seconds(), 0.0);
        EXPECT_GE(bucketer.exposed_seconds(), 0.0);
        bucketer.reset();
      }
    }
  }
}

// Gradients as bucket views: written (already averaged) into their slots and marked ready in a
// different order on every rank, from two threads; the slots then hold the reduced gradients, and
// zero_slots() clears them for an accumulating producer.
TEST_F(Bucketer, GradientsAsBucketViewsMatchFlatAllreduce) {
  MpiCommunicator comm;
  const auto sizes = gradient_sizes(43);
  const float scale = 1.0f / static_cast<float>(comm.world_size());
  GradientBucketer bucketer(comm, sizes, BucketOptions{4096, 16384});
  const std::vector<bool> all(sizes.size(), true);
  for (std::uint64_t step = 0; step < 3; ++step) {
    bucketer.reset();
    bucketer.zero_slots();
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      for (float v : bucketer.slot(i)) ASSERT_EQ(v, 0.0f) << "slot " << i << " not cleared";
    }
    const auto grads = rank_gradients(sizes, 2000 + step, comm.rank());
    std::vector<std::size_t> order(sizes.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), std::mt19937_64(step * 17 + static_cast<std::uint64_t>(comm.rank())));
    auto produce_every_other = [&](std::size_t start) {
      for (std::size_t k = start; k < order.size(); k += 2) {
        const std::size_t i = order[k];
        const std::span<float> view = bucketer.slot(i);
        for (std::size_t j = 0; j < view.size(); ++j) view[j] += grads[i][j] * scale;  // accumulate
        bucketer.mark_ready(i);
      }
    };
    std::thread other(produce_every_other, 1);
    produce_every_other(0);
    other.join();
    bucketer.finish();
    const auto expected = reference(comm, grads, all);
    std::size_t bad = 0, offset = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      for (float v : bucketer.slot(i)) bad += std::fabs(v - expected[offset++]) > 1e-4f;
    }
    EXPECT_EQ(bad, 0u) << "step " << step;
    EXPECT_THROW(bucketer.mark_ready(0), std::logic_error);  // after finish()
  }
  bucketer.reset();
  bucketer.mark_ready(1);
  EXPECT_THROW(bucketer.mark_ready(1), std::logic_error);
  EXPECT_THROW(bucketer.submit(1, bucketer.slot(1)), std::logic_error);
  EXPECT_THROW(bucketer.mark_ready(sizes.size()), std::out_of_range);
  bucketer.finish();
}

TEST_F(Bucketer, UnsubmittedGradientsCountAsZero) {
  MpiCommunicator comm;
  const auto sizes = gradient_sizes(7);
  GradientBucketer bucketer(comm, sizes, BucketOptions{4096, 16384});
  std::vector<bool> submitted(sizes.size(), true);
  submitted[3] = false;                              // unused everywhere
  submitted[10] = comm.rank() != 0;                  // unused on rank 0 only
  submitted[sizes.size() - 1] = comm.rank() % 2 == 1;  // the last bucket is launched by finish()
  const auto grads = rank_gradients(sizes, 5, comm.rank());
  run_step(bucketer, grads, 9, submitted);
  EXPECT_EQ(mismatches(bucketer, reference(comm, grads, submitted), sizes.size()), 0u);
}

TEST_F(Bucketer, BucketsAreContiguousRunsUpToTheBudget) {
  MpiCommunicator comm;
  GradientBucketer bucketer(comm, {100, 100, 100, 100, 300}, BucketOptions{400, 800});
  EXPECT_EQ(bucketer.num_buckets(), 3u);  // {100} {100,100} {100,300}
  std::vector<std::size_t> owners;
  for (std::size_t i = 0; i < 5; ++i) owners.push_back(bucketer.bucket_of(i));
  EXPECT_EQ(owners, (std::vector<std::size_t>{0, 1, 1, 2, 2}));
  EXPECT_EQ(GradientBucketer(comm, {}, {}).num_buckets(), 0u);
}

TEST_F(Bucketer, MisuseIsReported) {
  MpiCommunicator comm;
  GradientBucketer bucketer(comm, {4, 4}, BucketOptions{1, 1});
  const std::vector<float> four(4, 1.0f), three(3, 1.0f);
  EXPECT_THROW(bucketer.submit(2, four), std::out_of_range);
  EXPECT_THROW(bucketer.submit(0, three), std::invalid_argument);
  EXPECT_THROW(bucketer.result(0), std::logic_error);
  bucketer.submit(0, four);
  EXPECT_THROW(bucketer.submit(0, four), std::logic_error);
  bucketer.submit(1, four);
  bucketer.finish();
  EXPECT_FLOAT_EQ(bucketer.result(1)[3], 1.0f);
  EXPECT_THROW(bucketer.submit(1, four), std::logic_error);
}

}  // namespace
}  // namespace dpt
