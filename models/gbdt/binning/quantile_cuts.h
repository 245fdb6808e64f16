#pragma once
// Histogram bin boundaries per feature, computed identically on every rank from a global sample
// of rows chosen by hashing their global row ids (so the cuts do not depend on the sharding).
//
// Bin b of feature f holds values v with cut[b-1] <= v < cut[b]; the last cut lies above every
// value of the feature in the whole training set (sampled or not), so splitting after bin b, the
// last bin included, sends v < cut[b] left, which is XGBoost's `value < split_condition` rule
// exactly: bin_of(v) <= b  <=>  v < cut[b] for every training value. Splitting after the last
// bin is the "present vs missing" split (XGBoost's enumeration offers it too); it needs a finite
// last cut, which a feature whose largest value is FLT_MAX or +inf cannot have. Missing values
// have no bin.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"

namespace dpt::gbdt {

struct Cuts {
  std::vector<std::uint32_t> offsets{0};  // feature f's bins are [offsets[f], offsets[f+1])
  std::vector<float> values;              // one upper bound per bin
  // Per feature, 1 where it is categorical: bin b holds the category code b, whose upper bound is
  // b + 1 (categories.h); empty when no feature is.
  std::vector<std::uint8_t> categorical;

  std::size_t num_features() const { return offsets.size() - 1; }
  std::uint32_t total_bins() const { return offsets.back(); }
  std::uint32_t num_bins(std::size_t f) const { return offsets[f + 1] - offsets[f]; }
  bool is_categorical(std::size_t f) const { return !categorical.empty() && categorical[f] != 0; }
  std::uint32_t max_bins_per_feature() const;
  // Bin of v within feature f (v not NaN): the first cut above v, clamped to the last bin.
  std::uint32_t bin_of(std::size_t f, float v) const;
  float cut(std::size_t f, std::uint32_t bin) const { return values[offsets[f] + bin]; }
};

// Upper bounds for one feature from its sorted sample values (may be empty). `largest` is the
// feature's largest value over all rows, when some were not sampled; the last cut lies above it.
std::vector<float> feature_cuts(std::span<const float> sorted_values, int max_bin,
                                float largest = -std::numeric_limits<float>::infinity());

// A cut above `v`: finite where a float above v exists (XGBoost's v + |v| + 1 rule, or the next
// float where that overflows), +inf otherwise.
float cut_above(float v);

// Expected number of sampled rows; every row of a smaller set is sampled.
inline constexpr std::uint64_t kCutSampleRows = 200000;

// Collective: every rank contributes its sampled rows and gets the same cuts.
Cuts compute_cuts(Communicator& comm, const data::Dataset& rows, int max_bin,
                  std::uint64_t sample_rows = kCutSampleRows);

}  // namespace dpt::gbdt
