#pragma once
// What an objective means at prediction time: which objectives exist, how the stored base_score
// (output space) becomes a margin, and how margins become outputs. Arithmetic follows XGBoost
// 1.7 in float so that predictions agree bit for bit where the order of additions agrees.
#include <cstddef>
#include <span>
#include <string>

#include "models/gbdt/model/model.h"

namespace dpt::gbdt {

enum class OutputTransform {
  identity,  // reg:squarederror, binary:logitraw
  sigmoid,   // reg:logistic, binary:logistic
  exp,       // count:poisson
  softmax,   // multi:softprob: probabilities per class
  argmax,    // multi:softmax: the class index
  hinge,     // binary:hinge: 1 when the margin is > 0, else 0
};

bool is_supported_objective(const std::string& objective);
// "reg:squarederror, reg:logistic, ..." for messages.
std::string supported_objectives_list();
bool is_multiclass_objective(const std::string& objective);
OutputTransform output_transform(const std::string& objective);

// XGBoost stores base_score in output space and turns it into a margin with the objective's
// ProbToMargin: logit for reg:logistic and binary:logistic, log for count:poisson, reg:gamma and
// reg:tweedie, identity otherwise (binary:logitraw too, as XGBoost 1.7 does; multi-class
// objectives add base_score to every class margin).
float base_margin(const std::string& objective, float base_score);
inline float base_margin(const Model& model) { return base_margin(model.objective, model.base_score); }

// Width of a transformed row: 1 for multi:softmax (class index), num_groups otherwise.
std::size_t output_width(const Model& model);

// Transforms one row of margins (num_groups values) into `out` (output_width values).
void transform_row(OutputTransform t, std::span<const float> margins, std::span<float> out);

}  // namespace dpt::gbdt
