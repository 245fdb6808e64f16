#pragma once
// Merging hyperparameter sources into validated ParamValues.
// Sources are given lowest precedence first (hyperparameters.json, SM_HPS, command line); for each
// parameter the highest source that names it wins. Within one source a repeatable parameter
// accumulates and any other parameter may appear once (in either spelling).
// Keys starting with "sagemaker_" (and SageMaker tuning's "_tuning_objective_metric") are
// accepted and ignored. Every error is a UserError naming the source and the key.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/params.h"

namespace dpt {

struct ParamSource {
  std::string name;  // shown in errors: a file path, "SM_HPS", "command line"
  bool flags = false;  // keys are shown as --key (the command line)
  std::vector<std::pair<std::string, std::string>> entries;  // raw key, raw value, in order
};

struct ParamScope {
  std::string owner;  // "model gbtree": says whose parameters these are in "unknown" errors
  // Names declared for other jobs, with who owns them ("model mlp, cnn or *.pt"), so that a
  // parameter of another job is reported as such rather than as a typo.
  std::map<std::string, std::string> elsewhere;
};

bool is_ignored_param_key(std::string_view key);

// The value a source gives for `name` (canonical, aliases not considered), unquoted, and the
// source's name; the highest source wins. Used before validation to decide which specs apply
// (the `model` parameter) and to read SageMaker's own keys (which validation ignores).
struct PeekedParam {
  std::string value;
  std::string source;
};
std::optional<PeekedParam> peek_param(const std::vector<ParamSource>& sources, std::string_view name);

ParamValues resolve_params(const std::vector<ParamSpec>& specs, const std::vector<ParamSource>& sources,
                           const ParamScope& scope = {});

// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace dpt
