#pragma once
// Sequential bytes of a binary record file (IDX, NumPy): a window of a plain file, or a gzip /
// raw deflate stream. Record readers skip to their rows and read only those.
#include <cstdint>
#include <memory>
#include <string>

#include "data/file_list.h"

namespace dpt::data {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads exactly n bytes, or returns false when the source ends first.
  virtual bool read_exact(char* out, std::uint64_t n) = 0;
  // Skips up to n bytes; returns how many there were.
  virtual std::uint64_t skip(std::uint64_t n) = 0;
  // True when no byte is left.
  virtual bool at_end() = 0;
};

// The whole file, decompressed when it is gzip.
std::unique_ptr<ByteSource> open_file_source(const InputFile& file);
// `length` bytes of a plain file from `offset` (a stored zip entry).
std::unique_ptr<ByteSource> open_window_source(const std::string& path, std::uint64_t offset,
                                               std::uint64_t length);
// Raw deflate data from `offset` (a deflated zip entry); `name` appears in messages.
std::unique_ptr<ByteSource> open_deflate_source(const std::string& path, std::uint64_t offset,
                                                const std::string& name);

}  // namespace dpt::data
