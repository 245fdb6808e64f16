#pragma once
// The networks we train, all as TorchScript modules so that the built-in models and a user's
// scripted module follow one path and rank 0 can save exactly what was trained (`model.pt`,
// loadable by Python's torch.jit.load).
#include <cstdint>
#include <string>
#include <vector>

#include <torch/script.h>

#include "models/nn/params.h"

namespace dpt::nn {

// Shape of one input sample, without the batch dimension ({1, 28, 28} or {features}).
using SampleShape = std::vector<std::int64_t>;

// `mlp` or `cnn` with `outputs` outputs, initialised like torch.nn's Linear/Conv2d from the
// current torch seed. Throws UserError when the input cannot feed the model (cnn needs 28x28).
torch::jit::Module build_network(const TrainConfig& config, const SampleShape& input,
                                 std::int64_t outputs);

// A module saved by torch.jit.script(...).save(path) (or by us). Throws UserError naming the path.
torch::jit::Module load_network(const std::string& path);

// The input shape the built-in `model` expects for samples of `shape` (cnn: {1, 28, 28}).
SampleShape network_input_shape(const std::string& model, const SampleShape& shape);

// The module's output for a batch, as one tensor; UserError when it returns something else.
torch::Tensor forward(torch::jit::Module& module, const torch::Tensor& batch);

// TorchScript archive bytes of the module (evaluation mode), deterministic for equal parameters.
std::string serialize_network(torch::jit::Module& module);

}  // namespace dpt::nn
