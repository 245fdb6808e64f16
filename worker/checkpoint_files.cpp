#include "worker/checkpoint_files.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace dpt::checkpoint {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void throw_system_error(const std::string& what, const fs::path& path) {
  throw std::runtime_error("checkpoint: cannot " + what + " " + path.string() + ": " +
                           std::strerror(errno));
}

// A file descriptor closed on every path out of write_durably.
class Fd {
 public:
  Fd(const fs::path& path, int flags) : fd_(::open(path.c_str(), flags | O_CLOEXEC, 0644)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;  // the stop-signal handler may interrupt a write
      throw_system_error("write", path);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::uint64_t hash_of(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace

std::vector<NumberedFile> list_numbered(const fs::path& dir, const std::string& prefix) {
  std::vector<NumberedFile> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  const std::string head = prefix + ".";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= head.size() || name.compare(0, head.size(), head) != 0) continue;
    const std::string_view digits = std::string_view(name).substr(head.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    std::uint64_t step = 0;
    auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), step);
    if (err != std::errc() || end != digits.data() + digits.size()) continue;
    files.push_back({step, entry.path()});
  }
  std::sort(files.begin(), files.end(),
            [](const NumberedFile& a, const NumberedFile& b) { return a.step < b.step; });
  return files;
}

void write_durably(const fs::path& target, std::string_view bytes) {
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  // Hidden name: the data readers and our own listing skip it if a crash leaves it behind.
  std::string hidden_name = target.filename().string();
  hidden_name.insert(0, 1, '.');
  const fs::path temporary = dir / (hidden_name + ".tmp");
  {
    Fd fd(temporary, O_WRONLY | O_CREAT | O_TRUNC);
    if (fd.get() < 0) throw_system_error("create", temporary);
    write_all(fd.get(), bytes, temporary);
    if (::fsync(fd.get()) != 0) throw_system_error("fsync", temporary);
    if (::close(fd.release()) != 0) throw_system_error("close", temporary);
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) throw_system_error("rename to", target);
  // The rename itself lives in the directory: without this fsync a power loss may undo it.
  Fd dir_fd(dir, O_RDONLY | O_DIRECTORY);
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) throw_system_error("fsync directory", dir);
}

void remove_stale_temporaries(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  const std::string head = "." + prefix + ".";
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(head) && name.ends_with(".tmp")) stale.push_back(entry.path());
  }
  for (const auto& path : stale) fs::remove(path);
}

fs::path checksum_path(const fs::path& file) { return fs::path(file.string() + ".sum"); }

std::string checksum_line(std::string_view bytes) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash_of(bytes)));
  return std::string("xxh3 ") + hex + " " + std::to_string(bytes.size()) + "\n";
}

std::string verify(const fs::path& file, std::string_view bytes) {
  std::ifstream in(checksum_path(file));
  if (!in) return "its checksum file " + checksum_path(file).string() + " is missing";
  std::string stored;
  std::getline(in, stored);
  const std::string expected = checksum_line(bytes);
  if (stored + "\n" == expected) return {};
  std::istringstream fields(stored);
  std::string kind, hash;
  std::size_t size = 0;
  if (!(fields >> kind >> hash >> size) || kind != "xxh3")
    return "its checksum file " + checksum_path(file).string() + " is unreadable";
  if (size != bytes.size())
    return "it is truncated or extended: " + std::to_string(bytes.size()) + " bytes, expected " +
           std::to_string(size);
  return "its content does not match its checksum (corrupt)";
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw_system_error("open", file);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw_system_error("read", file);
  return bytes;
}

}  // namespace dpt::checkpoint
