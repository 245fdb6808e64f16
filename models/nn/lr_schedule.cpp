#include "models/nn/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dpt::nn {

LrSchedule::LrSchedule(double peak_lr, ScheduleConfig config, std::int64_t steps_per_epoch,
                       std::int64_t epochs)
    : peak_(peak_lr), config_(config), steps_per_epoch_(steps_per_epoch),
      total_steps_(steps_per_epoch * epochs) {}

double LrSchedule::at(std::int64_t epoch, std::int64_t step) const {
  const std::int64_t global_step = epoch * steps_per_epoch_ + step;
  double lr = peak_;
  switch (config_.kind) {
    case ScheduleKind::constant:
      break;
    case ScheduleKind::step:
      lr = peak_ * std::pow(config_.gamma, static_cast<double>(epoch / config_.step_epochs));
      break;
    case ScheduleKind::cosine: {
      // Counted after the warm-up, so the decay starts from the peak.
      const auto span = std::max<std::int64_t>(1, total_steps_ - config_.warmup_steps);
      const auto t = std::clamp<double>(static_cast<double>(global_step - config_.warmup_steps) /
                                            static_cast<double>(span),
                                        0.0, 1.0);
      lr = config_.min_lr + (peak_ - config_.min_lr) * 0.5 * (1 + std::cos(std::numbers::pi * t));
      break;
    }
  }
  if (global_step < config_.warmup_steps) {
    lr *= static_cast<double>(global_step + 1) / static_cast<double>(config_.warmup_steps);
  }
  return lr;
}

}  // namespace dpt::nn
