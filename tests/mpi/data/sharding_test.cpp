// The union of the rows over the ranks is exactly the channel's rows, each with its position in
// the sorted files as global id, whatever the number of ranks (run at np 1, 2, 3, 4).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "collective/factory.h"
#include "common/error.h"
#include "data/loader.h"
#include "shared_dir.h"

namespace dpt::data {
namespace {

using testing::SharedDir;

constexpr std::size_t kFeatures = 5;
float feature(std::uint64_t g, std::size_t j) { return static_cast<float>((g * 31 + j * 7) % 101) / 4.0f; }
float label(std::uint64_t g) { return static_cast<float>(g % 7); }

std::string csv_rows(std::uint64_t first, std::uint64_t end, const char* line_end = "\n") {
  std::string s;
  for (std::uint64_t g = first; g < end; ++g) {
    s += std::to_string(static_cast<int>(label(g)));
    for (std::size_t j = 0; j < kFeatures; ++j) {
      s += ',';
      s += std::to_string(feature(g, j));
    }
    s += line_end;
  }
  return s;
}

// Zeros are left out (so they read back as missing); every third row lists its tokens backwards.
std::string libsvm_rows(std::uint64_t first, std::uint64_t end) {
  std::string s;
  for (std::uint64_t g = first; g < end; ++g) {
    s += std::to_string(static_cast<int>(label(g)));
    for (std::size_t k = 0; k < kFeatures; ++k) {
      const std::size_t j = g % 3 == 0 ? kFeatures - 1 - k : k;
      if (feature(g, j) == 0) continue;
      s += ' ';
      s += std::to_string(j);
      s += ':';
      s += std::to_string(feature(g, j));
    }
    s += "\n";
  }
  return s;
}

std::unique_ptr<Communicator> world() { return make_communicator("mpi"); }

Channel channel_at(const std::filesystem::path& dir, const std::string& type = "") {
  Channel c;
  c.name = "train";
  c.dir = dir;
  c.content_type = type;
  return c;
}

// Checks this rank's rows against the generator and that the ranks' id ranges tile [0, total).
void expect_union(Communicator& comm, const Dataset& d, std::uint64_t total, std::size_t features,
                  float feature_scale = 1.0f, bool zero_is_missing = false) {
  EXPECT_EQ(d.global_rows, total);
  EXPECT_EQ(d.num_features, features);
  std::vector<std::uint64_t> mine = {d.num_rows, d.first_row_id};
  std::vector<std::uint64_t> all(2 * static_cast<std::size_t>(comm.world_size()));
  comm.allgather(Buffer::of(mine), Buffer::of(all));
  std::uint64_t next = 0;
  for (int r = 0; r < comm.world_size(); ++r) {
    EXPECT_EQ(all[2 * r + 1], next) << "rank " << r << " does not start where rank " << r - 1 << " ends";
    next += all[2 * r];
  }
  EXPECT_EQ(next, total);
  EXPECT_EQ(d.labels.size(), d.num_rows);
  for (std::size_t i = 0; i < d.num_rows && i < d.labels.size(); ++i) {
    const std::uint64_t g = d.row_id(i);
    EXPECT_EQ(d.labels[i], label(g)) << "row " << g;
    for (std::size_t j = 0; j < features; ++j) {
      const float want = feature(g, j) * feature_scale;
      if (zero_is_missing && want == 0) {
        EXPECT_TRUE(std::isnan(d.at(i, j))) << "row " << g << " feature " << j;
      } else {
        EXPECT_EQ(d.at(i, j), want) << "row " << g << " feature " << j;
      }
    }
  }
}

TEST(Sharding, CsvFilesInSortedOrderSkippingHiddenOnes) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("a/part-0.csv", csv_rows(0, 10, "\r\n"));
  dir.write("a/part-1.csv", "");
  dir.write("b.csv", "\n" + csv_rows(10, 20) + "\n\n" + csv_rows(20, 37));
  dir.write("c.csv", csv_rows(37, 40).substr(0, csv_rows(37, 40).size() - 1));  // no final newline
  dir.write(".hidden.csv", "garbage\n");
  dir.write("_SUCCESS", "");
  dir.write("_tmp/x.csv", "garbage\n");
  dir.write(".cache/y.csv", "garbage\n");
  dir.ready();
  const Dataset d = load_channel(*comm, channel_at(dir.path()), {});
  EXPECT_TRUE(d.dense);
  expect_union(*comm, d, 40, kFeatures);
}

TEST(Sharding, LibsvmRowsKeepAbsentAsMissing) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("part-0", libsvm_rows(0, 23));
  dir.write("part-1", libsvm_rows(23, 61));
  dir.ready();
  const Dataset d = load_channel(*comm, channel_at(dir.path(), "text/libsvm"), {});
  expect_union(*comm, d, 61, kFeatures, 1.0f, true);
  LoadOptions dense;
  dense.prefer_dense = true;
  const Dataset dd = load_channel(*comm, channel_at(dir.path(), "text/libsvm"), dense);
  EXPECT_TRUE(dd.dense);
  expect_union(*comm, dd, 61, kFeatures, 1.0f, true);
}

