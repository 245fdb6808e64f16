// The neural job: load the channels (replicated: the sampler picks rows by global id), train
// epoch by epoch with checkpoints and stop-signal agreement at every step boundary, print the
// metric lines, and have rank 0 write the TorchScript model once every rank agrees on it.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "common/error.h"
#include "data/loader.h"
#include "common/allocator_tuning.h"
#include "models/nn/training.h"
#include "worker/checkpoint_params.h"
#include "worker/checkpoint_store.h"
#include "worker/job.h"
#include "worker/model_agreement.h"
#include "worker/nn_report.h"
#include "worker/stop_signal.h"

namespace dpt {

namespace {

data::Dataset load_replicated(Communicator& comm, const data::Channel& channel) {
  data::LoadOptions options;
  options.replicate = true;
  return data::load_channel(comm, channel, options);
}

std::string position(std::int64_t epoch, std::int64_t steps_done) {
  return "epoch " + std::to_string(epoch + 1) + " step " + std::to_string(steps_done);
}

void write_model(const std::filesystem::path& dir, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  const auto file = dir / "model.pt";
  const auto temporary = dir / ".model.pt.tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) throw UserError("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, file);
}

}  // namespace

void run_nn_job(const JobContext& ctx) {
  Communicator& comm = ctx.comm;
  const Log& log = ctx.log;
  const auto& params = ctx.job.params;
  const auto config = nn::TrainConfig::from(params, ctx.job.model_kind);
  keep_freed_memory_for_reuse();  // common/allocator_tuning.h: steps reuse the same buffers

  const data::Channel* train_channel = ctx.job.channel("train");
  if (train_channel == nullptr) throw UserError("the neural job needs a 'train' channel");
  const data::Channel* eval_channel = ctx.job.channel("validation");
  if (eval_channel == nullptr) eval_channel = ctx.job.channel("test");

  auto train = load_replicated(comm, *train_channel);
  log.info(train.summary());
  TrainingFingerprint fingerprint(
      params, config.schedule.kind == nn::ScheduleKind::cosine
                  ? std::set<std::string>{"eval_batch_size"}
                  : std::set<std::string>{"eval_batch_size", "epochs"});  // epochs only appends
  fingerprint.add_data_shape("train", train.global_rows, train.num_features);
  std::optional<data::Dataset> evaluation;
  if (eval_channel != nullptr) {
    evaluation = load_replicated(comm, *eval_channel);
    log.info(evaluation->summary());
    fingerprint.add_data_shape(eval_channel->name, evaluation->global_rows, evaluation->num_features);
  }
  nn::Training training(comm, config, std::move(train), std::move(evaluation), log);
  log.info("neural job: model " + config.model + ", " + std::to_string(training.steps_per_epoch()) +
           " steps of global batch " + std::to_string(training.global_batch()) + " per epoch on " +
           std::to_string(comm.world_size()) + " ranks, gradients in " +
           std::to_string(training.num_buckets()) + " buckets over " + comm.backend_name());

  const auto checkpoints = CheckpointSettings::from(params);
  CheckpointStore store(ctx.job.checkpoint_dir, "model-checkpoint", checkpoints.keep, log);
  const auto steps = training.steps_per_epoch();
  // Checkpoints are numbered by steps completed, so numeric order is training order.
  auto save = [&](const nn::Progress& p) {
    store.save(comm, {static_cast<std::uint64_t>(p.epoch * steps + p.step),
                      training.save_state(p, fingerprint.text())});
  };

  nn::Progress progress;
  std::optional<Checkpoint> checkpoint;
  if (checkpoints.fresh_start) {
    store.remove_all(comm);
  } else {
    checkpoint = store.load_latest(comm);
  }
  if (checkpoint) {
    fingerprint.require_match(nn::Training::fingerprint_of(checkpoint->payload),
                              store.path_of(checkpoint->step).string());
    progress = training.restore_state(checkpoint->payload);
    log.info("resuming from " + position(progress.epoch, progress.step));
  }

  StopSignal stop;
  nn::EpochReporter reporter(log, eval_channel ? eval_channel->name : "", config.loss);
  for (std::int64_t epoch = progress.epoch; epoch < config.epochs; ++epoch) {
    training.begin_epoch(epoch);
    training.reset_times();
    reporter.start();
    for (std::int64_t step = progress.step; step < steps; ++step) {
      // One tiny allreduce per step carries the global loss (a NaN anywhere reaches every rank)
      // and the stop request, so all ranks leave at the same boundary.
      double shared[2] = {training.run_step(epoch, step), stop.requested_locally() ? 1.0 : 0.0};
      comm.allreduce(std::span<double>(shared, 2), ReduceOp::sum);
      if (!std::isfinite(shared[0])) {
        throw UserError("training diverged: the loss is " +
                        std::string(std::isnan(shared[0]) ? "NaN" : "infinite") + " at " +
                        position(epoch, step + 1) +
                        "; no model was written (lower learning_rate, or check the data)");
      }
      progress = {epoch, step + 1, progress.epoch_loss_sum + shared[0]};
      if (shared[1] > 0) {
        save(progress);
        // The first rank to exit makes mpirun end the others: none leaves before the file is there.
        comm.barrier();
        throw Interrupted{"after " + position(epoch, step + 1)};
      }
    }
    reporter.steps_done();
    training.require_in_sync("after epoch " + std::to_string(epoch + 1));
    const auto eval = training.has_evaluation() ? std::optional(training.evaluate()) : std::nullopt;
    const auto epoch_samples = static_cast<double>(steps * training.global_batch());
    reporter.report(epoch, progress.epoch_loss_sum / epoch_samples, eval, training.global_batch(),
                    training.times());
    progress = {epoch + 1, 0, 0.0};
    if (checkpoints.due(static_cast<std::uint64_t>(epoch + 1), false)) save(progress);
  }

  const std::string model = training.model_bytes();
  check_models_agree(comm, model, log);
  if (comm.rank() == 0) write_model(ctx.job.model_dir, model);
}

}  // namespace dpt
