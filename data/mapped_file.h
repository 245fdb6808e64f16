#pragma once
// A read-only memory map of a whole file. Text readers parse straight from the page cache: no
// copy of the file, and a rank touches only the pages of its own byte range.
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace dpt::data {

class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path);  // UserError when it cannot be read
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace dpt::data