TEST(Sharding, GzipFilesSplitByFile) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("0.csv.gz", csv_rows(0, 7), true);
  dir.write("1.csv", csv_rows(7, 30));
  dir.write("2.csv.gz", csv_rows(30, 31), true);
  dir.write("3.csv.gz", csv_rows(31, 45), true);
  dir.ready();
  expect_union(*comm, load_channel(*comm, channel_at(dir.path()), {}), 45, kFeatures);
}

TEST(Sharding, FewerRowsThanRanks) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("one/x.csv", csv_rows(0, 1));
  dir.write("two/x.libsvm", libsvm_rows(0, 2));
  dir.ready();
  const Dataset one = load_channel(*comm, channel_at(dir.path() / "one"), {});
  expect_union(*comm, one, 1, kFeatures);
  const Dataset two = load_channel(*comm, channel_at(dir.path() / "two"), {});
  expect_union(*comm, two, 2, kFeatures, 1.0f, true);
  // A rank without rows stores its (empty) shard in the layout every other rank chose.
  const int dense = two.dense ? 1 : 0;
  EXPECT_EQ(comm->allreduce_value(dense, ReduceOp::min), comm->allreduce_value(dense, ReduceOp::max));
  if (!two.dense) {
    EXPECT_EQ(two.row_ptr.size(), two.num_rows + 1);
  }
}

TEST(Sharding, ReplicateGivesEveryRankEveryRow) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("a.csv", csv_rows(0, 13));
  dir.write("b.csv", csv_rows(13, 20));
  dir.ready();
  LoadOptions all;
  all.replicate = true;
  const Dataset d = load_channel(*comm, channel_at(dir.path()), all);
  EXPECT_EQ(d.num_rows, 20u);
  EXPECT_EQ(d.first_row_id, 0u);
  EXPECT_EQ(d.global_rows, 20u);
  for (std::size_t i = 0; i < d.num_rows; ++i) EXPECT_EQ(d.labels[i], label(i));
}

TEST(Sharding, ShardedByS3KeySplitsThisHostsFiles) {
  auto comm = world();
  SharedDir dir(*comm);
  dir.write("a.csv", csv_rows(0, 11));
  dir.write("b.csv", csv_rows(11, 25));
  dir.ready();
  Channel c = channel_at(dir.path());
  c.distribution = "ShardedByS3Key";
  // One host here: its local ranks are all ranks, so the union is the whole channel.
  expect_union(*comm, load_channel(*comm, c, {}), 25, kFeatures);
}

// Every rank its own host: what a multi-host job looks like to the loader, on one machine.
class OneRankPerHost : public Communicator {
 public:
  explicit OneRankPerHost(Communicator& inner) : inner_(inner) {}
  int rank() const override { return inner_.rank(); }
  int world_size() const override { return inner_.world_size(); }
  int local_rank() const override { return 0; }
  int local_size() const override { return 1; }
  std::string backend_name() const override { return inner_.backend_name(); }
  void allreduce(Buffer buf, ReduceOp op) override { inner_.allreduce(buf, op); }
  Pending allreduce_async(Buffer buf, ReduceOp op) override { return inner_.allreduce_async(buf, op); }
  void broadcast(Buffer buf, int root) override { inner_.broadcast(buf, root); }
  void allgather(Buffer send, Buffer recv) override { inner_.allgather(send, recv); }
  void allgatherv(Buffer send, Buffer recv, std::span<const std::size_t> counts) override {
    inner_.allgatherv(send, recv, counts);
  }
  void barrier() override { inner_.barrier(); }

