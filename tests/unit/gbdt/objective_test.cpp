// Objectives: gradients are the derivatives of XGBoost's losses, label checks name the row.
#include <gtest/gtest.h>

#include <cmath>

#include "collective/single_communicator.h"
#include "models/gbdt/objective/objective.h"

namespace dpt::gbdt {
namespace {

TrainParams params_for(const std::string& objective, int num_class = 0) {
  TrainParams p;
  p.objective = objective;
  p.num_class = num_class;
  return p;
}

// Numeric first and second derivative of loss(m) at m.
template <class Loss>
std::pair<double, double> derivatives(Loss loss, double m) {
  const double e = 1e-3;
  return {(loss(m + e) - loss(m - e)) / (2 * e), (loss(m + e) - 2 * loss(m) + loss(m - e)) / (e * e)};
}

TEST(Objective, SingleOutputGradientsAreLossDerivatives) {
  const float labels[] = {0.0f, 1.0f, 1.0f, 0.0f};
  const float margins[] = {-1.2f, 0.3f, 2.0f, 0.7f};
  float grad[4], hess[4];
  Objective squared(params_for("reg:squarederror"));
  squared.gradients(margins, labels, {}, grad, hess);
  Objective logistic(params_for("binary:logistic"));
  float lg[4], lh[4];
  logistic.gradients(margins, labels, {}, lg, lh);
  for (int i = 0; i < 4; ++i) {
    const double y = labels[i];
    auto [g, h] = derivatives([&](double m) { return 0.5 * (m - y) * (m - y); }, margins[i]);
    EXPECT_NEAR(grad[i], g, 1e-4);
    EXPECT_NEAR(hess[i], h, 1e-3);
    auto [g2, h2] = derivatives(
        [&](double m) { const double p = 1 / (1 + std::exp(-m)); return -(y * std::log(p) + (1 - y) * std::log(1 - p)); },
        margins[i]);
    EXPECT_NEAR(lg[i], g2, 1e-4);
    EXPECT_NEAR(lh[i], h2, 1e-3);
  }
}

TEST(Objective, PoissonHessianUsesMaxDeltaStep) {
  Objective poisson(params_for("count:poisson"));
  const float y[] = {3.0f}, m[] = {0.5f};
  float g[1], h[1];
  poisson.gradients(m, y, {}, g, h);
  EXPECT_NEAR(g[0], std::exp(0.5) - 3.0, 1e-5);
  EXPECT_NEAR(h[0], std::exp(0.5 + 0.7), 1e-5);
}

TEST(Objective, SoftmaxGradients) {
  Objective softmax(params_for("multi:softprob", 3));
  const float y[] = {2.0f};
  const float m[] = {0.1f, -0.4f, 0.9f};
  const float w[] = {2.0f};
  float g[3], h[3];
  softmax.gradients(m, y, w, g, h);
  double z = 0;
  for (float v : m) z += std::exp(v);
  for (int k = 0; k < 3; ++k) {
    const double p = std::exp(m[k]) / z;
    EXPECT_NEAR(g[k], 2 * (p - (k == 2)), 1e-6);
    EXPECT_NEAR(h[k], 2 * 2 * p * (1 - p), 1e-6);
  }
}

TEST(Objective, ScalePosWeightWeighsPositives) {
  TrainParams p = params_for("binary:logistic");
  p.scale_pos_weight = 3;
  Objective o(p);
  const float y[] = {1.0f, 0.0f}, m[] = {0.0f, 0.0f};
  float g[2], h[2];
  o.gradients(m, y, {}, g, h);
  EXPECT_FLOAT_EQ(g[0], -1.5f);
  EXPECT_FLOAT_EQ(g[1], 0.5f);
}

data::Dataset labelled(std::vector<float> labels) {
  data::Dataset d;
  d.channel = "train";
  d.num_rows = labels.size();
  d.global_rows = labels.size();
  d.first_row_id = 10;
  d.labels = std::move(labels);
  return d;
}

TEST(Objective, BadLabelsNameTheRow) {
  EXPECT_EQ(Objective(params_for("multi:softmax", 3)).check_labels(labelled({0, 2, 1})), "");
  EXPECT_NE(Objective(params_for("multi:softmax", 3)).check_labels(labelled({0, 3, 1})).find("row 12 has label 3"),
            std::string::npos);
  EXPECT_NE(Objective(params_for("binary:logistic")).check_labels(labelled({0, 1, 2})).find("[0, 1]"),
            std::string::npos);
  EXPECT_NE(Objective(params_for("count:poisson")).check_labels(labelled({1, -1})).find("non-negative"),
            std::string::npos);
  EXPECT_EQ(Objective(params_for("reg:squarederror")).check_labels(labelled({-5, 7.5})), "");
}

TEST(Objective, BaseScoreIsTheGlobalLabelMean) {
  SingleCommunicator comm;
  EXPECT_NEAR(Objective(params_for("reg:squarederror")).estimate_base_score(comm, labelled({1, 2, 6})), 3.0, 1e-12);
  EXPECT_NEAR(Objective(params_for("binary:logistic")).estimate_base_score(comm, labelled({1, 0, 0, 0})), 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(Objective(params_for("multi:softmax", 3)).estimate_base_score(comm, labelled({1, 2})), 0.5);
  // binary:logitraw stores a margin: the log-odds of the mean label.
  EXPECT_NEAR(Objective(params_for("binary:logitraw")).estimate_base_score(comm, labelled({1, 0, 0, 0})),
              std::log(0.25 / 0.75), 1e-12);
}

TEST(Objective, DefaultMetricFollowsTheObjective) {
  EXPECT_EQ(Objective(params_for("reg:squarederror")).default_metric(), "rmse");
  EXPECT_EQ(Objective(params_for("binary:logistic")).default_metric(), "logloss");
  EXPECT_EQ(Objective(params_for("multi:softmax", 4)).default_metric(), "mlogloss");
  EXPECT_EQ(Objective(params_for("count:poisson")).default_metric(), "poisson-nloglik");
}

}  // namespace
}  // namespace dpt::gbdt
