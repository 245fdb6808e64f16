#pragma once
// Building the JobConfig from the command line, the files under the sm-root and the SM_*
// variables (which win over the files). Everything is validated here, before any data is read,
// from inputs every rank of a host sees alike, so all ranks reach the same verdict.
#include <filesystem>
#include <map>
#include <string>

#include "worker/cli.h"
#include "worker/job_config.h"
#include "worker/param_catalog.h"

namespace dpt {

using Environment = std::map<std::string, std::string>;

Environment sagemaker_environment();  // the SM_* variables of this process

struct WorldShape {
  int world_size = 1;
  int local_size = 1;  // ranks on this host (from the communicator)
};

JobConfig load_job_config(const CliArgs& cli, const Environment& env, WorldShape world,
                          const ParamCatalog& catalog);

// <root>/output, or SM_OUTPUT_DIR: where the failure and success files go. Known even when the
// rest of the job description is broken.
std::filesystem::path output_dir_of(const std::filesystem::path& sm_root, const Environment& env);

}  // namespace dpt
