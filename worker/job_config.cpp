#include "worker/job_config_loader.h"

#include <algorithm>

#include "common/error.h"
#include "common/param_text.h"
#include "worker/job_config_channels.h"
#include "worker/job_config_files.h"

extern char** environ;  // POSIX: the process environment, read once into an Environment

namespace dpt {

namespace {

std::string value_or(const Environment& env, const std::string& key, const std::string& fallback) {
  auto it = env.find(key);
  return it == env.end() || it->second.empty() ? fallback : it->second;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// hosts and current_host: SM_HOSTS / SM_CURRENT_HOST win over resourceconfig.json.
void load_hosts(JobConfig& job, const Environment& env) {
  const auto file = job.sm_root / "input" / "config" / "resourceconfig.json";
  std::string where = "the default single host (no resourceconfig.json)";
  if (auto rc = read_resource_config(file)) {
    job.hosts = rc->hosts, job.current_host = rc->current_host, job.network_interface = rc->network_interface;
    where = file.string();
  }
  if (auto it = env.find("SM_HOSTS"); it != env.end()) job.hosts = hosts_from_env(it->second), where = "SM_HOSTS";
  job.current_host = value_or(env, "SM_CURRENT_HOST", job.current_host);
  if (std::find(job.hosts.begin(), job.hosts.end(), job.current_host) == job.hosts.end()) {
    throw UserError(where + ": hosts [" + joined(job.hosts) + "] do not contain current_host \"" +
                    job.current_host + "\"");
  }
  auto sorted = job.hosts;
  std::sort(sorted.begin(), sorted.end());
  if (auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end()) {
    throw UserError(where + ": host \"" + *dup + "\" is listed twice in hosts");
  }
}

// Hyperparameter sources, lowest precedence first.
std::vector<ParamSource> param_sources(const CliArgs& cli, const std::filesystem::path& sm_root, const Environment& env) {
  std::vector<ParamSource> sources;
  if (auto file = read_hyperparameters_file(sm_root / "input" / "config" / "hyperparameters.json")) {
    sources.push_back(std::move(*file));
  }
  if (auto it = env.find("SM_HPS"); it != env.end() && !it->second.empty()) {
    sources.push_back(hyperparameters_from_env(it->second));
  }
  sources.push_back(cli.hyperparameters);
  return sources;
}

// world size = hosts x processes per host, with processes per host as mpirun placed them (and,
// when given, as sagemaker_mpi_num_of_processes_per_host says).
void check_world(const JobConfig& job, const std::vector<ParamSource>& sources, WorldShape world) {
  const int per_host = world.local_size;
  if (auto p = peek_param(sources, "sagemaker_mpi_num_of_processes_per_host")) {
    const auto declared = parse_integer(p->value);
    if (!declared || *declared < 1) {
      throw UserError(p->source + ": sagemaker_mpi_num_of_processes_per_host = \"" + p->value +
                      "\": expected a positive integer");
    }
    if (*declared != per_host) {
      throw UserError(p->source + ": sagemaker_mpi_num_of_processes_per_host is " + p->value + " but " +
                      std::to_string(per_host) + " ranks run on this host; launch with scripts/launch.sh");
    }
  }
  const auto expected = static_cast<long>(job.hosts.size()) * per_host;
  if (world.world_size != expected) {
    throw UserError("world size " + std::to_string(world.world_size) + " does not match the job: " +
                    std::to_string(job.hosts.size()) + " hosts [" + joined(job.hosts) + "] x " +
                    std::to_string(per_host) + " processes per host = " + std::to_string(expected) +
                    "; launch with scripts/launch.sh (mpirun -np hosts x processes per host)");
  }
}

void load_params(JobConfig& job, const std::vector<ParamSource>& sources, const ParamCatalog& catalog) {
  auto model = peek_param(sources, "model");
  if (model) job.model_kind = model->value;
  const auto kind = job_kind_of_model(job.model_kind, model ? model->source : "default");
  job.params = resolve_params(catalog.specs_for(kind), sources, catalog.scope_for(kind));
  if (job.model_kind.ends_with(".pt") && !std::filesystem::is_regular_file(job.model_kind)) {
    throw UserError(model->source + ": hyperparameter \"model\" = \"" + job.model_kind +
                    "\": no such TorchScript file");
  }
}

void load_dirs(JobConfig& job, const CliArgs& cli, const Environment& env) {
  const auto& root = job.sm_root;
  job.output_dir = output_dir_of(root, env);
  job.output_data_dir = value_or(env, "SM_OUTPUT_DATA_DIR", (job.output_dir / "data").string());
  job.model_dir = !cli.model_dir.empty() ? cli.model_dir
                                         : std::filesystem::path(value_or(env, "SM_MODEL_DIR", (root / "model").string()));
  job.checkpoint_dir = root / "checkpoints";
  if (auto local = read_checkpoint_config(root / "input" / "config" / "checkpointconfig.json")) job.checkpoint_dir = *local;
  if (!cli.checkpoint_dir.empty()) job.checkpoint_dir = cli.checkpoint_dir;
}

}  // namespace

Environment sagemaker_environment() {
  Environment env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (entry.starts_with("SM_") && eq != std::string::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

std::filesystem::path output_dir_of(const std::filesystem::path& sm_root, const Environment& env) {
  return value_or(env, "SM_OUTPUT_DIR", (sm_root / "output").string());
}

JobConfig load_job_config(const CliArgs& cli, const Environment& env, WorldShape world, const ParamCatalog& catalog) {
  JobConfig job;
  job.sm_root = cli.sm_root;
  job.backend = cli.backend;
  if (!std::filesystem::is_directory(job.sm_root)) {
    throw UserError("--sm-root " + job.sm_root.string() +
                    ": no such directory (expected the job tree: input/config, input/data, model, output)");
  }
  load_hosts(job, env);
  const auto sources = param_sources(cli, job.sm_root, env);
  load_params(job, sources, catalog);
  check_world(job, sources, world);
  job.channels = load_channels(job.sm_root, env);
  load_dirs(job, cli, env);
  return job;
}

}  // namespace dpt
