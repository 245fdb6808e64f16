#pragma once
// Giving a vector's memory back. `v = {}` does not: it picks vector's initializer_list
// assignment, which only clears (the capacity stays allocated), and `v.clear()` keeps it too.
#include <vector>

namespace dpt {

template <class T, class A>
void free_storage(std::vector<T, A>& v) {
  std::vector<T, A>().swap(v);
}

}  // namespace dpt
