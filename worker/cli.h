#pragma once
// The command line: `dptrain [train] [options] [--<hyperparameter> value ...]`,
// `dptrain predict ARGS...` (handed whole to the predict command), `--help`, `--version`.
// Hyperparameters are collected here as one ParamSource; they are validated together with the
// other sources once the job kind is known (worker/job_config.cpp).
#include <filesystem>
#include <string>
#include <vector>

#include "common/param_resolve.h"
#include "worker/param_catalog.h"

namespace dpt {

enum class Command { train, predict, help, version };

struct CliArgs {
  Command command = Command::train;
  std::vector<std::string> predict_args;  // predict: the arguments after "predict"
  std::filesystem::path sm_root = "/opt/ml";
  std::string backend = "mpi";                // mpi | nccl
  std::filesystem::path checkpoint_dir;      // empty: from checkpointconfig.json or the default
  std::filesystem::path model_dir;           // empty: SM_MODEL_DIR or <root>/model
  ParamSource hyperparameters{"command line", true, {}};
};

// `args` excludes the program name. Throws UserError ("command line: ...") for unknown options
// (with a "did you mean"), missing values and stray arguments; values are not checked here.
CliArgs parse_cli(const std::vector<std::string>& args, const ParamCatalog& catalog);

// The --sm-root given in `args` (or the default), read without validating anything else: where
// the failure file goes even when the rest of the command line is wrong.
std::filesystem::path sm_root_hint(const std::vector<std::string>& args);

std::string train_help(const ParamCatalog& catalog);
std::string version_text();

}  // namespace dpt
