#pragma once
// Data-parallel training of one network, step by step, for the job's loop: the sampler, the
// learning-rate schedule, the replica (optimizer + bucketed gradient averaging), evaluation and
// the checkpoint payload. Torch stays behind this interface so the job's glue compiles lightly.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "collective/communicator.h"
#include "common/log.h"
#include "data/dataset.h"
#include "models/nn/params.h"

namespace dpt::nn {

struct EvalResult {
  double loss = 0;      // mean per-sample loss
  double accuracy = 0;  // cross-entropy only
};

// Where training stands; saved in checkpoints so that a resumed run continues exactly.
struct Progress {
  std::int64_t epoch = 0;     // epoch in progress (0-based)
  std::int64_t step = 0;      // steps of that epoch already done
  double epoch_loss_sum = 0;  // global per-sample loss summed over those steps
};

// Seconds of the steps since the last reset, summed over steps (this rank).
struct StepTimes {
  double total = 0, communication = 0, exposed = 0;
  std::int64_t steps = 0;
};

class Training {
 public:
  // Collective. `train` and `evaluation` are replicated channels (every rank holds every row).
  Training(Communicator& comm, const TrainConfig& config, data::Dataset train,
           std::optional<data::Dataset> evaluation, const Log& log);
  ~Training();
  Training(const Training&) = delete;
  Training& operator=(const Training&) = delete;

  std::int64_t steps_per_epoch() const;
  std::int64_t global_batch() const;
  std::int64_t num_classes() const;  // 0 for mse
  std::size_t num_buckets() const;

  void begin_epoch(std::int64_t epoch);
  // One step on this rank's share of the step's global batch; returns this rank's summed loss
  // (the caller allreduces it: that sum also tells every rank about a NaN anywhere).
  double run_step(std::int64_t epoch, std::int64_t step);
  const StepTimes& times() const;
  void reset_times();

  bool has_evaluation() const;
  EvalResult evaluate();  // collective; the evaluation channel split over the ranks
  void require_in_sync(const std::string& when);  // collective parameter-hash comparison

  // Checkpoint payload (parameters, optimizer state, progress, the job's fingerprint text).
  std::string save_state(const Progress& progress, const std::string& fingerprint) const;
  static std::string fingerprint_of(const std::string& payload);  // to check before restoring
  Progress restore_state(const std::string& payload);  // parameters, optimizer, progress

  std::string model_bytes();  // TorchScript archive of the trained module

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dpt::nn
