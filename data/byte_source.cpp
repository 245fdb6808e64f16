#include "data/byte_source.h"

#include <fstream>

#include "common/error.h"
#include "data/gzip_stream.h"

namespace dpt::data {
namespace {

class WindowSource final : public ByteSource {
 public:
  WindowSource(const std::string& path, std::uint64_t offset, std::uint64_t length)
      : in_(path, std::ios::binary), left_(length) {
    if (!in_) throw UserError(at_location(path, 0, 0, "cannot open for reading"));
    in_.seekg(static_cast<std::streamoff>(offset));
  }
  bool read_exact(char* out, std::uint64_t n) override {
    if (n > left_) return false;
    in_.read(out, static_cast<std::streamsize>(n));
    if (static_cast<std::uint64_t>(in_.gcount()) != n) return false;
    left_ -= n;
    return true;
  }
  std::uint64_t skip(std::uint64_t n) override {
    n = std::min(n, left_);
    in_.seekg(static_cast<std::streamoff>(n), std::ios::cur);
    left_ -= n;
    return n;
  }
  bool at_end() override { return left_ == 0; }

 private:
  std::ifstream in_;
  std::uint64_t left_;
};

class InflateSource final : public ByteSource {
 public:
  template <class... A>
  explicit InflateSource(A&&... args) : stream_(std::forward<A>(args)...) {}
  bool read_exact(char* out, std::uint64_t n) override { return stream_.read_exact(out, n); }
  std::uint64_t skip(std::uint64_t n) override { return stream_.skip(n); }
  bool at_end() override {
    char c;
    return stream_.read(&c, 1) == 0;
  }

 private:
  GzipStream stream_;
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const InputFile& file) {
  if (file.gzip) return std::make_unique<InflateSource>(file.path);
  return std::make_unique<WindowSource>(file.path.string(), 0, file.size);
}

std::unique_ptr<ByteSource> open_window_source(const std::string& path, std::uint64_t offset,
                                               std::uint64_t length) {
  return std::make_unique<WindowSource>(path, offset, length);
}

std::unique_ptr<ByteSource> open_deflate_source(const std::string& path, std::uint64_t offset,
                                                const std::string& name) {
  return std::make_unique<InflateSource>(path, GzipStream::Wrapper::raw_deflate, offset, name);
}

}  // namespace dpt::data
