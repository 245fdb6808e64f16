#pragma once
// The entry list of a zip archive (.npz): read from the central directory, zip64 included.
// Entries are stored or deflated; each is opened as a ByteSource without extracting the archive.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/byte_source.h"

namespace dpt::data {

struct ZipEntry {
  std::string name;
  std::uint16_t method = 0;  // 0 stored, 8 deflated
  std::uint64_t compressed_size = 0, size = 0;
  std::uint64_t local_header_offset = 0;
};

class ZipArchive {
 public:
  explicit ZipArchive(std::string path);  // UserError when it is not a readable zip
  const std::vector<ZipEntry>& entries() const { return entries_; }
  const std::string& path() const { return path_; }
  // The entry's uncompressed bytes. UserError for unsupported compression.
  std::unique_ptr<ByteSource> open(const ZipEntry& entry) const;

 private:
  std::string path_;
  std::uint64_t file_size_ = 0;
  std::vector<ZipEntry> entries_;
};

}  // namespace dpt::data
