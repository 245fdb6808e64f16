// CheckpointStore across ranks: rank 0 reads (and skips what is damaged), every rank receives the
// same checkpoint through the broadcast.
#include <fstream>
#include <sstream>

#include "collective/factory.h"
#include "common/log.h"
#include "mpi_test_support.h"
#include "shared_dir.h"
#include "worker/checkpoint_store.h"

namespace dpt {
namespace {

class CheckpointStoreMpi : public testing::MpiTest {
 protected:
  std::unique_ptr<Communicator> comm = make_communicator("mpi");
  std::ostringstream out, err;
  Log log{comm->rank(), comm->world_size(), out, err};
};

// Large enough to need more than one message, different at every byte position.
std::string payload(std::uint64_t step, std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + step * 7) % 251);
  return bytes;
}

TEST_F(CheckpointStoreMpi, EveryRankReceivesTheNewestCheckpoint) {
  testing::SharedDir dir(*comm);
  CheckpointStore store(dir.path(), "xgboost-checkpoint", 3, log);
  for (std::uint64_t step = 8; step <= 11; ++step) store.save(*comm, {step, payload(step, 3 << 20)});
  auto latest = store.load_latest(*comm);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->step, 11u);
  EXPECT_TRUE(latest->payload == payload(11, 3 << 20));
}

TEST_F(CheckpointStoreMpi, CorruptNewestFallsBackOnEveryRank) {
  testing::SharedDir dir(*comm);
  CheckpointStore store(dir.path(), "model-checkpoint", 5, log);
  for (std::uint64_t step = 9; step <= 10; ++step) store.save(*comm, {step, payload(step, 1000)});
  comm->barrier();
  if (comm->rank() == 0) std::ofstream(store.path_of(10), std::ios::binary) << payload(10, 999);
  auto latest = store.load_latest(*comm);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->step, 9u);
  EXPECT_TRUE(latest->payload == payload(9, 1000));
  // Only rank 0 reads the files, so only rank 0 warns, naming the file it skipped.
  const bool warned = err.str().find(store.path_of(10).string()) != std::string::npos;
  EXPECT_EQ(warned, comm->rank() == 0) << err.str();
}

TEST_F(CheckpointStoreMpi, NoCheckpointOnEveryRank) {
  testing::SharedDir dir(*comm);
  CheckpointStore store(dir.path(), "model-checkpoint", 5, log);
  EXPECT_FALSE(store.load_latest(*comm).has_value());
}

TEST_F(CheckpointStoreMpi, UnreadableDirectoryFailsOnEveryRank) {
  testing::SharedDir dir(*comm);
  if (comm->rank() == 0) {
    std::filesystem::create_directories(dir.path());
    std::ofstream(dir.path() / "c.1") << "x";  // a directory entry we cannot open as a file
    std::filesystem::create_directories(dir.path() / "c.2");
    std::ofstream(dir.path() / "c.2.sum") << "x";
  }
  CheckpointStore store(dir.path(), "c", 5, log);
  EXPECT_ANY_THROW(store.load_latest(*comm));
}

}  // namespace
}  // namespace dpt
