// Sum windows at every world size: ranges of different lengths (some shorter than the world, one
// empty) summed while others are in flight, moved along and waited for in a different order on
// every rank, over several rounds with different data. Every element must equal the sum over the
// ranks in rank order to the bit, so all ranks hold the same bits.
#include <algorithm>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "collective/mpi_communicator.h"
#include "collective/sum_window.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

using testing::input_value;

class SumWindowTest : public testing::MpiTest {};

// Not integers, so a sum in another order would round differently.
float value(std::uint64_t round, int rank, std::size_t i) {
  return static_cast<float>(input_value(round, rank, i)) / 7.0f + 0.1f * static_cast<float>(rank);
}

TEST_F(SumWindowTest, RangesInFlightSumInRankOrder) {
  MpiCommunicator comm;
  const std::vector<std::size_t> lengths{3, 0, 5000, 1, 20011, 2};
  const std::size_t n = std::accumulate(lengths.begin(), lengths.end(), std::size_t{0});
  auto window = comm.sum_window(n);
  EXPECT_EQ(window == nullptr, comm.world_size() == 1);  // every rank of these tests shares a host
  if (!window) return;
  const std::span<float> buffer = window->buffer();
  ASSERT_EQ(buffer.size(), n);
  for (std::uint64_t round = 0; round < 3; ++round) {
    window->acquire();
    for (std::size_t i = 0; i < n; ++i) buffer[i] = value(round, comm.rank(), i);
    std::vector<Pending> sums;
    for (std::size_t k = 0, offset = 0; k < lengths.size(); offset += lengths[k++]) {
      sums.push_back(window->sum_async(offset, lengths[k]));
      EXPECT_EQ(comm.allreduce_value<int>(1, ReduceOp::sum), comm.world_size());  // meanwhile
    }
    // Odd ranks push the last range first, so the ranges reach their second note in different
    // orders on different ranks.
    std::vector<std::size_t> order(sums.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (comm.rank() % 2 == 1) std::reverse(order.begin(), order.end());
    for (int pass = 0; pass < 3; ++pass) {
      for (std::size_t k : order) sums[k]->progress();
    }
    for (std::size_t k : order) sums[k]->wait();
    window->release();
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
      float expected = value(round, 0, i);
      for (int r = 1; r < comm.world_size(); ++r) expected += value(round, r, i);
      bad += buffer[i] != expected;
    }
    EXPECT_EQ(bad, 0u) << "round " << round;
  }
  window->acquire();
  EXPECT_THROW(window->sum_async(n - 1, 2), std::invalid_argument);
  EXPECT_THROW(window->sum_async(n + 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace dpt
