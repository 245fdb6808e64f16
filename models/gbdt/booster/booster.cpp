#include "models/gbdt/booster/booster.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/binning/fixed_point.h"
#include "models/gbdt/binning/hashing.h"
#include "models/gbdt/objective/leaf_refresh.h"
#include "models/gbdt/model/linear_model.h"
#include "models/gbdt/metric/metrics.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/metric/rank_metrics.h"
#include "models/gbdt/objective/quantile_stats.h"
#include "models/gbdt/metric/survival_metrics.h"
#include "models/gbdt/tree/tree_constraints.h"
#include "models/gbdt/model/tree_walk.h"

namespace dpt::gbdt {
namespace {

constexpr std::uint64_t kRowSampleSalt = 0x7265772d73616dULL;
constexpr std::uint64_t kColumnSampleSalt = 0x636f6c2d73616dULL;

// Margins of every row: base margin plus each tree of the model in order (float, tree order).
std::vector<float> initial_margins(const Model& model, const data::Dataset& rows, int nthread) {
  const int groups = model.num_groups();
  std::vector<float> margins(rows.num_rows * groups, base_margin(model));
  add_trees_margins(model.trees, model.tree_info, rows, margins, groups, nthread, model.weight_drop);
  return margins;
}

}  // namespace

Booster::Booster(Communicator& comm, const TrainParams& params, Model start, data::Dataset train,
                 std::vector<data::Dataset> evals)
    : comm_(comm), params_(params), objective_(params), model_(std::move(start)),
      train_(std::move(train)), evals_(std::move(evals)) {
  const bool survival = is_survival_objective(params_.objective);
  if (survival) {  // before the training rows are binned; collective
    std::vector<const data::Dataset*> sets{&train_};
    for (const auto& e : evals_) sets.push_back(&e);
    survival_ = std::make_unique<SurvivalObjective>(comm, params_, sets);
  }
  if (is_rank_objective(params_.objective)) {  // collective (the group weight normalisation)
    const LambdaRankParams rank{params_.num_pairsample, static_cast<float>(params_.fix_list_weight)};
    rank_ = std::make_unique<RankObjective>(comm, params_.objective, rank, params_.seed, train_);
    model_.num_pairsample = rank.num_pairsample;
    model_.fix_list_weight = rank.fix_list_weight;
  }
  metrics_ = params_.eval_metrics.empty() ? std::vector<std::string>{survival ? survival_default_metric(params_.objective) : objective_.default_metric()}
                                          : params_.eval_metrics;
  model_.objective = params_.objective;
  model_.num_class = params_.num_class;
  model_.num_parallel_tree = params_.num_parallel_tree;
  const std::int64_t start_features = model_.num_feature;
  model_.num_feature = std::max<std::int64_t>(model_.num_feature, static_cast<std::int64_t>(train_.num_features));
  model_.booster = params_.booster;
  model_.scale_pos_weight = static_cast<float>(params_.scale_pos_weight);
  model_.huber_slope = static_cast<float>(params_.huber_slope);
  model_.tweedie_variance_power = static_cast<float>(params_.tweedie_variance_power);
  model_.aft_loss_distribution = params_.aft_loss_distribution;
  model_.aft_loss_distribution_scale = static_cast<float>(params_.aft_loss_distribution_scale);
  if (model_.trees.empty()) {
    model_.base_score = static_cast<float>(params_.base_score_given ? params_.base_score
                                                                    : survival || rank_ ? 0.5  // XGBoost 1.7's default for these
                                                                    : objective_.estimate_base_score(comm, train_));
    model_.boost_from_average = !params_.base_score_given;
  }
  check_constraints(params_.tree, train_.num_features);  // the same on every rank: num_features is agreed
  if (params_.booster == "gblinear") {  // no bins: the updater reads the raw values by column
    widen_linear_weights(model_, start_features);
    linear_ = std::make_unique<LinearUpdater>(comm, params_.linear, train_, static_cast<std::size_t>(model_.num_feature),
                                              objective_.groups(), params_.seed);
    linear_->margins(model_.linear_weights, base_margin(model_), train_margins_);
    for (const auto& e : evals_) eval_margins_.push_back(linear_margins(model_, e, params_.nthread));
    return;
  }
  if (params_.update_trees) {  // no bins either: the trees are walked on the raw values
    start_tree_update();
    return;
  }
  cuts_ = compute_cuts(comm, train_, params_.max_bin);
  apply_categorical_features(comm, params_.categorical_features, train_, cuts_, model_);  // categories.h
  train_margins_ = initial_margins(model_, train_, params_.nthread);  // the last use of raw values
  if (params_.booster == "dart") {
    dart_ = std::make_unique<DartDropout>(params_.dart, params_.tree.eta, params_.seed);
    dart_rows_ = train_;  // binning releases train_'s values; dart walks every tree each round
  }
  binned_ = BinnedMatrix::consume(train_, cuts_, params_.nthread);
  for (const auto& e : evals_) eval_margins_.push_back(initial_margins(model_, e, params_.nthread));
  packed_ = params_.allow_packed_histograms && packs_histograms(train_.global_rows);
  grower_ = std::make_unique<TreeGrower>(comm, binned_, cuts_, params_.tree, params_.nthread, packed_);
}

void Booster::start_tree_update() {
  if (model_.trees.empty())
    throw UserError("process_type=update refreshes or prunes the trees of an existing model: give xgb_model "
                    "(a model with trees)");
  if (params_.booster != "gbtree")
    throw UserError("process_type=update needs booster=gbtree (booster is " + params_.booster + ")");
  const int per_round = objective_.groups() * params_.num_parallel_tree;
  const auto source_rounds = static_cast<std::int64_t>(model_.trees.size()) / per_round;
  if (static_cast<std::int64_t>(model_.trees.size()) % per_round != 0)
    throw UserError("process_type=update: xgb_model holds " + std::to_string(model_.trees.size()) + " trees, not a "
                    "whole number of rounds of " + std::to_string(per_round) + " (num_class x num_parallel_tree)");
  if (params_.num_round > source_rounds)
    throw UserError("process_type=update: num_round=" + std::to_string(params_.num_round) + " exceeds the " +
                    std::to_string(source_rounds) + " rounds of xgb_model (boosting rounds can not exceed previous "
                    "training rounds)");
  updater_ = std::make_unique<TreeUpdater>(comm_, params_.tree, params_.tree_update, std::move(model_.trees),
                                           std::move(model_.tree_info), per_round);
  model_.trees.clear();
  model_.tree_info.clear();
  model_.weight_drop.clear();
  train_margins_ = initial_margins(model_, train_, params_.nthread);  // the base margin: no tree updated yet
  for (const auto& e : evals_) eval_margins_.push_back(initial_margins(model_, e, params_.nthread));
}

void Booster::quantize(int group, int parallel_tree, std::int64_t round, std::span<const float> grad,
                       std::span<const float> hess, const GradScale& scale) {
  const int groups = objective_.groups();
  const std::size_t n = train_.num_rows;
  quantized_.resize(n);
  counted_.assign(n, 0);
  const bool sampled = params_.tree.subsample < 1.0;
  const std::uint64_t tree_key = hash_combine(hash_combine(params_.seed, kRowSampleSalt),
                                              static_cast<std::uint64_t>(round) * 1024 + parallel_tree);
  for (std::size_t r = 0; r < n; ++r) {
    if (sampled && !(unit_interval(hash_combine(tree_key, train_.row_id(r))) < params_.tree.subsample)) {
      quantized_[r] = GradSum{};
      continue;
    }
    quantized_[r] = GradSum{to_fixed(grad[r * groups + group], scale.g()), to_fixed(hess[r * groups + group], scale.h())};
    counted_[r] = hess[r * groups + group] != 0.0f;
  }
}

void Booster::boost_round(std::int64_t round) {
  const int groups = objective_.groups();
  const std::size_t n = train_.num_rows;
  std::vector<float> grad(n * groups), hess(n * groups);
  // dart: the gradients see the margins without this round's dropped trees.
  const std::vector<std::size_t> dropped = dart_ ? dart_->drop(round, model_.weight_drop) : std::vector<std::size_t>{};
  if (dart_) train_margins_ = dart_margins(model_, dart_rows_, dropped, params_.nthread);
  if (survival_) survival_->gradients(train_margins_, train_, grad, hess);
  else if (rank_) rank_->gradients(round, train_margins_, train_, grad, hess);
  else objective_.gradients(train_margins_, train_, grad, hess);
  if (updater_) {  // process_type=update: this round's trees of xgb_model, refreshed and/or pruned
    for (int k = 0; k < groups; ++k) {
      for (RegTree& tree : updater_->update(round, k, groups, train_, grad, hess)) {
        add_tree_margins(tree, train_, train_margins_, groups, k, params_.nthread);
        for (std::size_t e = 0; e < evals_.size(); ++e) add_tree_margins(tree, evals_[e], eval_margins_[e], groups, k, params_.nthread);
        model_.trees.push_back(std::move(tree));
        model_.tree_info.push_back(k);
      }
    }
    return;
  }
  if (linear_) {  // gblinear: one coordinate descent pass, then every margin from the new weights
    linear_->update(round, grad, hess, model_.linear_weights);
    ++model_.linear_rounds;
    linear_->margins(model_.linear_weights, base_margin(model_), train_margins_);
    for (std::size_t e = 0; e < evals_.size(); ++e) eval_margins_[e] = linear_margins(model_, evals_[e], params_.nthread);
    return;
  }
  const double eta = params_.tree.eta / params_.num_parallel_tree;
  // reg:absoluteerror refreshes every tree of the round from the margins before the round.
  const std::vector<float> round_margins = objective_.refreshes_leaves() ? train_margins_ : std::vector<float>{};
  const bool weighted = objective_.refreshes_leaves() && any_rank_has_weights(comm_, !train_.weights.empty());
  for (int k = 0; k < groups; ++k) {
    // The per-round global scale: the sum over every row fits in 62 bits, or 31 for packed
    // histograms.
    double max_abs[2] = {0, 0};
    for (std::size_t r = 0; r < n; ++r) {
      max_abs[0] = std::max(max_abs[0], static_cast<double>(std::abs(grad[r * groups + k])));
      max_abs[1] = std::max(max_abs[1], static_cast<double>(std::abs(hess[r * groups + k])));
    }
    comm_.allreduce(std::span<double>(max_abs), ReduceOp::max);
    const auto scale_of = packed_ ? packed_fixed_point_scale : fixed_point_scale;
    const GradScale scale{scale_of(max_abs[0], train_.global_rows), scale_of(max_abs[1], train_.global_rows)};
    for (int t = 0; t < params_.num_parallel_tree; ++t) {
      quantize(k, t, round, grad, hess, scale);
      const std::uint64_t column_seed =
          hash_combine(hash_combine(params_.seed, kColumnSampleSalt),
                       static_cast<std::uint64_t>(round) * 1048576 + static_cast<std::uint64_t>(k) * 1024 + t);
      RegTree tree = grower_->grow(quantized_, scale, eta, column_seed);
      if (objective_.refreshes_leaves()) {
        refresh_leaves(comm_, tree, *grower_,
                       {train_.labels, train_.weights, weighted, round_margins, groups, k, counted_}, 0.5);
      }
      if (!dart_) {  // dart recomputes every margin after the round
        grower_->add_leaf_values(tree, train_margins_, groups, k);
        for (std::size_t e = 0; e < evals_.size(); ++e) {
          add_tree_margins(tree, evals_[e], eval_margins_[e], groups, k, params_.nthread);
        }
      }
      model_.trees.push_back(std::move(tree));
      model_.tree_info.push_back(k);
    }
  }
  if (dart_) {  // rescale, then the margins of every tree with its weight (no dropout at eval)
    dart_->normalize(dropped, static_cast<std::size_t>(groups * params_.num_parallel_tree), model_.weight_drop);
    train_margins_ = dart_margins(model_, dart_rows_, {}, params_.nthread);
    for (std::size_t e = 0; e < evals_.size(); ++e) eval_margins_[e] = dart_margins(model_, evals_[e], {}, params_.nthread);
  }
}

std::vector<EvalResult> Booster::evaluate() {
  std::vector<EvalResult> out;
  const int groups = objective_.groups();
  const MetricOptions metric_options{static_cast<float>(params_.huber_slope)};
  auto add = [&](std::size_t index, const std::string& set, std::span<const float> margins,
                 const data::Dataset& rows) {
    for (const auto& m : metrics_) {
      if (survival_ && is_survival_metric(m)) {  // index: the set's place in survival_ (train 0)
        out.push_back({set + "-" + m, survival_->evaluate(m, index, margins, rows)});
        continue;
      }
      if (groups == 1 && is_rank_metric(m, rows.has_groups())) {  // ndcg, map, pre; auc by query
        out.push_back({set + "-" + m, evaluate_rank_metric(comm_, m, params_.objective, margins, rows)});
        continue;
      }
      out.push_back({set + "-" + m, evaluate_metric(comm_, m, params_.objective, margins, groups,
                                                     rows.labels, rows.weights, metric_options)});
    }
  };
  add(0, "train", train_margins_, train_);
  for (std::size_t e = 0; e < evals_.size(); ++e) add(e + 1, evals_[e].channel, eval_margins_[e], evals_[e]);
  return out;
}

}  // namespace dpt::gbdt
