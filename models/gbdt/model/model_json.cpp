// Writing XGBoost's JSON model format (1.7) and the file-level load/save. The writer builds the
// text by hand: the layout is fixed, keys come in XGBoost's (sorted) order, and floats are the
// shortest text that reads back to the same float, so equal models give byte-identical files.
#include "models/gbdt/model/model_json.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.h"
#include "models/gbdt/booster/dart.h"
#include "models/gbdt/model/linear_model.h"
#include "models/gbdt/objective/objective_transform.h"

namespace dpt::gbdt {
namespace {

class JsonOut {
 public:
  std::string text;

  void raw(std::string_view s) { text += s; }
  void string(std::string_view s) { text += nlohmann::json(s).dump(); }
  void key(std::string_view k) {
    string(k);
    text += ':';
  }
  void integer(std::int64_t v) { text += std::to_string(v); }
  void number(float v) { text += format_float(v); }
  void string_value(std::string_view k, std::string_view v) {
    key(k);
    string(v);
  }

  template <class T, class Emit>
  void array(std::string_view k, const std::vector<T>& values, Emit emit) {
    key(k);
    text += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) text += ',';
      emit(values[i]);
    }
    text += ']';
  }
  void int_array(std::string_view k, const auto& values) {
    array(k, values, [this](auto v) { integer(static_cast<std::int64_t>(v)); });
  }
  void float_array(std::string_view k, const std::vector<float>& values) {
    array(k, values, [this](float v) { number(v); });
  }
  void string_array(std::string_view k, const std::vector<std::string>& values) {
    array(k, values, [this](const std::string& v) { string(v); });
  }
};

// XGBoost's categorical split fields (tree_model.cc SaveCategoricalSplit): per categorical node,
// in node order, its codes going right (ascending), where they start and how many; then a comma.
void write_categories(JsonOut& out, const RegTree& tree) {
  std::vector<std::int64_t> nodes, segments, sizes;
  std::vector<std::int32_t> codes;
  for (const auto& [node, node_codes] : tree.categories) {
    nodes.push_back(node);
    segments.push_back(static_cast<std::int64_t>(codes.size()));
    sizes.push_back(static_cast<std::int64_t>(node_codes.size()));
    codes.insert(codes.end(), node_codes.begin(), node_codes.end());
  }
  out.int_array("categories", codes);
  out.raw(",");
  out.int_array("categories_nodes", nodes);
  out.raw(",");
  out.int_array("categories_segments", segments);
  out.raw(",");
  out.int_array("categories_sizes", sizes);
  out.raw(",");
}

void write_tree(JsonOut& out, const RegTree& tree, std::size_t id, std::int64_t num_feature) {
  const std::size_t n = tree.num_nodes();
  out.raw("{");
  out.float_array("base_weights", tree.base_weight);
  out.raw(",");
  write_categories(out, tree);
  out.int_array("default_left", tree.default_left);
  out.raw(",");
  out.key("id");
  out.integer(static_cast<std::int64_t>(id));
  out.raw(",");
  out.int_array("left_children", tree.left);
  out.raw(",");
  out.float_array("loss_changes", tree.loss_change);
  out.raw(",");
  out.int_array("parents", tree.parent);
  out.raw(",");
  out.int_array("right_children", tree.right);
  out.raw(",");
  // A categorical node's condition is NaN, written as XGBoost writes it.
  out.array("split_conditions", tree.split_condition, [&out](float v) { std::isnan(v) ? out.raw("NaN") : out.number(v); });
  out.raw(",");
  out.int_array("split_indices", tree.split_index);
  out.raw(",");
  std::vector<int> split_type(n, 0);
  for (const auto& entry : tree.categories) split_type[static_cast<std::size_t>(entry.first)] = 1;
  out.int_array("split_type", split_type);
  out.raw(",");
  out.float_array("sum_hessian", tree.sum_hessian);
  out.raw(R"(,"tree_param":{"num_deleted":"0","num_feature":")");
  out.raw(std::to_string(num_feature));
  out.raw(R"(","num_nodes":")");
  out.raw(std::to_string(n));
  out.raw(R"(","size_leaf_vector":"0"}})");
}

// The objective object as XGBoost 1.7 saves it: its name and its own parameter struct, or the
// name alone for reg:gamma, reg:absoluteerror and binary:hinge, which have none.
// survival:aft's parameters, keys in XGBoost's (sorted) order: aft_loss_param before name.
void write_aft_objective(JsonOut& out, const Model& model) {
  out.raw("{");
  out.key("aft_loss_param");
  out.raw("{");
  out.string_value("aft_loss_distribution", model.aft_loss_distribution);
  out.raw(",");
  out.string_value("aft_loss_distribution_scale", format_param_float(model.aft_loss_distribution_scale));
  out.raw("},");
  out.string_value("name", model.objective);
  out.raw("}");
}

// rank:*'s parameters (XGBoost's LambdaRankParam), keys sorted: lambda_rank_param before name.
void write_rank_objective(JsonOut& out, const Model& model) {
  out.raw(R"({"lambda_rank_param":{)");
  out.string_value("fix_list_weight", format_param_float(model.fix_list_weight));
  out.raw(",");
  out.string_value("num_pairsample", std::to_string(model.num_pairsample));
  out.raw("},");
  out.string_value("name", model.objective);
  out.raw("}");
}

