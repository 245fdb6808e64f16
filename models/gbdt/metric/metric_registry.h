#pragma once
// Which evaluation metrics exist, their parameters ("error@0.7", "tweedie-nloglik@1.5"), the
// names XGBoost prints for them and which objectives they apply to. The element-wise metrics
// are a table of per-row losses (metrics_elementwise.cpp); a new one is one entry.
#include <optional>
#include <string>
#include <string_view>

namespace dpt::gbdt {

struct ElementwiseMetric {
  enum class Final { mean, root_mean, twice_mean };  // how sum(w * loss) / sum(w) ends
  enum class Param { none, optional, required, huber_slope };
  std::string_view name;
  // The weighted loss of one row in XGBoost's float arithmetic (EvalRow(y, p) * w).
  float (*row)(float label, float prediction, float weight, float param);
  Final final;
  Param param;
  float default_param;
};

// nullptr when `base` (the name without "@param") is not element-wise.
const ElementwiseMetric* find_elementwise_metric(std::string_view base);

struct ParsedMetric {
  std::string base;                   // "error"
  std::optional<float> param;         // 0.7 in "error@0.7"
  std::string display;                // the name XGBoost prints: "error@0.7"; "error" for @0.5
};

// Throws UserError for an unknown metric or a parameter it does not take or cannot read.
ParsedMetric parse_metric(const std::string& name);

// "" when XGBoost 1.7 evaluates `metric` for the objective, else the reason it refuses.
std::string metric_objective_mismatch(const ParsedMetric& metric, bool multiclass_objective);

// Every metric with its meaning, for --help.
std::string metrics_help();

}  // namespace dpt::gbdt
