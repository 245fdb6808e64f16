#pragma once
// Job-level checkpoint hyperparameters (shared by the boosting and the neural job) and the
// fingerprint that keeps a job from resuming a checkpoint made by a different job.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/params.h"

namespace dpt {

// checkpoint_interval, checkpoints_to_keep, fresh_start.
std::vector<ParamSpec> checkpoint_param_specs();

struct CheckpointSettings {
  std::int64_t interval = 1;  // rounds (trees) or epochs (networks) between checkpoints
  int keep = 5;               // newest checkpoints kept
  bool fresh_start = false;   // ignore (and delete) existing checkpoints

  static CheckpointSettings from(const ParamValues& params);
  // A checkpoint is due after `completed` steps on the interval, and always when stopping.
  bool due(std::uint64_t completed, bool stopping) const {
    return stopping || completed % static_cast<std::uint64_t>(interval) == 0;
  }
};

// What a checkpoint must share with the job that resumes it: every hyperparameter that affects
// the result (all given or defaulted values except `result_neutral` ones and the checkpoint
// parameters themselves) and the shape of the data. Stored in the payload as canonical JSON text.
class TrainingFingerprint {
 public:
  TrainingFingerprint(const ParamValues& params, const std::set<std::string>& result_neutral);

  // Global (all-rank) sizes of a channel, so every rank computes the same text.
  void add_data_shape(const std::string& channel, std::uint64_t rows, std::uint64_t columns);
  std::string text() const;  // canonical JSON, identical on every rank

  // Throws UserError naming each difference and how to start fresh when `saved_text` (from the
  // checkpoint at `checkpoint_path`) is not this fingerprint.
  void require_match(const std::string& saved_text, const std::string& checkpoint_path) const;

 private:
  nlohmann::json params_, data_;  // objects with sorted keys: their dump is canonical
};

}  // namespace dpt
