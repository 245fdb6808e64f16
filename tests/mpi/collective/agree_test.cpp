// throw_if_any_rank_failed: all ranks throw the lowest failing rank's message, or none throws.
#include <string>

#include "collective/agree.h"
#include "collective/mpi_communicator.h"
#include "common/error.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

class Agree : public testing::MpiTest {};

std::string caught_message(Communicator& comm, const std::string& error) {
  try {
    throw_if_any_rank_failed(comm, error);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST_F(Agree, NobodyFailedNobodyThrows) {
  MpiCommunicator comm;
  EXPECT_EQ(caught_message(comm, ""), "");
}

TEST_F(Agree, LastRankFailureReachesEveryRank) {
  MpiCommunicator comm;
  const int last = comm.world_size() - 1;
  const std::string error = comm.rank() == last ? "data/part-3.csv:12:4: expected a number" : "";
  EXPECT_EQ(caught_message(comm, error), "rank " + std::to_string(last) + ": data/part-3.csv:12:4: expected a number");
}

TEST_F(Agree, LowestFailingRankWins) {
  MpiCommunicator comm;
  const int first = comm.world_size() > 1 ? 1 : 0;
  const std::string error = comm.rank() >= first ? "bad shard on rank " + std::to_string(comm.rank()) : "";
  EXPECT_EQ(caught_message(comm, error),
            "rank " + std::to_string(first) + ": bad shard on rank " + std::to_string(first));
}

}  // namespace
}  // namespace dpt
