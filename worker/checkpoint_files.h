#pragma once
// File-level pieces of the checkpoint store, free of any collective: durable writes (temporary
// name, fsync, rename, fsync of the directory), the checksum file beside each checkpoint, and the
// numeric listing of `<prefix>.<step>` files.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dpt::checkpoint {

struct NumberedFile {
  std::uint64_t step = 0;
  std::filesystem::path path;
};

// `<prefix>.<digits>` files in `dir`, oldest first by the number (so `.10` comes after `.9`).
// Other names (checksum files, temporaries, other prefixes) are ignored. A missing dir is empty.
std::vector<NumberedFile> list_numbered(const std::filesystem::path& dir, const std::string& prefix);

// Writes `bytes` to `target` so that a crash at any moment leaves either the old state or the
// complete new file: a hidden temporary in the same directory, fsync, rename, fsync of the
// directory. Throws std::runtime_error naming the file and the system error.
void write_durably(const std::filesystem::path& target, std::string_view bytes);

// Removes temporaries of `<prefix>.*` files that a process killed mid-write left behind (they
// would otherwise pile up, and be uploaded by SageMaker's checkpoint sync).
void remove_stale_temporaries(const std::filesystem::path& dir, const std::string& prefix);

// The checksum file beside a checkpoint: `<file>.sum`.
std::filesystem::path checksum_path(const std::filesystem::path& file);

// One line `xxh3 <16 hex digits of XXH3-64> <size in bytes>`: catches both flipped bytes and truncation.
std::string checksum_line(std::string_view bytes);

// Empty when `bytes` match the checksum file beside `file`, otherwise why not (missing checksum
// file, size differs, hash differs), for a warning a person can read.
std::string verify(const std::filesystem::path& file, std::string_view bytes);

std::string read_file(const std::filesystem::path& file);

}  // namespace dpt::checkpoint
