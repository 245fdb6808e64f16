#include "models/gbdt/tree/tree_constraints.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace dpt::gbdt {
namespace {

// Integers of a bracketed list: "(1,-1)" "[1, -1]" "1,-1"; `nested` lists of lists "[[0,1],[2]]".
class ListParser {
 public:
  ListParser(const std::string& text, std::string name) : text_(text), name_(std::move(name)) {}

  std::vector<long> flat() {
    std::vector<long> out;
    skip_space();
    const bool bracketed = peek('(') || peek('[');
    const char close = peek('(') ? ')' : ']';
    if (bracketed) ++at_;
    skip_space();
    if (bracketed && peek(close)) {
      ++at_;
      return out;
    }
    while (true) {
      out.push_back(integer());
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      break;
    }
    if (bracketed) expect(close);
    return out;
  }

  std::vector<std::vector<long>> nested() {
    std::vector<std::vector<long>> out;
    skip_space();
    expect('[');
    skip_space();
    if (peek(']')) {
      ++at_;
      return out;
    }
    while (true) {
      skip_space();
      if (!peek('[') && !peek('(')) fail("expected '[' to open a feature set");
      out.push_back(flat());
      skip_space();
      if (peek(',')) {
        ++at_;
        continue;
      }
      break;
    }
    expect(']');
    return out;
  }

  void finish() {
    skip_space();
    if (at_ != text_.size()) fail("unexpected text");
  }

 private:
  bool peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  void expect(char c) {
    skip_space();
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  long integer() {
    skip_space();
    const std::size_t start = at_;
    if (peek('-') || peek('+')) ++at_;
    while (at_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[at_]))) ++at_;
    if (at_ == start || !std::isdigit(static_cast<unsigned char>(text_[at_ - 1]))) fail("expected an integer");
    return std::stol(text_.substr(start, at_ - start));
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw UserError("hyperparameter " + name_ + "='" + text_ + "': " + what + " at character " +
                    std::to_string(at_ + 1));
  }

  const std::string& text_;
  std::string name_;
  std::size_t at_ = 0;
};

}  // namespace

void child_bounds(const WeightBounds& bounds, int sign, double wl, double wr, WeightBounds& left,
                  WeightBounds& right) {
  left = right = bounds;
  // XGBoost keeps bounds as float: the mean is taken in float from the float weights.
  const double mid = static_cast<float>((static_cast<float>(wl) + static_cast<float>(wr)) / 2);
  if (sign < 0) {
    left.lower = mid;
    right.upper = mid;
  } else if (sign > 0) {
    left.upper = mid;
    right.lower = mid;
  }
}

std::vector<std::int8_t> parse_monotone_constraints(const std::string& text) {
  ListParser parser(text, "monotone_constraints");
  const std::vector<long> values = parser.flat();
  parser.finish();
  std::vector<std::int8_t> out;
  for (const long v : values) {
    if (v < -1 || v > 1)
      throw UserError("hyperparameter monotone_constraints='" + text + "': each value must be -1, 0 or 1 (got " +
                      std::to_string(v) + ")");
    out.push_back(static_cast<std::int8_t>(v));
  }
  return out;
}

std::vector<std::vector<std::int32_t>> parse_interaction_constraints(const std::string& text) {
  ListParser parser(text, "interaction_constraints");
  const auto sets = parser.nested();
  parser.finish();
  std::vector<std::vector<std::int32_t>> out;
  for (const auto& set : sets) {
    std::vector<std::int32_t> features;
    for (const long f : set) {
      if (f < 0 || f > std::numeric_limits<std::int32_t>::max())
        throw UserError("hyperparameter interaction_constraints='" + text + "': feature index " +
                        std::to_string(f) + " is not a valid index");
      features.push_back(static_cast<std::int32_t>(f));
    }
    std::sort(features.begin(), features.end());
    features.erase(std::unique(features.begin(), features.end()), features.end());
    out.push_back(std::move(features));
  }
  return out;
}

void check_constraints(const TreeParams& params, std::size_t num_features) {
  for (std::size_t f = num_features; f < params.monotone.size(); ++f) {
    if (params.monotone[f] != 0)
      throw UserError("monotone_constraints constrains feature " + std::to_string(f) + ", but the training data has " +
                      std::to_string(num_features) + " features (indices 0.." + std::to_string(num_features - 1) + ")");
  }
  for (const auto& set : params.interactions) {
    for (const std::int32_t f : set) {
      if (static_cast<std::size_t>(f) >= num_features)
        throw UserError("interaction_constraints names feature " + std::to_string(f) + ", but the training data has " +
                        std::to_string(num_features) + " features");
    }
  }
}

std::vector<std::int32_t> allowed_features(const std::vector<std::vector<std::int32_t>>& sets,
                                           const std::vector<std::int32_t>& candidates,
                                           const std::vector<std::int32_t>& path) {
  if (sets.empty() || path.empty()) return candidates;
  std::vector<std::int32_t> allowed = path;
  for (const auto& set : sets) {
    if (std::includes(set.begin(), set.end(), path.begin(), path.end())) {
      allowed.insert(allowed.end(), set.begin(), set.end());
    }
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  std::vector<std::int32_t> out;
  std::set_intersection(candidates.begin(), candidates.end(), allowed.begin(), allowed.end(),
                        std::back_inserter(out));
  return out;
}

}  // namespace dpt::gbdt
