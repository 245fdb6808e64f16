// Every operation and dtype of the MPI backend against answers each rank computes by itself.
#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <numeric>
#include <string>
#include <thread>
#include <unistd.h>
#include <type_traits>
#include <vector>

#include "collective/factory.h"
#include "common/error.h"
#include "collective/mpi_communicator.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

using testing::input_value;
using testing::MpiTest;

constexpr std::array<ReduceOp, 3> kOps{ReduceOp::sum, ReduceOp::max, ReduceOp::min};
constexpr std::array<std::size_t, 6> kSizes{0, 1, 7, 1000, 4099, 65537};

template <class T> std::vector<T> rank_input(std::uint64_t seed, int rank, std::size_t n) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<T>(input_value(seed, rank, i));
  return v;
}

template <class T> T combine(T a, T b, ReduceOp op) {
  switch (op) {
    case ReduceOp::sum: return static_cast<T>(a + b);
    case ReduceOp::max: return std::max(a, b);
    case ReduceOp::min: return std::min(a, b);
  }
  return a;
}

template <class T> std::vector<T> expected_reduction(std::uint64_t seed, int world, std::size_t n, ReduceOp op) {
  std::vector<T> out = rank_input<T>(seed, 0, n);
  for (int r = 1; r < world; ++r) {
    const std::vector<T> in = rank_input<T>(seed, r, n);
    for (std::size_t i = 0; i < n; ++i) out[i] = combine(out[i], in[i], op);
  }
  return out;
}

template <class T> class TypedCollective : public MpiTest {};
using AllDTypes = ::testing::Types<float, double, std::int32_t, std::int64_t, std::uint64_t, std::uint8_t>;
TYPED_TEST_SUITE(TypedCollective, AllDTypes);

TYPED_TEST(TypedCollective, AllreduceEveryOpAndSizeInPlace) {
  using T = TypeParam;
  MpiCommunicator comm;
  std::uint64_t seed = 1;
  for (std::size_t n : kSizes) {
    for (ReduceOp op : kOps) {
      std::vector<T> data = rank_input<T>(++seed, comm.rank(), n);
      comm.allreduce(std::span<T>(data), op);
      EXPECT_EQ(data, expected_reduction<T>(seed, comm.world_size(), n, op))
          << "n=" << n << " op=" << static_cast<int>(op);
    }
  }
}

// Through the communication thread and moved by the caller: several in flight at once, pushed
// along by progress() between other collectives, waited for in reverse.
TYPED_TEST(TypedCollective, AsyncAllreducesCompleteInAnyWaitOrder) {
  using T = TypeParam;
  for (const AsyncProgress mode : {AsyncProgress::thread, AsyncProgress::caller}) {
    MpiCommunicator comm(MPI_COMM_WORLD, MpiOptions{INT_MAX, 16u << 20, mode});
    ASSERT_EQ(comm.async_progress(), mode);
    std::vector<std::vector<T>> buffers;
    std::vector<Pending> pending;
    for (std::size_t k = 0; k < kSizes.size(); ++k) buffers.push_back(rank_input<T>(100 + k, comm.rank(), kSizes[k]));
    for (auto& b : buffers) {
      pending.push_back(comm.allreduce_async(Buffer::of(b), ReduceOp::sum));
      for (auto& p : pending) p->progress();
    }
    // A blocking collective while the asynchronous ones are in flight must not interfere.
    const auto total = comm.allreduce_value<std::int64_t>(comm.rank(), ReduceOp::sum);
    EXPECT_EQ(total, static_cast<std::int64_t>(comm.world_size()) * (comm.world_size() - 1) / 2);
    for (std::size_t k = pending.size(); k-- > 0;) pending[k]->wait();
    for (std::size_t k = 0; k < buffers.size(); ++k) {
      EXPECT_EQ(buffers[k], expected_reduction<T>(100 + k, comm.world_size(), kSizes[k], ReduceOp::sum))
          << "k=" << k << (mode == AsyncProgress::caller ? " caller" : " thread");
      pending[k]->wait();  // a second wait returns at once
    }
  }
}

