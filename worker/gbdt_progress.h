#pragma once
// Per-round bookkeeping of the boosting job: the metric line SageMaker's regexes read,
// early stopping on the last validation metric, and the state a checkpoint must carry
// (stored as model attributes, so a checkpoint stays a plain XGBoost JSON model).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/gbdt/booster/booster.h"

namespace dpt {

// "[12]\ttrain-rmse:0.51234\tvalidation-rmse:0.53123" (5 decimals, as XGBoost prints).
std::string metric_line(std::int64_t round, const std::vector<gbdt::EvalResult>& results);

class EarlyStopping {
 public:
  EarlyStopping(std::int64_t patience, std::string watched, bool maximize)
      : patience_(patience), watched_(std::move(watched)), maximize_(maximize) {}

  bool enabled() const { return patience_ > 0; }
  std::int64_t best_round() const { return best_round_; }
  // Records a round's results; true when training should stop now.
  bool update(std::int64_t round, const std::vector<gbdt::EvalResult>& results);

  // XGBoost's attributes: best_iteration, best_score, best_ntree_limit.
  void write_attributes(std::map<std::string, std::string>& attributes, int trees_per_round) const;
  // Checkpoint state (dptrain_* attributes) and back.
  void save_state(std::map<std::string, std::string>& attributes) const;
  void restore_state(const std::map<std::string, std::string>& attributes);

 private:
  std::int64_t patience_;
  std::string watched_;  // "validation-<last metric>"
  bool maximize_;
  std::int64_t best_round_ = -1;
  double best_score_ = 0;
};

// Checkpoint attribute keys; removed from the model before it is trained further or written.
inline constexpr const char* kFingerprintKey = "dptrain_fingerprint";
inline constexpr const char* kRoundKey = "dptrain_round";
void strip_checkpoint_state(std::map<std::string, std::string>& attributes);

}  // namespace dpt