void write_objective(JsonOut& out, const Model& model) {
  if (model.objective == "survival:aft") return write_aft_objective(out, model);
  if (model.objective.starts_with("rank:")) return write_rank_objective(out, model);
  out.raw("{");
  out.string_value("name", model.objective);
  const std::string& o = model.objective;
  if (o == "reg:gamma" || o == "reg:absoluteerror" || o == "binary:hinge" || o == "survival:cox") {
    out.raw("}");
    return;
  }
  out.raw(",");
  if (o == "reg:pseudohubererror") {
    out.key("pseudo_huber_param");
    out.raw("{");
    out.string_value("huber_slope", format_param_float(model.huber_slope));
  } else if (o == "reg:tweedie") {
    out.key("tweedie_regression_param");
    out.raw("{");
    out.string_value("tweedie_variance_power", format_param_float(model.tweedie_variance_power));
  } else if (is_multiclass_objective(model.objective)) {
    out.key("softmax_multiclass_param");
    out.raw("{");
    out.string_value("num_class", std::to_string(model.num_class));
  } else if (model.objective == "count:poisson") {
    out.key("poisson_regression_param");
    out.raw("{");
    out.string_value("max_delta_step", format_param_float(model.poisson_max_delta_step));
  } else {
    out.key("reg_loss_param");
    out.raw("{");
    out.string_value("scale_pos_weight", format_param_float(model.scale_pos_weight));
  }
  out.raw("}}");
}

[[noreturn]] void throw_io(const std::string& what, const std::filesystem::path& path) {
  throw UserError(path.string() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string format_float(float v) {
  if (!std::isfinite(v))
    throw std::invalid_argument("model holds a non-finite number; JSON cannot represent it");
  // Shortest round-trip digits in scientific form, then XGBoost's spelling: 5.353929e-01 ->
  // 5.353929E-1, 2e+02 -> 2E2.
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e = s.find('e');
  std::string out(s.substr(0, e));
  out += 'E';
  std::string_view exp = s.substr(e + 1);
  if (exp.front() == '-') {
    out += '-';
    exp.remove_prefix(1);
  } else if (exp.front() == '+') {
    exp.remove_prefix(1);
  }
  while (exp.size() > 1 && exp.front() == '0') exp.remove_prefix(1);
  out += exp;
  return out;
}

std::string format_param_float(float v) {
  // dmlc parameters print with max_digits10 (0.7f -> "0.699999988", 1.0f -> "1").
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

std::string model_to_json(const Model& model) {
  check_model(model, "model to write");
  JsonOut out;
  out.raw(R"({"learner":{"attributes":{)");
  bool first = true;
  for (const auto& [k, v] : model.attributes) {  // std::map: sorted, deterministic
    if (!first) out.raw(",");
    first = false;
    out.string_value(k, v);
  }
  out.raw("},");
  out.string_array("feature_names", model.feature_names);
  out.raw(",");
  out.string_array("feature_types", model.feature_types);
  // gblinear's and dart's parts come from linear_model.cpp and dart.cpp; dart wraps gbtree's.
  out.raw(R"(,"gradient_booster":)");
  if (model.booster == "gblinear") {
    out.raw(linear_booster_json(model));
  } else {
    if (model.booster == "dart") out.raw(R"({"gbtree":)");
    out.raw(R"({"model":{"gbtree_model_param":{"num_parallel_tree":")");
    out.raw(std::to_string(model.num_parallel_tree));
    out.raw(R"(","num_trees":")");
    out.raw(std::to_string(model.trees.size()));
    out.raw(R"(","size_leaf_vector":"0"},)");
    out.int_array("tree_info", model.tree_info);
    out.raw(R"(,"trees":[)");
    for (std::size_t t = 0; t < model.trees.size(); ++t) {
      if (t) out.raw(",");
      write_tree(out, model.trees[t], t, model.num_feature);
    }
    out.raw(R"(]},"name":"gbtree"})");
    if (model.booster == "dart") out.raw(dart_booster_json_tail(model));
  }
  out.raw(R"(,"learner_model_param":{)");
  out.string_value("base_score", format_float(model.base_score));
  out.raw(model.boost_from_average ? R"(,"boost_from_average":"1",)" : R"(,"boost_from_average":"0",)");
  out.string_value("num_class", std::to_string(model.num_class));
  out.raw(",");
  out.string_value("num_feature", std::to_string(model.num_feature));
  out.raw(R"(,"num_target":"1"},"objective":)");
  write_objective(out, model);
  out.raw(R"(},"version":[1,7,4]})");
  return std::move(out.text);
}

void save_model(const Model& model, const std::filesystem::path& path) {
  const std::string text = model_to_json(model);
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw_io("cannot create the model file", tmp);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw_io("cannot write the model file", tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    throw_io("cannot flush the model file", tmp);
  }
  ::close(fd);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw UserError(path.string() + ": cannot rename the model file into place: " + ec.message());
}

Model load_model(const std::filesystem::path& path) {
  const std::filesystem::path file = resolve_model_file(path);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw UserError(file.string() + ": cannot open the model file: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return model_from_json(buffer.str(), file.string());
}

std::filesystem::path resolve_model_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw UserError(path.string() + ": the model file does not exist");
  if (!std::filesystem::is_directory(path, ec)) return path;
  // A model channel/folder (SageMaker's <root>/input/data/model, <root>/model): xgboost-model,
  // or its only visible file.
  if (std::filesystem::is_regular_file(path / "xgboost-model", ec)) return path / "xgboost-model";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !name.starts_with('.') && !name.starts_with('_'))
      files.push_back(entry.path());
  }
  if (files.size() == 1) return files.front();
  throw UserError(path.string() + ": a model folder must hold one model file (or xgboost-model); found " +
                  std::to_string(files.size()) + " files");
}

}  // namespace dpt::gbdt
