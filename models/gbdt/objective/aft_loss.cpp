#include "models/gbdt/objective/aft_loss.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace dpt::gbdt {
namespace {

constexpr double kMinGradient = -15.0, kMaxGradient = 15.0;
constexpr double kMinHessian = 1e-16, kMaxHessian = 15.0;
constexpr double kEps = 1e-12;  // floor of a likelihood, so its log stays finite
constexpr double kPi = 3.14159265358979323846;

enum class Censoring { none, right, left, interval };

// The densities of Z and their first two derivatives. Where exp overflows XGBoost returns the
// limit (0) instead of inf/inf; the same guards are kept so that the numbers agree.
struct Normal {
  static double pdf(double z) { return std::exp(-z * z / 2.0) / std::sqrt(2.0 * kPi); }
  static double cdf(double z) { return 0.5 * (1 + std::erf(z / std::sqrt(2.0))); }
  static double grad_pdf(double z) { return -z * pdf(z); }
  static double hess_pdf(double z) { return (z * z - 1.0) * pdf(z); }
  // Gradient / hessian as the margin runs off to +-inf (`above`: z > 0, the margin is too low).
  static double limit_grad(Censoring c, bool above, double) {
    switch (c) {
      case Censoring::right: return above ? kMinGradient : 0.0;
      case Censoring::left: return above ? 0.0 : kMaxGradient;
      default: return above ? kMinGradient : kMaxGradient;
    }
  }
  static double limit_hess(Censoring c, bool above, double sigma) {
    const double h = 1.0 / (sigma * sigma);
    switch (c) {
      case Censoring::right: return above ? h : kMinHessian;
      case Censoring::left: return above ? kMinHessian : h;
      default: return h;
    }
  }
};

struct Logistic {
  static double pdf(double z) {
    const double w = std::exp(z);
    if (std::isinf(w) || std::isinf(w * w)) return 0.0;
    return w / ((1 + w) * (1 + w));
  }
  static double cdf(double z) {
    const double w = std::exp(z);
    return std::isinf(w) ? 1.0 : w / (1 + w);
  }
  static double grad_pdf(double z) {
    const double w = std::exp(z);
    return std::isinf(w) ? 0.0 : pdf(z) * (1 - w) / (1 + w);
  }
  static double hess_pdf(double z) {
    const double w = std::exp(z);
    if (std::isinf(w) || std::isinf(w * w)) return 0.0;
    return pdf(z) * (w * w - 4 * w + 1) / ((1 + w) * (1 + w));
  }
  static double limit_grad(Censoring c, bool above, double sigma) {
    switch (c) {
      case Censoring::right: return above ? -1.0 / sigma : 0.0;
      case Censoring::left: return above ? 0.0 : 1.0 / sigma;
      default: return above ? -1.0 / sigma : 1.0 / sigma;
    }
  }
  static double limit_hess(Censoring, bool, double) { return kMinHessian; }
};

struct Extreme {
  static double pdf(double z) {
    const double w = std::exp(z);
    return std::isinf(w) ? 0.0 : w * std::exp(-w);
  }
  static double cdf(double z) { return 1 - std::exp(-std::exp(z)); }
  static double grad_pdf(double z) {
    const double w = std::exp(z);
    return std::isinf(w) ? 0.0 : (1 - w) * pdf(z);
  }
  static double hess_pdf(double z) {
    const double w = std::exp(z);
    if (std::isinf(w) || std::isinf(w * w)) return 0.0;
    return (w * w - 3 * w + 1) * pdf(z);
  }
  static double limit_grad(Censoring c, bool above, double sigma) {
    switch (c) {
      case Censoring::right: return above ? kMinGradient : 0.0;
      case Censoring::left: return above ? 0.0 : 1.0 / sigma;
      default: return above ? kMinGradient : 1.0 / sigma;
    }
  }
  static double limit_hess(Censoring c, bool above, double) {
    if (c == Censoring::left) return kMinHessian;
    return above ? kMaxHessian : kMinHessian;
  }
};

double clip(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

// The interval's two ends on the z scale: pdf, cdf and pdf' at each (0/1/0 at an open end).
template <class D>
struct Ends {
  double pdf_u = 0, cdf_u = 1, grad_u = 0, pdf_l = 0, cdf_l = 0, grad_l = 0;
  Censoring censoring = Censoring::interval;
  bool above = false;  // XGBoost's z_sign: either end's z > 0

  Ends(double lower, double upper, double margin, double sigma) {
    double z_u = 0, z_l = 0;
    if (std::isinf(upper)) {
      censoring = Censoring::right;
    } else {
      z_u = (std::log(upper) - margin) / sigma;
      pdf_u = D::pdf(z_u), cdf_u = D::cdf(z_u), grad_u = D::grad_pdf(z_u);
    }
    if (lower <= 0.0) {
      censoring = Censoring::left;
    } else {
      z_l = (std::log(lower) - margin) / sigma;
      pdf_l = D::pdf(z_l), cdf_l = D::cdf(z_l), grad_l = D::grad_pdf(z_l);
    }
    above = z_u > 0 || z_l > 0;
  }
};

template <class D>
double loss(double lower, double upper, double margin, double sigma) {
  if (lower == upper) {
    const double z = (std::log(lower) - margin) / sigma;
    return -std::log(std::fmax(D::pdf(z) / (sigma * lower), kEps));
  }
  const Ends<D> e(lower, upper, margin, sigma);
  return -std::log(std::fmax(e.cdf_u - e.cdf_l, kEps));
}

template <class D>
double gradient(double lower, double upper, double margin, double sigma) {
  double numerator, denominator;
  Censoring censoring;
  bool above;
  if (lower == upper) {
    const double z = (std::log(lower) - margin) / sigma;
    numerator = D::grad_pdf(z);
    denominator = sigma * D::pdf(z);
    censoring = Censoring::none;
    above = z > 0;
  } else {
    const Ends<D> e(lower, upper, margin, sigma);
    numerator = e.pdf_u - e.pdf_l;
    denominator = sigma * (e.cdf_u - e.cdf_l);
    censoring = e.censoring;
    above = e.above;
  }
  double g = numerator / denominator;
  if (denominator < kEps && (std::isnan(g) || std::isinf(g))) g = D::limit_grad(censoring, above, sigma);
  return clip(g, kMinGradient, kMaxGradient);
}

template <class D>
double hessian(double lower, double upper, double margin, double sigma) {
  double numerator, denominator;
  Censoring censoring;
  bool above;
  if (lower == upper) {
    const double z = (std::log(lower) - margin) / sigma;
    const double pdf = D::pdf(z), grad_pdf = D::grad_pdf(z), hess_pdf = D::hess_pdf(z);
    numerator = -(pdf * hess_pdf - grad_pdf * grad_pdf);
    denominator = sigma * sigma * pdf * pdf;
    censoring = Censoring::none;
    above = z > 0;
  } else {
    const Ends<D> e(lower, upper, margin, sigma);
    const double cdf_diff = e.cdf_u - e.cdf_l, pdf_diff = e.pdf_u - e.pdf_l;
    const double grad_diff = e.grad_u - e.grad_l;
    const double root = sigma * cdf_diff;
    numerator = -(cdf_diff * grad_diff - pdf_diff * pdf_diff);
    denominator = root * root;
    censoring = e.censoring;
    above = e.above;
  }
  double h = numerator / denominator;
  if (denominator < kEps && (std::isnan(h) || std::isinf(h))) h = D::limit_hess(censoring, above, sigma);
  return clip(h, kMinHessian, kMaxHessian);
}

// Calls f.template operator()<Distribution>() for the chosen distribution.
template <class F>
double dispatch(AftDistribution d, F f) {
  switch (d) {
    case AftDistribution::normal: return f.template operator()<Normal>();
    case AftDistribution::logistic: return f.template operator()<Logistic>();
    case AftDistribution::extreme: return f.template operator()<Extreme>();
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

AftDistribution aft_distribution_from(const std::string& name) {
  if (name == "normal") return AftDistribution::normal;
  if (name == "logistic") return AftDistribution::logistic;
  if (name == "extreme") return AftDistribution::extreme;
  throw std::invalid_argument("unknown aft_loss_distribution '" + name + "' (normal, logistic, extreme)");
}

const char* aft_distribution_name(AftDistribution d) {
  switch (d) {
    case AftDistribution::normal: return "normal";
    case AftDistribution::logistic: return "logistic";
    case AftDistribution::extreme: return "extreme";
  }
  return "normal";
}

double aft_loss(const AftParams& p, double lower, double upper, double margin) {
  return dispatch(p.distribution, [&]<class D>() { return loss<D>(lower, upper, margin, p.scale); });
}

double aft_gradient(const AftParams& p, double lower, double upper, double margin) {
  return dispatch(p.distribution, [&]<class D>() { return gradient<D>(lower, upper, margin, p.scale); });
}

double aft_hessian(const AftParams& p, double lower, double upper, double margin) {
  return dispatch(p.distribution, [&]<class D>() { return hessian<D>(lower, upper, margin, p.scale); });
}

}  // namespace dpt::gbdt
