#include "worker/nn_report.h"

#include <cstdio>

namespace dpt::nn {

namespace {

std::string fixed(double v, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, v);
  return text;
}

}  // namespace

EpochReporter::EpochReporter(const Log& log, std::string eval_name, LossKind loss)
    : log_(log), eval_name_(std::move(eval_name)), loss_(loss) {}

void EpochReporter::start() { start_ = std::chrono::steady_clock::now(); }
void EpochReporter::steps_done() { end_ = std::chrono::steady_clock::now(); }

void EpochReporter::report(std::int64_t epoch, double train_loss,
                           const std::optional<EvalResult>& eval, std::int64_t global_batch,
                           const StepTimes& times) const {
  std::string line = "[" + std::to_string(epoch + 1) + "]\ttrain-loss:" + fixed(train_loss, 6);
  if (eval) {
    line += "\t" + eval_name_ + "-loss:" + fixed(eval->loss, 6);
    if (loss_ == LossKind::cross_entropy) line += "\t" + eval_name_ + "-accuracy:" + fixed(eval->accuracy, 6);
  }
  log_.metric(line);
  if (times.steps == 0) return;  // resumed right at the end of this epoch
  const double seconds = std::chrono::duration<double>(end_ - start_).count();
  const double samples = static_cast<double>(times.steps * global_batch);
  const double share = times.communication > 0 ? times.exposed / times.communication : 0;
  log_.info("epoch " + std::to_string(epoch + 1) + ": " + std::to_string(times.steps) +
            " steps, samples/s:" + fixed(samples / seconds, 1) + " train_s:" + fixed(seconds, 3) +
            " compute_s:" + fixed(times.total - times.exposed, 3) +
            " comm_s:" + fixed(times.communication, 3) + " exposed_comm_s:" + fixed(times.exposed, 3) +
            " exposed_comm_share:" + fixed(share, 4));
}

}  // namespace dpt::nn
