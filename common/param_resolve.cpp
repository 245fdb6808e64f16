#include "common/param_resolve.h"

#include <algorithm>

#include "common/error.h"
#include "common/param_text.h"

namespace dpt {

namespace {

// How an entry is shown in errors: `--eta 2` on the command line, `"eta" = "2"` in a file.
std::string shown(const ParamSource& source, const std::string& key, const std::string& value) {
  if (source.flags) return "--" + key + " " + value;
  return "hyperparameter \"" + key + "\" = \"" + value + "\"";
}

std::string shown_key(const ParamSource& source, const std::string& key) {
  return source.flags ? "--" + key : "hyperparameter \"" + key + "\"";
}

// canonical name or alias -> the spec it names
std::map<std::string, const ParamSpec*> index_specs(const std::vector<ParamSpec>& specs) {
  std::map<std::string, const ParamSpec*> index;
  for (const auto& spec : specs) {
    index[spec.name] = &spec;
    for (const auto& alias : spec.aliases) index[canonical_param_name(alias)] = &spec;
  }
  return index;
}

std::string suggestion(const std::string& key, const std::map<std::string, const ParamSpec*>& index) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const auto& [name, spec] : index) {
    const auto d = edit_distance(key, name);
    if (d < best_distance) best_distance = d, best = name;
  }
  return best.empty() ? "" : " (did you mean \"" + best + "\"?)";
}

[[noreturn]] void unknown(const ParamSource& source, const std::string& raw_key, const std::string& key,
                          const std::map<std::string, const ParamSpec*>& index, const ParamScope& scope) {
  std::string what = source.name + ": unknown " + shown_key(source, raw_key);
  if (!scope.owner.empty()) what += " for " + scope.owner;
  if (auto it = scope.elsewhere.find(key); it != scope.elsewhere.end()) {
    throw UserError(what + " (it is a hyperparameter of " + it->second + ")");
  }
  throw UserError(what + suggestion(key, index));
}

}  // namespace

bool is_ignored_param_key(std::string_view key) {
  const std::string k = canonical_param_name(key);
  return k.starts_with("sagemaker_") || k == "_tuning_objective_metric";
}

std::optional<PeekedParam> peek_param(const std::vector<ParamSource>& sources, std::string_view name) {
  std::optional<PeekedParam> found;
  for (const auto& source : sources) {
    for (const auto& [key, value] : source.entries) {
      if (canonical_param_name(key) == name) found = PeekedParam{unquote_param_value(value), source.name};
    }
  }
  return found;
}

ParamValues resolve_params(const std::vector<ParamSpec>& specs, const std::vector<ParamSource>& sources,
                           const ParamScope& scope) {
  const auto index = index_specs(specs);
  std::map<std::string, std::vector<std::string>> given;  // canonical name -> values from the winning source
  for (const auto& source : sources) {
    std::map<std::string, std::vector<std::string>> here;
    std::map<std::string, std::string> spelled;  // canonical -> first spelling seen in this source
    for (const auto& [raw_key, raw_value] : source.entries) {
      if (is_ignored_param_key(raw_key)) continue;
      const std::string key = canonical_param_name(raw_key);
      auto it = index.find(key);
      if (it == index.end()) unknown(source, raw_key, key, index, scope);
      const ParamSpec& spec = *it->second;
      const std::string value = unquote_param_value(raw_value);
      if (!spec.repeatable && here.contains(spec.name)) {
        throw UserError(source.name + ": " + shown_key(source, raw_key) + " is given twice (first as \"" +
                        spelled[spec.name] + "\"); give it once");
      }
      try {
        here[spec.name].push_back(normalize_param_value(spec, value));
      } catch (const UserError& e) {
        throw UserError(source.name + ": " + shown(source, raw_key, value) + ": " + e.what());
      }
      spelled.emplace(spec.name, raw_key);
    }
    for (auto& [name, values] : here) given[name] = std::move(values);
  }

  ParamValues out;
  for (const auto& spec : specs) {
    out.explicitly_given[spec.name] = given.contains(spec.name);
    if (auto it = given.find(spec.name); it != given.end()) {
      out.text[spec.name] = it->second;
    } else if (!spec.default_value.empty()) {
      out.text[spec.name] = {spec.default_value};
    } else if (spec.required) {
      throw UserError("missing required hyperparameter \"" + spec.name + "\" (" + spec.help +
                      "); set it in hyperparameters.json or as --" + spec.name);
    }
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

}  // namespace dpt
