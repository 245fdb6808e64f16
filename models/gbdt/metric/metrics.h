#pragma once
// Evaluation metrics with XGBoost's definitions (src/metric/), computed over all ranks' rows:
// sums are exact fixed-point sums, AUC sorts every rank's (score, label, weight) together. The
// value is the same whatever the number of ranks. Names and parameters: metric_registry.h.
#include <span>
#include <string>

#include "collective/communicator.h"
#include "data/dataset.h"

namespace dpt::gbdt {

// Learner parameters some metrics read (XGBoost passes them all to every metric).
struct MetricOptions {
  float huber_slope = 1.0f;  // mphe
};

// margins: local rows x groups (raw scores); the objective decides how they become predictions
// (XGBoost's EvalTransform: class probabilities for multi:*, 0/1 for binary:hinge).
double evaluate_metric(Communicator& comm, const std::string& metric, const std::string& objective,
                       std::span<const float> margins, int groups, std::span<const float> labels,
                       std::span<const float> weights, const MetricOptions& options = {});

// Whether a larger value is better (early stopping direction).
bool metric_maximizes(const std::string& metric);

// Exact weighted ROC AUC of (score, label, weight) triples, in any order; NaN when one class is
// absent. Ties share their area (trapezoids), as XGBoost's binary AUC does.
double roc_auc(std::span<const double> scores, std::span<const float> labels,
               std::span<const float> weights);

}  // namespace dpt::gbdt
