// A stop request seen by one rank only is agreed by every rank at the same boundary: all ranks
// throw Interrupted after the same round, and rank 0's checkpoint of that round is on disk.
#include <csignal>
#include <sstream>

#include "collective/factory.h"
#include "common/log.h"
#include "mpi_test_support.h"
#include "shared_dir.h"
#include "worker/checkpoint_boundary.h"
#include "worker/stop_signal.h"

namespace dpt {
namespace {

class StopMpi : public testing::MpiTest {
 protected:
  std::unique_ptr<Communicator> comm = make_communicator("mpi");
  std::ostringstream out, err;
  Log log{comm->rank(), comm->world_size(), out, err};
};

TEST_F(StopMpi, OneSignalledRankStopsEveryRankAtTheSameRound) {
  testing::SharedDir dir(*comm);
  CheckpointStore store(dir.path(), "xgboost-checkpoint", 5, log);
  CheckpointSettings settings;
  settings.interval = 10;
  StopSignal stop;
  CheckpointBoundary boundary(*comm, store, settings, stop, log, "round");
  const int signalled_rank = comm->world_size() - 1;
  std::uint64_t stopped_after = 0;
  std::string where;
  for (std::uint64_t round = 1; round <= 8 && stopped_after == 0; ++round) {
    if (round == 4 && comm->rank() == signalled_rank) std::raise(SIGTERM);
    try {
      boundary.reached(round, [&] { return "model after " + std::to_string(round); });
    } catch (const Interrupted& stopped) {
      stopped_after = round;
      where = stopped.where;
    }
  }
  EXPECT_EQ(stopped_after, 4u);
  EXPECT_EQ(where, "after round 4");
  EXPECT_EQ(stop.requested_locally(), comm->rank() == signalled_rank);
  auto saved = store.load_latest(*comm);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->step, 4u);
  EXPECT_EQ(saved->payload, "model after 4");
}

}  // namespace
}  // namespace dpt
