#include "models/gbdt/binning/categories.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "common/error.h"

namespace dpt::gbdt {
namespace {

bool valid_code(float v) { return v >= 0.0f && v < kCategoryLimit && v == std::floor(v); }

std::string format_value(float v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// Calls visit(row, feature, value) for every present value of the flagged features, rows in order.
template <class Visit>
void for_each_categorical_value(const data::Dataset& rows, const std::vector<std::uint8_t>& flagged, Visit&& visit) {
  const std::size_t nf = rows.num_features;
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    if (rows.dense) {
      const float* row = rows.values.data() + r * nf;
      for (std::size_t f = 0; f < nf; ++f) {
        if (flagged[f] && !std::isnan(row[f]) && !visit(r, f, row[f])) return;
      }
    } else {
      for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) {
        const std::size_t f = rows.col_index[e];
        if (flagged[f] && !std::isnan(rows.values[e]) && !visit(r, f, rows.values[e])) return;
      }
    }
  }
}

std::vector<std::uint8_t> flags_of(std::span<const std::int32_t> features, std::size_t num_features) {
  std::vector<std::uint8_t> flagged(num_features, 0);
  for (const std::int32_t f : features) {
    if (static_cast<std::size_t>(f) < num_features) flagged[static_cast<std::size_t>(f)] = 1;
  }
  return flagged;
}

}  // namespace

