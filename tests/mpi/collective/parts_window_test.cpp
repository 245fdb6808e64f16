// Parts windows at every world size: the shared-memory window MpiCommunicator picks when all
// ranks share this host, and the copying one every backend has. Several rounds of acquire,
// exchanges in flight together and release, the buffer growing and shrinking between them, each
// round's data different so that a block read from the wrong round or place shows.
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "collective/mpi_communicator.h"
#include "collective/parts_window.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

using testing::input_value;

class PartsWindowTest : public testing::MpiTest {};

void check_rounds(Communicator& comm, PartsWindow& window, const std::string& name) {
  const auto world = static_cast<std::size_t>(comm.world_size());
  const auto rank = static_cast<std::size_t>(comm.rank());
  for (const std::size_t nodes : {std::size_t{1}, std::size_t{4}, std::size_t{2}, std::size_t{6}}) {
    const std::uint64_t seed = 500 + nodes;
    std::vector<std::size_t> counts;
    for (std::size_t r = 0; r < world; ++r) counts.push_back((r + nodes) % 3 == 0 ? 0 : 1000 * nodes + 17 * r);
    const std::size_t node_size = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    const std::size_t first = std::accumulate(counts.begin(), counts.begin() + comm.rank(), std::size_t{0});
    const std::span<std::int64_t> buffer = window.acquire(nodes * node_size);
    ASSERT_GE(buffer.size(), nodes * node_size) << name;
    std::vector<std::unique_ptr<PartsExchange>> exchanges;
    for (std::size_t i = 0; i < nodes; ++i) {
      for (std::size_t k = 0; k < node_size; ++k) buffer[i * node_size + k] = input_value(seed, comm.rank(), i * node_size + k);
      exchanges.push_back(window.exchange(i * node_size, counts));
      EXPECT_EQ(comm.allreduce_value<std::int64_t>(1, ReduceOp::sum), comm.world_size());  // meanwhile
    }
    for (std::size_t i = nodes; i-- > 0;) {
      exchanges[i]->wait();
      for (std::size_t r = 0; r < world; ++r) {
        if (r == rank) continue;
        const std::int64_t* block = exchanges[i]->block(static_cast<int>(r));
        for (std::size_t k = 0; k < counts[rank]; ++k) {
          ASSERT_EQ(block[k], input_value(seed, static_cast<int>(r), i * node_size + first + k))
              << name << ": " << nodes << " nodes, node " << i << ", from rank " << r << ", element " << k;
        }
      }
    }
    window.release();
  }
}

TEST_F(PartsWindowTest, BlocksOfEveryRoundAndNode) {
  MpiCommunicator comm;
  check_rounds(comm, *comm.parts_window(), "the backend's window");
  check_rounds(comm, *copying_parts_window(comm), "the copying window");
  MpiCommunicator limited(MPI_COMM_WORLD, MpiOptions{100});  // blocks in pieces
  check_rounds(limited, *copying_parts_window(limited), "the copying window, in pieces");
}

TEST_F(PartsWindowTest, ExchangeOutsideTheBufferIsRefused) {
  MpiCommunicator comm;
  auto window = comm.parts_window();
  const std::vector<std::size_t> counts(static_cast<std::size_t>(comm.world_size()), 4);
  window->acquire(4 * counts.size());
  if (comm.world_size() > 1) {
    EXPECT_THROW(window->exchange(1, counts), std::invalid_argument);
  }
  window->release();
}

}  // namespace
}  // namespace dpt
