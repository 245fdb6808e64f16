#pragma once
// Prediction with XGBoost's semantics: margins summed over trees per output group plus the base
// margin, then the objective's transform (sigmoid, softmax, exp, ...).
#include <cstddef>
#include <utility>
#include <vector>

#include "data/dataset.h"
#include "models/gbdt/model/model.h"

namespace dpt::gbdt {

struct PredictOptions {
  bool output_margin = false;
  std::pair<int, int> iteration_range{0, 0};  // [begin, end) boosting rounds; {0,0} = all
  int nthread = 1;
};

// Row-major [rows x groups] margins (or transformed values when !output_margin). For
// multi:softmax the transformed output is the class index per row ([rows x 1]).
std::vector<float> predict(const Model& model, const data::Dataset& rows,
                           const PredictOptions& options);

}  // namespace dpt::gbdt
