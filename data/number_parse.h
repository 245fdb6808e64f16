#pragma once
// Number parsing for the text readers: no allocation, no locale, no exceptions.
#include <charconv>
#include <cstdint>

namespace dpt::data {

// Parses a decimal float at p (p < end). Returns the first byte after it, or nullptr when no
// number starts at p. Plain integers (the common case in pixel and count data) take a fast path;
// anything else goes to std::from_chars, which rounds correctly.
inline const char* parse_float(const char* p, const char* end, float* out) {
  if (*p == '+') {  // from_chars refuses a leading '+'
    ++p;
    if (p == end || *p == '+' || *p == '-') return nullptr;
  }
  const char* start = p;
  bool negative = false;
  if (p < end && *p == '-') {
    negative = true;
    ++p;
  }
  const char* digits = p;
  std::uint64_t v = 0;
  while (p < end && p - digits < 18 && static_cast<unsigned char>(*p - '0') < 10) {
    v = v * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  if (p > digits &&
      (p == end || (*p != '.' && *p != 'e' && *p != 'E' && static_cast<unsigned char>(*p - '0') >= 10))) {
    // An integer of at most 18 digits is exact in uint64; the conversion rounds to nearest.
    *out = negative ? -static_cast<float>(v) : static_cast<float>(v);
    return p;
  }
  const auto [next, ec] = std::from_chars(start, end, *out);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value unset for overflow/underflow: keep the sign of the infinity /
    // a zero, as strtof would.
    double d = 0;
    std::from_chars(start, end, d);
    *out = static_cast<float>(d);
    return next;
  }
  if (ec != std::errc()) return nullptr;
  return next;
}

}  // namespace dpt::data
