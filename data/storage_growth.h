#pragma once
// Reserving storage for rows about to be parsed. Ranges are counted first (a fast memchr pass),
// so a single range is stored without reallocation; several ranges grow by half at least, never
// by a constant, so appending stays linear.
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dpt::data {

// Asks for transparent huge pages on a large fresh buffer: filling a 200 MB matrix otherwise
// costs ~50k page faults, more than the parsing itself. Only a hint; ignored where unsupported.
inline void advise_huge_pages(void* data, std::size_t bytes) {
  constexpr std::uintptr_t kPage = 4096;
  if (bytes < (std::size_t{8} << 20)) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kPage - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

template <class T>
void grow_for(std::vector<T>& v, std::size_t extra) {
  const std::size_t need = v.size() + extra;
  if (need <= v.capacity()) return;
  v.reserve(v.empty() ? need : std::max(need, v.capacity() + v.capacity() / 2));
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// Lines in [begin, end), counting a last line without '\n'.
inline std::size_t count_lines(const char* begin, const char* end) {
  std::size_t n = 0;
  for (const char* p = begin; p < end; ++n) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) return n + 1;
    p = static_cast<const char*>(nl) + 1;
  }
  return n;
}

}  // namespace dpt::data
