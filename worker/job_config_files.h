#pragma once
// The SageMaker JSON files under <root>/input/config and the JSON-valued SM_* variables.
// A missing file is fine (the caller supplies the default); a present but broken one is a
// UserError naming the file and, for a syntax error, the line and column.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/param_resolve.h"
#include "data/channel.h"

namespace dpt {

struct ResourceConfig {
  std::string current_host;
  std::vector<std::string> hosts;
  std::string network_interface;  // network_interface_name, "" when absent
};

// Channel settings as inputdataconfig.json gives them (directories are decided by the caller).
struct ChannelSettings {
  std::string content_type;  // media type without parameters, lower case ("text/csv"); "" = by extension
  std::string distribution = "FullyReplicated";
  std::string input_mode = "File";
};

std::optional<ResourceConfig> read_resource_config(const std::filesystem::path& file);
std::optional<ParamSource> read_hyperparameters_file(const std::filesystem::path& file);
std::optional<std::map<std::string, ChannelSettings>> read_input_data_config(const std::filesystem::path& file);
std::optional<std::filesystem::path> read_checkpoint_config(const std::filesystem::path& file);

// SM_HPS (a JSON object; values of any JSON type) and SM_HOSTS (a JSON list of strings).
ParamSource hyperparameters_from_env(const std::string& sm_hps);
std::vector<std::string> hosts_from_env(const std::string& sm_hosts);

}  // namespace dpt
