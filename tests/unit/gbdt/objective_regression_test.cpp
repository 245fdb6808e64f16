// The single-output objectives added for XGBoost 1.7 parity: gradients are the derivatives of
// the losses (numerically checked) with XGBoost's clamps, base scores and quantiles as XGBoost
// computes them (expected values from Python xgboost 1.7.4, see each comment).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "collective/single_communicator.h"
#include "models/gbdt/objective/objective.h"
#include "models/gbdt/objective/objective_transform.h"
#include "models/gbdt/booster/params.h"
#include "models/gbdt/objective/quantile_stats.h"
#include "common/error.h"

namespace dpt::gbdt {
namespace {

TrainParams params_for(const std::string& objective) {
  TrainParams p;
  p.objective = objective;
  return p;
}

struct GH {
  float g, h;
};

GH gradient_of(const TrainParams& p, float margin, float label, float weight = 1.0f) {
  Objective o(p);
  float g = 0, h = 0;
  const float w[] = {weight};
  o.gradients(std::span<const float>(&margin, 1), std::span<const float>(&label, 1), w,
              std::span<float>(&g, 1), std::span<float>(&h, 1));
  return {g, h};
}

// Numeric first and second derivatives of loss(m).
void expect_derivatives(const std::string& objective, const std::function<double(double, double)>& loss,
                        std::vector<std::pair<float, float>> margin_label, double tol = 1e-3,
                        TrainParams p = {}) {
  if (p.objective == "reg:squarederror") p = params_for(objective);
  for (auto [m, y] : margin_label) {
    const double e = 1e-3;
    const double g = (loss(m + e, y) - loss(m - e, y)) / (2 * e);
    const double h = (loss(m + e, y) - 2 * loss(m, y) + loss(m - e, y)) / (e * e);
    const GH ours = gradient_of(p, m, y, 2.0f);
    EXPECT_NEAR(ours.g, 2 * g, tol * std::max(1.0, std::abs(g))) << objective << " m=" << m << " y=" << y;
    EXPECT_NEAR(ours.h, 2 * h, tol * std::max(1.0, std::abs(h))) << objective << " m=" << m << " y=" << y;
  }
}

TEST(RegressionObjectives, GradientsAreLossDerivatives) {
  expect_derivatives("reg:squaredlogerror", [](double m, double y) {
    const double d = std::log1p(m) - std::log1p(y);
    return 0.5 * d * d;
  }, {{0.5f, 2.0f}, {1.0f, 0.6f}, {1.2f, 1.0f}}, 2e-3);  // where the hessian is > 0 (unclamped)
  expect_derivatives("reg:pseudohubererror", [](double m, double y) {
    return std::sqrt(1 + (m - y) * (m - y)) - 1;
  }, {{0.5f, 2.0f}, {-3.0f, 0.1f}, {1.2f, 1.0f}});
  expect_derivatives("reg:gamma", [](double m, double y) { return y * std::exp(-m) + m; },
                     {{0.5f, 2.0f}, {-1.0f, 0.1f}, {1.2f, 1.0f}});
  expect_derivatives("reg:tweedie", [](double m, double y) {
    return -y * std::exp(-0.5 * m) / -0.5 + std::exp(0.5 * m) / 0.5;
  }, {{0.5f, 2.0f}, {-1.0f, 0.0f}, {1.2f, 1.0f}});
  TrainParams huber = params_for("reg:pseudohubererror");
  huber.huber_slope = 0.5;
  expect_derivatives("reg:pseudohubererror", [](double m, double y) {
    return 0.25 * (std::sqrt(1 + (m - y) * (m - y) / 0.25) - 1);
  }, {{0.5f, 2.0f}, {-3.0f, 0.1f}}, 1e-3, huber);
  TrainParams tweedie = params_for("reg:tweedie");
  tweedie.tweedie_variance_power = 1.2;
  expect_derivatives("reg:tweedie", [](double m, double y) {
    return -y * std::exp(-0.2 * m) / -0.2 + std::exp(0.8 * m) / 0.8;
  }, {{0.5f, 2.0f}, {1.2f, 1.0f}}, 1e-3, tweedie);
}

TEST(RegressionObjectives, XGBoostClampsAndPiecewiseGradients) {
  // squaredlogerror clamps the margin at -1 + 1e-6 and the hessian at 1e-6.
  EXPECT_GE(gradient_of(params_for("reg:squaredlogerror"), -5.0f, 0.0f).h, 1e-6f);
  EXPECT_TRUE(std::isfinite(gradient_of(params_for("reg:squaredlogerror"), -5.0f, 0.0f).g));
  // absoluteerror: the sign of margin - label times the weight; hessian = weight.
  const auto a = gradient_of(params_for("reg:absoluteerror"), 1.0f, 3.0f, 2.5f);
  EXPECT_EQ(a.g, -2.5f);
  EXPECT_EQ(a.h, 2.5f);
  EXPECT_EQ(gradient_of(params_for("reg:absoluteerror"), 3.0f, 3.0f, 2.5f).g, 0.0f);
  // hinge: inside the margin -y*w and w; outside 0 and the smallest float, unweighted.
  const auto in = gradient_of(params_for("binary:hinge"), 0.2f, 1.0f, 3.0f);
  EXPECT_EQ(in.g, -3.0f);
  EXPECT_EQ(in.h, 3.0f);
  const auto neg = gradient_of(params_for("binary:hinge"), 0.2f, 0.0f, 3.0f);
  EXPECT_EQ(neg.g, 3.0f);
  const auto out = gradient_of(params_for("binary:hinge"), 1.5f, 1.0f, 3.0f);
  EXPECT_EQ(out.g, 0.0f);
  EXPECT_EQ(out.h, std::numeric_limits<float>::min());
  // scale_pos_weight applies to the whole RegLossObj family (reg:squarederror too), as in XGBoost.
  TrainParams spw = params_for("reg:squarederror");
  spw.scale_pos_weight = 3;
  EXPECT_EQ(gradient_of(spw, 0.0f, 1.0f).g, -3.0f);
  EXPECT_EQ(gradient_of(spw, 0.0f, 2.0f).g, -2.0f);
}

data::Dataset labelled(std::vector<float> labels, std::vector<float> weights = {}) {
  data::Dataset d;
  d.channel = "train";
  d.num_rows = labels.size();
  d.global_rows = labels.size();
  d.labels = std::move(labels);
  d.weights = std::move(weights);
  return d;
}

TEST(RegressionObjectives, LabelDomains) {
  EXPECT_NE(Objective(params_for("reg:gamma")).check_labels(labelled({1, 0})).find("positive"), std::string::npos);
  EXPECT_EQ(Objective(params_for("reg:tweedie")).check_labels(labelled({1, 0})), "");
  EXPECT_NE(Objective(params_for("reg:tweedie")).check_labels(labelled({-1})).find("non-negative"), std::string::npos);
  EXPECT_NE(Objective(params_for("reg:squaredlogerror")).check_labels(labelled({-1})).find("> -1"), std::string::npos);
  EXPECT_EQ(Objective(params_for("reg:squaredlogerror")).check_labels(labelled({-0.5f})), "");
  EXPECT_NE(Objective(params_for("binary:hinge")).check_labels(labelled({2})).find("[0, 1]"), std::string::npos);
  EXPECT_EQ(Objective(params_for("reg:absoluteerror")).check_labels(labelled({-7, 1e6f})), "");
}

TEST(RegressionObjectives, DefaultMetricsAreXGBoosts) {
  EXPECT_EQ(Objective(params_for("reg:squaredlogerror")).default_metric(), "rmsle");
  EXPECT_EQ(Objective(params_for("reg:pseudohubererror")).default_metric(), "mphe");
  EXPECT_EQ(Objective(params_for("reg:absoluteerror")).default_metric(), "mae");
  EXPECT_EQ(Objective(params_for("reg:gamma")).default_metric(), "gamma-nloglik");
  EXPECT_EQ(Objective(params_for("binary:hinge")).default_metric(), "error");
  EXPECT_EQ(Objective(params_for("reg:tweedie")).default_metric(), "tweedie-nloglik@1.5");
  TrainParams t = params_for("reg:tweedie");
  t.tweedie_variance_power = 1.3;
  EXPECT_EQ(Objective(t).default_metric(), "tweedie-nloglik@1.3");
}

TEST(RegressionObjectives, BaseScores) {
  SingleCommunicator comm;
  const std::vector<float> y = {0.5f, 1.5f, 3.0f, 0.2f, 2.2f, 1.0f, 0.7f, 4.0f, 1.5f, 9.0f};
  const std::vector<float> w = {1, 2, 0.5f, 1.5f, 1, 3, 0.25f, 1, 0.1f, 0.7f};
  // Python xgboost 1.7.4, reg:absoluteerror, one round: learner_model_param.base_score is
  // "1.5E0" without weights and "1E0" with these weights.
  EXPECT_EQ(Objective(params_for("reg:absoluteerror")).estimate_base_score(comm, labelled(y)), 1.5);
  EXPECT_EQ(Objective(params_for("reg:absoluteerror")).estimate_base_score(comm, labelled(y, w)), 1.0);
  EXPECT_NEAR(Objective(params_for("reg:gamma")).estimate_base_score(comm, labelled({1, 2, 6})), 3.0, 1e-12);
  EXPECT_NEAR(Objective(params_for("reg:squaredlogerror")).estimate_base_score(comm, labelled({0, 3})),
              std::expm1(std::log(4.0) / 2), 1e-12);
  EXPECT_NEAR(Objective(params_for("binary:hinge")).estimate_base_score(comm, labelled({1, 0, 0, 0})), -0.5, 1e-12);
  EXPECT_FLOAT_EQ(base_margin("reg:tweedie", 2.0f), std::log(2.0f));
  EXPECT_FLOAT_EQ(base_margin("reg:gamma", 2.0f), std::log(2.0f));
  EXPECT_FLOAT_EQ(base_margin("reg:absoluteerror", 2.0f), 2.0f);
}

TEST(Quantiles, MatchXGBoostDefinitions) {
  // common::Quantile interpolates: median of 4 values is the mean of the middle two.
  EXPECT_EQ(xgb_quantile(0.5, std::vector<float>{3, 1, 2, 5}), 2.5f);
  EXPECT_EQ(xgb_quantile(0.5, std::vector<float>{3}), 3.0f);
  EXPECT_EQ(xgb_quantile(0.5, std::vector<float>{3, 1, 2}), 2.0f);
  EXPECT_TRUE(std::isnan(xgb_quantile(0.5, std::vector<float>{})));
  // common::WeightedQuantile is a step function: the first value whose cdf reaches alpha * total.
  EXPECT_EQ(xgb_weighted_quantile(0.5, std::vector<float>{1, 2, 3, 4}, std::vector<float>{1, 1, 1, 1}), 2.0f);
  EXPECT_EQ(xgb_weighted_quantile(0.5, std::vector<float>{4, 1, 2, 3}, std::vector<float>{5, 1, 1, 1}), 4.0f);
}

ParamValues values_with(std::map<std::string, std::string> given) {
  ParamValues v;
  for (const auto& spec : param_specs()) {
    v.explicitly_given[spec.name] = false;
    if (!spec.default_value.empty()) v.text[spec.name] = {spec.default_value};
  }
  for (auto& [k, val] : given) {
    v.text[k] = {val};
    v.explicitly_given[k] = true;
  }
  return v;
}

TEST(RegressionObjectives, ParamsNormaliseAndRefuse) {
  // reg:linear is XGBoost's old name for reg:squarederror and is saved under the new name.
  EXPECT_EQ(train_params_from(values_with({{"num_round", "1"}, {"objective", "reg:linear"}})).objective,
            "reg:squarederror");
  auto metrics = [](std::map<std::string, std::string> hp) {
    hp["num_round"] = "1";
    return train_params_from(values_with(hp)).eval_metrics;
  };
  EXPECT_EQ(metrics({{"eval_metric", "error@0.7"}}), std::vector<std::string>{"error@0.7"});
  EXPECT_EQ(metrics({{"eval_metric", "error@0.5"}}), std::vector<std::string>{"error"});
  EXPECT_EQ(metrics({{"eval_metric", "tweedie-nloglik@1.50"}}), std::vector<std::string>{"tweedie-nloglik@1.5"});
  EXPECT_EQ(metrics({{"objective", "multi:softprob"}, {"num_class", "3"}, {"eval_metric", "auc"}}),
            std::vector<std::string>{"auc"});
  EXPECT_THROW(metrics({{"eval_metric", "tweedie-nloglik"}}), UserError);
  EXPECT_THROW(metrics({{"eval_metric", "tweedie-nloglik@2"}}), UserError);
  EXPECT_THROW(metrics({{"eval_metric", "rmse@3"}}), UserError);
  EXPECT_THROW(metrics({{"eval_metric", "nope"}}), UserError);
  EXPECT_THROW(metrics({{"objective", "multi:softprob"}, {"num_class", "3"}, {"eval_metric", "rmse"}}), UserError);
  EXPECT_THROW(metrics({{"eval_metric", "mlogloss"}}), UserError);
  EXPECT_THROW(metrics({{"objective", "reg:gamma"}, {"base_score", "0"}}), UserError);
  EXPECT_THROW(metrics({{"objective", "reg:pseudohubererror"}, {"huber_slope", "0"}}), UserError);
}

}  // namespace
}  // namespace dpt::gbdt
