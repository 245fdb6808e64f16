#pragma once
// Categorical features, as XGBoost 1.7's hist method treats them (enable_categorical): which
// columns are categorical, what values they may hold, their bins, and where a categorical split
// sends a value.
//
// * Values are category codes: non-negative integers below 2^24 (XGBoost refuses negative and
//   larger ones; it truncates a fraction, we refuse it). Missing stays missing.
// * Bin b of a categorical feature holds the code b: the feature has max code + 1 bins (over
//   every training row, whatever max_bin), as XGBoost's cuts 0..max code. Its upper bounds are
//   b + 1, so Cuts::bin_of gives the code without a special case.
// * A split keeps the set of codes that go RIGHT (XGBoost stores the same set, and its Decision
//   sends a value left when it is not in the set): a code outside the set, never seen in
//   training, negative or too large goes left; missing follows default_left.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/binning/quantile_cuts.h"

namespace dpt::gbdt {

// XGBoost's OutOfRangeCat: the first float code that is not a valid category.
inline constexpr float kCategoryLimit = 16777216.0f;

// A set of category codes as bits: code c is bit c % 64 of word c / 64.
inline bool has_category(std::span<const std::uint64_t> bits, std::uint32_t code) {
  return code / 64 < bits.size() && ((bits[code / 64] >> (code % 64)) & 1u) != 0;
}
inline void add_category(std::vector<std::uint64_t>& bits, std::uint32_t code) {
  if (bits.size() <= code / 64) bits.resize(code / 64 + 1, 0);
  bits[code / 64] |= std::uint64_t{1} << (code % 64);
}
inline std::size_t category_words(std::uint32_t num_codes) { return (num_codes + 63) / 64; }

// Where a present value goes at a categorical split (XGBoost's Decision, common/categorical.h):
// right when its code is in the set; its integer part is the code, as XGBoost truncates.
inline bool category_goes_right(std::span<const std::uint64_t> bits, float v) {
  if (!(v >= 0.0f) || v >= kCategoryLimit) return false;
  return has_category(bits, static_cast<std::uint32_t>(v));
}

// The same on a node's sorted codes (RegTree::categories).
inline bool code_goes_right(std::span<const std::int32_t> codes, float v) {
  if (!(v >= 0.0f) || v >= kCategoryLimit) return false;
  return std::binary_search(codes.begin(), codes.end(), static_cast<std::int32_t>(v));
}

// The categorical_features hyperparameter as feature indices (ascending, no repeats): each
// entry a 0-based feature index (features only: label, weight and qid columns do not count), or
// a name from `feature_names` where the data names its columns. UserError naming the entry.
std::vector<std::int32_t> resolve_categorical_features(std::span<const std::string> given,
                                                       std::size_t num_features,
                                                       std::span<const std::string> feature_names = {});

// Checks every present value of the categorical features. Collective: every rank returns the
// same text, "" or a message naming the channel, the first bad row (1-based over the channel's
// files in sorted order), the feature and the value.
std::string check_category_values(Communicator& comm, const data::Dataset& rows,
                                  std::span<const std::int32_t> features);

// Makes `features` categorical in `cuts` (computed from the same rows): max code + 1 bins each,
// the max over every rank's rows. Collective.
void make_categorical_cuts(Communicator& comm, const data::Dataset& rows,
                           std::span<const std::int32_t> features, Cuts& cuts);

// Training with categorical features: resolves `given` (TrainParams::categorical_features) on
// the training rows, makes those features categorical in `cuts` and marks them "c" in the
// model's feature_types ("q" the others), as XGBoost saves a model trained on such a DMatrix.
// Nothing when `given` is empty. Collective.
void apply_categorical_features(Communicator& comm, std::span<const std::string> given,
                                const data::Dataset& train, Cuts& cuts, Model& model);

// Checks a job's categorical features before training, on every rank alike: `given` resolves
// on the training rows, and a model to continue from marks the same features "c" (or none).
// "" or the reason.
std::string categorical_job_mismatch(std::span<const std::string> given, std::size_t num_features,
                                     const Model& start);

// The set of codes `bits` holds, ascending (XGBoost's JSON "categories" of a node).
std::vector<std::int32_t> category_codes(std::span<const std::uint64_t> bits);

}  // namespace dpt::gbdt
