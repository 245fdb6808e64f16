#pragma once
// Rank 0's per-epoch output of the neural job: the metric line SageMaker's regexes read
// (`[3]\ttrain-loss:0.41\tvalidation-loss:0.44\tvalidation-accuracy:0.84`) and a line with the
// speed and the time split compute / communication / exposed (not overlapped) communication.
#include <chrono>
#include <optional>
#include <string>

#include "common/log.h"
#include "models/nn/params.h"
#include "models/nn/training.h"

namespace dpt::nn {

class EpochReporter {
 public:
  // `eval_name`: the evaluation channel ("validation", "test") or empty.
  EpochReporter(const Log& log, std::string eval_name, LossKind loss);

  void start();       // before the epoch's first step
  void steps_done();  // after its last step
  void report(std::int64_t epoch, double train_loss, const std::optional<EvalResult>& eval,
              std::int64_t global_batch, const StepTimes& times) const;

 private:
  const Log& log_;
  std::string eval_name_;
  LossKind loss_;
  std::chrono::steady_clock::time_point start_, end_;
};

}  // namespace dpt::nn
