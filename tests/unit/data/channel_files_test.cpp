// Listing a channel's files, choosing the reader, and choosing the storage layout.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "data/file_list.h"
#include "data/format.h"
#include "data/storage_layout.h"
#include "temp_files.h"

namespace dpt::data {
namespace {

TEST(FileList, SortedSkippingDotAndUnderscoreNames) {
  testing::TempDir dir;
  dir.write("b.csv", "1,2\n");
  dir.write("a/z.csv", "1,2\n");
  dir.write("a/_tmp/x.csv", "1,2\n");
  dir.write(".git/config", "x");
  dir.write("_SUCCESS", "");
  dir.write("c/.hidden", "x");
  dir.write_gz("c/d.csv", "1,2\n");  // compressed, though not named .gz
  const auto files = list_channel_files(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].path, dir.path() / "a/z.csv");
  EXPECT_EQ(files[1].path, dir.path() / "b.csv");
  EXPECT_EQ(files[2].path, dir.path() / "c/d.csv");
  EXPECT_FALSE(files[0].gzip);
  EXPECT_TRUE(files[2].gzip);
  EXPECT_EQ(files[1].size, 4u);
  EXPECT_TRUE(list_channel_files(dir.path() / "missing").empty());
  EXPECT_EQ(list_channel_files(dir.path() / "b.csv").size(), 1u);
}

TEST(Format, ByContentTypeThenByName) {
  EXPECT_EQ(choose_format("text/csv", {}), Format::csv);
  EXPECT_EQ(choose_format("text/x-libsvm", {}), Format::libsvm);
  EXPECT_EQ(choose_format("application/x-idx", {}), Format::idx);
  EXPECT_EQ(choose_format("application/x-npz", {}), Format::npy);
  EXPECT_EQ(choose_format("TEXT/CSV; label_size=1", {}), Format::csv);
  const std::vector<InputFile> idx = {{"/d/train-images-idx3-ubyte.gz", 1, true}};
  EXPECT_EQ(choose_format("", idx), Format::idx);
  const std::vector<InputFile> svm = {{"/d/part.libsvm.gz", 1, true}};
  EXPECT_EQ(choose_format("", svm), Format::libsvm);
  EXPECT_THROW(choose_format("application/x-parquet", {}), UserError);
  EXPECT_THROW(choose_format("", {{"/d/data.bin", 1, false}}), UserError);
}

Dataset csr_rows() {
  Dataset d;
  d.dense = false;
  d.num_rows = 2;
  d.num_features = 3;
  d.row_ptr = {0, 2, 3};
  d.col_index = {0, 2, 1};
  d.values = {1, 2, 3};
  return d;
}

TEST(StorageLayout, KeepsCsrWhenSmallerAndDensifiesWithMissing) {
  Dataset sparse = csr_rows();
  choose_storage(sparse, 1000, 10, false);  // 1000 rows, 10 entries: CSR is far smaller
  EXPECT_FALSE(sparse.dense);
  Dataset d = csr_rows();
  choose_storage(d, 2, 3, false);  // 24 dense bytes vs 48 CSR bytes
  ASSERT_TRUE(d.dense);
  EXPECT_TRUE(d.col_index.empty());
  ASSERT_EQ(d.values.size(), 6u);
  EXPECT_EQ(d.values[0], 1);
  EXPECT_TRUE(std::isnan(d.values[1]));  // absent stays missing, not zero
  EXPECT_EQ(d.values[2], 2);
  EXPECT_EQ(d.values[4], 3);
  Dataset forced = csr_rows();
  choose_storage(forced, 1000, 10, true);
  EXPECT_TRUE(forced.dense);
}

TEST(StorageLayout, Sizes) {
  EXPECT_EQ(dense_bytes(10, 4), 160u);
  EXPECT_EQ(csr_bytes(10, 5), 5u * 8 + 11u * 8);
}

TEST(Dataset, SummaryAndMemory) {
  Dataset d = csr_rows();
  d.channel = "train";
  d.first_row_id = 4;
  d.global_rows = 9;
  d.labels = {1, 0};
  EXPECT_EQ(d.memory_bytes(), d.labels.capacity() * 4 + d.values.capacity() * 4 +
                                  d.row_ptr.capacity() * 8 + d.col_index.capacity() * 4);
  EXPECT_EQ(d.summary().substr(0, 61), "train: 2 of 9 rows (ids 4..5) x 3 features, sparse (CSR), 0.0");
}

}  // namespace
}  // namespace dpt::data
