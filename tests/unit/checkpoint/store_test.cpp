// CheckpointStore at world size 1: keep-N in numeric order, fallback past damaged checkpoints,
// fresh start. (The broadcast to several ranks is tested under mpirun in tests/mpi/checkpoint.)
#include <gtest/gtest.h>

#include <sstream>

#include "collective/single_communicator.h"
#include "common/log.h"
#include "temp_dir.h"
#include "worker/checkpoint_files.h"
#include "worker/checkpoint_store.h"

namespace dpt {
namespace {
using dpt::testing::TempDir;
using dpt::testing::write_text;

struct StoreFixture : ::testing::Test {
  TempDir dir;
  SingleCommunicator comm;
  std::ostringstream out, err;
  Log log{0, 1, out, err};
  std::string payload(std::uint64_t step) const { return "payload of step " + std::to_string(step); }
};

TEST_F(StoreFixture, KeepsTheNewestInNumericOrder) {
  CheckpointStore store(dir.path() / "nested", "xgboost-checkpoint", 3, log);
  for (std::uint64_t step = 1; step <= 12; ++step) store.save(comm, {step, payload(step)});
  auto files = checkpoint::list_numbered(dir.path() / "nested", "xgboost-checkpoint");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].step, 10u);  // string order would have kept 7, 8, 9
  EXPECT_EQ(files[2].step, 12u);
  for (std::uint64_t step = 1; step <= 9; ++step)
    EXPECT_FALSE(std::filesystem::exists(checkpoint::checksum_path(store.path_of(step)))) << step;
  auto latest = store.load_latest(comm);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->step, 12u);
  EXPECT_EQ(latest->payload, payload(12));
  EXPECT_EQ(err.str(), "");
}

TEST_F(StoreFixture, FallsBackPastCorruptAndTruncatedCheckpoints) {
  CheckpointStore store(dir.path(), "model-checkpoint", 5, log);
  for (std::uint64_t step = 1; step <= 4; ++step) store.save(comm, {step, payload(step)});
  std::string corrupt = payload(4);
  corrupt[0] = 'P';
  write_text(store.path_of(4), corrupt);
  write_text(store.path_of(3), payload(3).substr(0, 5));
  auto latest = store.load_latest(comm);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->step, 2u);
  EXPECT_EQ(latest->payload, payload(2));
  EXPECT_NE(err.str().find(store.path_of(4).string() + ": its content does not match"),
            std::string::npos) << err.str();
  EXPECT_NE(err.str().find(store.path_of(3).string() + ": it is truncated"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("falling back to " + store.path_of(2).string()), std::string::npos);
}

TEST_F(StoreFixture, CheckpointWithoutChecksumIsSkipped) {
  CheckpointStore store(dir.path(), "model-checkpoint", 5, log);
  store.save(comm, {1, payload(1)});
  write_text(store.path_of(2), payload(2));  // a kill between data and checksum
  auto latest = store.load_latest(comm);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->step, 1u);
}

TEST_F(StoreFixture, SaveRemovesTemporariesLeftByAKilledWriter) {
  CheckpointStore store(dir.path(), "c", 5, log);
  write_text(dir.path() / ".c.3.tmp", "half a checkpoint");
  write_text(dir.path() / ".c.3.sum.tmp", "half a checksum");
  write_text(dir.path() / ".other.3.tmp", "not ours");
  store.save(comm, {4, payload(4)});
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".c.3.tmp"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".c.3.sum.tmp"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / ".other.3.tmp"));
}

TEST_F(StoreFixture, NothingValidMeansNoCheckpoint) {
  CheckpointStore missing(dir.path() / "absent", "c", 5, log);
  EXPECT_FALSE(missing.load_latest(comm));
  CheckpointStore store(dir.path(), "c", 5, log);
  store.save(comm, {7, payload(7)});
  write_text(store.path_of(7), "");
  EXPECT_FALSE(store.load_latest(comm));
  EXPECT_NE(err.str().find("no older checkpoint left"), std::string::npos) << err.str();
}

TEST_F(StoreFixture, EmptyPayloadRoundTrips) {
  CheckpointStore store(dir.path(), "c", 2, log);
  store.save(comm, {3, ""});
  auto latest = store.load_latest(comm);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->step, 3u);
  EXPECT_EQ(latest->payload, "");
}

TEST_F(StoreFixture, RemoveAllForgetsEveryCheckpointOfItsPrefix) {
  CheckpointStore store(dir.path(), "c", 5, log);
  CheckpointStore other(dir.path(), "d", 5, log);
  store.save(comm, {50, payload(50)});
  other.save(comm, {1, payload(1)});
  store.remove_all(comm);
  EXPECT_FALSE(store.load_latest(comm));
  EXPECT_FALSE(std::filesystem::exists(checkpoint::checksum_path(store.path_of(50))));
  EXPECT_TRUE(other.load_latest(comm));
}

TEST_F(StoreFixture, RefusesKeepBelowOne) {
  EXPECT_THROW(CheckpointStore(dir.path(), "c", 0, log), std::invalid_argument);
}

}  // namespace
}  // namespace dpt
