#include "models/nn/lr_schedule.h"

#include <gtest/gtest.h>

namespace dpt::nn {
namespace {

TEST(LrSchedule, ConstantWithLinearWarmup) {
  ScheduleConfig c;
  c.warmup_steps = 4;
  LrSchedule s(0.8, c, 10, 3);
  EXPECT_DOUBLE_EQ(s.at(0, 0), 0.2);
  EXPECT_DOUBLE_EQ(s.at(0, 3), 0.8);
  EXPECT_DOUBLE_EQ(s.at(2, 9), 0.8);
}

TEST(LrSchedule, StepDecaysEveryStepEpochs) {
  ScheduleConfig c;
  c.kind = ScheduleKind::step;
  c.step_epochs = 2;
  c.gamma = 0.5;
  LrSchedule s(1.0, c, 10, 6);
  EXPECT_DOUBLE_EQ(s.at(1, 9), 1.0);
  EXPECT_DOUBLE_EQ(s.at(2, 0), 0.5);
  EXPECT_DOUBLE_EQ(s.at(5, 3), 0.25);
}

TEST(LrSchedule, CosineGoesFromPeakToTheFloor) {
  ScheduleConfig c;
  c.kind = ScheduleKind::cosine;
  c.min_lr = 0.1;
  LrSchedule s(1.1, c, 10, 2);  // 20 steps
  EXPECT_DOUBLE_EQ(s.at(0, 0), 1.1);
  EXPECT_NEAR(s.at(1, 0), 0.6, 1e-12);  // half way
  EXPECT_GT(s.at(1, 9), 0.1);
  EXPECT_LT(s.at(1, 9), 0.11);
}

}  // namespace
}  // namespace dpt::nn