 private:
  Communicator& inner_;
};

// Host h's S3 shard: the generator's rows [kHostRows[h], kHostRows[h + 1]), in two files where
// it has more than one row; host 1 has no files at all.
constexpr std::uint64_t kHostRows[] = {0, 7, 7, 16, 19};

std::filesystem::path write_host_shards(const SharedDir& dir, int hosts) {
  for (int h = 0; h < hosts; ++h) {
    const std::string host = "host" + std::to_string(h) + "/";
    const std::uint64_t first = kHostRows[h], end = kHostRows[h + 1], middle = (first + end) / 2;
    dir.write(host + "_SUCCESS", "");  // skipped: a host without data files
    if (end > first) {
      dir.write(host + "part-0.csv", csv_rows(first, middle));
      dir.write(host + "part-1.csv", csv_rows(middle, end));
    }
  }
  dir.ready();
  return dir.path();
}

TEST(Sharding, ShardedByS3KeyReadsWholeHostShards) {
  auto world_comm = world();
  OneRankPerHost comm(*world_comm);
  SharedDir dir(comm);
  const int hosts = comm.world_size();
  const auto root = write_host_shards(dir, hosts);
  Channel c = channel_at(root / ("host" + std::to_string(comm.rank())));
  c.distribution = "ShardedByS3Key";
  const Dataset d = load_channel(comm, c, {});
  // Each host reads all of its own files, none of the others'; ids follow the host order.
  EXPECT_EQ(d.num_rows, kHostRows[comm.rank() + 1] - kHostRows[comm.rank()]);
  EXPECT_EQ(d.first_row_id, kHostRows[comm.rank()]);
  expect_union(comm, d, kHostRows[hosts], kFeatures);
}

TEST(Sharding, FullyReplicatedRefusesHostsWithOtherFiles) {
  auto world_comm = world();
  OneRankPerHost comm(*world_comm);
  if (comm.world_size() < 2) GTEST_SKIP() << "needs two hosts";
  SharedDir dir(comm);
  const auto root = write_host_shards(dir, comm.world_size());
  const Channel c = channel_at(root / ("host" + std::to_string(comm.rank())));  // FullyReplicated
  try {
    load_channel(comm, c, {});
    ADD_FAILURE() << "hosts with different files were loaded as a FullyReplicated channel";
  } catch (const UserError& e) {
    // Host 1 has no files (np 2 and up); hosts 0 and 2 hold other files (np 3 and up).
    EXPECT_NE(std::string(e.what()).find("FullyReplicated"), std::string::npos) << e.what();
  }
}

TEST(Sharding, InstanceWeights) {
  auto comm = world();
  SharedDir dir(*comm);
  // csv: label, weight, features; libsvm: label:weight.
  std::string csv, svm;
  for (std::uint64_t g = 0; g < 33; ++g) {
    const std::string w = std::to_string(0.5 * static_cast<double>(g % 4));
    csv += std::to_string(static_cast<int>(label(g))) + "," + w + ",1,2\n";
    svm += std::to_string(static_cast<int>(label(g))) + (g % 5 == 0 ? "" : ":" + w) + " 0:1\n";
  }
  dir.write("csv/a.csv", csv);
  dir.write("svm/a.libsvm", svm);
  dir.ready();
  LoadOptions weighted;
  weighted.csv_weights = true;
  const Dataset c = load_channel(*comm, channel_at(dir.path() / "csv"), weighted);
  EXPECT_EQ(c.num_features, 2u);
  const Dataset s = load_channel(*comm, channel_at(dir.path() / "svm"), {});
  for (std::size_t i = 0; i < c.num_rows; ++i) {
    EXPECT_EQ(c.weight(i), 0.5f * static_cast<float>(c.row_id(i) % 4));
    EXPECT_EQ(c.labels[i], label(c.row_id(i)));
  }
  for (std::size_t i = 0; i < s.num_rows; ++i) {
    const std::uint64_t g = s.row_id(i);
    EXPECT_EQ(s.weight(i), g % 5 == 0 ? 1.0f : 0.5f * static_cast<float>(g % 4)) << "row " << g;
  }
  const auto rows = comm->allreduce_value<std::uint64_t>(c.num_rows, ReduceOp::sum);
  EXPECT_EQ(rows, 33u);
}

