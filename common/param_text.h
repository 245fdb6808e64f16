#pragma once
// Hyperparameter values as text: the conversions every source shares (hyperparameters.json,
// SM_HPS, the command line), the check of one value against its ParamSpec, and the words --help
// uses to describe a spec.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/params.h"

namespace dpt {

// Strict conversions: surrounding spaces allowed, nothing else left over.
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<double> parse_real(std::string_view text);  // finite numbers only
std::optional<bool> parse_boolean(std::string_view text);  // true/false, 1/0, yes/no (any case)

// "64,32", "[64, 32]" or "(64,32)" -> {"64", "32"}; "" -> {}.
std::vector<std::string> split_list(std::string_view text);

// SageMaker passes every hyperparameter as a string that may itself be JSON-quoted:
// "\"multi:softmax\"" -> multi:softmax. Anything else comes back trimmed and unchanged.
std::string unquote_param_value(std::string_view text);

// Checks `value` (already unquoted) against the spec and returns its normalized text
// (booleans become "true"/"false"). Throws UserError saying what was expected, without naming
// the source: the caller knows it.
std::string normalize_param_value(const ParamSpec& spec, std::string_view value);

// "integer", "real", "string", "boolean", "list of integers", "list of strings"
std::string describe_param_type(ParamType type);
// "[0, 1]", "(0, 1]", ">= 1", "one of: a, b", or "" when anything of the type is allowed.
std::string describe_param_range(const ParamSpec& spec);

}  // namespace dpt
