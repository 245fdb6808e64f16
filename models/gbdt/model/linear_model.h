#pragma once
// The gblinear model (XGBoost 1.7's GBLinearModel) and the booster-specific parts of a Model:
// consistency checks, margins, prediction and the JSON pieces of "gradient_booster" for
// gblinear and dart.
#include <string>
#include <vector>

#include "data/dataset.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/model/predictor.h"

namespace dpt::gbdt {

// Throws a UserError (prefixed by `source`) unless booster, weight_drop and linear_weights agree
// with the trees and num_feature.
void check_booster(const Model& model, const std::string& source);

// Weight of feature f for output group g, and the bias of group g (XGBoost's layout).
inline float& linear_weight(std::vector<float>& w, int groups, std::size_t f, int g) { return w[f * groups + g]; }
inline std::size_t linear_bias_index(std::size_t num_feature, int groups, int g) { return num_feature * groups + g; }

// Gives an untrained gblinear model its zero weights, and a model trained on `old_features`
// features zero weights for the features model.num_feature adds (continued training).
void widen_linear_weights(Model& model, std::int64_t old_features);

// gblinear margins [rows x groups] in XGBoost's float order: base margin + bias, then
// value * weight for each present feature in storage order. Missing values count as 0.
std::vector<float> linear_margins(const Model& model, const data::Dataset& rows, int nthread);

// predict() for a gblinear model (iteration_range must start at 0, as in XGBoost).
std::vector<float> predict_linear(const Model& model, const data::Dataset& rows, const PredictOptions& options);

// "gradient_booster" of a gblinear model: {"model":{"boosted_rounds":N,"weights":[...]},"name":"gblinear"}.
std::string linear_booster_json(const Model& model);

}  // namespace dpt::gbdt
