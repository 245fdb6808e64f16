// Survival objectives and metrics against Python xgboost 1.7.4. The reference numbers come from
// tests/unit/gbdt/survival_reference.py (run with /usr/bin/python3): gradients are read from a
// one-round model whose every row has its own leaf (sum_hessian = hess, base_weight = -grad/hess
// with lambda 0), metrics from booster.eval of a model without trees on the same margins.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "collective/single_communicator.h"
#include "models/gbdt/metric/survival_metrics.h"
#include "models/gbdt/objective/survival_objective.h"

namespace dpt::gbdt {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
const std::vector<float> kWeights = {1, 2, 0.5, 1, 1.5, 1, 1, 0.7};
// Cox: ties (3, 3 and -3; -2 and 2), censored rows, weights.
const std::vector<float> kCoxLabels = {3, -2, 5, 3, -5, 1, 2, -3};
const std::vector<float> kCoxMargins = {0.1f, -0.3f, 0.5f, 0.2f, -0.1f, 0.4f, 0.0f, -0.2f};
// AFT: exact, right-censored, left-censored, interval, and rows far from their margins.
const std::vector<float> kAftLower = {2.0f, 3.0f, 0.0f, 1.5f, 40.0f, 0.5f, 7.0f, 1e-3f};
const std::vector<float> kAftUpper = {2.0f, kInf, 4.0f, 2.5f, 40.0f, 0.5f, kInf, 2e-3f};
const std::vector<float> kAftMargins = {0.5f, 1.2f, 0.8f, 0.6f, 0.1f, 3.0f, -4.0f, 5.0f};

data::Dataset rows_of(const std::vector<float>& labels, const std::vector<float>& upper = {}) {
  data::Dataset d;
  d.channel = "train";
  d.num_rows = d.global_rows = labels.size();
  d.labels = labels;
  d.label_upper = upper;
  d.weights = kWeights;
  return d;
}

TrainParams params_for(const std::string& objective, const std::string& dist = "normal", double scale = 1) {
  TrainParams p;
  p.objective = objective;
  p.aft_loss_distribution = dist;
  p.aft_loss_distribution_scale = scale;
  return p;
}

void expect_close(const std::vector<float>& ours, const std::vector<double>& theirs, const char* what) {
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i)
    EXPECT_NEAR(ours[i], theirs[i], 2e-6 * std::max(1.0, std::abs(theirs[i]))) << what << " row " << i;
}

TEST(Survival, CoxGradientsAndMetricAreXGBoosts) {
  SingleCommunicator comm;
  const data::Dataset rows = rows_of(kCoxLabels);
  const data::Dataset* sets[] = {&rows};
  const SurvivalObjective cox(comm, params_for("survival:cox"), sets);
  std::vector<float> grad(8), hess(8);
  cox.gradients(kCoxMargins, rows, grad, hess);
  expect_close(grad, {-0.533782385, 0.16588876, 0.315239169, -0.270425913, 1.34223816, -0.83297057,
                      -0.753622411, 0.342333718}, "cox grad");
  expect_close(hess, {0.39123088, 0.15212922, 0.4815108, 0.5920503, 1.0406871, 0.13913062, 0.21577458,
                      0.29907832}, "cox hess");
  EXPECT_NEAR(cox.evaluate("cox-nloglik", 0, kCoxMargins, rows), 1.4828868698645552, 1e-12);
}

struct AftCase {
  const char* distribution;
  double scale;
  std::vector<double> grad, hess;
  double nloglik, accuracy;
};

