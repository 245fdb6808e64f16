#include "worker/predict_torch.h"

#include <torch/script.h>
#include <torch/torch.h>

#include "common/error.h"
#include "models/nn/tensor_data.h"

namespace dpt {
namespace {

// c10 errors carry a C++ backtrace; a person needs the first line.
std::string first_line(const c10::Error& e) {
  const std::string what = e.what_without_backtrace();
  return what.substr(0, what.find('\n'));
}

}  // namespace

NetworkOutputs score_torchscript(const std::filesystem::path& model, data::Dataset rows,
                                 int batch_size, int nthread) {
  torch::jit::Module module;
  try {
    module = torch::jit::load(model.string());
  } catch (const c10::Error& e) {
    throw UserError(model.string() + ": not a TorchScript module (a file written by "
                    "torch.jit.save was expected): " + first_line(e));
  }
  module.eval();
  torch::set_num_threads(std::max(nthread, 1));
  torch::InferenceMode no_grad;

  NetworkOutputs out;
  const auto total = static_cast<std::int64_t>(rows.num_rows);
  if (total == 0) return out;
  rows.labels.assign(rows.num_rows, 0.0f);  // the tensor view wants targets; they are unused
  const nn::TensorData tensors = nn::to_tensors(std::move(rows), nn::LossKind::mse);
  out.values.reserve(static_cast<std::size_t>(total));
  for (std::int64_t begin = 0; begin < total; begin += batch_size) {
    const std::int64_t n = std::min<std::int64_t>(batch_size, total - begin);
    torch::Tensor y;
    try {
      y = module.forward({tensors.x.narrow(0, begin, n)}).toTensor();
    } catch (const c10::Error& e) {
      throw UserError(model.string() + ": the module refused rows " + std::to_string(begin + 1) +
                      ".." + std::to_string(begin + n) + " of shape " +
                      c10::str(tensors.x.narrow(0, begin, n).sizes()) + ": " + first_line(e));
    }
    y = y.to(torch::kFloat).reshape({n, -1}).contiguous();
    out.width = static_cast<std::size_t>(y.size(1));
    const float* p = y.data_ptr<float>();
    out.values.insert(out.values.end(), p, p + y.numel());
  }
  return out;
}

}  // namespace dpt
