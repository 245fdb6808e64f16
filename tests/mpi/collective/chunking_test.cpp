// Messages above the per-call element limit are split into several MPI calls; the limit is lowered
// here so that small buffers exercise every splitting path (allgather falls back to broadcasts).
#include <numeric>
#include <vector>

#include "collective/mpi_communicator.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

using testing::input_value;

class Chunking : public testing::MpiTest, public ::testing::WithParamInterface<std::size_t> {};

std::vector<std::int64_t> rank_input(std::uint64_t seed, int rank, std::size_t n) {
  std::vector<std::int64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = input_value(seed, rank, i);
  return v;
}

TEST_P(Chunking, EveryOperationMatchesUnchunked) {
  MpiCommunicator chunked(MPI_COMM_WORLD, MpiOptions{GetParam()});
  MpiCommunicator whole;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{6}, std::size_t{7}, std::size_t{8},
                        std::size_t{1001}}) {
    auto a = rank_input(3, chunked.rank(), n), b = a;
    chunked.allreduce(std::span<std::int64_t>(a), ReduceOp::sum);
    whole.allreduce(std::span<std::int64_t>(b), ReduceOp::sum);
    EXPECT_EQ(a, b) << "allreduce n=" << n;

    auto c = rank_input(4, chunked.rank(), n), d = c;
    chunked.allreduce_async(Buffer::of(c), ReduceOp::max)->wait();
    whole.allreduce(std::span<std::int64_t>(d), ReduceOp::max);
    EXPECT_EQ(c, d) << "async n=" << n;

    auto e = rank_input(5, chunked.rank(), n);
    chunked.broadcast(Buffer::of(e), chunked.world_size() - 1);
    EXPECT_EQ(e, rank_input(5, chunked.world_size() - 1, n)) << "broadcast n=" << n;

    auto mine = rank_input(6, chunked.rank(), n);
    std::vector<std::int64_t> g1(n * static_cast<std::size_t>(chunked.world_size())), g2 = g1;
    chunked.allgather(Buffer::of(mine), Buffer::of(g1));
    whole.allgather(Buffer::of(mine), Buffer::of(g2));
    EXPECT_EQ(g1, g2) << "allgather n=" << n;

    std::vector<std::size_t> counts;
    for (int r = 0; r < chunked.world_size(); ++r) counts.push_back(r == 0 ? 0 : n + static_cast<std::size_t>(r));
    auto part = rank_input(7, chunked.rank(), counts[static_cast<std::size_t>(chunked.rank())]);
    const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    std::vector<std::int64_t> v1(total), v2(total);
    chunked.allgatherv(Buffer::of(part), Buffer::of(v1), counts);
    whole.allgatherv(Buffer::of(part), Buffer::of(v2), counts);
    EXPECT_EQ(v1, v2) << "allgatherv n=" << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Limits, Chunking, ::testing::Values(1, 7, 1000));

class AllreducePieces : public testing::MpiTest {};

// Allreduces are cut by bytes too (allreduce_piece_bytes): 24 bytes are 3 f64, 6 f32 or 24 u8.
TEST_F(AllreducePieces, SmallPiecesMatchWholeForEveryWidth) {
  MpiCommunicator whole;
  for (const AsyncProgress mode : {AsyncProgress::thread, AsyncProgress::caller}) {
    MpiCommunicator pieces(MPI_COMM_WORLD, MpiOptions{INT_MAX, 24, mode});
    auto check = [&]<class T>(T) {
      for (std::size_t n : {std::size_t{5}, std::size_t{24}, std::size_t{1003}}) {
        std::vector<T> a(n), b(n);
        for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<T>(input_value(17, pieces.rank(), i) % 60);
        pieces.allreduce(std::span<T>(a), ReduceOp::sum);
        pieces.allreduce_async(Buffer::of(b), ReduceOp::sum)->wait();
        std::vector<T> c(n);
        for (std::size_t i = 0; i < n; ++i) c[i] = static_cast<T>(input_value(17, pieces.rank(), i) % 60);
        whole.allreduce(std::span<T>(c), ReduceOp::sum);
        EXPECT_EQ(a, c) << "blocking n=" << n << " width=" << sizeof(T);
        EXPECT_EQ(b, c) << "async n=" << n << " width=" << sizeof(T) << " mode=" << static_cast<int>(mode);
      }
    };
    check(double{});
    check(float{});
    check(std::uint8_t{});
  }
}

TEST(ChunkingOptions, InvalidLimitsAreRejected) {
  EXPECT_THROW(MpiCommunicator(MPI_COMM_WORLD, MpiOptions{0}), std::invalid_argument);
  EXPECT_THROW(MpiCommunicator(MPI_COMM_WORLD, MpiOptions{INT_MAX, 4}), std::invalid_argument);
}

TEST(ChunkingOptions, PiecesCoverTheRangeInOrder) {
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  for_each_chunk(10, 4, [&](std::size_t offset, std::size_t n) { pieces.emplace_back(offset, n); });
  EXPECT_EQ(pieces, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 4}, {4, 4}, {8, 2}}));
}

}  // namespace
}  // namespace dpt
