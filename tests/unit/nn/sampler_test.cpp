#include "models/nn/sampler.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "common/error.h"

namespace dpt::nn {
namespace {

// The global batch of a step, gathered over every rank of a world.
std::vector<std::int64_t> global_batch(std::uint64_t rows, std::int64_t batch, int world,
                                       std::int64_t epoch, std::int64_t step) {
  std::vector<std::int64_t> all;
  for (int r = 0; r < world; ++r) {
    EpochSampler s(rows, batch, world, r, 7, 0);
    s.start_epoch(epoch);
    auto part = s.local_rows(step);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

TEST(EpochSampler, StepSamplesDoNotDependOnTheWorldSize) {
  for (std::int64_t step : {0, 3, 8}) {
    const auto one = global_batch(1003, 100, 1, 2, step);
    EXPECT_EQ(one.size(), 100u);
    for (int world : {2, 3, 4, 7}) EXPECT_EQ(global_batch(1003, 100, world, 2, step), one) << world;
  }
}

TEST(EpochSampler, SlicesAreNearEqualAndTheLossScaleMakesAGlobalMean) {
  // 10 rows over 3 ranks: 3, 3, 4; each rank scales its loss sum by world/batch.
  std::int64_t total = 0;
  for (int r = 0; r < 3; ++r) {
    EpochSampler s(100, 10, 3, r, 1, 0);
    EXPECT_GE(s.local_batch_size(), 3);
    EXPECT_LE(s.local_batch_size(), 4);
    EXPECT_DOUBLE_EQ(s.loss_scale(), 0.3);
    total += s.local_batch_size();
  }
  EXPECT_EQ(total, 10);
}

TEST(EpochSampler, DropsTheRaggedTailAndHonoursMaxSteps) {
  EpochSampler s(1003, 100, 2, 0, 1, 0);
  EXPECT_EQ(s.steps_per_epoch(), 10);
  EXPECT_EQ(s.dropped_rows(), 3u);
  EpochSampler short_run(1003, 100, 2, 0, 1, 4);
  EXPECT_EQ(short_run.steps_per_epoch(), 4);
}

TEST(EpochSampler, EachEpochIsADifferentPermutation) {
  const auto a = epoch_permutation(500, 3, 0), b = epoch_permutation(500, 3, 1);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, epoch_permutation(500, 3, 0));
  EXPECT_NE(a, epoch_permutation(500, 4, 0));
  EXPECT_EQ(std::set<std::int64_t>(a.begin(), a.end()).size(), 500u);
  EXPECT_EQ(*std::max_element(a.begin(), a.end()), 499);
}

TEST(EpochSampler, RefusesABatchSmallerThanTheWorldOrLargerThanTheData) {
  EXPECT_THROW(EpochSampler(100, 3, 4, 0, 0, 0), UserError);
  EXPECT_THROW(EpochSampler(100, 101, 1, 0, 0, 0), UserError);
  try {
    EpochSampler(100, 3, 4, 0, 0, 0);
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("smaller than the 4 ranks"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dpt::nn
