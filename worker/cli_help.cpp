#include "worker/cli_help.h"

#include <sstream>

#include "common/param_text.h"

namespace dpt {

namespace {

// "  --eta (also --learning_rate)   real in [0, 1], default 0.3" and the help text below it.
void describe(std::ostringstream& out, const ParamSpec& spec) {
  std::string names = "--" + spec.name;
  for (const auto& alias : spec.aliases) names += " (also --" + alias + ")";
  std::string what = describe_param_type(spec.type);
  if (const auto range = describe_param_range(spec); !range.empty()) {
    if (!spec.choices.empty()) what += ", " + range;
    else what += (range.front() == '[' || range.front() == '(' ? " in " : " ") + range;
  }
  if (!spec.default_value.empty()) what += ", default " + spec.default_value;
  if (spec.required) what += ", required";
  if (spec.repeatable) what += ", may be repeated";
  out << "  " << names << (names.size() < 30 ? std::string(30 - names.size(), ' ') : "\n" + std::string(32, ' '))
      << what << "\n";
  if (!spec.help.empty()) out << "      " << spec.help << "\n";
}

}  // namespace

std::string hyperparameter_help(const ParamCatalog& catalog) {
  std::ostringstream out;
  out << "\nHyperparameters: --name value (\"-\" and \"_\" spell the same name), or in "
         "<root>/input/config/hyperparameters.json, or SM_HPS.\n"
         "The command line wins over hyperparameters.json and SM_HPS, which win over defaults;\n"
         "keys starting with sagemaker_ are accepted and ignored.\n\n"
         "Every job:\n";
  for (const auto& spec : catalog.job) describe(out, spec);
  for (const auto& family : catalog.families) {
    out << "\nJobs with " << family.models << ":\n";
    if (family.specs.empty()) out << "  (none declared)\n";
    for (const auto& spec : family.specs) describe(out, spec);
  }
  out << "\nPrediction with a trained model: dptrain predict --help\n";
  return out.str();
}

}  // namespace dpt
