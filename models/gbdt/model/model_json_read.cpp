// Reading XGBoost's JSON model format: models we wrote and models Python xgboost 1.7 (or 2.x,
// which spells base_score "[5E-1]") saved. Every problem names the file and the key.
#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/objective/objective_transform.h"

namespace dpt::gbdt {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw UserError(source_ + ": key '" + key + "': " + what);
  }

  const json& field(const json& obj, const std::string& path, const char* name) const {
    const std::string key = path.empty() ? name : path + "." + name;
    if (!obj.is_object()) fail(path, "expected an object");
    const auto it = obj.find(name);
    if (it == obj.end()) fail(key, "missing");
    return *it;
  }

  std::string string(const json& obj, const std::string& path, const char* name) const {
    const json& v = field(obj, path, name);
    if (!v.is_string()) fail(path + "." + name, "expected a string, found " + std::string(v.type_name()));
    return v.get<std::string>();
  }

  // XGBoost stores scalar parameters as strings ("4", "5E-1"); 2.x wraps vectors as "[5E-1]".
  float float_param(const json& obj, const std::string& path, const char* name) const {
    std::string text = string(obj, path, name);
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
      text = text.substr(1, text.size() - 2);
    float value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
      fail(path + "." + name, "expected a number (e.g. \"5E-1\"), found \"" + text + "\"");
    return value;
  }

  std::int64_t int_param(const json& obj, const std::string& path, const char* name) const {
    const std::string text = string(obj, path, name);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
      fail(path + "." + name, "expected an integer, found \"" + text + "\"");
    return value;
  }

  template <class T>
  std::vector<T> numbers(const json& obj, const std::string& path, const char* name) const {
    const json& v = field(obj, path, name);
    const std::string key = path + "." + name;
    if (!v.is_array()) fail(key, "expected an array, found " + std::string(v.type_name()));
    std::vector<T> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      const json& e = v[i];
      if constexpr (std::is_integral_v<T>) {
        if (!e.is_number_integer()) fail(key + "[" + std::to_string(i) + "]", "expected an integer");
        const std::int64_t x = e.get<std::int64_t>();
        if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
          fail(key + "[" + std::to_string(i) + "]", "integer " + std::to_string(x) + " out of range");
        out.push_back(static_cast<T>(x));
      } else if (e.is_null()) {  // XGBoost's NaN (a categorical node's condition; nan_as_null)
        out.push_back(std::numeric_limits<T>::quiet_NaN());
      } else {
        if (!e.is_number()) fail(key + "[" + std::to_string(i) + "]", "expected a number");
        out.push_back(static_cast<T>(e.get<double>()));
      }
    }
    return out;
  }

  std::vector<std::string> strings_or_empty(const json& obj, const char* name) const {
    const auto it = obj.find(name);
    if (it == obj.end()) return {};
    if (!it->is_array()) fail(std::string("learner.") + name, "expected an array of strings");
    std::vector<std::string> out;
    for (const json& e : *it) {
      if (!e.is_string()) fail(std::string("learner.") + name, "expected an array of strings");
      out.push_back(e.get<std::string>());
    }
    return out;
  }

 private:
  std::string source_;
};

// XGBoost's categorical splits (tree_model.cc LoadCategoricalSplit): split_type 1 marks a node
// whose codes going right are categories[segment, segment + size) of its categories_nodes entry.
void read_categories(const Reader& r, const json& t, const std::string& path, RegTree& tree) {
  const auto types = r.numbers<std::uint8_t>(t, path, "split_type");
  const std::size_t n = tree.num_nodes();
  if (types.size() != n)
    r.fail(path + ".split_type", "has " + std::to_string(types.size()) + " entries, left_children has " + std::to_string(n));
  if (std::all_of(types.begin(), types.end(), [](std::uint8_t type) { return type == 0; })) return;
  const auto nodes = r.numbers<std::int32_t>(t, path, "categories_nodes");
  const auto segments = r.numbers<std::int64_t>(t, path, "categories_segments");
  const auto sizes = r.numbers<std::int64_t>(t, path, "categories_sizes");
  const auto codes = r.numbers<std::int32_t>(t, path, "categories");
  if (segments.size() != nodes.size() || sizes.size() != nodes.size())
    r.fail(path + ".categories_nodes", "categories_nodes, categories_segments and categories_sizes differ in length");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string at = path + ".categories_nodes[" + std::to_string(i) + "]";
    const std::int32_t node = nodes[i];
    if (node < 0 || static_cast<std::size_t>(node) >= n || types[static_cast<std::size_t>(node)] != 1 ||
        tree.is_leaf(static_cast<std::size_t>(node)))
      r.fail(at, "node " + std::to_string(node) + " is not a split node with split_type 1");
    if (segments[i] < 0 || sizes[i] <= 0 || segments[i] + sizes[i] > static_cast<std::int64_t>(codes.size()))
      r.fail(at, "its categories_segments/categories_sizes entry lies outside categories");
    std::vector<std::int32_t> node_codes(codes.begin() + segments[i], codes.begin() + segments[i] + sizes[i]);
    if (std::any_of(node_codes.begin(), node_codes.end(), [](std::int32_t c) { return c < 0; }))
      r.fail(path + ".categories", "a category code is negative");
    std::sort(node_codes.begin(), node_codes.end());
    node_codes.erase(std::unique(node_codes.begin(), node_codes.end()), node_codes.end());
    tree.categories[node] = std::move(node_codes);
    tree.split_condition[static_cast<std::size_t>(node)] = std::numeric_limits<float>::quiet_NaN();
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (types[i] > 1) r.fail(path + ".split_type", "unknown split type " + std::to_string(types[i]) + " (0 numerical, 1 categorical)");
    if (types[i] == 1 && !tree.is_categorical(i))
      r.fail(path + ".categories_nodes", "node " + std::to_string(i) + " has split_type 1 but no categories");
  }
}

