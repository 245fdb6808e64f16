#pragma once
// Support for GoogleTest under mpirun. Every rank runs every test; inputs come from
// (seed, rank, index) so each rank can compute the expected answer of a collective by itself;
// verdicts are reduced in TearDown so a test fails on all ranks when it fails on any.
// Tests use EXPECT_* (never ASSERT_* before a collective): a rank must not leave a test early
// while the others wait in a collective.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstddef>
#include <cstdint>

namespace dpt::testing {

// Small non-negative integers: sums over 4 ranks stay exact in every dtype, u8 included.
inline std::int64_t input_value(std::uint64_t seed, int rank, std::size_t index) {
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(rank) * 0xBF58476D1CE4E5B9ull +
                    index * 0x94D049BB133111EBull;
  x ^= x >> 31;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 29;
  return static_cast<std::int64_t>(x % 50);
}

inline int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

inline int world_size() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

class MpiTest : public ::testing::Test {
 protected:
  void TearDown() override {
    int failed_here = HasFailure() ? 1 : 0;
    int failed_anywhere = 0;
    MPI_Allreduce(&failed_here, &failed_anywhere, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (failed_anywhere && !failed_here) ADD_FAILURE() << "failed on another rank (see its output)";
  }
};

}  // namespace dpt::testing
