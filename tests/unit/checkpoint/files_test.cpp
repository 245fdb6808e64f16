// File-level checkpoint pieces: numeric listing, durable writes, checksum verification.
#include <gtest/gtest.h>

#include <filesystem>

#include "temp_dir.h"
#include "worker/checkpoint_files.h"

namespace dpt::checkpoint {
namespace {
using dpt::testing::TempDir;
using dpt::testing::write_text;

TEST(CheckpointFiles, ListsNumericallyNotAsStrings) {
  TempDir dir;
  for (const char* name : {"xgboost-checkpoint.10", "xgboost-checkpoint.9", "xgboost-checkpoint.100",
                           "xgboost-checkpoint.2", "xgboost-checkpoint.10.sum",
                           ".xgboost-checkpoint.11.tmp", "xgboost-checkpoint.1a", "xgboost-checkpoint.",
                           "model-checkpoint.50", "xgboost-checkpoint"}) {
    write_text(dir.path() / name, "x");
  }
  auto files = list_numbered(dir.path(), "xgboost-checkpoint");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].step, 2u);
  EXPECT_EQ(files[1].step, 9u);
  EXPECT_EQ(files[2].step, 10u);
  EXPECT_EQ(files[3].step, 100u);
  EXPECT_EQ(files[2].path.filename(), "xgboost-checkpoint.10");
}

TEST(CheckpointFiles, MissingDirectoryListsNothing) {
  EXPECT_TRUE(list_numbered("/nonexistent/dpt/checkpoints", "x").empty());
}

TEST(CheckpointFiles, DurableWriteReplacesAndLeavesNoTemporary) {
  TempDir dir;
  const auto file = dir.path() / "model-checkpoint.3";
  write_durably(file, "first");
  write_durably(file, std::string("second\0with nul", 15));
  EXPECT_EQ(read_file(file), std::string("second\0with nul", 15));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(CheckpointFiles, DurableWriteNamesTheFileOnFailure) {
  try {
    write_durably("/nonexistent/dpt/model-checkpoint.1", "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dpt/"), std::string::npos) << e.what();
  }
}

TEST(CheckpointFiles, VerifyAcceptsTheWrittenChecksum) {
  TempDir dir;
  const auto file = dir.path() / "c.1";
  const std::string bytes = "{\"learner\":{}}";
  write_durably(file, bytes);
  write_durably(checksum_path(file), checksum_line(bytes));
  EXPECT_EQ(checksum_path(file).filename(), "c.1.sum");
  EXPECT_EQ(verify(file, bytes), "");
}

TEST(CheckpointFiles, VerifyExplainsEachProblem) {
  TempDir dir;
  const auto file = dir.path() / "c.1";
  const std::string bytes = "0123456789abcdef";
  EXPECT_NE(verify(file, bytes).find("checksum file"), std::string::npos);  // none yet
  write_text(checksum_path(file), checksum_line(bytes));
  EXPECT_NE(verify(file, bytes.substr(0, 7)).find("truncated"), std::string::npos);
  std::string flipped = bytes;
  flipped[3] ^= 0x01;
  EXPECT_NE(verify(file, flipped).find("corrupt"), std::string::npos);
  write_text(checksum_path(file), "garbage");
  EXPECT_NE(verify(file, bytes).find("unreadable"), std::string::npos);
}

}  // namespace
}  // namespace dpt::checkpoint
