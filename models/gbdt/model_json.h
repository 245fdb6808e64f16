#pragma once
// XGBoost's JSON model format (1.7): what Python `xgboost.Booster(model_file=...)` loads and what
// `Booster.save_model("m.json")` writes. Errors are UserErrors naming the file and the key.
#include <filesystem>
#include <string>

#include "models/gbdt/model.h"

namespace dpt::gbdt {

std::string model_to_json(const Model& model);  // deterministic bytes for equal models
Model model_from_json(const std::string& text, const std::string& source_name);
void save_model(const Model& model, const std::filesystem::path& path);  // tmp + rename
Model load_model(const std::filesystem::path& path);

}  // namespace dpt::gbdt