TYPED_TEST(TypedCollective, BroadcastFromEveryRoot) {
  using T = TypeParam;
  MpiCommunicator comm;
  for (int root = 0; root < comm.world_size(); ++root) {
    for (std::size_t n : kSizes) {
      std::vector<T> data = rank_input<T>(7, comm.rank(), n);
      comm.broadcast(Buffer::of(data), root);
      EXPECT_EQ(data, rank_input<T>(7, root, n)) << "root=" << root << " n=" << n;
    }
  }
}

TYPED_TEST(TypedCollective, AllgatherSeparateAndInPlace) {
  using T = TypeParam;
  MpiCommunicator comm;
  const auto world = static_cast<std::size_t>(comm.world_size());
  for (std::size_t n : kSizes) {
    std::vector<T> expected;
    for (int r = 0; r < comm.world_size(); ++r) {
      const auto part = rank_input<T>(11, r, n);
      expected.insert(expected.end(), part.begin(), part.end());
    }
    std::vector<T> mine = rank_input<T>(11, comm.rank(), n);
    std::vector<T> gathered(world * n);
    comm.allgather(Buffer::of(mine), Buffer::of(gathered));
    EXPECT_EQ(gathered, expected) << "n=" << n;

    std::vector<T> in_place(world * n);
    std::copy(mine.begin(), mine.end(), in_place.begin() + static_cast<std::ptrdiff_t>(n * comm.rank()));
    comm.allgather(Buffer{in_place.data() + n * comm.rank(), n, dtype_of<T>()}, Buffer::of(in_place));
    EXPECT_EQ(in_place, expected) << "in place, n=" << n;
  }
}

// Ranks contributing zero elements (rank 0 always does) must still take part.
TYPED_TEST(TypedCollective, AllgathervWithZeroCounts) {
  using T = TypeParam;
  MpiCommunicator comm;
  for (int pattern = 0; pattern < 3; ++pattern) {
    std::vector<std::size_t> counts;
    for (int r = 0; r < comm.world_size(); ++r) {
      counts.push_back(pattern == 0 ? 0 : (r % 2 == 0 ? 0 : static_cast<std::size_t>(3 * r + pattern * 500)));
    }
    std::vector<T> expected;
    for (int r = 0; r < comm.world_size(); ++r) {
      const auto part = rank_input<T>(13, r, counts[static_cast<std::size_t>(r)]);
      expected.insert(expected.end(), part.begin(), part.end());
    }
    std::vector<T> mine = rank_input<T>(13, comm.rank(), counts[static_cast<std::size_t>(comm.rank())]);
    std::vector<T> gathered(expected.size());
    comm.allgatherv(Buffer::of(mine), Buffer::of(gathered), counts);
    EXPECT_EQ(gathered, expected) << "pattern=" << pattern;

    const std::size_t offset = std::accumulate(counts.begin(), counts.begin() + comm.rank(), std::size_t{0});
    std::vector<T> in_place(expected.size());
    std::copy(mine.begin(), mine.end(), in_place.begin() + static_cast<std::ptrdiff_t>(offset));
    comm.allgatherv(Buffer{in_place.data() + offset, mine.size(), dtype_of<T>()}, Buffer::of(in_place), counts);
    EXPECT_EQ(in_place, expected) << "in place, pattern=" << pattern;
  }
}

