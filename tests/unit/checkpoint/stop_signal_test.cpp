// StopSignal in one process: a signal is noted (not fatal), agreed at world size 1, and the
// previous handlers come back. Its own binary: the stop flag, once raised, stays raised.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "collective/single_communicator.h"
#include "common/log.h"
#include "temp_dir.h"
#include "worker/checkpoint_boundary.h"
#include "worker/checkpoint_store.h"
#include "worker/stop_signal.h"

namespace dpt {
namespace {

TEST(StopSignal, RestoresThePreviousHandlers) {
  std::signal(SIGUSR1, SIG_IGN);
  { StopSignal stop; }
  struct sigaction current {};
  sigaction(SIGUSR1, nullptr, &current);
  EXPECT_EQ(current.sa_handler, SIG_IGN);
  std::signal(SIGUSR1, SIG_DFL);
}

// Runs before any signal is raised in this binary (tests run in the order they are defined).
TEST(StopSignal, BoundaryWithoutStopSavesOnTheIntervalOnly) {
  dpt::testing::TempDir dir;
  SingleCommunicator comm;
  std::ostringstream out, err;
  Log log(0, 1, out, err);
  CheckpointStore store(dir.path(), "c", 10, log);
  CheckpointSettings settings;
  settings.interval = 2;
  StopSignal stop;
  CheckpointBoundary boundary(comm, store, settings, stop, log, "round");
  int payloads = 0;
  for (std::uint64_t round = 1; round <= 5; ++round)
    boundary.reached(round, [&] { ++payloads; return std::to_string(round); });
  EXPECT_EQ(payloads, 2);
  EXPECT_EQ(store.load_latest(comm)->step, 4u);
  EXPECT_FALSE(stop.agreed(comm));
}

TEST(StopSignal, SigtermIsNotedThenTheBoundarySavesAndStops) {
  dpt::testing::TempDir dir;
  SingleCommunicator comm;
  std::ostringstream out, err;
  Log log(0, 1, out, err);
  CheckpointStore store(dir.path(), "c", 10, log);
  CheckpointSettings settings;
  settings.interval = 100;
  StopSignal stop;
  EXPECT_FALSE(stop.requested_locally());
  std::raise(SIGTERM);  // would end the process without the handler
  EXPECT_TRUE(stop.requested_locally());
  CheckpointBoundary boundary(comm, store, settings, stop, log, "epoch");
  try {
    boundary.reached(7, [] { return std::string("state after 7"); });
    FAIL() << "expected Interrupted";
  } catch (const Interrupted& stopped) {
    EXPECT_EQ(stopped.where, "after epoch 7");
  }
  auto saved = store.load_latest(comm);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->step, 7u);  // saved although not on the interval
  EXPECT_EQ(saved->payload, "state after 7");
  EXPECT_NE(out.str().find("training stopped after epoch 7"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace dpt
