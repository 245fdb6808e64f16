#pragma once
// Reserving storage for rows about to be parsed. Ranges are counted first (a fast memchr pass),
// so a single range is stored without reallocation; several ranges grow by half at least, never
// by a constant, so appending stays linear.
#include <cstddef>
#include <cstring>
#include <vector>

namespace dpt::data {

template <class T>
void grow_for(std::vector<T>& v, std::size_t extra) {
  const std::size_t need = v.size() + extra;
  if (need <= v.capacity()) return;
  v.reserve(v.empty() ? need : std::max(need, v.capacity() + v.capacity() / 2));
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
