#pragma once
// Declared, typed hyperparameters. Each job family declares its ParamSpecs; the worker merges
// the sources (defaults < hyperparameters.json / SM_HPS < command line), validates every value
// against its spec before any data is read, and hands the job a ParamValues.
// Names are canonical in underscore spelling; "batch-size" and "batch_size" are the same name.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpt {

enum class ParamType { integer, real, string, boolean, int_list, string_list };

struct ParamSpec {
  std::string name;  // canonical underscore spelling
  ParamType type = ParamType::string;
  std::string default_value;  // as text; empty = no default (absent unless given)
  std::string help;
  std::optional<double> min, max;  // inclusive bounds for numbers (and list elements)
  bool min_exclusive = false, max_exclusive = false;
  std::vector<std::string> choices;  // allowed values of a string parameter (empty = any)
  std::vector<std::string> aliases;  // other names, e.g. learning_rate for eta
  bool required = false;
  bool repeatable = false;  // given several times the values accumulate (eval_metric)
};

// "batch-size" -> "batch_size"
std::string canonical_param_name(std::string_view name);

// Validated values. Accessors take the canonical name and throw std::logic_error for a name that
// was never declared (a programming error, not a user error).
class ParamValues {
 public:
  bool has(std::string_view name) const;    // given, or has a default
  bool given(std::string_view name) const;  // given explicitly by the user
  std::int64_t integer(std::string_view name) const;
  double real(std::string_view name) const;
  bool boolean(std::string_view name) const;
  std::string str(std::string_view name) const;
  std::vector<std::int64_t> int_list(std::string_view name) const;
  std::vector<std::string> strings(std::string_view name) const;  // repeatable or list values

  // Raw storage: canonical name -> values as text (several for repeatable parameters).
  std::map<std::string, std::vector<std::string>> text;
  std::map<std::string, bool> explicitly_given;
};

}  // namespace dpt
