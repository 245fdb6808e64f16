#include "common/allocator_tuning.h"

#include <malloc.h>

namespace dpt {

void keep_freed_memory_for_reuse() {
  constexpr int kLargestMmapThreshold = 32 << 20;  // glibc's DEFAULT_MMAP_THRESHOLD_MAX (64-bit)
  mallopt(M_MMAP_THRESHOLD, kLargestMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // never shrink the heap between steps
  mallopt(M_TOP_PAD, 64 << 20);        // grow it in large steps
}

}  // namespace dpt
