// The boosting job: read and validate the inputs, resume from the newest checkpoint, boost round
// by round (metric lines, early stopping, checkpoints, stop requests), then check that every rank
// holds the same model and write it from rank 0.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "models/gbdt/booster/booster.h"
#include "models/gbdt/booster/leaf_only_diagnosis.h"
#include "models/gbdt/metric/metrics.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/metric/survival_metrics.h"
#include "worker/checkpoint_boundary.h"
#include "worker/checkpoint_params.h"
#include "worker/gbdt_inputs.h"
#include "worker/gbdt_progress.h"
#include "worker/job.h"
#include "worker/model_agreement.h"
#include "worker/outcome.h"

namespace dpt {
namespace {

// Hyperparameters that do not change the rounds already done: a checkpoint stays valid.
const std::set<std::string> kResultNeutral = {"num_round", "nthread", "verbosity", "silent"};

}  // namespace

void run_gbdt_job(const JobContext& ctx) {
  Communicator& comm = ctx.comm;
  const Log& log = ctx.log;
  GbdtInputs in = load_gbdt_inputs(ctx);
  const gbdt::TrainParams& params = in.params;
  for (const std::string& note : params.notes) log.info(note);
  if (params.verbosity > 0) {  // rank 0's shard of each channel and the memory it takes
    log.info(in.train.summary());
    for (const auto& e : in.evals) log.info(e.summary());
  }

  const auto settings = CheckpointSettings::from(ctx.job.params);
  const CheckpointStore store(ctx.job.checkpoint_dir, "xgboost-checkpoint", settings.keep, log);
  TrainingFingerprint fingerprint(ctx.job.params, kResultNeutral);
  fingerprint.add_data_shape("train", in.train.global_rows, in.train.num_features);
  for (const auto& e : in.evals) fingerprint.add_data_shape(e.channel, e.global_rows, e.num_features);

  gbdt::Model start = std::move(in.start);
  std::int64_t first_round = 0;
  std::int64_t replayed_rounds = 0;  // process_type=update, resumed
  const std::string watched = in.evals.empty() || in.evals.front().channel != "validation"
                                  ? std::string()
                                  : "validation-" + (params.eval_metrics.empty()
                                                         ? (gbdt::is_survival_objective(params.objective)
                                                                ? gbdt::survival_default_metric(params.objective)
                                                                : gbdt::Objective(params).default_metric())
                                                         : params.eval_metrics.back());
  EarlyStopping early(params.early_stopping_rounds, watched,
                      gbdt::metric_maximizes(watched.substr(watched.find('-') + 1)) ||
                          gbdt::survival_metric_maximizes(watched.substr(watched.find('-') + 1)));
  if (settings.fresh_start) {
    store.remove_all(comm);
  } else if (auto checkpoint = store.load_latest(comm)) {
    const std::string path = store.path_of(checkpoint->step).string();
    gbdt::Model saved = agreed(comm, [&] {
      gbdt::Model m = gbdt::model_from_json(checkpoint->payload, path);
      fingerprint.require_match(m.attributes[kFingerprintKey], path);
      return m;
    });
    first_round = static_cast<std::int64_t>(checkpoint->step);
    early.restore_state(saved.attributes);
    strip_checkpoint_state(saved.attributes);
    log.info("resuming from round " + std::to_string(first_round) + " (" + path + ")");
    if (params.update_trees) {
      // The updater works on xgb_model's trees: the finished rounds are updated again (the same
      // data, so the same trees) rather than taken from the checkpoint.
      replayed_rounds = first_round;
      log.info("process_type=update: rounds 0.." + std::to_string(first_round - 1) + " are updated again from xgb_model");
    } else {
      start = std::move(saved);
    }
  }

  gbdt::Booster booster(comm, params, std::move(start), std::move(in.train), std::move(in.evals));
  for (std::int64_t round = 0; round < replayed_rounds; ++round) booster.boost_round(round);
  const StopSignal stop;
  const CheckpointBoundary boundary(comm, store, settings, stop, log, "round");
  auto checkpoint_payload = [&](std::int64_t completed) {
    gbdt::Model snapshot = booster.model();
    snapshot.attributes[kFingerprintKey] = fingerprint.text();
    snapshot.attributes[kRoundKey] = std::to_string(completed);
    early.save_state(snapshot.attributes);
    early.write_attributes(snapshot.attributes, snapshot.trees_per_round());
    return gbdt::model_to_json(snapshot);
  };
  for (std::int64_t round = first_round; round < params.num_round; ++round) {
    booster.boost_round(round);
    const auto results = booster.evaluate();
    if (params.verbosity > 0) log.metric(metric_line(round, results));
    const bool stop_early = early.update(round, results);
    // After the first rounds (three, or all of a shorter job): trees that never split are a
    // model that looks trained and predicts a constant. Collective, at the same round everywhere.
    if (round == std::min(first_round + 2, params.num_round - 1) && !params.update_trees &&
        gbdt::all_trees_single_leaf(booster.model())) {
      const std::string warning = gbdt::leaf_only_warning(comm, params, booster.cuts(), booster.train_labels(), booster.model());
      if (comm.rank() == 0) log.warn(warning);
    }
    boundary.reached(static_cast<std::uint64_t>(round + 1), [&] { return checkpoint_payload(round + 1); });
    if (stop_early) {
      log.info("early stopping after round " + std::to_string(round) + ": best iteration " +
               std::to_string(early.best_round()));
      break;
    }
  }

  gbdt::Model& model = booster.model();
  early.write_attributes(model.attributes, model.trees_per_round());
  const std::string bytes = gbdt::model_to_json(model);
  check_models_agree(comm, bytes, log);
  if (comm.rank() == 0) {
    std::filesystem::create_directories(ctx.job.model_dir);
    gbdt::save_model(model, ctx.job.model_dir / "xgboost-model");
  }
}

}  // namespace dpt
