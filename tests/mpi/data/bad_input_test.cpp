// Bad input fails on every rank with the same message, naming file, line and column, whichever
// rank's shard holds the bad row; an empty shard on some ranks is fine, an empty channel is not.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>

#include "collective/factory.h"
#include "common/error.h"
#include "data/loader.h"
#include "shared_dir.h"

namespace dpt::data {
namespace {

using testing::SharedDir;

// Loads the channel and returns the UserError message ("" when it loaded).
std::string load_error(Communicator& comm, const std::filesystem::path& dir, const std::string& type = "") {
  Channel c;
  c.name = "train";
  c.dir = dir;
  c.content_type = type;
  try {
    load_channel(comm, c, {});
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

// Every rank got the same message.
void expect_same_everywhere(Communicator& comm, const std::string& message) {
  const auto h = static_cast<std::uint64_t>(std::hash<std::string>{}(message));
  EXPECT_EQ(comm.allreduce_value(h, ReduceOp::min), comm.allreduce_value(h, ReduceOp::max))
      << "ranks disagree; this rank has: " << message;
}

std::string good_csv_rows(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::to_string(i % 2) + ",1.5,2,3\n";
  return s;
}

TEST(BadInput, NonNumericFieldInTheLastRankShard) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("data.csv", good_csv_rows(200) + "1,2,oops,4\n");
  dir.ready();
  const std::string msg = load_error(*comm, dir.path());
  EXPECT_NE(msg.find("data.csv:201:5: expected a number, got 'oops'"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, ColumnCountInTheMiddle) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("data.csv", good_csv_rows(100) + "1,2\n" + good_csv_rows(100));
  dir.ready();
  const std::string msg = load_error(*comm, dir.path());
  EXPECT_NE(msg.find("data.csv:101:1: row has 2 columns, but the first row of the file has 4"), std::string::npos)
      << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, LibsvmTokenWithoutColon) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  std::string rows;
  for (int i = 0; i < 150; ++i) rows += "1 0:1 4:2.5\n";
  dir.write("train.libsvm", rows + "0 3:1 7\n" + rows);
  dir.ready();
  const std::string msg = load_error(*comm, dir.path());
  EXPECT_NE(msg.find("train.libsvm:151:7: expected index:value, got '7' (no ':')"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, TruncatedGzip) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("a.csv.gz", good_csv_rows(5000), true);
  dir.ready();
  if (comm->rank() == 0) {
    std::filesystem::resize_file(dir.path() / "a.csv.gz", std::filesystem::file_size(dir.path() / "a.csv.gz") / 2);
  }
  dir.ready();
  const std::string msg = load_error(*comm, dir.path());
  EXPECT_NE(msg.find("a.csv.gz: truncated gzip stream"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, EmptyChannel) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("only_skipped/_SUCCESS", "");
  dir.write("only_skipped/.x.csv", "1,2\n");
  dir.write("empty_files/a.csv", "");
  dir.write("empty_files/b.csv", "\n\n");
  dir.ready();
  std::string msg = load_error(*comm, dir.path() / "only_skipped");
  EXPECT_NE(msg.find("no data files"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
  msg = load_error(*comm, dir.path() / "empty_files");
  EXPECT_NE(msg.find("holds no rows"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
  msg = load_error(*comm, dir.path() / "does_not_exist");
  EXPECT_NE(msg.find("no data files"), std::string::npos) << msg;
}

TEST(BadInput, BinaryFileGivenAsCsv) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  std::string binary;
  for (int i = 0; i < 4000; ++i) binary += static_cast<char>((i * 37) % 256);
  dir.write("model.bin", binary);
  dir.ready();
  const std::string msg = load_error(*comm, dir.path(), "text/csv");
  EXPECT_NE(msg.find("binary data"), std::string::npos) << msg;
  EXPECT_NE(msg.find("model.bin:1:"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, IdxImageAndLabelCountsDiffer) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("x-images-idx3-ubyte", std::string("\0\0\x08\x03\0\0\0\x02\0\0\0\x01\0\0\0\x01\x05\x06", 18));
  dir.write("x-labels-idx1-ubyte", std::string("\0\0\x08\x01\0\0\0\x03\x01\x02\x03", 11));
  dir.ready();
  const std::string msg = load_error(*comm, dir.path());
  EXPECT_NE(msg.find("holds 3 labels but"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

TEST(BadInput, RanksSeeingDifferentFiles) {
  auto comm = make_communicator("mpi");
  // Each rank has its own directory with its own rows: fine for ShardedByS3Key, an error for a
  // FullyReplicated channel (whose byte ranges assume one set of files).
  const auto own = std::filesystem::temp_directory_path() /
                   ("dpt_data_own_" + std::to_string(::getpid()) + "_" + std::to_string(comm->rank()));
  std::filesystem::create_directories(own);
  std::ofstream(own / "a.csv") << good_csv_rows(3 + comm->rank());
  const std::string msg = load_error(*comm, own);
  if (comm->world_size() > 1) {
    EXPECT_NE(msg.find("sees other files"), std::string::npos) << msg;
  } else {
    EXPECT_EQ(msg, "");
  }
  expect_same_everywhere(*comm, msg);
  std::filesystem::remove_all(own);
}

TEST(BadInput, UnknownContentType) {
  auto comm = make_communicator("mpi");
  SharedDir dir(*comm);
  dir.write("a.csv", good_csv_rows(3));
  dir.ready();
  const std::string msg = load_error(*comm, dir.path(), "application/x-parquet");
  EXPECT_NE(msg.find("unsupported ContentType"), std::string::npos) << msg;
  expect_same_everywhere(*comm, msg);
}

}  // namespace
}  // namespace dpt::data
