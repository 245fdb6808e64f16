#pragma once
// Fixed-point sums: values are scaled by a power of two chosen from the global maximum and row
// count, rounded to int64 and added. Integer addition is exact and associative, so the sum is
// the same for any number of ranks, threads or order of additions.
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "collective/communicator.h"

namespace dpt::gbdt {

// The largest power of two 2^k with count * max_abs * 2^k <= 2^62 (1 when max_abs is 0).
inline double fixed_point_scale(double max_abs, std::uint64_t count) {
  if (!(max_abs > 0) || count == 0) return 1.0;
  int exponent = 0;
  std::frexp(max_abs * static_cast<double>(count), &exponent);  // max*count < 2^exponent
  return std::ldexp(1.0, 62 - exponent);
}

inline std::int64_t to_fixed(double value, double scale) { return std::llround(value * scale); }

// The largest power of two 2^k with count * (max_abs * 2^k + 1/2) < 2^31: every rounded value
// is then at most max_abs * 2^k + 1/2 in magnitude, so the sum of any `count` of them fits in a
// signed 32-bit half (packed histograms, histogram.h). 1 when max_abs is 0.
inline double packed_fixed_point_scale(double max_abs, std::uint64_t count) {
  if (!(max_abs > 0) || count == 0) return 1.0;
  double scale = std::ldexp(fixed_point_scale(max_abs, count), -31);  // count * max_abs * scale < 2^31
  const double limit = std::ldexp(1.0, 31);
  while (static_cast<double>(count) * (max_abs * scale + 0.5) >= limit) scale /= 2;
  return scale;
}

// Global sums of `width` columns of row-major local values [rows x width], independent of how
// rows are split over ranks. Collective. A non-finite value makes its column's sum NaN.
std::vector<double> exact_global_sums(Communicator& comm, std::span<const double> values,
                                      std::size_t width);

}  // namespace dpt::gbdt
