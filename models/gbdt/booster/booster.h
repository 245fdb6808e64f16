#pragma once
// The boosting state across rounds: the model so far, the binned training rows and the margins
// of every data set. One round computes gradients, grows one tree per output group (and per
// parallel tree) and updates the margins.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "collective/communicator.h"
#include "data/dataset.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/booster/dart.h"
#include "models/gbdt/booster/linear_updater.h"
#include "models/gbdt/booster/tree_update.h"
#include "models/gbdt/model/model.h"
#include "models/gbdt/objective/objective.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "models/gbdt/objective/rank_objective.h"
#include "models/gbdt/objective/survival_objective.h"
#include "models/gbdt/tree/tree_grower.h"

namespace dpt::gbdt {

struct EvalResult {
  std::string name;  // "train-rmse"
  double value = 0;
};

class Booster {
 public:
  // `start` is an empty model or one to continue from (its trees count as the margins' start).
  // The training rows' raw values are released once binned. Collective.
  Booster(Communicator& comm, const TrainParams& params, Model start, data::Dataset train,
          std::vector<data::Dataset> evals);

  // Grows the trees of one round; `round` counts rounds of this job from 0 (it seeds sampling).
  void boost_round(std::int64_t round);

  // Every metric on every set: train first, then the evaluation sets in the given order.
  std::vector<EvalResult> evaluate();

  const Model& model() const { return model_; }
  const Cuts& cuts() const { return cuts_; }
  std::span<const float> train_labels() const { return train_.labels; }
  Model& model() { return model_; }
  const std::vector<std::string>& metrics() const { return metrics_; }
  const std::vector<data::Dataset>& evals() const { return evals_; }
  const std::vector<float>& train_margins() const { return train_margins_; }

 private:
  void start_tree_update();
  void quantize(int group, int parallel_tree, std::int64_t round, std::span<const float> grad,
                std::span<const float> hess, const GradScale& scale);

  Communicator& comm_;
  TrainParams params_;
  Objective objective_;
  std::vector<std::string> metrics_;
  Model model_;
  Cuts cuts_;
  data::Dataset train_;  // labels, weights and ids; raw values released
  BinnedMatrix binned_;
  std::unique_ptr<TreeGrower> grower_;
  std::vector<float> train_margins_;
  std::vector<data::Dataset> evals_;
  std::vector<std::vector<float>> eval_margins_;
  std::vector<GradSum> quantized_;
  std::unique_ptr<SurvivalObjective> survival_;  // survival:cox / survival:aft (else null)
  std::unique_ptr<RankObjective> rank_;          // rank:* (else null)
  std::vector<std::uint8_t> counted_;  // rows in the last quantize() with a non-zero hessian
  bool packed_ = false;  // histograms packed (histogram.h): gradients quantized to 31-bit sums
  // booster=dart: the dropout and the training rows' raw values (every round's margins are
  // recomputed from all trees with their weights, as XGBoost's Dart predicts).
  std::unique_ptr<DartDropout> dart_;
  data::Dataset dart_rows_;
  std::unique_ptr<LinearUpdater> linear_;  // booster=gblinear: no trees, no bins
  std::unique_ptr<TreeUpdater> updater_;   // process_type=update: xgb_model's trees, no bins
};

}  // namespace dpt::gbdt
