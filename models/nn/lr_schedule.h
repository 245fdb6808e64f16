#pragma once
// The learning rate at a step: a base schedule (constant, step decay by epoch, cosine over all
// steps) with an optional linear warm-up. A pure function of the position, so a resumed run
// continues the schedule exactly.
#include <cstdint>

#include "models/nn/params.h"

namespace dpt::nn {

class LrSchedule {
 public:
  LrSchedule(double peak_lr, ScheduleConfig config, std::int64_t steps_per_epoch,
             std::int64_t epochs);
  double at(std::int64_t epoch, std::int64_t step) const;  // both 0-based

 private:
  double peak_;
  ScheduleConfig config_;
  std::int64_t steps_per_epoch_, total_steps_;
};

}  // namespace dpt::nn
