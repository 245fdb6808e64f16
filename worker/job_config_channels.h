#pragma once
// The input channels: named by inputdataconfig.json (each must have its directory), or, without
// that file, every directory under <root>/input/data and every SM_CHANNEL_<NAME>.
#include <filesystem>
#include <map>
#include <string>

#include "data/channel.h"
#include "worker/job_config_loader.h"

namespace dpt {

std::map<std::string, data::Channel> load_channels(const std::filesystem::path& sm_root, const Environment& env);

}  // namespace dpt
