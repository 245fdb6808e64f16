#pragma once
// The files of a channel: every regular file under its directory (recursively), skipping files
// and folders whose names start with '.' or '_' (SageMaker manifests, _SUCCESS markers, hidden
// files), in sorted path order so every rank sees the same sequence.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dpt::data {

struct InputFile {
  std::filesystem::path path;
  std::uint64_t size = 0;  // bytes on disk (compressed size for gzip)
  bool gzip = false;       // decided by the magic bytes, not the name
};

// A missing directory gives an empty list (the loader decides whether that is an error).
// A path naming one file gives that file.
std::vector<InputFile> list_channel_files(const std::filesystem::path& dir);

// The file name without a trailing ".gz", used to recognise formats and pair IDX/NumPy files.
std::string name_without_gz(const std::filesystem::path& path);

}  // namespace dpt::data
