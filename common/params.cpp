#include "common/params.h"

#include <algorithm>
#include <stdexcept>

#include "common/param_text.h"

namespace dpt {

std::string canonical_param_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

namespace {

// Values were validated when they were stored, so a failure to convert here is a defect.
const std::vector<std::string>& values_of(const ParamValues& v, std::string_view name) {
  const std::string key(name);
  if (!v.explicitly_given.contains(key)) {
    throw std::logic_error("hyperparameter '" + key + "' was never declared");
  }
  auto it = v.text.find(key);
  if (it == v.text.end() || it->second.empty()) {
    throw std::logic_error("hyperparameter '" + key + "' has no value (check has() first)");
  }
  return it->second;
}

}  // namespace

bool ParamValues::has(std::string_view name) const {
  auto it = text.find(std::string(name));
  return it != text.end() && !it->second.empty();
}

bool ParamValues::given(std::string_view name) const {
  auto it = explicitly_given.find(std::string(name));
  return it != explicitly_given.end() && it->second;
}

std::int64_t ParamValues::integer(std::string_view name) const {
  auto parsed = parse_integer(values_of(*this, name).back());
  if (!parsed) throw std::logic_error("hyperparameter '" + std::string(name) + "' is not an integer");
  return *parsed;
}

double ParamValues::real(std::string_view name) const {
  auto parsed = parse_real(values_of(*this, name).back());
  if (!parsed) throw std::logic_error("hyperparameter '" + std::string(name) + "' is not a number");
  return *parsed;
}

bool ParamValues::boolean(std::string_view name) const {
  auto parsed = parse_boolean(values_of(*this, name).back());
  if (!parsed) throw std::logic_error("hyperparameter '" + std::string(name) + "' is not a boolean");
  return *parsed;
}

std::string ParamValues::str(std::string_view name) const { return values_of(*this, name).back(); }

std::vector<std::int64_t> ParamValues::int_list(std::string_view name) const {
  std::vector<std::int64_t> out;
  for (const auto& item : split_list(values_of(*this, name).back())) {
    auto parsed = parse_integer(item);
    if (!parsed) throw std::logic_error("hyperparameter '" + std::string(name) + "' is not a list of integers");
    out.push_back(*parsed);
  }
  return out;
}

// Every occurrence of a repeatable parameter, each split at commas ("auc,error" twice is fine).
std::vector<std::string> ParamValues::strings(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& value : values_of(*this, name)) {
    for (auto& item : split_list(value)) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace dpt
