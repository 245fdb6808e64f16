#include "worker/outcome.h"

#include <fstream>
#include <system_error>

#include <unistd.h>

namespace dpt {

bool write_outcome_file(const std::filesystem::path& output_dir, const std::string& name, const std::string& text) {
  std::error_code ec;
  // Create <root>/output, but never a whole tree under a mistyped --sm-root.
  if (!std::filesystem::is_directory(output_dir.parent_path(), ec)) return false;
  std::filesystem::create_directories(output_dir, ec);
  const auto final_path = output_dir / name;
  // Several local ranks may fail at once: each writes its own temporary file.
  const auto temp_path = output_dir / ("." + name + "." + std::to_string(::getpid()) + ".tmp");
  {
    std::ofstream out(temp_path, std::ios::trunc);
    if (!(out << text << (text.ends_with('\n') ? "" : "\n"))) return false;
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) return false;
  // A verdict replaces the other one an earlier run of the same tree may have left.
  std::filesystem::remove(output_dir / (name == "failure" ? "success" : "failure"), ec);
  return true;
}

void create_output_dirs(const std::filesystem::path& model_dir, const std::filesystem::path& output_dir,
                        const std::filesystem::path& output_data_dir) {
  for (const auto& dir : {model_dir, output_dir, output_data_dir}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw UserError(dir.string() + ": cannot create the directory: " + ec.message());
  }
}

void clear_outcome_files(const std::filesystem::path& output_dir) {
  std::error_code ignored;
  std::filesystem::remove(output_dir / "success", ignored);
  std::filesystem::remove(output_dir / "failure", ignored);
}

}  // namespace dpt
