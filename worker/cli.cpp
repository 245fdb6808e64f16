#include "worker/cli.h"

#include <cxxopts.hpp>

#include <algorithm>
#include <set>

#include "common/error.h"
#include "worker/cli_help.h"

namespace dpt {

namespace {

const std::vector<std::string> kFixedFlags = {"sm-root", "backend", "checkpoint-dir", "model-dir",
                                              "help", "version"};

// "max_depth" -> "max_depth,max-depth": both spellings parse as one option, reported under the
// underscore one. Aliases are options of their own: which parameter they name depends on the job.
std::string option_names(const std::string& name) {
  std::string hyphenated = name;
  std::replace(hyphenated.begin(), hyphenated.end(), '_', '-');
  return hyphenated == name ? name : name + "," + hyphenated;
}

cxxopts::Options train_options(const ParamCatalog& catalog) {
  cxxopts::Options options("dptrain", "Distributed data-parallel training worker (run it under mpirun)");
  options.custom_help("[train] [OPTION...] [--HYPERPARAMETER VALUE...]");
  options.add_options()
    ("sm-root,sm_root", "root of the SageMaker-style job tree", cxxopts::value<std::string>()->default_value("/opt/ml"), "DIR")
    ("backend", "collective backend: mpi or nccl", cxxopts::value<std::string>()->default_value("mpi"), "NAME")
    ("checkpoint-dir,checkpoint_dir", "checkpoint directory (default: checkpointconfig.json LocalPath, else <root>/checkpoints)",
     cxxopts::value<std::string>(), "DIR")
    ("model-dir,model_dir", "where rank 0 writes the model (default: SM_MODEL_DIR, else <root>/model)",
     cxxopts::value<std::string>(), "DIR")
    ("h,help", "show this help")
    ("version", "show the version");
  auto hyper = options.add_options("hyperparameters");
  for (const auto& [name, boolean] : catalog.all_names()) hyper(option_names(name), "", cxxopts::value<std::string>());
  options.allow_unrecognised_options();
  return options;
}

std::string suggest_flag(const std::string& given, const ParamCatalog& catalog) {
  std::vector<std::string> names = kFixedFlags;
  for (const auto& [name, boolean] : catalog.all_names()) names.push_back(name);
  const std::string key = canonical_param_name(given);
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const auto& name : names) {
    const auto d = edit_distance(key, canonical_param_name(name));
    if (d < best_distance) best_distance = d, best = name;
  }
  return best.empty() ? "" : " (did you mean --" + best + "?)";
}

[[noreturn]] void reject_unmatched(const std::string& arg, const ParamCatalog& catalog) {
  if (arg.starts_with("-")) {
    const std::string name = arg.substr(arg.find_first_not_of('-'), arg.find('=') - arg.find_first_not_of('-'));
    throw UserError("command line: unknown option " + arg.substr(0, arg.find('=')) +
                    suggest_flag(name, catalog) + "; see dptrain --help");
  }
  throw UserError("command line: unexpected argument \"" + arg +
                  "\" (options take the form --name value; see dptrain --help)");
}

// A boolean hyperparameter given bare (--fresh-start, followed by another option or nothing)
// means true; "--fresh-start false" and "--fresh-start=false" keep working.
std::vector<std::string> with_bare_booleans(std::vector<std::string> args, const ParamCatalog& catalog) {
  const auto names = catalog.all_names();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (!arg.starts_with("--") || arg.find('=') != std::string::npos) continue;
    auto it = names.find(canonical_param_name(arg.substr(2)));
    const bool bare = i + 1 == args.size() || args[i + 1].starts_with("--");
    if (it != names.end() && it->second && bare) args[i] += "=true";
  }
  return args;
}

}  // namespace

CliArgs parse_cli(const std::vector<std::string>& args, const ParamCatalog& catalog) {
  CliArgs cli;
  std::vector<std::string> rest = args;
  if (!rest.empty() && rest.front() == "predict") {
    cli.command = Command::predict;
    cli.predict_args.assign(rest.begin() + 1, rest.end());
    return cli;
  }
  if (!rest.empty() && rest.front() == "train") rest.erase(rest.begin());
  rest = with_bare_booleans(std::move(rest), catalog);

  std::vector<const char*> argv{"dptrain"};
  for (const auto& arg : rest) argv.push_back(arg.c_str());
  auto options = train_options(catalog);
  try {
    const auto result = options.parse(static_cast<int>(argv.size()), argv.data());
    if (!result.unmatched().empty()) reject_unmatched(result.unmatched().front(), catalog);
    if (result.count("help")) cli.command = Command::help;
    else if (result.count("version")) cli.command = Command::version;
    cli.sm_root = result["sm-root"].as<std::string>();
    cli.backend = result["backend"].as<std::string>();
    if (result.count("checkpoint-dir")) cli.checkpoint_dir = result["checkpoint-dir"].as<std::string>();
    if (result.count("model-dir")) cli.model_dir = result["model-dir"].as<std::string>();
    const std::set<std::string> fixed(kFixedFlags.begin(), kFixedFlags.end());
    for (const auto& kv : result.arguments()) {
      if (!fixed.contains(kv.key())) cli.hyperparameters.entries.emplace_back(kv.key(), kv.value());
    }
  } catch (const cxxopts::exceptions::exception& e) {
    throw UserError("command line: " + std::string(e.what()) + "; see dptrain --help");
  }
  if (cli.backend != "mpi" && cli.backend != "nccl") {
    throw UserError("command line: --backend " + cli.backend + ": expected mpi or nccl");
  }
  return cli;
}

std::filesystem::path sm_root_hint(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--sm-root=") || args[i].starts_with("--sm_root=")) return args[i].substr(10);
    if ((args[i] == "--sm-root" || args[i] == "--sm_root") && i + 1 < args.size()) return args[i + 1];
  }
  return "/opt/ml";
}

std::string train_help(const ParamCatalog& catalog) {
  auto options = train_options(catalog);
  return options.help({""}) + hyperparameter_help(catalog);
}

std::string version_text() { return std::string("dptrain ") + DPT_VERSION + "\n"; }

}  // namespace dpt
