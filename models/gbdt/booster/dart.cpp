#include "models/gbdt/booster/dart.h"

#include "models/gbdt/binning/hashing.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/model/tree_walk.h"

namespace dpt::gbdt {
namespace {

constexpr std::uint64_t kDartSalt = 0x646172742d64726fULL;
constexpr std::uint64_t kSkipDraw = ~std::uint64_t{0};
constexpr std::uint64_t kOneDropDraw = ~std::uint64_t{1};

}  // namespace

std::vector<std::size_t> DartDropout::drop(std::int64_t round, const std::vector<float>& weight_drop) const {
  const std::uint64_t key = hash_combine(hash_combine(seed_, kDartSalt), static_cast<std::uint64_t>(round));
  auto uniform = [&](std::uint64_t draw) { return unit_interval(hash_combine(key, draw)); };
  std::vector<std::size_t> dropped;
  // XGBoost's parameters are floats: compare in its precision.
  const float rate_drop = static_cast<float>(params_.rate_drop);
  const float skip_drop = static_cast<float>(params_.skip_drop);
  if (skip_drop > 0.0f && uniform(kSkipDraw) < skip_drop) return dropped;
  const std::size_t n = weight_drop.size();
  if (params_.sample_type == DartParams::Sample::weighted) {
    float sum_weight = 0.0f;
    for (float w : weight_drop) sum_weight += w;
    for (std::size_t i = 0; i < n; ++i)
      if (uniform(i) < rate_drop * static_cast<float>(n) * weight_drop[i] / sum_weight) dropped.push_back(i);
    if (params_.one_drop && dropped.empty() && n > 0) {
      // One tree in proportion to its weight (XGBoost's discrete_distribution over weight_drop).
      double total = 0;
      for (float w : weight_drop) total += w;
      const double target = uniform(kOneDropDraw) * total;
      double cumulative = 0;
      std::size_t pick = n - 1;
      for (std::size_t i = 0; i < n; ++i) {
        cumulative += weight_drop[i];
        if (target < cumulative) {
          pick = i;
          break;
        }
      }
      dropped.push_back(pick);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i)
      if (uniform(i) < rate_drop) dropped.push_back(i);
    if (params_.one_drop && dropped.empty() && n > 0)
      dropped.push_back(static_cast<std::size_t>(hash_combine(key, kOneDropDraw) % n));
  }
  return dropped;
}

void DartDropout::normalize(std::span<const std::size_t> dropped, std::size_t new_trees,
                            std::vector<float>& weight_drop) const {
  // XGBoost 1.7's arithmetic, float where it keeps floats.
  const float lr = static_cast<float>(1.0 * eta_ / static_cast<double>(new_trees));
  const std::size_t num_drop = dropped.size();
  if (num_drop == 0) {
    weight_drop.insert(weight_drop.end(), new_trees, 1.0f);
    return;
  }
  if (params_.normalize_type == DartParams::Normalize::forest) {
    const float factor = static_cast<float>(1.0 / (1.0 + lr));
    for (std::size_t i : dropped) weight_drop[i] *= factor;
    weight_drop.insert(weight_drop.end(), new_trees, factor);
  } else {
    const float factor = static_cast<float>(1.0 * static_cast<double>(num_drop) / (static_cast<double>(num_drop) + lr));
    for (std::size_t i : dropped) weight_drop[i] *= factor;
    weight_drop.insert(weight_drop.end(), new_trees, static_cast<float>(1.0 / (static_cast<double>(num_drop) + lr)));
  }
}

std::vector<float> dart_margins(const Model& model, const data::Dataset& rows,
                                std::span<const std::size_t> dropped, int nthread) {
  const int groups = model.num_groups();
  std::vector<float> margins(rows.num_rows * groups, base_margin(model));
  // A dropped tree weighs 0 here: adding leaf * 0 leaves a margin's value as skipping it does.
  std::vector<float> weights = model.weight_drop;
  for (std::size_t i : dropped) weights[i] = 0.0f;
  add_trees_margins(model.trees, model.tree_info, rows, margins, groups, nthread, weights);
  return margins;
}

std::string dart_booster_json_tail(const Model& model) {
  std::string out = R"(,"name":"dart","weight_drop":[)";
  for (std::size_t i = 0; i < model.weight_drop.size(); ++i) {
    if (i) out += ',';
    out += format_float(model.weight_drop[i]);
  }
  return out + "]}";
}

}  // namespace dpt::gbdt
