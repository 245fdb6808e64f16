#include "worker/job_config_channels.h"

#include <algorithm>

#include "common/error.h"
#include "data/format.h"
#include "worker/job_config_files.h"

namespace dpt {

namespace {

std::string channel_env_name(const std::string& channel) {
  std::string out = "SM_CHANNEL_" + channel;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_'; });
  return out;
}

std::filesystem::path channel_dir(const std::string& name, const std::filesystem::path& sm_root, const Environment& env) {
  if (auto it = env.find(channel_env_name(name)); it != env.end()) return it->second;
  return sm_root / "input" / "data" / name;
}

data::Channel make_channel(const std::string& name, std::filesystem::path dir) {
  data::Channel c;
  c.name = name;
  c.dir = std::move(dir);
  return c;
}

void validate(const data::Channel& c, const std::string& where) {
  const std::string here = where + ": channel \"" + c.name + "\"";
  if (c.input_mode == "Pipe") {
    throw UserError(here + ": TrainingInputMode Pipe is not supported yet; use File or FastFile");
  }
  if (c.input_mode != "File" && c.input_mode != "FastFile") {
    throw UserError(here + ": TrainingInputMode \"" + c.input_mode + "\" is unknown; expected File or FastFile");
  }
  if (c.distribution != "FullyReplicated" && c.distribution != "ShardedByS3Key") {
    throw UserError(here + ": S3DistributionType \"" + c.distribution +
                    "\" is unknown; expected FullyReplicated or ShardedByS3Key");
  }
  if (!c.content_type.empty()) {
    try {
      data::choose_format(c.content_type, {});  // the readers' own list of what they understand
    } catch (const UserError& e) {
      throw UserError(here + ": " + e.what());
    }
  }
  if (!std::filesystem::is_directory(c.dir)) {
    throw UserError(here + ": its directory " + c.dir.string() + " does not exist");
  }
}

}  // namespace

std::map<std::string, data::Channel> load_channels(const std::filesystem::path& sm_root, const Environment& env) {
  std::map<std::string, data::Channel> channels;
  const auto file = sm_root / "input" / "config" / "inputdataconfig.json";
  if (auto declared = read_input_data_config(file)) {
    for (const auto& [name, settings] : *declared) {
      auto c = make_channel(name, channel_dir(name, sm_root, env));
      c.content_type = settings.content_type;
      c.distribution = settings.distribution;
      c.input_mode = settings.input_mode;
      validate(c, file.string());
      channels.emplace(name, std::move(c));
    }
    return channels;
  }
  // No inputdataconfig.json (a local run): every channel directory, File mode, type by extension.
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(sm_root / "input" / "data", ignored)) {
    if (!entry.is_directory()) continue;
    const auto name = entry.path().filename().string();
    channels.emplace(name, make_channel(name, channel_dir(name, sm_root, env)));
  }
  for (const auto& [key, value] : env) {
    if (!key.starts_with("SM_CHANNEL_") || key == "SM_CHANNELS") continue;
    std::string name = key.substr(11);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!channels.contains(name)) channels.emplace(name, make_channel(name, value));
  }
  for (const auto& [name, c] : channels) validate(c, "SM_CHANNEL_* / input/data");
  return channels;
}

}  // namespace dpt
