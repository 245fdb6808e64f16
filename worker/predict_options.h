#pragma once
// The options of `dptrain predict`, parsed and checked before any file is read.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dpt {

enum class PredictAccept { csv, jsonlines };

struct PredictArgs {
  bool help = false;
  std::filesystem::path model;         // XGBoost JSON (file or folder) or TorchScript .pt
  std::filesystem::path data;          // a file or a folder of files
  std::string content_type;            // "" = decided by the data layer from the file names
  bool has_label = false;              // the first column (csv) / the label (libsvm) is a label
  std::filesystem::path out;           // empty = stdout (rank 0)
  PredictAccept accept = PredictAccept::csv;
  bool output_margin = false;
  std::pair<int, int> iteration_range{0, 0};  // [begin, end) rounds; {0, 0} = all
  int nthread = 0;                     // 0 = the cores of this host shared among its ranks
  int batch_size = 4096;               // TorchScript models: rows per forward call

  bool torchscript() const;            // by the model's extension (.pt / .pth)
};

// `args` are the arguments after "predict". Throws UserError ("predict: ...") for unknown or
// malformed options and missing required ones.
PredictArgs parse_predict_args(const std::vector<std::string>& args);
std::string predict_help();

}  // namespace dpt
