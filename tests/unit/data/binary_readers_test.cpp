// IDX, NumPy and gzip readers on real files (IDX written here, NumPy files written by numpy).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/error.h"
#include "data/gzip_stream.h"
#include "data/idx_reader.h"
#include "data/npy_reader.h"
#include "temp_files.h"

namespace dpt::data {
namespace {

using testing::TempDir;

std::string idx_bytes(unsigned char type, std::vector<std::uint32_t> dims, const std::string& body) {
  std::string s = {'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((d >> shift) & 0xff);
  }
  return s + body;
}

InputFile file_of(const std::filesystem::path& p) {
  return {p, std::filesystem::file_size(p), is_gzip_file(p)};
}

template <class F>
std::string user_error(F&& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

Dataset read_all(const std::vector<RecordPair>& pairs) {
  Dataset d;
  read_record_rows(pairs, {0, check_record_pairs(pairs)}, true, d);
  return d;
}

std::vector<InputFile> idx_pair(const TempDir& dir, bool gz, std::uint32_t images, std::uint32_t labels,
                                std::size_t body_shortfall = 0) {
  std::string pixels;
  for (std::uint32_t i = 0; i < images * 4; ++i) pixels += static_cast<char>(i);
  pixels.resize(pixels.size() - body_shortfall);
  std::string label_bytes;
  for (std::uint32_t i = 0; i < labels; ++i) label_bytes += static_cast<char>(i % 10);
  const std::string img = idx_bytes(0x08, {images, 2, 2}, pixels), lab = idx_bytes(0x08, {labels}, label_bytes);
  if (gz) {
    return {file_of(dir.write_gz("train-images-idx3-ubyte.gz", img)),
            file_of(dir.write_gz("train-labels-idx1-ubyte.gz", lab))};
  }
  return {file_of(dir.write("train-images-idx3-ubyte", img)), file_of(dir.write("train-labels-idx1-ubyte", lab))};
}

TEST(IdxReader, ReadsImagesWithLabels) {
  for (bool gz : {false, true}) {
    TempDir dir;
    const Dataset d = read_all(pair_idx_files(idx_pair(dir, gz, 5, 5), true));
    EXPECT_EQ(d.num_rows, 5u);
    EXPECT_EQ(d.num_features, 4u);
    EXPECT_EQ(d.sample_shape, (std::vector<std::size_t>{1, 2, 2}));
    EXPECT_EQ(d.values[7], 7.0f);
    EXPECT_EQ(d.labels[3], 3.0f);
  }
}

TEST(IdxReader, CountMismatch) {
  TempDir dir;
  EXPECT_NE(user_error([&] { check_record_pairs(pair_idx_files(idx_pair(dir, false, 5, 4), true)); })
                .find("holds 4 labels but"),
            std::string::npos);
}

TEST(IdxReader, HeaderSizeMismatch) {
  TempDir plain, gz;
  EXPECT_NE(user_error([&] { pair_idx_files(idx_pair(plain, false, 5, 5, 3), true); }).find("header announces"),
            std::string::npos);
  // Compressed: found while streaming.
  EXPECT_NE(user_error([&] { read_all(pair_idx_files(idx_pair(gz, true, 5, 5, 3), true)); }).find("shorter than its header"),
            std::string::npos);
}

TEST(IdxReader, MissingLabelsFileAndBadMagic) {
  TempDir dir;
  dir.write("a-images-idx3-ubyte", idx_bytes(0x08, {1, 1, 1}, "x"));
  const std::vector<InputFile> files = {file_of(dir.path() / "a-images-idx3-ubyte")};
  EXPECT_NE(user_error([&] { pair_idx_files(files, true); }).find("no labels file"), std::string::npos);
  dir.write("b-images-idx3-ubyte", "hello");
  EXPECT_NE(user_error([&] { idx_array(file_of(dir.path() / "b-images-idx3-ubyte")); }).find("not an IDX file"),
            std::string::npos);
}

TEST(Gzip, TruncatedStreamIsAnError) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i * 7919 % 1000) + ",1,2\n";
  const auto p = dir.write_gz("a.csv.gz", text);
  const std::string bytes = testing::read_bytes(p);
  dir.write("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  GzipStream good(p);
  std::string out(text.size() + 10, '\0');
  EXPECT_EQ(good.read(out.data(), out.size()), text.size());
  GzipStream cut(dir.path() / "cut.csv.gz");
  const std::string msg = user_error([&] { cut.read(out.data(), out.size()); });
  EXPECT_NE(msg.find("truncated gzip stream"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cut.csv.gz"), std::string::npos);
}

std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(DPT_DATA_FIXTURES) / name;
}

// Row g of the fixtures: label g % 7, feature j = ((g * 31 + j * 7) % 101) / 4.
void expect_fixture_rows(const Dataset& d) {
  ASSERT_EQ(d.num_rows, 50u);
  ASSERT_EQ(d.num_features, 4u);
  for (std::size_t g = 0; g < 50; ++g) {
    EXPECT_EQ(d.labels[g], static_cast<float>(g % 7));
    for (std::size_t j = 0; j < 4; ++j) EXPECT_EQ(d.values[g * 4 + j], ((g * 31 + j * 7) % 101) / 4.0f);
  }
}

TEST(NpyReader, StoredAndDeflatedArchives) {
  for (const char* name : {"stored.npz", "deflated.npz"}) {
    SCOPED_TRACE(name);
    expect_fixture_rows(read_all(pair_npy_arrays({file_of(fixture(name))}, true)));
  }
}

TEST(NpyReader, BigEndianNpyFilesPairedByName) {
  expect_fixture_rows(read_all(pair_npy_arrays({file_of(fixture("X_big_endian.npy")),
                                                file_of(fixture("y_big_endian.npy"))},
                                               true)));
}

TEST(NpyReader, GzipCompressedNpy) {
  TempDir dir;
  const auto x = dir.write_gz("X_a.npy.gz", testing::read_bytes(fixture("X_big_endian.npy")));
  const auto y = dir.write_gz("y_a.npy.gz", testing::read_bytes(fixture("y_big_endian.npy")));
  expect_fixture_rows(read_all(pair_npy_arrays({file_of(x), file_of(y)}, true)));
}

TEST(NpyReader, BadArrays) {
  EXPECT_NE(user_error([&] { pair_npy_arrays({file_of(fixture("complex.npy"))}, false); }).find("unsupported dtype '<c8'"),
            std::string::npos);
  EXPECT_NE(user_error([&] { read_all(pair_npy_arrays({file_of(fixture("truncated.npy"))}, false)); })
                .find("shorter than its header"),
            std::string::npos);
  EXPECT_NE(user_error([&] { pair_npy_arrays({file_of(fixture("X_big_endian.npy"))}, true); }).find("no label array"),
            std::string::npos);
}

}  // namespace
}  // namespace dpt::data
