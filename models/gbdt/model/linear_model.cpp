#include "models/gbdt/model/linear_model.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/error.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/objective/objective_transform.h"

namespace dpt::gbdt {

void check_booster(const Model& model, const std::string& source) {
  auto fail = [&](const std::string& what) { throw UserError(source + ": " + what); };
  const std::string& b = model.booster;
  if (b != "gbtree" && b != "dart" && b != "gblinear")
    fail("unknown booster '" + b + "' (gbtree, dart or gblinear)");
  if (b == "dart" && model.weight_drop.size() != model.trees.size())
    fail("dart's weight_drop has " + std::to_string(model.weight_drop.size()) + " entries for " +
         std::to_string(model.trees.size()) + " trees");
  if (b != "dart" && !model.weight_drop.empty()) fail("weight_drop belongs to dart models only");
  if (b != "gblinear" && !model.linear_weights.empty()) fail("linear weights belong to gblinear models only");
  if (b == "gblinear") {
    if (!model.trees.empty()) fail("a gblinear model has no trees");
    const auto expected = static_cast<std::size_t>(model.num_feature + 1) * model.num_groups();
    // An untrained gblinear model is saved with no weights (XGBoost initialises them lazily).
    if (!model.linear_weights.empty() && model.linear_weights.size() != expected)
      fail("gblinear weights has " + std::to_string(model.linear_weights.size()) + " entries, expected (num_feature " +
           std::to_string(model.num_feature) + " + 1) x " + std::to_string(model.num_groups()) + " groups = " +
           std::to_string(expected));
  }
}

void widen_linear_weights(Model& model, std::int64_t old_features) {
  const int groups = model.num_groups();
  const auto nf = static_cast<std::size_t>(model.num_feature);
  std::vector<float> widened((nf + 1) * groups, 0.0f);
  if (!model.linear_weights.empty()) {
    const auto old_nf = static_cast<std::size_t>(old_features);
    for (std::size_t i = 0; i < old_nf * groups; ++i) widened[i] = model.linear_weights[i];
    for (int g = 0; g < groups; ++g)
      widened[linear_bias_index(nf, groups, g)] = model.linear_weights[linear_bias_index(old_nf, groups, g)];
  }
  model.linear_weights = std::move(widened);
}

std::vector<float> linear_margins(const Model& model, const data::Dataset& rows, int nthread) {
  const int groups = model.num_groups();
  const std::size_t n = rows.num_rows, nf = static_cast<std::size_t>(model.num_feature);
  const float base = base_margin(model);
  std::vector<float> margins(n * groups, base);
  if (model.linear_weights.empty() || n == 0) return margins;
  const std::vector<float>& w = model.linear_weights;
  auto work = [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      for (int g = 0; g < groups; ++g) {
        // XGBoost's GBLinear::Pred: psum = bias + base, then += value * weight (float).
        float psum = w[linear_bias_index(nf, groups, g)] + base;
        auto add = [&](std::size_t f, float v) {
          if (f < nf && !std::isnan(v)) psum += v * w[f * groups + g];
        };
        if (rows.dense) {
          const float* row = rows.values.data() + r * rows.num_features;
          for (std::size_t f = 0; f < rows.num_features; ++f) add(f, row[f]);
        } else {
          for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) add(rows.col_index[e], rows.values[e]);
        }
        margins[r * groups + g] = psum;
      }
    }
  };
  const int threads = std::max(1, std::min<int>(nthread, static_cast<int>(n / 10000)));
  if (threads == 1) {
    work(0, n);
    return margins;
  }
  std::vector<std::jthread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, n * t / threads, n * (t + 1) / threads);
  work(0, n / threads);
  return margins;
}

std::vector<float> predict_linear(const Model& model, const data::Dataset& rows, const PredictOptions& options) {
  if (options.iteration_range.first != 0)
    throw UserError("a gblinear model has no prediction range: iteration_range must start at 0");
  std::vector<float> margins = linear_margins(model, rows, options.nthread);
  if (options.output_margin) return margins;
  const std::size_t groups = static_cast<std::size_t>(model.num_groups());
  const OutputTransform transform = output_transform(model.objective);
  const std::size_t width = output_width(model);
  if (width == groups && transform == OutputTransform::identity) return margins;
  std::vector<float> out(rows.num_rows * width);
  for (std::size_t r = 0; r < rows.num_rows; ++r)
    transform_row(transform, std::span<const float>(margins.data() + r * groups, groups),
                  std::span<float>(out.data() + r * width, width));
  return out;
}

std::string linear_booster_json(const Model& model) {
  std::string out = R"({"model":{"boosted_rounds":)" + std::to_string(model.linear_rounds) + R"(,"weights":[)";
  for (std::size_t i = 0; i < model.linear_weights.size(); ++i) {
    if (i) out += ',';
    out += format_float(model.linear_weights[i]);
  }
  out += R"(]},"name":"gblinear"})";
  return out;
}

}  // namespace dpt::gbdt
