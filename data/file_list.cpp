#include "data/file_list.h"

#include <algorithm>

#include "common/error.h"
#include "data/gzip_stream.h"

namespace dpt::data {
namespace fs = std::filesystem;

namespace {

bool skipped_name(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name.front() == '.' || name.front() == '_';
}

}  // namespace

std::vector<InputFile> list_channel_files(const fs::path& dir) {
  std::vector<InputFile> files;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return files;
  if (fs::is_regular_file(dir, ec)) {
    files.push_back({dir, fs::file_size(dir), is_gzip_file(dir)});
    return files;
  }
  fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec);
  if (ec) throw UserError(at_location(dir.string(), 0, 0, "cannot list the channel: " + ec.message()));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw UserError(at_location(dir.string(), 0, 0, "cannot list the channel: " + ec.message()));
    if (skipped_name(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    files.push_back({it->path(), it->file_size(), false});
  }
  std::sort(files.begin(), files.end(),
            [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  for (InputFile& f : files) f.gzip = is_gzip_file(f.path);
  return files;
}

std::string name_without_gz(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.size() > 3 && name.ends_with(".gz")) name.resize(name.size() - 3);
  return name;
}

}  // namespace dpt::data
