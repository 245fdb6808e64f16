#include "data/gzip_stream.h"

#include <zlib.h>

#include <array>
#include <cstring>
#include <fstream>

#include "common/error.h"

namespace dpt::data {

bool is_gzip_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  return in.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

struct GzipStream::State {
  std::string name;
  bool multi_member = true;
  std::ifstream file;
  z_stream zs{};
  std::vector<unsigned char> input = std::vector<unsigned char>(1 << 20);
  std::uint64_t compressed_read = 0;
  bool member_done = false;  // the last inflate() call ended a gzip member
  bool finished = false;

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(at_location(name, 0, 0, what));
  }
  bool refill() {
    file.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()));
    const auto got = static_cast<std::size_t>(file.gcount());
    zs.next_in = input.data();
    zs.avail_in = static_cast<uInt>(got);
    compressed_read += got;
    return got > 0;
  }
};

GzipStream::GzipStream(const std::filesystem::path& path, Wrapper wrapper, std::uint64_t offset,
                       const std::string& name)
    : state_(std::make_unique<State>()) {
  state_->name = name.empty() ? path.string() : name;
  state_->multi_member = wrapper == Wrapper::gzip;
  state_->file.open(path, std::ios::binary);
  if (!state_->file) state_->fail("cannot open for reading");
  state_->file.seekg(static_cast<std::streamoff>(offset));
  // 15 + 16: gzip wrapper only, largest window; -15: raw deflate.
  if (inflateInit2(&state_->zs, wrapper == Wrapper::gzip ? 15 + 16 : -15) != Z_OK) {
    state_->fail("cannot start zlib");
  }
}

GzipStream::~GzipStream() { inflateEnd(&state_->zs); }

std::size_t GzipStream::read(char* out, std::size_t n) {
  State& s = *state_;
  if (s.finished || n == 0) return 0;
  s.zs.next_out = reinterpret_cast<unsigned char*>(out);
  s.zs.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
  const uInt want = s.zs.avail_out;
  while (s.zs.avail_out > 0) {
    if (s.member_done && !s.multi_member) {  // raw deflate: what follows is not ours
      s.finished = true;
      break;
    }
    if (s.zs.avail_in == 0 && !s.refill()) {
      if (s.member_done) {
        s.finished = true;
        break;
      }
      s.fail("truncated gzip stream: it ends after " + std::to_string(s.compressed_read) +
             " compressed bytes, before the end of the compressed data");
    }
    if (s.member_done) {
      // Another gzip member follows the finished one (as `cat a.gz b.gz` makes).
      inflateReset(&s.zs);
      s.member_done = false;
    }
    const int rc = inflate(&s.zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      s.member_done = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      s.fail(std::string("corrupt gzip stream near compressed byte ") +
             std::to_string(s.compressed_read - s.zs.avail_in) + ": " +
             (s.zs.msg != nullptr ? s.zs.msg : "inflate failed"));
    }
  }
  return want - s.zs.avail_out;
}

bool GzipStream::read_exact(char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const std::size_t got = read(out + done, n - done);
    if (got == 0) return false;
    done += got;
  }
  return true;
}

std::size_t GzipStream::skip(std::size_t n) {
  std::array<char, 1 << 16> scratch;
  std::size_t done = 0;
  while (done < n) {
    const std::size_t got = read(scratch.data(), std::min(scratch.size(), n - done));
    if (got == 0) break;
    done += got;
  }
  return done;
}

}  // namespace dpt::data
