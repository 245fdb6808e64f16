// XGBoost 1.7's element-wise metrics (src/metric/elementwise_metric.cu) and metric names
// (src/metric/metric.cc): a row's loss is computed in float and weighted in float, as XGBoost
// does, before the exact global sum.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "common/error.h"
#include "models/gbdt/metric/metric_registry.h"

namespace dpt::gbdt {
namespace {

constexpr float kRtEps = 1e-6f;

float rmse(float y, float p, float w, float) { const float d = y - p; return d * d * w; }
float rmsle(float y, float p, float w, float) {
  const float d = std::log1p(y) - std::log1p(p);
  return d * d * w;
}
float mae(float y, float p, float w, float) { return std::abs(y - p) * w; }
float mape(float y, float p, float w, float) { return std::abs((y - p) / y) * w; }

float logloss(float y, float py, float w, float) {
  auto xlogy = [](float x, float v) {
    const float eps = 1e-16f;
    return (x - 0.0f == 0.0f) ? 0.0f : (x * std::log(std::max(v, eps)));
  };
  const float pneg = 1.0f - py;
  return (xlogy(-y, py) + xlogy(-(1.0f - y), pneg)) * w;
}

float error(float y, float p, float w, float threshold) { return (p > threshold ? 1.0f - y : y) * w; }

float mphe(float y, float p, float w, float slope) {
  const float a = y - p;
  const float r = a / slope;
  return slope * slope * (std::sqrt(1 + r * r) - 1) * w;
}

float poisson_nloglik(float y, float py, float w, float) {
  const float eps = 1e-16f;
  if (py < eps) py = eps;
  return (std::lgamma(y + 1.0f) + py - std::log(py) * y) * w;
}

float gamma_deviance(float y, float p, float w, float) {
  p += kRtEps;
  y += kRtEps;
  return (std::log(p / y) + y / p - 1) * w;
}

float gamma_nloglik(float y, float py, float w, float) {
  py = std::max(py, 1e-6f);
  const float theta = static_cast<float>(-1. / py);
  const float b = -std::log(-theta);
  return -((y * theta - b) / 1.0f + 0.0f) * w;  // dispersion 1: a = 1, c = 0
}

float tweedie_nloglik(float y, float p, float w, float rho) {
  const float a = y * std::exp((1 - rho) * std::log(p)) / (1 - rho);
  const float b = std::exp((2 - rho) * std::log(p)) / (2 - rho);
  return (-a + b) * w;
}

using F = ElementwiseMetric::Final;
using P = ElementwiseMetric::Param;
constexpr ElementwiseMetric kMetrics[] = {
    {"rmse", rmse, F::root_mean, P::none, 0},
    {"rmsle", rmsle, F::root_mean, P::none, 0},
    {"mae", mae, F::mean, P::none, 0},
    {"mape", mape, F::mean, P::none, 0},
    {"mphe", mphe, F::mean, P::huber_slope, 1},
    {"logloss", logloss, F::mean, P::none, 0},
    {"error", error, F::mean, P::optional, 0.5f},
    {"poisson-nloglik", poisson_nloglik, F::mean, P::none, 0},
    {"gamma-deviance", gamma_deviance, F::twice_mean, P::none, 0},
    {"gamma-nloglik", gamma_nloglik, F::mean, P::none, 0},
    {"tweedie-nloglik", tweedie_nloglik, F::mean, P::required, 0},
};

// Metrics that are not element-wise: multi-class averages and the AUCs (metrics.cpp).
constexpr std::string_view kOtherMetrics[] = {"merror", "mlogloss", "auc", "aucpr"};

std::string float_text(float v) {  // as XGBoost prints a float parameter (ostream)
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

const ElementwiseMetric* find_elementwise_metric(std::string_view base) {
  for (const auto& m : kMetrics)
    if (m.name == base) return &m;
  return nullptr;
}

ParsedMetric parse_metric(const std::string& name) {
  ParsedMetric out;
  const std::size_t at = name.find('@');
  out.base = name.substr(0, at);
  const ElementwiseMetric* e = find_elementwise_metric(out.base);
  const bool known = e || std::find(std::begin(kOtherMetrics), std::end(kOtherMetrics), out.base) !=
                              std::end(kOtherMetrics);
  if (!known) throw UserError("unknown eval_metric '" + name + "'; " + metrics_help());
  const bool takes = e && (e->param == ElementwiseMetric::Param::optional ||
                           e->param == ElementwiseMetric::Param::required);
  if (at == std::string::npos) {
    if (e && e->param == ElementwiseMetric::Param::required)
      throw UserError("eval_metric " + name + " needs its parameter: " + name + "@rho with rho in [1, 2)" +
                      " (e.g. " + name + "@1.5)");
    out.display = name;
    return out;
  }
  if (!takes) throw UserError("eval_metric " + name + ": " + out.base + " takes no @parameter");
  const std::string text = name.substr(at + 1);
  char* end = nullptr;
  const float value = std::strtof(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || !std::isfinite(value))
    throw UserError("eval_metric " + name + ": cannot read the number after '@'");
  out.param = value;
  if (out.base == "tweedie-nloglik" && !(value >= 1 && value < 2))
    throw UserError("eval_metric " + name + ": the tweedie variance power must be in [1, 2)");
  // XGBoost prints error@0.5 as plain "error".
  out.display = out.base == "error" && value == 0.5f ? "error" : out.base + "@" + float_text(value);
  return out;
}

std::string metric_objective_mismatch(const ParsedMetric& metric, bool multiclass_objective) {
  const bool multi_metric = metric.base == "merror" || metric.base == "mlogloss";
  const bool any = metric.base == "auc" || metric.base == "aucpr";
  if (multi_metric && !multiclass_objective)
    return "eval_metric " + metric.display + " needs a multi:* objective";
  if (multiclass_objective && !multi_metric && !any)
    return "eval_metric " + metric.display +
           " is element-wise and does not apply to a multi-class objective (use merror, mlogloss, "
           "auc or aucpr)";
  return "";
}

std::string metrics_help() {
  return "metrics: rmse, rmsle, mae, mape, mphe (pseudo-Huber with huber_slope), logloss, "
         "error (share of rows with prediction > 0.5 on the wrong side), error@t (threshold t), "
         "auc (ROC; one-vs-rest weighted by class prevalence for multi:*), aucpr (precision-"
         "recall; the class average for multi:*), merror, mlogloss (multi:* only), "
         "poisson-nloglik, gamma-nloglik, gamma-deviance, tweedie-nloglik@rho (rho in [1, 2))";
}

}  // namespace dpt::gbdt
