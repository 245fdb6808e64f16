// Metrics against direct definitions; AUC against the pairwise (Mann-Whitney) reference.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "collective/single_communicator.h"
#include "models/gbdt/metric/metrics.h"

namespace dpt::gbdt {
namespace {

double pairwise_auc(const std::vector<double>& s, const std::vector<float>& y, const std::vector<float>& w) {
  double num = 0, pos = 0, neg = 0;
  for (std::size_t i = 0; i < s.size(); ++i) (y[i] > 0.5 ? pos : neg) += w[i];
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (y[i] < 0.5) continue;
    for (std::size_t j = 0; j < s.size(); ++j) {
      if (y[j] > 0.5) continue;
      num += double{w[i]} * w[j] * (s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0);
    }
  }
  return num / (pos * neg);
}

TEST(Auc, EqualsPairwiseReferenceWithTiesAndWeights) {
  std::mt19937 rng(4);
  std::uniform_int_distribution<int> score(0, 20);  // many ties
  std::uniform_real_distribution<float> weight(0.5f, 2.0f);
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<double> s(300);
    std::vector<float> y(300), w(300);
    for (int i = 0; i < 300; ++i) {
      s[i] = score(rng);
      y[i] = (s[i] + score(rng) > 20) ? 1.0f : 0.0f;
      w[i] = weight(rng);
    }
    EXPECT_NEAR(roc_auc(s, y, w), pairwise_auc(s, y, w), 1e-12);
  }
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<float>{1, 1}, {})));
}

TEST(Metrics, AveragedMetricsFollowTheirDefinitions) {
  SingleCommunicator comm;
  const std::vector<float> margins = {0.0f, 2.0f, -1.0f};
  const std::vector<float> labels = {1.0f, 1.0f, 0.0f};
  const std::vector<float> weights = {1.0f, 2.0f, 1.0f};
  auto eval = [&](const std::string& metric, const std::string& objective) {
    return evaluate_metric(comm, metric, objective, margins, 1, labels, weights);
  };
  EXPECT_NEAR(eval("rmse", "reg:squarederror"), std::sqrt((1 + 2 * 1 + 1) / 4.0), 1e-9);
  EXPECT_NEAR(eval("mae", "reg:squarederror"), (1 + 2 + 1) / 4.0, 1e-9);
  const double p1 = 0.5, p2 = 1 / (1 + std::exp(-2.0)), p3 = 1 / (1 + std::exp(1.0));
  EXPECT_NEAR(eval("logloss", "binary:logistic"), -(std::log(p1) + 2 * std::log(p2) + std::log(1 - p3)) / 4, 1e-7);
  EXPECT_NEAR(eval("error", "binary:logistic"), 1.0 / 4, 1e-9);  // p = 0.5 is not > 0.5
  EXPECT_NEAR(eval("auc", "binary:logistic"), 1.0, 1e-12);
  const double nll = (std::exp(0.0) - 0 + std::lgamma(2.0)) + 2 * (std::exp(2.0) - 2.0 + std::lgamma(2.0)) +
                     std::exp(-1.0) + std::lgamma(1.0);
  EXPECT_NEAR(eval("poisson-nloglik", "count:poisson"), nll / 4, 1e-6);
}

TEST(Metrics, MulticlassMetrics) {
  SingleCommunicator comm;
  const std::vector<float> margins = {2.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f};  // 2 rows x 3 classes
  const std::vector<float> labels = {0.0f, 0.0f};
  EXPECT_NEAR(evaluate_metric(comm, "merror", "multi:softmax", margins, 3, labels, {}), 0.5, 1e-12);
  const double p0 = std::exp(2.0) / (std::exp(2.0) + 2), q0 = 1 / (2 + std::exp(1.0));
  EXPECT_NEAR(evaluate_metric(comm, "mlogloss", "multi:softmax", margins, 3, labels, {}),
              -(std::log(p0) + std::log(q0)) / 2, 1e-6);
}

}  // namespace
}  // namespace dpt::gbdt
