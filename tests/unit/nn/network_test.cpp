#include "models/nn/network.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/error.h"

namespace dpt::nn {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("dpt_nn_test_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

torch::Tensor param(torch::jit::Module& m, const std::string& name) { return m.attr(name).toTensor(); }

void write_floats(const fs::path& file, const torch::Tensor& t) {
  const auto c = t.contiguous();
  std::ofstream(file, std::ios::binary)
      .write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.numel() * 4));
}

torch::Tensor read_floats(const fs::path& file, std::vector<std::int64_t> sizes) {
  auto t = torch::empty(sizes, torch::kFloat);
  std::ifstream(file, std::ios::binary)
      .read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * 4));
  return t;
}

// Saves `m`, runs it with Python's torch.jit.load on `x` and returns Python's output.
torch::Tensor python_output(torch::jit::Module& m, const torch::Tensor& x, std::int64_t outputs) {
  TempDir dir;
  const auto bytes = serialize_network(m);
  std::ofstream(dir.path / "model.pt", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  write_floats(dir.path / "x.bin", x);
  std::ostringstream shape;
  for (auto d : x.sizes()) shape << d << ",";
  const std::string command =
      "/usr/bin/python3 -c \"import sys, numpy as np, torch; m = torch.jit.load(sys.argv[1]); "
      "x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape([int(d) for d in sys.argv[4].split(',') if d])); "
      "m(x).detach().numpy().astype(np.float32).tofile(sys.argv[3])\" " +
      (dir.path / "model.pt").string() + " " + (dir.path / "x.bin").string() + " " +
      (dir.path / "y.bin").string() + " " + shape.str();
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read_floats(dir.path / "y.bin", {x.size(0), outputs});
}

TEST(Network, CnnComputesTheReferenceCnn) {
  torch::manual_seed(3);
  TrainConfig config;
  config.model = "cnn";
  auto m = build_network(config, {1, 28, 28}, 10);
  const auto x = torch::rand({6, 1, 28, 28});
  const auto ours = forward(m, x);
  // The reference formulation: relu before pooling, linear layers as torch.nn.Linear.
  namespace F = torch::nn::functional;
  auto h = torch::max_pool2d(torch::relu(F::conv2d(x, param(m, "c1_weight"),
                                                   F::Conv2dFuncOptions().bias(param(m, "c1_bias")).padding(1))), 2);
  h = torch::max_pool2d(torch::relu(F::conv2d(h, param(m, "c2_weight"),
                                              F::Conv2dFuncOptions().bias(param(m, "c2_bias")).padding(1))), 2);
  h = torch::relu(torch::linear(h.flatten(1), param(m, "f1_weight"), param(m, "f1_bias")));
  const auto reference = torch::linear(h, param(m, "f2_weight"), param(m, "f2_bias"));
  ASSERT_EQ(ours.sizes(), reference.sizes());
  EXPECT_LT((ours - reference).abs().max().item<float>(), 1e-5);
  EXPECT_EQ(m.parameters().size(), 8u);
  for (const auto& p : m.parameters()) EXPECT_TRUE(p.requires_grad());
}

TEST(Network, SavedCnnGivesOurOutputsInPython) {
  torch::manual_seed(4);
  TrainConfig config;
  config.model = "cnn";
  auto m = build_network(config, {1, 28, 28}, 10);
  const auto x = torch::rand({5, 1, 28, 28});
  m.eval();
  const auto ours = forward(m, x);
  const auto theirs = python_output(m, x, 10);
  EXPECT_LE((ours - theirs).abs().max().item<float>(), 1e-5);
}

TEST(Network, SavedMlpWithDropoutGivesOurEvalOutputsInPython) {
  torch::manual_seed(5);
  TrainConfig config;
  config.model = "mlp";
  config.hidden = {16, 8};
  config.dropout = 0.5;
  auto m = build_network(config, {12}, 3);
  const auto x = torch::randn({7, 12});
  m.train();
  EXPECT_GT((forward(m, x) - forward(m, x)).abs().max().item<float>(), 0) << "dropout is active in training";
  m.eval();
  const auto ours = forward(m, x);
  EXPECT_LE((ours - python_output(m, x, 3)).abs().max().item<float>(), 1e-5);
}

TEST(Network, SerializationIsDeterministic) {
  torch::manual_seed(6);
  TrainConfig config;
  auto m = build_network(config, {4}, 2);
  EXPECT_EQ(serialize_network(m), serialize_network(m));
}

TEST(Network, LoadsAModuleScriptedInPython) {
  TempDir dir;
  const auto file = (dir.path / "user.pt").string();
  const std::string command =
      "/usr/bin/python3 -c \"import sys, torch; m = torch.nn.Sequential(torch.nn.Linear(5, 7), "
      "torch.nn.ReLU(), torch.nn.Linear(7, 3)); torch.jit.script(m).save(sys.argv[1])\" " + file;
  ASSERT_EQ(std::system(command.c_str()), 0);
  auto m = load_network(file);
  EXPECT_EQ(m.parameters().size(), 4u);
  EXPECT_EQ(forward(m, torch::zeros({2, 5})).sizes(), (std::vector<std::int64_t>{2, 3}));
}

TEST(Network, RefusesWhatItCannotUse) {
  TempDir dir;
  const auto junk = dir.path / "junk.pt";
  std::ofstream(junk) << "not a TorchScript archive";
  EXPECT_THROW(load_network(junk.string()), UserError);
  EXPECT_THROW(network_input_shape("cnn", {10}), UserError);
  EXPECT_EQ(network_input_shape("cnn", {784}), (SampleShape{1, 28, 28}));
}

}  // namespace
}  // namespace dpt::nn