TEST(Survival, AftGradientsAndMetricsAreXGBoosts) {
  const AftCase cases[] = {
      {"normal", 1.0,
       {-0.19314718, -1.46895895, 0.232919219, -0.0595655936, -5.38331895, 3.6931472, -6.10570055, 10.5},
       {1, 1.2278548, 0.24506195, 0.97844434, 1.5, 1, 0.97563237, 0.7},
       7.8152284104073146, 0.40229885112595126},
      {"logistic", 0.8,
       {-0.150167492, -1.1708967, 0.202853568, -0.0463484899, -1.83322861, 1.22552208, -1.24926063, 0.874998976},
       {0.7699748, 0.7781213, 0.17126781, 0.7606561, 0.051632553, 0.030297851, 0.0009235518, 1.2684985e-06},
       4.4234634211536834, 0.40229885112595126},
      {"extreme", 1.5,
       {-0.0916150329, -1.24618912, 0.145556791, -0.0306618642, -9.94175536, 0.609829373, -15, 0.466451265},
       {0.5055211, 0.8307928, 0.08878247, 0.46021166, 7.294504, 0.037891503, 15, 0.00014358005},
       7.0085841536046507, 0.40229885112595126},
  };
  SingleCommunicator comm;
  const data::Dataset rows = rows_of(kAftLower, kAftUpper);
  const data::Dataset* sets[] = {&rows};
  for (const auto& c : cases) {
    const SurvivalObjective aft(comm, params_for("survival:aft", c.distribution, c.scale), sets);
    std::vector<float> grad(8), hess(8);
    aft.gradients(kAftMargins, rows, grad, hess);
    expect_close(grad, c.grad, c.distribution);
    expect_close(hess, c.hess, c.distribution);
    EXPECT_NEAR(aft.evaluate("aft-nloglik", 0, kAftMargins, rows), c.nloglik, 1e-9 * c.nloglik) << c.distribution;
    EXPECT_NEAR(aft.evaluate("interval-regression-accuracy", 0, kAftMargins, rows), c.accuracy, 1e-12)
        << c.distribution;
  }
}

TEST(Survival, LabelChecksNameTheRow) {
  data::Dataset rows = rows_of({2, 3, 4}, {2, 1, kInf});
  rows.weights.clear();
  rows.first_row_id = 10;
  EXPECT_NE(check_survival_labels("survival:aft", rows).find("row 12 has label interval [3, 1]"), std::string::npos)
      << check_survival_labels("survival:aft", rows);
  rows.label_upper = {2, 3, kInf};
  EXPECT_EQ(check_survival_labels("survival:aft", rows), "");
  rows.labels[0] = -1;
  EXPECT_NE(check_survival_labels("survival:aft", rows).find("lower bound >= 0"), std::string::npos);
  rows.labels[0] = 0;
  rows.label_upper[0] = 0;
  EXPECT_NE(check_survival_labels("survival:aft", rows).find("> 0"), std::string::npos);
  EXPECT_NE(check_survival_labels("survival:cox", rows).find("only survival:aft"), std::string::npos);
  rows.label_upper.clear();
  EXPECT_EQ(check_survival_labels("survival:cox", rows), "");
  rows.labels[2] = std::nanf("");
  EXPECT_NE(check_survival_labels("survival:cox", rows).find("row 13"), std::string::npos);
}

TEST(Survival, MetricsGoWithTheirObjective) {
  EXPECT_EQ(survival_metric_mismatch("cox-nloglik", "survival:cox"), "");
  EXPECT_EQ(survival_metric_mismatch("interval-regression-accuracy", "survival:aft"), "");
  EXPECT_NE(survival_metric_mismatch("aft-nloglik", "survival:cox"), "");
  EXPECT_NE(survival_metric_mismatch("cox-nloglik", "reg:squarederror"), "");
  EXPECT_NE(survival_metric_mismatch("rmse", "survival:aft"), "");
  EXPECT_EQ(survival_metric_mismatch("rmse", "reg:squarederror"), "");
  EXPECT_TRUE(survival_metric_maximizes("interval-regression-accuracy"));
  EXPECT_FALSE(survival_metric_maximizes("aft-nloglik"));
}

}  // namespace
}  // namespace dpt::gbdt
