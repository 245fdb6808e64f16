#include "worker/job_config_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace dpt {

namespace {

using nlohmann::json;

// nlohmann reports a byte offset; people need line and column.
std::string syntax_error(const std::string& where, const std::string& text, const json::parse_error& e) {
  const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  std::string what = e.what();
  if (auto colon = what.find(": ", what.find("column")); colon != std::string::npos) what = what.substr(colon + 2);
  return at_location(where, line, column, "invalid JSON: " + what);
}

json parse(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw UserError(syntax_error(where, text, e));
  }
}

std::optional<json> read_json(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), file.string());
}

[[noreturn]] void wrong_shape(const std::string& where, const std::string& key, const std::string& expected) {
  throw UserError(where + ": " + (key.empty() ? "the top level" : "\"" + key + "\"") + " must be " + expected);
}

const json& object_at(const json& doc, const std::string& where) {
  if (!doc.is_object()) wrong_shape(where, "", "a JSON object");
  return doc;
}

std::string string_at(const json& obj, const std::string& key, const std::string& where, bool required) {
  if (!obj.contains(key)) {
    if (required) throw UserError(where + ": \"" + key + "\" is missing");
    return "";
  }
  if (!obj[key].is_string()) wrong_shape(where, key, "a string");
  return obj[key].get<std::string>();
}

std::vector<std::string> strings_at(const json& list, const std::string& key, const std::string& where) {
  if (!list.is_array() || list.empty()) wrong_shape(where, key, "a non-empty list of strings");
  std::vector<std::string> out;
  for (const auto& item : list) {
    if (!item.is_string()) wrong_shape(where, key, "a non-empty list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

// SageMaker writes strings; SM_HPS and hand-written files may hold numbers or lists too.
ParamSource params_from(const json& doc, const std::string& where) {
  ParamSource source{where, false, {}};
  for (const auto& [key, value] : object_at(doc, where).items()) {
    source.entries.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return source;
}

std::string media_type(std::string content_type) {
  content_type = content_type.substr(0, content_type.find(';'));  // "text/csv;label_size=1"
  content_type.erase(std::remove(content_type.begin(), content_type.end(), ' '), content_type.end());
  std::transform(content_type.begin(), content_type.end(), content_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return content_type;
}

}  // namespace

std::optional<ResourceConfig> read_resource_config(const std::filesystem::path& file) {
  auto doc = read_json(file);
  if (!doc) return std::nullopt;
  const std::string where = file.string();
  const auto& obj = object_at(*doc, where);
  ResourceConfig rc;
  rc.current_host = string_at(obj, "current_host", where, true);
  if (!obj.contains("hosts")) throw UserError(where + ": \"hosts\" is missing");
  rc.hosts = strings_at(obj["hosts"], "hosts", where);
  rc.network_interface = string_at(obj, "network_interface_name", where, false);
  return rc;
}

std::optional<ParamSource> read_hyperparameters_file(const std::filesystem::path& file) {
  auto doc = read_json(file);
  if (!doc) return std::nullopt;
  return params_from(*doc, file.string());
}

std::optional<std::map<std::string, ChannelSettings>> read_input_data_config(const std::filesystem::path& file) {
  auto doc = read_json(file);
  if (!doc) return std::nullopt;
  const std::string where = file.string();
  std::map<std::string, ChannelSettings> channels;
  for (const auto& [name, value] : object_at(*doc, where).items()) {
    const std::string here = where + ": channel \"" + name + "\"";
    if (!value.is_object()) throw UserError(here + " must be a JSON object");
    ChannelSettings settings;
    settings.content_type = media_type(string_at(value, "ContentType", here, false));
    if (auto d = string_at(value, "S3DistributionType", here, false); !d.empty()) settings.distribution = d;
    if (auto m = string_at(value, "TrainingInputMode", here, false); !m.empty()) settings.input_mode = m;
    channels.emplace(name, settings);
  }
  return channels;
}

std::optional<std::filesystem::path> read_checkpoint_config(const std::filesystem::path& file) {
  auto doc = read_json(file);
  if (!doc) return std::nullopt;
  const auto path = string_at(object_at(*doc, file.string()), "LocalPath", file.string(), false);
  if (path.empty()) return std::nullopt;
  return std::filesystem::path(path);
}

ParamSource hyperparameters_from_env(const std::string& sm_hps) { return params_from(parse(sm_hps, "SM_HPS"), "SM_HPS"); }

std::vector<std::string> hosts_from_env(const std::string& sm_hosts) {
  return strings_at(parse(sm_hosts, "SM_HOSTS"), "", "SM_HOSTS");
}

}  // namespace dpt