// Uneven parts, empty ones among them; through MPI_Reduce_scatter, through the fallback that
// reduces the whole buffer (a per-call limit below the message), and on a one-rank backend.
TYPED_TEST(TypedCollective, ReduceScatterUnevenParts) {
  using T = TypeParam;
  MpiCommunicator comm;
  MpiCommunicator limited(MPI_COMM_WORLD, MpiOptions{5});
  std::uint64_t seed = 40;
  for (int pattern = 0; pattern < 3; ++pattern) {
    std::vector<std::size_t> counts;
    for (int r = 0; r < comm.world_size(); ++r) {
      counts.push_back(pattern == 0 ? 0 : static_cast<std::size_t>((r + pattern) % 3 == 0 ? 0 : 2 * r + 7 * pattern));
    }
    const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    const std::size_t first = std::accumulate(counts.begin(), counts.begin() + comm.rank(), std::size_t{0});
    const std::size_t mine = counts[static_cast<std::size_t>(comm.rank())];
    for (ReduceOp op : kOps) {
      const std::vector<T> whole = expected_reduction<T>(++seed, comm.world_size(), total, op);
      const std::vector<T> expected(whole.begin() + static_cast<std::ptrdiff_t>(first),
                                    whole.begin() + static_cast<std::ptrdiff_t>(first + mine));
      for (Communicator* c : {static_cast<Communicator*>(&comm), static_cast<Communicator*>(&limited)}) {
        std::vector<T> send = rank_input<T>(seed, comm.rank(), total), recv(mine);
        c->reduce_scatter(Buffer::of(send), Buffer::of(recv), counts, op);
        EXPECT_EQ(recv, expected) << "pattern=" << pattern << (c == &limited ? " (whole-buffer fallback)" : "");
      }
    }
  }
  std::vector<T> send = rank_input<T>(3, comm.rank(), 4), recv(3);
  EXPECT_THROW(comm.reduce_scatter(Buffer::of(send), Buffer::of(recv),
                                   std::vector<std::size_t>(static_cast<std::size_t>(comm.world_size()), 3),
                                   ReduceOp::sum),
               std::invalid_argument);
  auto single = make_communicator("single");
  std::vector<T> out(4);
  single->reduce_scatter(Buffer::of(send), Buffer::of(out), std::vector<std::size_t>{4}, ReduceOp::sum);
  EXPECT_EQ(out, send);
}

// How the point-to-point collectives are run: the MPI backend's messages, the same in pieces (a
// per-call limit below the blocks), and the Communicator default that broadcasts.
enum class Path { messages, pieces, broadcasts };
constexpr std::array<Path, 3> kPaths{Path::messages, Path::pieces, Path::broadcasts};
const char* path_name(Path path) {
  return path == Path::messages ? "messages" : path == Path::pieces ? "pieces" : "broadcasts";
}

