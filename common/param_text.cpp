#include "common/param_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "common/error.h"

namespace dpt {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Numbers print without trailing zeros in messages and --help: 1 not 1.000000.
std::string number_text(double v) {
  std::ostringstream out;
  out << std::setprecision(12) << v;
  return out.str();
}

void check_bounds(const ParamSpec& spec, double v, std::string_view shown) {
  const bool below = spec.min && (spec.min_exclusive ? v <= *spec.min : v < *spec.min);
  const bool above = spec.max && (spec.max_exclusive ? v >= *spec.max : v > *spec.max);
  if (below || above) {
    throw UserError("\"" + std::string(shown) + "\" is out of range, expected " +
                    describe_param_range(spec));
  }
}

void check_choice(const ParamSpec& spec, const std::string& value) {
  if (spec.choices.empty()) return;
  if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end()) return;
  throw UserError("\"" + value + "\" is not allowed, expected " + describe_param_range(spec));
}

std::string normalize_integer(const ParamSpec& spec, std::string_view value) {
  auto v = parse_integer(value);
  if (!v) throw UserError("expected an integer, got \"" + std::string(value) + "\"");
  check_bounds(spec, static_cast<double>(*v), value);
  return std::to_string(*v);
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_real(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<bool> parse_boolean(std::string_view text) {
  const std::string v = lower(trim(text));
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return std::nullopt;
}

std::vector<std::string> split_list(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && ((text.front() == '[' && text.back() == ']') ||
                           (text.front() == '(' && text.back() == ')'))) {
    text = trim(text.substr(1, text.size() - 2));
  }
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    out.push_back(unquote_param_value(text.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string unquote_param_value(std::string_view text) {
  text = trim(text);
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) ++i;  // \" and \\ (all SageMaker writes)
    out += text[i];
  }
  return out;
}

std::string normalize_param_value(const ParamSpec& spec, std::string_view value) {
  switch (spec.type) {
    case ParamType::integer:
      return normalize_integer(spec, value);
    case ParamType::real: {
      auto v = parse_real(value);
      if (!v) throw UserError("expected a number, got \"" + std::string(value) + "\"");
      check_bounds(spec, *v, value);
      return std::string(trim(value));
    }
    case ParamType::boolean: {
      auto v = parse_boolean(value);
      if (!v) throw UserError("expected true or false, got \"" + std::string(value) + "\"");
      return *v ? "true" : "false";
    }
    case ParamType::int_list: {
      std::string out;
      for (const auto& item : split_list(value)) {
        out += (out.empty() ? "" : ",") + normalize_integer(spec, item);
      }
      if (out.empty()) throw UserError("expected a list of integers such as 64,32, got \"\"");
      return out;
    }
    case ParamType::string_list: {
      std::string out;
      for (const auto& item : split_list(value)) {
        check_choice(spec, item);
        out += (out.empty() ? "" : ",") + item;
      }
      return out;
    }
    case ParamType::string:
      check_choice(spec, std::string(value));
      return std::string(value);
  }
  return std::string(value);
}

std::string describe_param_type(ParamType type) {
  switch (type) {
    case ParamType::integer: return "integer";
    case ParamType::real: return "real";
    case ParamType::string: return "string";
    case ParamType::boolean: return "boolean";
    case ParamType::int_list: return "list of integers";
    case ParamType::string_list: return "list of strings";
  }
  return "string";
}

std::string describe_param_range(const ParamSpec& spec) {
  if (!spec.choices.empty()) {
    std::string out = "one of: ";
    for (std::size_t i = 0; i < spec.choices.size(); ++i) out += (i ? ", " : "") + spec.choices[i];
    return out;
  }
  if (spec.min && spec.max) {
    return std::string(spec.min_exclusive ? "(" : "[") + number_text(*spec.min) + ", " +
           number_text(*spec.max) + (spec.max_exclusive ? ")" : "]");
  }
  if (spec.min) return (spec.min_exclusive ? "> " : ">= ") + number_text(*spec.min);
  if (spec.max) return (spec.max_exclusive ? "< " : "<= ") + number_text(*spec.max);
  return "";
}

}  // namespace dpt
