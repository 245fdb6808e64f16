#include "models/nn/network.h"

#include <sstream>

#include <torch/torch.h>

#include "common/error.h"

namespace dpt::nn {

namespace {

// Linear layers run as 1x1 convolutions: LibTorch then computes them with oneDNN instead of the
// generic BLAS that Debian's build links, which is several times slower for these shapes. The
// function is the same as torch.nn.functional.linear on the same parameters ([out, in] weight).
constexpr const char* kDenseSource = R"(
def dense(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    y = torch.conv2d(x.reshape([x.size(0), x.size(1), 1, 1]), w.view([w.size(0), w.size(1), 1, 1]), b)
    return y.flatten(1)
)";

// The reference CNN (conv 1->32 3x3 pad 1, relu, maxpool 2; conv 32->64 3x3 pad 1, relu,
// maxpool 2; linear 3136->128, relu; linear 128->10). Pooling runs before relu: max and relu
// commute (relu is monotone), so outputs and gradients are the same while relu touches a quarter
// of the values. Channels-last activations let oneDNN skip layout conversions (memory_format 2 is
// torch.channels_last; the name cannot be resolved when the source is compiled from C++).
constexpr const char* kCnnForward = R"(
def forward(self, x: Tensor) -> Tensor:
    x = x.reshape([x.size(0), 1, 28, 28]).contiguous(memory_format=2)
    x = torch.relu(torch.max_pool2d(torch.conv2d(x, self.c1_weight, self.c1_bias, [1, 1], [1, 1]), [2, 2]))
    x = torch.relu(torch.max_pool2d(torch.conv2d(x, self.c2_weight, self.c2_bias, [1, 1], [1, 1]), [2, 2]))
    x = torch.relu(self.dense(x.flatten(1), self.f1_weight, self.f1_bias))
    return self.dense(x, self.f2_weight, self.f2_bias)
)";

torch::jit::Module empty_module(const std::string& name) {
  torch::jit::Module m("__torch__.dptrain." + name);
  m.register_attribute("training", c10::BoolType::get(), true);
  return m;
}

void add_linear(torch::jit::Module& m, const std::string& name, std::int64_t in, std::int64_t out) {
  torch::nn::Linear layer(in, out);  // torch.nn.Linear's initialisation
  m.register_parameter(name + "_weight", layer->weight.detach().clone().requires_grad_(), false);
  m.register_parameter(name + "_bias", layer->bias.detach().clone().requires_grad_(), false);
}

void add_conv(torch::jit::Module& m, const std::string& name, std::int64_t in, std::int64_t out) {
  torch::nn::Conv2d layer(torch::nn::Conv2dOptions(in, out, 3).padding(1));
  m.register_parameter(name + "_weight", layer->weight.detach().clone().requires_grad_(), false);
  m.register_parameter(name + "_bias", layer->bias.detach().clone().requires_grad_(), false);
}

std::int64_t product(const SampleShape& shape) {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

torch::jit::Module build_cnn(std::int64_t outputs) {
  auto m = empty_module("Cnn");
  add_conv(m, "c1", 1, 32);
  add_conv(m, "c2", 32, 64);
  add_linear(m, "f1", 64 * 7 * 7, 128);
  add_linear(m, "f2", 128, outputs);
  m.define(kDenseSource);
  m.define(kCnnForward);
  return m;
}

torch::jit::Module build_mlp(const TrainConfig& config, std::int64_t inputs, std::int64_t outputs) {
  auto m = empty_module("Mlp");
  std::ostringstream src;
  src << "def forward(self, x: Tensor) -> Tensor:\n    x = x.flatten(1)\n";
  std::int64_t width = inputs;
  for (std::size_t i = 0; i < config.hidden.size(); ++i) {
    const std::string name = "h" + std::to_string(i);
    add_linear(m, name, width, config.hidden[i]);
    src << "    x = torch.relu(self.dense(x, self." << name << "_weight, self." << name << "_bias))\n";
    if (config.dropout > 0) {
      src.precision(17);
      src << "    x = torch.dropout(x, " << config.dropout << ", self.training)\n";
    }
    width = config.hidden[i];
  }
  add_linear(m, "out", width, outputs);
  src << "    return self.dense(x, self.out_weight, self.out_bias)\n";
  m.define(kDenseSource);
  m.define(src.str());
  return m;
}

}  // namespace

SampleShape network_input_shape(const std::string& model, const SampleShape& shape) {
  if (model == "cnn") {
    if (product(shape) != 28 * 28) {
      std::ostringstream got;
      for (std::size_t i = 0; i < shape.size(); ++i) got << (i ? "x" : "") << shape[i];
      throw UserError("model=cnn expects single-channel 28x28 images (784 values per sample), "
                      "the training data has samples of shape " + got.str());
    }
    return {1, 28, 28};
  }
  return shape;
}

torch::jit::Module build_network(const TrainConfig& config, const SampleShape& input,
                                 std::int64_t outputs) {
  if (config.model == "cnn") {
    network_input_shape("cnn", input);  // validates
    return build_cnn(outputs);
  }
  if (config.model == "mlp") return build_mlp(config, product(input), outputs);
  throw std::logic_error("build_network: unknown built-in model " + config.model);
}

torch::jit::Module load_network(const std::string& path) {
  try {
    auto m = torch::jit::load(path, torch::kCPU);
    for (const auto& p : m.parameters()) {
      if (p.scalar_type() != torch::kFloat) {
        throw UserError("TorchScript module " + path + ": parameter of type " +
                        std::string(c10::toString(p.scalar_type())) + ", only float32 is supported");
      }
    }
    return m;
  } catch (const c10::Error& e) {
    throw UserError("cannot load TorchScript module " + path + ": " + e.what_without_backtrace());
  }
}

torch::Tensor forward(torch::jit::Module& module, const torch::Tensor& batch) {
  auto out = module.forward({batch});
  if (!out.isTensor()) {
    throw UserError("the model's forward must return one Tensor, it returned " +
                    out.type()->str());
  }
  return out.toTensor();
}

std::string serialize_network(torch::jit::Module& module) {
  const bool was_training = module.is_training();
  module.eval();
  std::ostringstream bytes;
  module.save(bytes);
  module.train(was_training);
  return bytes.str();
}

}  // namespace dpt::nn