std::string idx(unsigned char type, std::vector<std::uint32_t> dims, const std::string& body) {
  std::string s = {'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((d >> shift) & 0xff);
  }
  return s + body;
}

// IDX images of 2x2 pixels: pixel j of image g is 4 * feature(g, j).
void write_idx_pair(const SharedDir& dir, const std::string& prefix, std::uint64_t first, std::uint64_t end, bool gz) {
  std::string pixels, labels;
  for (std::uint64_t g = first; g < end; ++g) {
    for (std::size_t j = 0; j < 4; ++j) pixels += static_cast<char>(feature(g, j) * 4);
    labels += static_cast<char>(label(g));
  }
  const auto n = static_cast<std::uint32_t>(end - first);
  dir.write(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : ""), idx(0x08, {n, 2, 2}, pixels), gz);
  dir.write(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : ""), idx(0x08, {n}, labels), gz);
}

TEST(Sharding, IdxPairsByRecord) {
  auto comm = world();
  SharedDir dir(*comm);
  write_idx_pair(dir, "t10k", 0, 13, true);
  write_idx_pair(dir, "train", 13, 41, false);
  dir.ready();
  const Dataset d = load_channel(*comm, channel_at(dir.path()), {});
  EXPECT_EQ(d.sample_shape, (std::vector<std::size_t>{1, 2, 2}));
  expect_union(*comm, d, 41, 4, 4.0f);
}

TEST(Sharding, FashionMnistIdxGzip) {
  const std::filesystem::path fmnist = "/usr/share/datasets/fashion-mnist";
  if (!std::filesystem::exists(fmnist / "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  auto comm = world();
  SharedDir dir(*comm);
  if (comm->rank() == 0) {
    for (const char* f : {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      std::filesystem::create_symlink(fmnist / f, dir.path() / f);
    }
  }
  dir.ready();
  const Dataset d = load_channel(*comm, channel_at(dir.path(), "application/x-idx"), {});
  EXPECT_EQ(d.global_rows, 10000u);
  EXPECT_EQ(d.num_features, 784u);
  EXPECT_EQ(d.sample_shape, (std::vector<std::size_t>{1, 28, 28}));
  EXPECT_EQ(d.first_row_id, static_cast<std::uint64_t>(10000 * comm->rank() / comm->world_size()));
  EXPECT_EQ(comm->allreduce_value<std::uint64_t>(d.num_rows, ReduceOp::sum), 10000u);
  // The test set opens with an ankle boot (class 9), then a pullover (class 2).
  if (d.first_row_id == 0) {
    EXPECT_EQ(d.labels[0], 9.0f);
    EXPECT_EQ(d.labels[1], 2.0f);
  }
  for (float v : d.values) {
    if (!(v >= 0 && v <= 255)) {
      ADD_FAILURE() << "pixel out of range: " << v;
      break;
    }
  }
}

TEST(Sharding, NpzArchivesByRecord) {
  auto comm = world();
  for (const char* archive : {"stored.npz", "deflated.npz"}) {
    SCOPED_TRACE(archive);
    SharedDir dir(*comm);
    if (comm->rank() == 0) {
      std::filesystem::copy_file(std::filesystem::path(DPT_DATA_FIXTURES) / archive, dir.path() / archive);
    }
    dir.ready();
    // The fixtures hold rows 0..49 of the same generator with 4 features.
    expect_union(*comm, load_channel(*comm, channel_at(dir.path()), {}), 50, 4);
  }
}

}  // namespace
}  // namespace dpt::data
