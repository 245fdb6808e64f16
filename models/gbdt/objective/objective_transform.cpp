#include "models/gbdt/objective/objective_transform.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace dpt::gbdt {
namespace {

// How base_score becomes a margin (XGBoost's ProbToMargin).
enum class Link { identity, logit, log };

struct ObjectiveInfo {
  std::string_view name;
  OutputTransform transform;
  Link link = Link::identity;
};

constexpr ObjectiveInfo kObjectives[] = {
    {"reg:squarederror", OutputTransform::identity},
    {"reg:squaredlogerror", OutputTransform::identity},
    {"reg:pseudohubererror", OutputTransform::identity},
    {"reg:absoluteerror", OutputTransform::identity},
    {"reg:logistic", OutputTransform::sigmoid, Link::logit},
    {"binary:logistic", OutputTransform::sigmoid, Link::logit},
    {"binary:logitraw", OutputTransform::identity},
    {"binary:hinge", OutputTransform::hinge},
    {"multi:softmax", OutputTransform::argmax},
    {"multi:softprob", OutputTransform::softmax},
    {"count:poisson", OutputTransform::exp, Link::log},
    {"reg:gamma", OutputTransform::exp, Link::log},
    {"reg:tweedie", OutputTransform::exp, Link::log},
    {"survival:cox", OutputTransform::exp, Link::log},  // the hazard ratio
    {"survival:aft", OutputTransform::exp, Link::log},  // the survival time
    {"rank:pairwise", OutputTransform::identity},  // scores to sort a query's rows by
    {"rank:ndcg", OutputTransform::identity},
    {"rank:map", OutputTransform::identity},
};

const ObjectiveInfo* find_objective(const std::string& name) {
  for (const auto& info : kObjectives)
    if (info.name == name) return &info;
  return nullptr;
}

}  // namespace

bool is_supported_objective(const std::string& objective) { return find_objective(objective); }

std::string supported_objectives_list() {
  std::string out;
  for (const auto& info : kObjectives) {
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

bool is_multiclass_objective(const std::string& objective) {
  return objective.starts_with("multi:");
}

OutputTransform output_transform(const std::string& objective) {
  const ObjectiveInfo* info = find_objective(objective);
  if (!info) throw std::invalid_argument("unsupported objective '" + objective + "'");
  return info->transform;
}

float base_margin(const std::string& objective, float base_score) {
  // The logistic objectives convert with XGBoost's ProbToMargin, -log(1/p - 1) in float.
  // binary:logitraw keeps base_score as the margin (XGBoost 1.7 adds 0.5 to its raw scores).
  const ObjectiveInfo* info = find_objective(objective);
  const Link link = info ? info->link : Link::identity;
  if (link == Link::logit) return -std::log(1.0f / base_score - 1.0f);
  if (link == Link::log) return std::log(base_score);
  return base_score;
}

std::size_t output_width(const Model& model) {
  if (model.objective == "multi:softmax") return 1;
  return static_cast<std::size_t>(model.num_groups());
}

void transform_row(OutputTransform t, std::span<const float> margins, std::span<float> out) {
  switch (t) {
    case OutputTransform::identity:
      std::copy(margins.begin(), margins.end(), out.begin());
      return;
    case OutputTransform::sigmoid:
      for (std::size_t i = 0; i < margins.size(); ++i)
        out[i] = 1.0f / (1.0f + std::exp(-margins[i]));
      return;
    case OutputTransform::exp:
      for (std::size_t i = 0; i < margins.size(); ++i) out[i] = std::exp(margins[i]);
      return;
    case OutputTransform::softmax: {
      // XGBoost's common::Softmax: subtract the maximum, exponentiate in float, sum in double.
      const float wmax = *std::max_element(margins.begin(), margins.end());
      double wsum = 0.0;
      for (std::size_t i = 0; i < margins.size(); ++i) {
        out[i] = std::exp(margins[i] - wmax);
        wsum += out[i];
      }
      for (std::size_t i = 0; i < margins.size(); ++i) out[i] /= static_cast<float>(wsum);
      return;
    }
    case OutputTransform::hinge:
      for (std::size_t i = 0; i < margins.size(); ++i) out[i] = margins[i] > 0.0f ? 1.0f : 0.0f;
      return;
    case OutputTransform::argmax:
      // The first maximal class wins, as in XGBoost's FindMaxIndex.
      out[0] = static_cast<float>(std::max_element(margins.begin(), margins.end()) - margins.begin());
      return;
  }
}

}  // namespace dpt::gbdt