// The other ranks' blocks of this rank's part, for uneven parts with empty ones among them:
// several exchanges in flight at once with blocking collectives between them, waited for in
// reverse; through point-to-point messages, in pieces (a per-call limit below the blocks), and
// through the default that broadcasts every rank's buffer. Own block plus the received ones add up
// to this rank's part of the sum.
TYPED_TEST(TypedCollective, ExchangePartsInFlightTogether) {
  using T = TypeParam;
  MpiCommunicator comm;
  MpiCommunicator limited(MPI_COMM_WORLD, MpiOptions{5});
  const auto world = static_cast<std::size_t>(comm.world_size());
  const auto rank = static_cast<std::size_t>(comm.rank());
  constexpr int kInFlight = 4;
  for (const Path path : kPaths) {
    const std::string name = path_name(path);
    std::vector<std::vector<T>> sends, recvs;
    std::vector<std::vector<std::size_t>> counts;
    std::vector<Pending> pending;
    for (int i = 0; i < kInFlight; ++i) {
      counts.emplace_back();
      for (std::size_t r = 0; r < world; ++r) counts.back().push_back(100 * (i + 1) + 3 * r + 1);
      if (i == 1) counts.back()[0] = 0;          // rank 0 receives nothing
      if (i == 2) counts.back()[world - 1] = 0;  // the last rank receives nothing
      const std::size_t total = std::accumulate(counts.back().begin(), counts.back().end(), std::size_t{0});
      sends.push_back(rank_input<T>(90 + i, comm.rank(), total));
      recvs.emplace_back((world - 1) * counts.back()[rank]);
    }
    for (int i = 0; i < kInFlight; ++i) {
      const Buffer send = Buffer::of(sends[i]), recv = Buffer::of(recvs[i]);
      if (path == Path::broadcasts) pending.push_back(comm.Communicator::exchange_parts_async(send, recv, counts[i]));
      else pending.push_back((path == Path::pieces ? limited : comm).exchange_parts_async(send, recv, counts[i]));
      EXPECT_EQ(comm.allreduce_value<std::int64_t>(1, ReduceOp::sum), comm.world_size());  // meanwhile
    }
    for (int i = kInFlight - 1; i >= 0; --i) {
      pending[i]->wait();
      const std::size_t mine = counts[i][rank];
      const std::size_t total = sends[i].size();
      const auto first = static_cast<std::ptrdiff_t>(
          std::accumulate(counts[i].begin(), counts[i].begin() + comm.rank(), std::size_t{0}));
      std::vector<T> blocks;
      for (std::size_t r = 0; r < world; ++r) {
        if (r == rank) continue;
        const std::vector<T> theirs = rank_input<T>(90 + i, static_cast<int>(r), total);
        blocks.insert(blocks.end(), theirs.begin() + first, theirs.begin() + first + static_cast<std::ptrdiff_t>(mine));
      }
      EXPECT_EQ(recvs[i], blocks) << name << ", exchange " << i;
      if constexpr (std::is_integral_v<T>) {
        const std::vector<T> whole = expected_reduction<T>(90 + i, comm.world_size(), total, ReduceOp::sum);
        for (std::size_t k = 0; k < mine; ++k) {
          T sum = sends[i][static_cast<std::size_t>(first) + k];
          for (std::size_t b = 0; b + 1 < world; ++b) sum = static_cast<T>(sum + recvs[i][b * mine + k]);
          ASSERT_EQ(sum, whole[static_cast<std::size_t>(first) + k]) << name << ", exchange " << i << ", element " << k;
        }
      }
    }
  }
  std::vector<T> send = rank_input<T>(3, comm.rank(), 4 * world), wrong(4 * world);
  EXPECT_THROW(comm.exchange_parts_async(Buffer::of(send), Buffer::of(wrong), std::vector<std::size_t>(world, 4)),
               std::invalid_argument);
  auto single = make_communicator("single");
  std::vector<T> nothing;
  single->exchange_parts_async(Buffer::of(send), Buffer::of(nothing), std::vector<std::size_t>{send.size()})->wait();
}

// Uneven blocks, empty ones among them, each rank sending every rank a different amount: through
// point-to-point messages, in pieces, and through the default that broadcasts every buffer.
TYPED_TEST(TypedCollective, AlltoallvUnevenBlocks) {
  using T = TypeParam;
  MpiCommunicator comm;
  MpiCommunicator limited(MPI_COMM_WORLD, MpiOptions{5});
  const auto world = static_cast<std::size_t>(comm.world_size());
  const auto rank = static_cast<std::size_t>(comm.rank());
  // Rank `from` sends rank `to` this many elements, numbered from `start` in its send buffer.
  auto amount = [](std::size_t from, std::size_t to) { return (from * 7 + to * 3) % 5 == 0 ? 0 : 10 * from + to + 1; };
  std::vector<std::size_t> send_counts(world), recv_counts(world);
  for (std::size_t r = 0; r < world; ++r) {
    send_counts[r] = amount(rank, r);
    recv_counts[r] = amount(r, rank);
  }
  auto input_of = [&](std::size_t r) {
    std::size_t total = 0;
    for (std::size_t to = 0; to < world; ++to) total += amount(r, to);
    return rank_input<T>(120, static_cast<int>(r), total);
  };
  std::vector<T> expected;
  for (std::size_t r = 0; r < world; ++r) {
    const std::vector<T> theirs = input_of(r);
    std::size_t start = 0;
    for (std::size_t to = 0; to < rank; ++to) start += amount(r, to);
    expected.insert(expected.end(), theirs.begin() + static_cast<std::ptrdiff_t>(start),
                    theirs.begin() + static_cast<std::ptrdiff_t>(start + amount(r, rank)));
  }
  std::vector<T> send = input_of(rank);
  for (const Path path : kPaths) {
    std::vector<T> recv(expected.size());
    if (path == Path::broadcasts) comm.Communicator::alltoallv(Buffer::of(send), send_counts, Buffer::of(recv), recv_counts);
    else (path == Path::pieces ? limited : comm).alltoallv(Buffer::of(send), send_counts, Buffer::of(recv), recv_counts);
    EXPECT_EQ(recv, expected) << path_name(path);
  }
  std::vector<T> recv(expected.size());
  std::vector<std::size_t> wrong = send_counts;
  wrong[rank] += 1;  // own block sent and received in different sizes
  EXPECT_THROW(comm.alltoallv(Buffer::of(send), send_counts, Buffer::of(recv), wrong), std::invalid_argument);
  if (world > 1) {
    // A receive count that does not match what the sender sends is caught by the default.
    std::vector<std::size_t> claimed = recv_counts;
    claimed[(rank + 1) % world] += 1;
    std::vector<T> bigger(expected.size() + 1);
    EXPECT_THROW(comm.Communicator::alltoallv(Buffer::of(send), send_counts, Buffer::of(bigger), claimed),
                 std::invalid_argument);
  }
  auto single = make_communicator("single");
  std::vector<T> copy(send.size());
  single->alltoallv(Buffer::of(send), std::vector<std::size_t>{send.size()}, Buffer::of(copy),
                    std::vector<std::size_t>{send.size()});
  EXPECT_EQ(copy, send);
}

