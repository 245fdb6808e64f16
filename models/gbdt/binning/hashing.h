#pragma once
// Stateless hashing for decisions that must not depend on how rows are split over ranks:
// which rows enter the quantile sample, which rows a tree subsamples, which seed a tree's column
// sampler starts from. Every rank computes the same value for the same (seed, ..., row id).
#include <cstdint>

namespace dpt::gbdt {

// SplitMix64's finaliser: a bijective, well-mixed 64-bit hash.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b) { return mix64(a ^ mix64(b)); }

// A uniform number in [0, 1) from a hash (53 significant bits).
constexpr double unit_interval(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

}  // namespace dpt::gbdt
