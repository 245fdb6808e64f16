#include "worker/predict_options.h"

#include <charconv>
#include <cxxopts.hpp>

#include "common/error.h"

namespace dpt {
namespace {

cxxopts::Options predict_options() {
  cxxopts::Options options("dptrain predict",
                           "Scores data with a boosted-tree model (XGBoost JSON, ours or XGBoost's) "
                           "or a TorchScript network; run under mpirun, each rank scores its shard "
                           "and the output keeps the input's row order.");
  options.add_options()
    ("model", "model file or folder: XGBoost JSON, or a TorchScript .pt", cxxopts::value<std::string>(), "PATH")
    ("data", "data file or folder (csv, libsvm, ... as the training job reads)", cxxopts::value<std::string>(), "PATH")
    ("content-type", "data content type (text/csv, text/libsvm, ...); default: from the file names", cxxopts::value<std::string>()->default_value(""), "TYPE")
    ("has-label", "the data has a label (csv: first column) that is not a feature")
    ("out", "output file; default: standard output", cxxopts::value<std::string>()->default_value(""), "PATH")
    ("accept", "output format: text/csv or application/jsonlines", cxxopts::value<std::string>()->default_value("text/csv"), "TYPE")
    ("output-margin", "raw margins instead of transformed predictions")
    ("iteration-range", "boosting rounds a:b to use ([a, b), like XGBoost); default all", cxxopts::value<std::string>()->default_value(""), "A:B")
    ("nthread", "threads per rank; default: this host's cores shared among its ranks", cxxopts::value<int>()->default_value("0"), "N")
    ("batch-size", "rows per forward call (TorchScript models)", cxxopts::value<int>()->default_value("4096"), "N")
    ("sm-root", "job tree: a failure is also written to DIR/output/failure (default /opt/ml when it exists)",
     cxxopts::value<std::string>()->default_value(""), "DIR")
    ("h,help", "this help");
  return options;
}

[[noreturn]] void fail(const std::string& what) { throw UserError("predict: " + what); }

int parse_int(const std::string& text, const std::string& what) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    fail(what + ": expected a non-negative integer, got '" + text + "'");
  return value;
}

std::pair<int, int> parse_range(const std::string& text) {
  if (text.empty()) return {0, 0};
  const auto colon = text.find(':');
  if (colon == std::string::npos) fail("--iteration-range: expected A:B (e.g. 0:10), got '" + text + "'");
  const int begin = parse_int(text.substr(0, colon), "--iteration-range");
  const int end = parse_int(text.substr(colon + 1), "--iteration-range");
  if (begin < 0 || end <= begin)
    fail("--iteration-range " + text + ": need 0 <= A < B");
  return {begin, end};
}

}  // namespace

bool PredictArgs::torchscript() const {
  const std::string ext = model.extension().string();
  return ext == ".pt" || ext == ".pth";
}

PredictArgs parse_predict_args(const std::vector<std::string>& args) {
  auto options = predict_options();
  std::vector<const char*> argv{"dptrain predict"};
  for (const auto& a : args) argv.push_back(a.c_str());
  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    fail(std::string(e.what()) + " (see dptrain predict --help)");
  }
  PredictArgs out;
  if (parsed.count("help")) {
    out.help = true;
    return out;
  }
  if (!parsed.unmatched().empty()) fail("unexpected argument '" + parsed.unmatched().front() + "'");
  if (!parsed.count("model")) fail("--model PATH is required");
  if (!parsed.count("data")) fail("--data PATH is required");
  out.model = parsed["model"].as<std::string>();
  out.data = parsed["data"].as<std::string>();
  out.content_type = parsed["content-type"].as<std::string>();
  out.has_label = parsed.count("has-label") > 0;
  out.out = parsed["out"].as<std::string>();
  const std::string accept = parsed["accept"].as<std::string>();
  if (accept == "text/csv") {
    out.accept = PredictAccept::csv;
  } else if (accept == "application/jsonlines") {
    out.accept = PredictAccept::jsonlines;
  } else {
    fail("--accept '" + accept + "' is not supported (text/csv or application/jsonlines)");
  }
  out.output_margin = parsed.count("output-margin") > 0;
  out.iteration_range = parse_range(parsed["iteration-range"].as<std::string>());
  out.nthread = parsed["nthread"].as<int>();
  if (out.nthread < 0) fail("--nthread must be >= 0");
  out.batch_size = parsed["batch-size"].as<int>();
  if (out.batch_size < 1) fail("--batch-size must be >= 1");
  if (out.torchscript() && (out.output_margin || out.iteration_range != std::pair{0, 0}))
    fail("--output-margin and --iteration-range apply to tree models, not TorchScript");
  return out;
}

std::string predict_help() { return predict_options().help(); }

}  // namespace dpt
