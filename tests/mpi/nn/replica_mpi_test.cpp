#include "models/nn/replica.h"

#include <sstream>

#include <gtest/gtest.h>

#include "collective/factory.h"
#include "models/nn/network.h"
#include "mpi_test_support.h"

namespace dpt::nn {
namespace {

using dpt::testing::MpiTest;

constexpr std::int64_t kBatch = 12, kFeatures = 6, kClasses = 3;

torch::jit::Module small_mlp() {
  TrainConfig config;
  config.hidden = {16, 8};
  torch::manual_seed(11);
  return build_network(config, {kFeatures}, kClasses);
}

// Tiny buckets, so that the gradients travel in several buckets launched from the hooks.
BucketOptions small_buckets() { return BucketOptions{64, 256}; }

OptimizerConfig sgd_momentum() {
  OptimizerConfig c;
  c.learning_rate = 0.1;
  c.momentum = 0.9;
  c.nesterov = true;
  c.weight_decay = 1e-3;
  return c;
}

struct GlobalBatch {
  torch::Tensor x, y;
  explicit GlobalBatch(int seed) {
    torch::manual_seed(seed);
    x = torch::randn({kBatch, kFeatures});
    y = torch::randint(0, kClasses, {kBatch}, torch::kLong);
  }
};

torch::Tensor flat_parameters(torch::jit::Module& m) {
  std::vector<torch::Tensor> all;
  for (const auto& p : m.parameters()) all.push_back(p.detach().reshape({-1}));
  return torch::cat(all);
}

TEST_F(MpiTest, SplitGlobalBatchStepEqualsTheSingleProcessStep) {
  auto comm = make_communicator("mpi");
  const int rank = comm->rank(), world = comm->world_size();
  DataParallelReplica ours(*comm, small_mlp(), sgd_momentum(), small_buckets());
  auto single = make_communicator("single");
  DataParallelReplica reference(*single, small_mlp(), sgd_momentum(), small_buckets());
  ours.broadcast_from_root();
  EXPECT_GT(ours.num_buckets(), 1u);

  const std::int64_t begin = kBatch * rank / world, end = kBatch * (rank + 1) / world;
  for (int step = 0; step < 4; ++step) {
    const GlobalBatch batch(100 + step);
    const double local = ours.step(batch.x.slice(0, begin, end), batch.y.slice(0, begin, end),
                                   LossKind::cross_entropy, double(world) / kBatch, 0.1);
    reference.step(batch.x, batch.y, LossKind::cross_entropy, 1.0 / kBatch, 0.1);
    EXPECT_TRUE(std::isfinite(local));
  }
  const auto diff = (flat_parameters(ours.module()) - flat_parameters(reference.module())).abs().max();
  EXPECT_LT(diff.item<float>(), 1e-5) << "world " << world;
  EXPECT_NO_THROW(ours.require_same_state_on_all_ranks("after 4 steps"));
  if (world > 1) {
    EXPECT_GT(ours.last_comm_seconds(), 0.0);
  }
}

TEST_F(MpiTest, DivergedRankIsDetected) {
  auto comm = make_communicator("mpi");
  DataParallelReplica ours(*comm, small_mlp(), sgd_momentum());
  ours.broadcast_from_root();
  if (comm->world_size() > 1 && comm->rank() == comm->world_size() - 1) {
    torch::NoGradGuard no_grad;
    ours.module().parameters().begin().operator*().add_(1e-3);
  }
  if (comm->world_size() > 1) {
    EXPECT_THROW(ours.require_same_state_on_all_ranks("on purpose"), std::runtime_error);
  } else {
    EXPECT_NO_THROW(ours.require_same_state_on_all_ranks("alone"));
  }
}

TEST_F(MpiTest, RestoredStateContinuesBitwise) {
  auto comm = make_communicator("mpi");
  const int rank = comm->rank(), world = comm->world_size();
  OptimizerConfig adam;
  adam.kind = OptimizerKind::adam;
  adam.learning_rate = 0.01;
  DataParallelReplica ours(*comm, small_mlp(), adam, small_buckets());
  ours.broadcast_from_root();
  const std::int64_t begin = kBatch * rank / world, end = kBatch * (rank + 1) / world;
  auto run = [&](int first, int count) {
    for (int s = first; s < first + count; ++s) {
      const GlobalBatch b(200 + s);
      ours.step(b.x.slice(0, begin, end), b.y.slice(0, begin, end), LossKind::cross_entropy,
                double(world) / kBatch, 0.01);
    }
  };
  run(0, 2);
  torch::serialize::OutputArchive saved;
  ours.write(saved);
  std::ostringstream bytes;
  saved.save_to(bytes);
  run(2, 3);
  const auto straight = flat_parameters(ours.module()).clone();

  torch::serialize::InputArchive loaded;
  std::istringstream in(bytes.str());
  loaded.load_from(in);
  ours.read(loaded);
  run(2, 3);
  EXPECT_TRUE(torch::equal(straight, flat_parameters(ours.module())));
}

}  // namespace
}  // namespace dpt::nn
