#include "data/zip_archive.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/error.h"

namespace dpt::data {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50, kZip64End = 0x06064b50,
                        kZip64Locator = 0x07064b50, kDirectoryEntry = 0x02014b50,
                        kLocalHeader = 0x04034b50;

std::uint64_t le(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::vector<unsigned char> read_at(std::ifstream& in, std::uint64_t offset, std::uint64_t n) {
  std::vector<unsigned char> buf(n);
  in.clear();
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(n));
  buf.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return buf;
}

}  // namespace

ZipArchive::ZipArchive(std::string path) : path_(std::move(path)) {
  auto fail = [&](const std::string& what) -> void { throw UserError(at_location(path_, 0, 0, what)); };
  std::ifstream in(path_, std::ios::binary);
  if (!in) fail("cannot open for reading");
  file_size_ = std::filesystem::file_size(path_);
  // The end record is in the last 22 + 65535 (longest comment) bytes.
  const std::uint64_t tail_size = std::min<std::uint64_t>(file_size_, 22 + 65535);
  const auto tail = read_at(in, file_size_ - tail_size, tail_size);
  std::size_t end = std::string::npos;
  for (std::size_t i = tail.size() >= 22 ? tail.size() - 22 + 1 : 0; i-- > 0;) {
    if (le(&tail[i], 4) == kEndOfDirectory) {
      end = i;
      break;
    }
  }
  if (end == std::string::npos) fail("not a zip archive (no end of central directory); .npz files are zip archives");
  std::uint64_t count = le(&tail[end + 10], 2), dir_size = le(&tail[end + 12], 4), dir_offset = le(&tail[end + 16], 4);
  if (count == 0xFFFF || dir_size == 0xFFFFFFFF || dir_offset == 0xFFFFFFFF) {
    const std::uint64_t locator_at = file_size_ - tail_size + end - 20;
    const auto locator = read_at(in, locator_at, 20);
    if (locator.size() < 20 || le(locator.data(), 4) != kZip64Locator) fail("zip64 locator missing");
    const auto end64 = read_at(in, le(&locator[8], 8), 56);
    if (end64.size() < 56 || le(end64.data(), 4) != kZip64End) fail("zip64 end record missing");
    count = le(&end64[32], 8);
    dir_size = le(&end64[40], 8);
    dir_offset = le(&end64[48], 8);
  }
  if (dir_offset + dir_size > file_size_) fail("central directory lies outside the file (truncated archive?)");
  const auto dir = read_at(in, dir_offset, dir_size);
  std::size_t p = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (p + 46 > dir.size() || le(&dir[p], 4) != kDirectoryEntry) fail("corrupt central directory");
    ZipEntry e;
    const auto flags = le(&dir[p + 8], 2);
    e.method = static_cast<std::uint16_t>(le(&dir[p + 10], 2));
    e.compressed_size = le(&dir[p + 20], 4);
    e.size = le(&dir[p + 24], 4);
    const std::size_t name_len = le(&dir[p + 28], 2), extra_len = le(&dir[p + 30], 2), comment_len = le(&dir[p + 32], 2);
    e.local_header_offset = le(&dir[p + 42], 4);
    if (p + 46 + name_len + extra_len > dir.size()) fail("corrupt central directory");
    e.name.assign(reinterpret_cast<const char*>(&dir[p + 46]), name_len);
    if (flags & 1) fail("entry '" + e.name + "' is encrypted");
    // Zip64 extra field: the 64-bit values of the fields that hold 0xFFFFFFFF, in this order.
    for (std::size_t x = p + 46 + name_len; x + 4 <= p + 46 + name_len + extra_len;) {
      const auto id = le(&dir[x], 2), len = le(&dir[x + 2], 2);
      if (id == 1) {
        std::size_t q = x + 4;
        for (std::uint64_t* field : {&e.size, &e.compressed_size, &e.local_header_offset}) {
          if (*field == 0xFFFFFFFF && q + 8 <= x + 4 + len) {
            *field = le(&dir[q], 8);
            q += 8;
          }
        }
      }
      x += 4 + len;
    }
    entries_.push_back(std::move(e));
    p += 46 + name_len + extra_len + comment_len;
  }
}

std::unique_ptr<ByteSource> ZipArchive::open(const ZipEntry& entry) const {
  const std::string name = path_ + ":" + entry.name;
  std::ifstream in(path_, std::ios::binary);
  const auto local = read_at(in, entry.local_header_offset, 30);
  if (local.size() < 30 || le(local.data(), 4) != kLocalHeader) {
    throw UserError(at_location(name, 0, 0, "local zip header missing (truncated archive?)"));
  }
  const std::uint64_t data_at = entry.local_header_offset + 30 + le(&local[26], 2) + le(&local[28], 2);
  if (entry.method == 0) {
    if (data_at + entry.size > file_size_) {
      throw UserError(at_location(name, 0, 0, "entry extends past the end of the archive (truncated?)"));
    }
    return open_window_source(path_, data_at, entry.size);
  }
  if (entry.method == 8) return open_deflate_source(path_, data_at, name);
  throw UserError(at_location(name, 0, 0, "zip compression method " + std::to_string(entry.method) +
                                              " is not supported (stored or deflated only)"));
}

}  // namespace dpt::data