std::vector<std::int32_t> resolve_categorical_features(std::span<const std::string> given,
                                                       std::size_t num_features,
                                                       std::span<const std::string> feature_names) {
  std::vector<std::int32_t> out;
  for (const std::string& entry : given) {
    if (entry.empty()) continue;  // "0,,3" or a trailing comma
    std::int64_t index = -1;
    const auto [end, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), index);
    if (ec == std::errc() && end == entry.data() + entry.size()) {
      if (index < 0 || static_cast<std::uint64_t>(index) >= num_features)
        throw UserError("categorical_features: feature " + entry + " does not exist: the training data has " +
                        std::to_string(num_features) + " features, 0.." + std::to_string(num_features - 1) +
                        " (0 is the first feature column, after the label and any weight or qid column)");
      out.push_back(static_cast<std::int32_t>(index));
      continue;
    }
    const auto named = std::find(feature_names.begin(), feature_names.end(), entry);
    if (named == feature_names.end())
      throw UserError("categorical_features: '" + entry + "' is not a feature index" +
                      (feature_names.empty() ? std::string(" (give 0-based feature indices, e.g. 0,3,7; the "
                                                           "data has no column names)")
                                             : std::string(" nor a column name of the data")));
    out.push_back(static_cast<std::int32_t>(named - feature_names.begin()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string check_category_values(Communicator& comm, const data::Dataset& rows,
                                  std::span<const std::int32_t> features) {
  constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t first_row = kNone, feature = kNone, bits = kNone;
  if (!features.empty() && rows.num_features > 0) {
    for_each_categorical_value(rows, flags_of(features, rows.num_features), [&](std::size_t r, std::size_t f, float v) {
      if (first_row != kNone && rows.row_id(r) != first_row) return false;  // past the first bad row
      if (valid_code(v) || (first_row != kNone && f > feature)) return true;
      first_row = rows.row_id(r);  // the lowest bad feature of the first bad row
      feature = f;
      bits = std::bit_cast<std::uint32_t>(v);
      return true;
    });
  }
  // The first bad row over all ranks, then its feature and value from the rank that holds it.
  const std::uint64_t global_first = comm.allreduce_value(first_row, ReduceOp::min);
  if (global_first == kNone) return "";
  std::uint64_t detail[2] = {kNone, kNone};
  if (first_row == global_first) {
    detail[0] = feature;
    detail[1] = bits;
  }
  comm.allreduce(std::span<std::uint64_t>(detail), ReduceOp::min);
  const float value = std::bit_cast<float>(static_cast<std::uint32_t>(detail[1]));
  return "channel '" + rows.channel + "', row " + std::to_string(global_first + 1) + " (of its files in sorted order), feature " +
         std::to_string(detail[0]) + " (categorical_features): " + format_value(value) +
         " is not a category code; categorical values must be integers in 0.." +
         std::to_string(static_cast<std::int64_t>(kCategoryLimit) - 1) +
         " (as XGBoost requires; encode the categories as codes first), or missing";
}

void make_categorical_cuts(Communicator& comm, const data::Dataset& rows,
                           std::span<const std::int32_t> features, Cuts& cuts) {
  const std::size_t nf = cuts.num_features();
  const std::vector<std::uint8_t> flagged = flags_of(features, nf);
  // Every row counts (not a sample): a category seen once still gets its bin, as in XGBoost.
  std::vector<float> largest(nf, -1.0f);
  if (rows.num_features == nf) {
    for_each_categorical_value(rows, flagged, [&](std::size_t, std::size_t f, float v) {
      largest[f] = std::max(largest[f], v);
      return true;
    });
  }
  comm.allreduce(std::span<float>(largest), ReduceOp::max);
  Cuts out;
  out.categorical = flagged;
  out.offsets.reserve(nf + 1);
  for (std::size_t f = 0; f < nf; ++f) {
    if (flagged[f]) {
      // Codes 0..max, bin b's upper bound b + 1 (exact: codes are below 2^24). A feature without
      // values keeps one empty bin.
      const auto bins = static_cast<std::uint32_t>(std::max(largest[f], 0.0f)) + 1;
      if (out.values.size() + bins > std::numeric_limits<std::int32_t>::max())
        throw UserError("categorical_features: feature " + std::to_string(f) + " has codes up to " +
                        format_value(largest[f]) + "; the histograms of all features would exceed 2^31 bins");
      for (std::uint32_t b = 1; b <= bins; ++b) out.values.push_back(static_cast<float>(b));
    } else {
      out.values.insert(out.values.end(), cuts.values.begin() + cuts.offsets[f], cuts.values.begin() + cuts.offsets[f + 1]);
    }
    out.offsets.push_back(static_cast<std::uint32_t>(out.values.size()));
  }
  cuts = std::move(out);
}

namespace {

std::vector<std::string> feature_types_for(std::span<const std::int32_t> features, std::size_t num_features) {
  std::vector<std::string> types(num_features, "q");
  for (const std::int32_t f : features) types[static_cast<std::size_t>(f)] = "c";
  return types;
}

}  // namespace

void apply_categorical_features(Communicator& comm, std::span<const std::string> given,
                                const data::Dataset& train, Cuts& cuts, Model& model) {
  if (given.empty()) return;
  const std::vector<std::int32_t> features = resolve_categorical_features(given, train.num_features);
  if (features.empty()) return;
  make_categorical_cuts(comm, train, features, cuts);
  model.feature_types = feature_types_for(features, static_cast<std::size_t>(std::max<std::int64_t>(model.num_feature, 0)));
}

std::string categorical_job_mismatch(std::span<const std::string> given, std::size_t num_features,
                                     const Model& start) {
  std::vector<std::int32_t> features;
  try {
    features = resolve_categorical_features(given, num_features);
  } catch (const UserError& e) {
    return e.what();
  }
  std::vector<std::int32_t> before;
  for (std::size_t f = 0; f < start.feature_types.size(); ++f) {
    if (start.feature_types[f] == "c") before.push_back(static_cast<std::int32_t>(f));
  }
  bool categorical_splits = false;
  for (const RegTree& tree : start.trees) categorical_splits = categorical_splits || !tree.categories.empty();
  if (before == features) return "";
  if (before.empty() && !categorical_splits) return "";  // a numerical model: features may become categorical
  auto list = [](const std::vector<std::int32_t>& v) {
    std::string out;
    for (const std::int32_t f : v) out += (out.empty() ? "" : ",") + std::to_string(f);
    return out.empty() ? std::string("none") : out;
  };
  return "the model to continue from has categorical features " + list(before) + ", this job " + list(features) +
         " (categorical_features must name the same features to continue training)";
}

std::vector<std::int32_t> category_codes(std::span<const std::uint64_t> bits) {
  std::vector<std::int32_t> codes;
  for (std::size_t w = 0; w < bits.size(); ++w) {
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      codes.push_back(static_cast<std::int32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word))));
    }
  }
  return codes;
}

}  // namespace dpt::gbdt
