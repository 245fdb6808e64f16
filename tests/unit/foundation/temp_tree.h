#pragma once
// A temporary /opt/ml-style tree for tests, removed at the end of the test.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace dpt::testing {

class TempTree {
 public:
  TempTree() {
    std::random_device rd;
    root_ = std::filesystem::temp_directory_path() / ("dpt-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(root_ / "input" / "config");
  }
  ~TempTree() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& root() const { return root_; }
  void config(const std::string& name, const std::string& text) const { write("input/config/" + name, text); }
  void channel(const std::string& name) const { std::filesystem::create_directories(root_ / "input" / "data" / name); }
  void write(const std::string& relative, const std::string& text) const {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

 private:
  std::filesystem::path root_;
};

}  // namespace dpt::testing
