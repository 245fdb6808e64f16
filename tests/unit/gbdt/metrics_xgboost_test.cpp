// Metric values against Python xgboost 1.7.4 on the same predictions. The expected numbers come
// from Booster.eval on a 0-round booster whose DMatrix carries these margins as base_margin
// (xgb.train({"objective": o, "eval_metric": m}, DMatrix(X, label, weight, base_margin=margins), 0)),
// printed with %.17g. Tolerance: 1e-6 relative (XGBoost prints its own value with ~6 digits).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "collective/single_communicator.h"
#include "models/gbdt/metric/metrics.h"

namespace dpt::gbdt {
namespace {

const std::vector<float> kMargins = {-1.2f, 0.3f, 2.0f, 0.7f, -0.1f, 1.1f, 0.0f, 0.45f};
const std::vector<float> kLabels01 = {0, 1, 1, 0, 1, 0, 1, 1};
const std::vector<float> kLabelsPos = {0.5f, 1.5f, 3.0f, 0.2f, 2.2f, 1.0f, 0.7f, 4.0f};
const std::vector<float> kWeights = {1, 2, 0.5f, 1.5f, 1, 3, 0.25f, 1};

struct Case {
  const char* objective;
  const char* metric;
  bool positive_labels;
  double weighted, unweighted;  // xgboost's values
  float huber_slope = 1.0f;
};

void expect_close(double ours, double theirs, const std::string& what) {
  EXPECT_NEAR(ours, theirs, 1e-6 * std::abs(theirs)) << what;
}

TEST(MetricsVsXGBoost, ElementwiseAndBinaryArea) {
  const Case cases[] = {
      {"reg:squarederror", "mape", true, 1.1121581807369139, 1.2582859955728054},
      {"reg:pseudohubererror", "mphe", true, 0.65822795833029402, 0.81104910373687744},
      {"reg:pseudohubererror", "mphe", true, 0.41708315072990043, 0.51287741586565971, 0.5f},
      {"binary:logistic", "error@0.7", false, 0.70731707317073167, 0.625},
      {"binary:logistic", "logloss", false, 0.84518776724978195, 0.67073498293757439},
      {"reg:gamma", "gamma-nloglik", true, 1.511218901087598, 1.5676710605621338},
      {"reg:gamma", "gamma-deviance", true, 0.95638415290088186, 0.8804481029510498},
      {"reg:tweedie", "tweedie-nloglik@1.5", true, 5.0112492980026619, 5.2538270652294159},
      {"reg:tweedie", "tweedie-nloglik@1.2", true, 8.6227763338786794, 9.4794280529022217},
      {"binary:logistic", "aucpr", false, 0.41719255244083159, 0.66108085584511866},
      {"binary:hinge", "error", false, 0.56097560975609762, 0.5},
      {"binary:hinge", "rmse", false, 0.74898305037971158, 0.70710678118654757},
      {"count:poisson", "poisson-nloglik", true, 1.7870854255629749, 1.8373893350362778},
      {"reg:absoluteerror", "mae", true, 1.1390244015833226, 1.3812500014901161},
  };
  SingleCommunicator comm;
  for (const Case& c : cases) {
    const auto& labels = c.positive_labels ? kLabelsPos : kLabels01;
    const MetricOptions options{c.huber_slope};
    const std::string what = std::string(c.objective) + " " + c.metric;
    expect_close(evaluate_metric(comm, c.metric, c.objective, kMargins, 1, labels, kWeights, options),
                 c.weighted, what + " weighted");
    expect_close(evaluate_metric(comm, c.metric, c.objective, kMargins, 1, labels, {}, options),
                 c.unweighted, what);
  }
  // rmsle needs margins > -1: xgboost on |margins| gives 0.62277342911045896 (weighted).
  std::vector<float> abs_margins;
  for (float m : kMargins) abs_margins.push_back(std::abs(m));
  expect_close(evaluate_metric(comm, "rmsle", "reg:squarederror", abs_margins, 1, kLabelsPos, kWeights),
               0.62277342911045896, "rmsle");
}

TEST(MetricsVsXGBoost, TiedScores) {
  // binary:logitraw margins with ties; xgboost: auc 0.92344497607655507 / 0.83333333333333337,
  // aucpr 0.91176584054255427 / 0.89858556721532912 (weighted / unweighted).
  const std::vector<float> m = {0.5f, 0.5f, 0.2f, 0.2f, 0.9f, 0.1f, 0.5f, 0.9f};
  SingleCommunicator comm;
  expect_close(evaluate_metric(comm, "auc", "binary:logitraw", m, 1, kLabels01, kWeights), 0.92344497607655507, "auc w");
  expect_close(evaluate_metric(comm, "auc", "binary:logitraw", m, 1, kLabels01, {}), 0.83333333333333337, "auc");
  expect_close(evaluate_metric(comm, "aucpr", "binary:logitraw", m, 1, kLabels01, kWeights), 0.91176584054255427, "aucpr w");
  expect_close(evaluate_metric(comm, "aucpr", "binary:logitraw", m, 1, kLabels01, {}), 0.89858556721532912, "aucpr");
}

TEST(MetricsVsXGBoost, Multiclass) {
  // multi:softprob, num_class 3, margins below; xgboost (weighted / unweighted):
  // auc 0.97274031563845054 / 0.87083333333333335, aucpr 0.95843703348123854 /
  // 0.83957642542708688, mlogloss 0.55546074960289937 / 0.72673019021749496,
  // merror 0.024390243902439029 / 0.125.
  const std::vector<float> m = {0.1f, -0.4f, 0.9f, 1.0f, 0.2f, 0.2f, 0.0f, 0.0f, 0.5f, -1, 2, 0.3f,
                                0.3f, 0.3f, 0.3f, 2, 1, 0, 0.5f, -0.5f, 0.1f, 0, 1, 2};
  const std::vector<float> y = {2, 0, 2, 1, 0, 0, 1, 2};
  SingleCommunicator comm;
  const struct { const char* metric; double w, u; } cases[] = {
      {"auc", 0.97274031563845054, 0.87083333333333335},
      {"aucpr", 0.95843703348123854, 0.83957642542708688},
      {"mlogloss", 0.55546074960289937, 0.72673019021749496},
      {"merror", 0.024390243902439029, 0.125},
  };
  for (const auto& c : cases) {
    expect_close(evaluate_metric(comm, c.metric, "multi:softprob", m, 3, y, kWeights), c.w, std::string(c.metric) + " w");
    expect_close(evaluate_metric(comm, c.metric, "multi:softprob", m, 3, y, {}), c.u, c.metric);
  }
}

}  // namespace
}  // namespace dpt::gbdt