// XGBoost writes NaN (not JSON) for a categorical node's condition: parsed as null.
std::string nan_as_null(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 64);
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out += c;
        out += text[++i];
        continue;
      }
      in_string = c != '"';
    } else if (c == '"') {
      in_string = true;
    } else if (c == 'N' && text.compare(i, 3, "NaN") == 0) {
      out += "null";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

RegTree read_tree(const Reader& r, const json& t, const std::string& path) {
  RegTree tree;
  tree.left = r.numbers<std::int32_t>(t, path, "left_children");
  tree.right = r.numbers<std::int32_t>(t, path, "right_children");
  tree.parent = r.numbers<std::int32_t>(t, path, "parents");
  tree.split_index = r.numbers<std::int32_t>(t, path, "split_indices");
  tree.split_condition = r.numbers<float>(t, path, "split_conditions");
  tree.default_left = r.numbers<std::uint8_t>(t, path, "default_left");
  tree.base_weight = r.numbers<float>(t, path, "base_weights");
  tree.loss_change = r.numbers<float>(t, path, "loss_changes");
  tree.sum_hessian = r.numbers<float>(t, path, "sum_hessian");
  if (t.contains("split_type")) read_categories(r, t, path, tree);
  const json& param = r.field(t, path, "tree_param");
  if (param.contains("size_leaf_vector") &&
      r.int_param(param, path + ".tree_param", "size_leaf_vector") > 1)
    r.fail(path + ".tree_param.size_leaf_vector", "multi-target trees are not supported");
  return tree;
}

void read_objective(const Reader& r, const json& learner, Model& model) {
  const json& obj = r.field(learner, "learner", "objective");
  model.objective = r.string(obj, "learner.objective", "name");
  if (!is_supported_objective(model.objective))
    r.fail("learner.objective.name", "unknown objective '" + model.objective +
                                         "' (supported: " + supported_objectives_list() + ")");
  if (obj.contains("reg_loss_param") && obj["reg_loss_param"].contains("scale_pos_weight"))
    model.scale_pos_weight =
        r.float_param(obj["reg_loss_param"], "learner.objective.reg_loss_param", "scale_pos_weight");
  if (obj.contains("poisson_regression_param") &&
      obj["poisson_regression_param"].contains("max_delta_step"))
    model.poisson_max_delta_step = r.float_param(
        obj["poisson_regression_param"], "learner.objective.poisson_regression_param", "max_delta_step");
  if (obj.contains("pseudo_huber_param") && obj["pseudo_huber_param"].contains("huber_slope"))
    model.huber_slope =
        r.float_param(obj["pseudo_huber_param"], "learner.objective.pseudo_huber_param", "huber_slope");
  if (obj.contains("tweedie_regression_param") &&
      obj["tweedie_regression_param"].contains("tweedie_variance_power"))
    model.tweedie_variance_power =
        r.float_param(obj["tweedie_regression_param"], "learner.objective.tweedie_regression_param",
                      "tweedie_variance_power");
  if (obj.contains("lambda_rank_param")) {
    const json& rank = obj["lambda_rank_param"];
    const std::string path = "learner.objective.lambda_rank_param";
    if (rank.contains("num_pairsample"))
      model.num_pairsample = static_cast<std::uint64_t>(r.int_param(rank, path, "num_pairsample"));
    if (rank.contains("fix_list_weight")) model.fix_list_weight = r.float_param(rank, path, "fix_list_weight");
  }
  if (obj.contains("aft_loss_param")) {
    const json& aft = obj["aft_loss_param"];
    const std::string path = "learner.objective.aft_loss_param";
    if (aft.contains("aft_loss_distribution")) {
      model.aft_loss_distribution = r.string(aft, path, "aft_loss_distribution");
      const std::string& d = model.aft_loss_distribution;
      if (d != "normal" && d != "logistic" && d != "extreme")
        r.fail(path + ".aft_loss_distribution", "unknown distribution '" + d + "' (normal, logistic, extreme)");
    }
    if (aft.contains("aft_loss_distribution_scale"))
      model.aft_loss_distribution_scale = r.float_param(aft, path, "aft_loss_distribution_scale");
  }
}

void read_booster(const Reader& r, const json& learner, Model& model) {
  const json& booster = r.field(learner, "learner", "gradient_booster");
  const std::string name = r.string(booster, "learner.gradient_booster", "name");
  if (name != "gbtree" && name != "dart" && name != "gblinear")
    r.fail("learner.gradient_booster.name",
           "booster '" + name + "' is not supported (gbtree, dart or gblinear)");
  model.booster = name;
  if (name == "gblinear") {  // {"model":{"boosted_rounds":N,"weights":[...]}}
    const json& m = r.field(booster, "learner.gradient_booster", "model");
    model.linear_weights = r.numbers<float>(m, "learner.gradient_booster.model", "weights");
    if (m.contains("boosted_rounds")) {
      if (!m["boosted_rounds"].is_number_integer())
        r.fail("learner.gradient_booster.model.boosted_rounds", "expected an integer");
      model.linear_rounds = m["boosted_rounds"].get<std::int64_t>();
    }
    return;
  }
  // dart: {"gbtree":{...a gbtree booster...},"name":"dart","weight_drop":[...]}
  const json& trees_booster = name == "dart" ? r.field(booster, "learner.gradient_booster", "gbtree") : booster;
  if (name == "dart") model.weight_drop = r.numbers<float>(booster, "learner.gradient_booster", "weight_drop");
  const std::string path = name == "dart" ? "learner.gradient_booster.gbtree.model" : "learner.gradient_booster.model";
  const json& m = r.field(trees_booster, name == "dart" ? "learner.gradient_booster.gbtree" : "learner.gradient_booster", "model");
  const json& param = r.field(m, path, "gbtree_model_param");
  const std::int64_t num_trees = r.int_param(param, path + ".gbtree_model_param", "num_trees");
  model.num_parallel_tree =
      static_cast<int>(r.int_param(param, path + ".gbtree_model_param", "num_parallel_tree"));
  const json& trees = r.field(m, path, "trees");
  if (!trees.is_array()) r.fail(path + ".trees", "expected an array");
  if (static_cast<std::int64_t>(trees.size()) != num_trees)
    r.fail(path + ".trees", "holds " + std::to_string(trees.size()) + " trees, num_trees says " +
                                std::to_string(num_trees));
  model.trees.reserve(trees.size());
  for (std::size_t i = 0; i < trees.size(); ++i)
    model.trees.push_back(read_tree(r, trees[i], path + ".trees[" + std::to_string(i) + "]"));
  model.tree_info = r.numbers<int>(m, path, "tree_info");
}

// Line and column of a byte offset, for parse errors.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

Model model_from_json(const std::string& text, const std::string& source_name) {
  if (text.starts_with("binf") || text.starts_with("{L") || text.starts_with("{$") ||
      text.starts_with("{#") || (!text.empty() && text[0] == '\0'))
    throw UserError(source_name +
                    ": not a JSON model (XGBoost's binary or UBJSON format?); save the model with "
                    "Booster.save_model(\"model.json\") and pass that file");
  json doc;
  try {
    doc = text.find("NaN") == std::string::npos ? json::parse(text) : json::parse(nan_as_null(text));
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    throw UserError(at_location(source_name, line, column,
                                "not a JSON model file (XGBoost JSON expected): the JSON is malformed"));
  }
  const Reader r(source_name);
  if (!doc.is_object() || !doc.contains("learner"))
    r.fail("learner", "missing: this is JSON but not an XGBoost model (expected {\"learner\": "
                      "..., \"version\": [1, 7, ...]})");
  const json& learner = doc["learner"];
  Model model;
  const json& lparam = r.field(learner, "learner", "learner_model_param");
  model.base_score = r.float_param(lparam, "learner.learner_model_param", "base_score");
  model.num_class = static_cast<int>(r.int_param(lparam, "learner.learner_model_param", "num_class"));
  model.num_feature = r.int_param(lparam, "learner.learner_model_param", "num_feature");
  if (lparam.contains("boost_from_average"))
    model.boost_from_average =
        r.int_param(lparam, "learner.learner_model_param", "boost_from_average") != 0;
  if (lparam.contains("num_target") &&
      r.int_param(lparam, "learner.learner_model_param", "num_target") > 1)
    r.fail("learner.learner_model_param.num_target", "multi-target models are not supported");
  read_objective(r, learner, model);
  read_booster(r, learner, model);
  if (learner.contains("attributes")) {
    const json& attrs = learner["attributes"];
    if (!attrs.is_object()) r.fail("learner.attributes", "expected an object of strings");
    for (const auto& [k, v] : attrs.items()) {
      if (!v.is_string()) r.fail("learner.attributes." + k, "expected a string");
      model.attributes[k] = v.get<std::string>();
    }
  }
  model.feature_names = r.strings_or_empty(learner, "feature_names");
  model.feature_types = r.strings_or_empty(learner, "feature_types");
  check_model(model, source_name);
  return model;
}

}  // namespace dpt::gbdt
