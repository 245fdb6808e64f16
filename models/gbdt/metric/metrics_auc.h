#pragma once
// XGBoost 1.7's area-under-curve metrics (src/metric/auc.cc) on a whole sample: binary ROC and
// precision-recall AUC, and their one-vs-rest multi-class forms. metrics.cpp gathers every
// rank's rows in global row order first, so the value is XGBoost's single-machine value.
#include <cstddef>
#include <span>

namespace dpt::gbdt {

enum class AucCurve { roc, pr };

// Normalised binary AUC; NaN when one class is absent (XGBoost's convention).
double binary_auc(AucCurve curve, std::span<const double> scores, std::span<const float> labels,
                  std::span<const float> weights);

// One-vs-rest over `classes` columns of `scores` (rows x classes, class probabilities). ROC:
// each class's AUC weighted by its positive weight; PR: the plain class average. NaN when a
// class has no positive or no negative row.
double multiclass_auc(AucCurve curve, std::span<const double> scores, std::size_t classes,
                      std::span<const float> labels, std::span<const float> weights);

}  // namespace dpt::gbdt
