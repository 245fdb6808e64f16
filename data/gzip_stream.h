#pragma once
// Streaming decompression (zlib), so a compressed file is never held whole in memory: gzip files
// (concatenated members are read as one stream) and raw deflate data inside a file (zip entries).
// A stream that ends early or is corrupt is a UserError naming the file and the compressed byte
// offset.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dpt::data {

// True when the file starts with the gzip magic bytes (whatever its name).
bool is_gzip_file(const std::filesystem::path& path);

class GzipStream {
 public:
  enum class Wrapper { gzip, raw_deflate };
  // Decompresses from byte `offset` of the file. `name` is what messages call the stream.
  explicit GzipStream(const std::filesystem::path& path, Wrapper wrapper = Wrapper::gzip,
                      std::uint64_t offset = 0, const std::string& name = "");
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // Fills up to n bytes; returns how many. Returns 0 only at the end of the stream.
  std::size_t read(char* out, std::size_t n);
  // Reads exactly n bytes or returns false at the end of the stream (partial reads are lost).
  bool read_exact(char* out, std::size_t n);
  // Discards up to n bytes; returns how many were discarded.
  std::size_t skip(std::size_t n);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace dpt::data
