#include "worker/checkpoint_params.h"

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace dpt {
using nlohmann::json;

namespace {

const std::set<std::string> kCheckpointParams = {"checkpoint_interval", "checkpoints_to_keep",
                                                 "fresh_start"};

// "name=value" lines for every key whose value differs between two JSON objects.
std::string differences(const json& saved, const json& current) {
  std::string out;
  auto describe = [](const json& object, const std::string& key) {
    return object.contains(key) ? object[key].dump() : std::string("(not set)");
  };
  json keys = json::object();
  for (const auto& [key, _] : saved.items()) keys[key] = true;
  for (const auto& [key, _] : current.items()) keys[key] = true;
  for (const auto& [key, _] : keys.items()) {
    if (saved.value(key, json()) == current.value(key, json())) continue;
    out += "\n  " + key + ": checkpoint " + describe(saved, key) + ", this job " +
           describe(current, key);
  }
  return out;
}

}  // namespace

std::vector<ParamSpec> checkpoint_param_specs() {
  ParamSpec interval;
  interval.name = "checkpoint_interval";
  interval.type = ParamType::integer;
  interval.default_value = "1";
  interval.help = "rounds (trees) or epochs (networks) between checkpoints";
  interval.min = 1;

  ParamSpec keep;
  keep.name = "checkpoints_to_keep";
  keep.type = ParamType::integer;
  keep.default_value = "5";
  keep.help = "how many of the newest checkpoints are kept";
  keep.min = 1;
  keep.max = 1000000;

  ParamSpec fresh;
  fresh.name = "fresh_start";
  fresh.type = ParamType::boolean;
  fresh.default_value = "false";
  fresh.help = "ignore and delete existing checkpoints instead of resuming from them";
  return {interval, keep, fresh};
}

CheckpointSettings CheckpointSettings::from(const ParamValues& params) {
  CheckpointSettings s;
  s.interval = params.integer("checkpoint_interval");
  s.keep = static_cast<int>(params.integer("checkpoints_to_keep"));
  s.fresh_start = params.boolean("fresh_start");
  return s;
}

TrainingFingerprint::TrainingFingerprint(const ParamValues& params,
                                         const std::set<std::string>& result_neutral) {
  params_ = json::object();
  data_ = json::object();
  for (const auto& [name, values] : params.text) {
    if (kCheckpointParams.count(name) || result_neutral.count(name)) continue;
    params_[name] = values.size() == 1 ? json(values.front()) : json(values);
  }
}

void TrainingFingerprint::add_data_shape(const std::string& channel, std::uint64_t rows,
                                         std::uint64_t columns) {
  data_[channel] = {{"rows", rows}, {"columns", columns}};
}

std::string TrainingFingerprint::text() const {
  return json{{"hyperparameters", params_}, {"data", data_}}.dump();
}

void TrainingFingerprint::require_match(const std::string& saved_text,
                                        const std::string& checkpoint_path) const {
  if (saved_text == text()) return;
  const json saved = json::parse(saved_text, nullptr, /*allow_exceptions=*/false);
  std::string detail;
  if (saved.is_discarded() || !saved.is_object()) {
    detail = "\n  (its fingerprint is unreadable)";
  } else {
    detail = differences(saved.value("hyperparameters", json::object()),
                         params_) +
             differences(saved.value("data", json::object()), data_);
  }
  throw UserError("checkpoint " + checkpoint_path +
                  " was made by a different job and cannot be resumed:" + detail +
                  "\nRun with the original hyperparameters and data, or set the hyperparameter "
                  "fresh_start=true (--fresh-start) to discard the checkpoints and train from "
                  "the beginning.");
}

}  // namespace dpt