class Collective : public MpiTest {};

TEST_F(Collective, LocalRanksMatchHostnames) {
  MpiCommunicator comm;
  std::vector<char> host(256, '\0');
  gethostname(host.data(), host.size() - 1);
  std::vector<char> hosts(host.size() * static_cast<std::size_t>(comm.world_size()));
  comm.allgather(Buffer{host.data(), host.size(), DType::u8}, Buffer{hosts.data(), hosts.size(), DType::u8});
  int same_host = 0, same_host_before_me = 0;
  for (int r = 0; r < comm.world_size(); ++r) {
    const bool same = std::memcmp(hosts.data() + host.size() * static_cast<std::size_t>(r), host.data(), host.size()) == 0;
    same_host += same;
    same_host_before_me += same && r < comm.rank();
  }
  EXPECT_EQ(comm.local_size(), same_host);
  EXPECT_EQ(comm.local_rank(), same_host_before_me);
}

// Automatic progress: by the caller exactly when some host's ranks occupy all its cores, and
// the same choice on every rank.
TEST_F(Collective, AutomaticProgressFollowsFullHosts) {
  MpiCommunicator comm;
  const unsigned cores = std::thread::hardware_concurrency();
  const int full = comm.allreduce_value<int>(static_cast<unsigned>(comm.local_size()) >= cores, ReduceOp::max);
  EXPECT_EQ(comm.async_progress(), full ? AsyncProgress::caller : AsyncProgress::thread);
  const int mode = static_cast<int>(comm.async_progress());
  EXPECT_EQ(comm.allreduce_value(mode, ReduceOp::min), comm.allreduce_value(mode, ReduceOp::max));
}

TEST_F(Collective, BarrierAndIdentity) {
  MpiCommunicator comm;
  EXPECT_EQ(comm.rank(), testing::world_rank());
  EXPECT_EQ(comm.world_size(), testing::world_size());
  EXPECT_EQ(comm.backend_name(), "mpi");
  comm.barrier();
  EXPECT_THROW(comm.broadcast(Buffer{}, comm.world_size()), std::invalid_argument);
}

TEST_F(Collective, FactoryPicksBackendByWorldSize) {
  auto comm = make_communicator("mpi");
  EXPECT_EQ(comm->backend_name(), testing::world_size() == 1 ? "single" : "mpi");
  EXPECT_EQ(comm->world_size(), testing::world_size());
  EXPECT_EQ(comm->allreduce_value<double>(1.5, ReduceOp::sum), 1.5 * testing::world_size());
  EXPECT_THROW(make_communicator("gloo"), UserError);
}

}  // namespace
}  // namespace dpt
