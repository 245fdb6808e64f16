#pragma once
// XGBoost's JSON model format (1.7): what Python `xgboost.Booster(model_file=...)` loads and what
// `Booster.save_model("m.json")` writes. Errors are UserErrors naming the file and the key.
#include <filesystem>
#include <string>

#include "models/gbdt/model/model.h"

namespace dpt::gbdt {

std::string model_to_json(const Model& model);  // deterministic bytes for equal models
Model model_from_json(const std::string& text, const std::string& source_name);
void save_model(const Model& model, const std::filesystem::path& path);  // tmp + rename
Model load_model(const std::filesystem::path& path);  // a file, or a folder holding one

// A model path as users give it: a file, or a folder (SageMaker's model channel) holding
// `xgboost-model` or exactly one visible file. UserError when there is none.
std::filesystem::path resolve_model_file(const std::filesystem::path& path);

// XGBoost's float spelling: shortest round-trip digits, scientific ("5.353929E-1", "2E2").
std::string format_float(float v);
// How XGBoost prints objective parameters (max_digits10: 0.7f -> "0.699999988").
std::string format_param_float(float v);

}  // namespace dpt::gbdt
