#include "worker/cli_handoff.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/param_resolve.h"
#include "worker/cli.h"
#include "worker/job_config_files.h"
#include "worker/job_config_loader.h"
#include "worker/predict_options.h"

namespace dpt {

namespace {

bool names_a_network(const std::string& model) {
  return model == "mlp" || model == "cnn" || model.ends_with(".pt");
}

// The `model` hyperparameter with the job's precedence: command line > SM_HPS > file.
std::string model_of_training_job(const std::vector<std::string>& args) {
  std::vector<ParamSource> sources;
  const auto root = sm_root_hint(args);
  if (auto file = read_hyperparameters_file(root / "input" / "config" / "hyperparameters.json")) {
    sources.push_back(std::move(*file));
  }
  const auto env = sagemaker_environment();
  if (auto it = env.find("SM_HPS"); it != env.end() && !it->second.empty()) {
    sources.push_back(hyperparameters_from_env(it->second));
  }
  // Not parse_cli: this binary's catalog lacks the networks' hyperparameters (--epochs, ...).
  ParamSource flags{"command line", true, {}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--model=")) flags.entries.emplace_back("model", args[i].substr(8));
    if (args[i] == "--model" && i + 1 < args.size()) flags.entries.emplace_back("model", args[i + 1]);
  }
  sources.push_back(std::move(flags));
  const auto model = peek_param(sources, "model");
  return model ? model->value : "gbtree";
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::find(args.begin(), args.end(), "--help") != args.end() ||
         std::find(args.begin(), args.end(), "-h") != args.end();
}

}  // namespace

bool needs_torch(const std::vector<std::string>& args) {
  try {
    if (!args.empty() && args.front() == "predict") {
      return parse_predict_args({args.begin() + 1, args.end()}).torchscript();
    }
    // The full help (every job's hyperparameters) is dptrain-torch's.
    return asks_for_help(args) || names_a_network(model_of_training_job(args));
  } catch (...) {
    return false;  // malformed input: the normal path reports it with its file and key
  }
}

void hand_over_to_torch_binary(int argc, char** argv) {
  if (!needs_torch({argv + 1, argv + argc})) return;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return;
  const auto torch_binary = self.parent_path() / "dptrain-torch";
  if (!std::filesystem::is_regular_file(torch_binary, ec)) return;
  argv[0] = const_cast<char*>(torch_binary.c_str());
  ::execv(torch_binary.c_str(), argv);  // returns only on failure: carry on as the tree binary
}

}  // namespace dpt
