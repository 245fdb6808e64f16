#include <gtest/gtest.h>

#include "common/error.h"
#include "temp_tree.h"
#include "worker/job_config_loader.h"

namespace dpt {
namespace {

using testing::TempTree;

struct Loaded {
  std::optional<JobConfig> job;
  std::string error;
};

Loaded load(const TempTree& tree, const Environment& env = {}, WorldShape world = {1, 1},
            std::vector<std::string> args = {}) {
  // num_round is the one required hyperparameter of the default job (gbtree)
  args.insert(args.begin(), {"--sm-root", tree.root().string(), "--num_round", "5"});
  const auto catalog = param_catalog();
  try {
    return {load_job_config(parse_cli(args, catalog), env, world, catalog), ""};
  } catch (const UserError& e) {
    return {std::nullopt, e.what()};
  }
}

void expect_error(const Loaded& r, const std::vector<std::string>& parts) {
  ASSERT_FALSE(r.job) << "expected an error";
  for (const auto& part : parts) EXPECT_NE(r.error.find(part), std::string::npos) << r.error << "\n  lacks: " << part;
}

TEST(JobConfig, EmptyTreeGivesTheDefaults) {
  TempTree tree;
  auto r = load(tree);
  ASSERT_TRUE(r.job) << r.error;
  EXPECT_EQ(r.job->hosts, std::vector<std::string>{"algo-1"});
  EXPECT_EQ(r.job->model_kind, "gbtree");
  EXPECT_EQ(r.job->model_dir, tree.root() / "model");
  EXPECT_EQ(r.job->output_dir, tree.root() / "output");
  EXPECT_EQ(r.job->output_data_dir, tree.root() / "output" / "data");
  EXPECT_EQ(r.job->checkpoint_dir, tree.root() / "checkpoints");
  EXPECT_TRUE(r.job->channels.empty());
}

TEST(JobConfig, MissingRootIsNamed) {
  TempTree tree;
  auto r = load(tree, {}, {1, 1}, {"--sm-root", (tree.root() / "nope").string()});
  expect_error(r, {"--sm-root", "nope", "no such directory"});
}

TEST(JobConfig, ReadsTheContractFiles) {
  TempTree tree;
  tree.config("resourceconfig.json",
              R"({"current_host":"algo-2","hosts":["algo-1","algo-2"],"network_interface_name":"eth0"})");
  tree.config("inputdataconfig.json",
              R"({"train":{"ContentType":"text/csv; label_size=1","TrainingInputMode":"File","S3DistributionType":"ShardedByS3Key"},
                  "validation":{"ContentType":"text/libsvm"}})");
  tree.config("checkpointconfig.json", R"({"LocalPath":"/tmp/ckpt-here"})");
  tree.config("hyperparameters.json", R"({"checkpoint_interval":"\"2\"","sagemaker_program":"x"})");
  tree.channel("train");
  tree.channel("validation");
  auto r = load(tree, {}, {4, 2});
  ASSERT_TRUE(r.job) << r.error;
  EXPECT_EQ(r.job->current_host, "algo-2");
  EXPECT_EQ(r.job->network_interface, "eth0");
  EXPECT_EQ(r.job->checkpoint_dir, "/tmp/ckpt-here");
  EXPECT_EQ(r.job->params.integer("checkpoint_interval"), 2);
  ASSERT_TRUE(r.job->channel("train"));
  EXPECT_EQ(r.job->channel("train")->content_type, "text/csv");
  EXPECT_EQ(r.job->channel("train")->distribution, "ShardedByS3Key");
  EXPECT_EQ(r.job->channel("train")->dir, tree.root() / "input" / "data" / "train");
  EXPECT_EQ(r.job->channel("validation")->content_type, "text/libsvm");
}

TEST(JobConfig, EnvironmentWinsOverFiles) {
  TempTree tree;
  tree.config("resourceconfig.json", R"({"current_host":"algo-1","hosts":["algo-1"]})");
  tree.config("hyperparameters.json", R"({"checkpoint_interval":"2"})");
  tree.write("elsewhere/train/.keep", "");
  const Environment env{{"SM_HOSTS", R"(["h1","h2"])"},
                        {"SM_CURRENT_HOST", "h2"},
                        {"SM_HPS", R"({"checkpoint_interval": 3, "checkpoints_to_keep": "4"})"},
                        {"SM_MODEL_DIR", "/tmp/m"},
                        {"SM_CHANNEL_TRAIN", (tree.root() / "elsewhere" / "train").string()}};
  auto r = load(tree, env, {2, 1}, {"--checkpoints-to-keep", "7", "--checkpoint-dir", "/tmp/c"});
  ASSERT_TRUE(r.job) << r.error;
  EXPECT_EQ(r.job->hosts, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(r.job->current_host, "h2");
  EXPECT_EQ(r.job->params.integer("checkpoint_interval"), 3);   // SM_HPS over the file
  EXPECT_EQ(r.job->params.integer("checkpoints_to_keep"), 7);   // command line over SM_HPS
  EXPECT_EQ(r.job->model_dir, "/tmp/m");
  EXPECT_EQ(r.job->checkpoint_dir, "/tmp/c");
  ASSERT_TRUE(r.job->channel("train"));
  EXPECT_EQ(r.job->channel("train")->dir, tree.root() / "elsewhere" / "train");
}

TEST(JobConfig, BrokenJsonNamesFileLineAndColumn) {
  for (const auto* name : {"resourceconfig.json", "hyperparameters.json", "inputdataconfig.json", "checkpointconfig.json"}) {
    TempTree tree;
    tree.config(name, "{\n  \"a\": \"b\",\n  oops\n}");
    expect_error(load(tree), {std::string(name) + ":3:3", "invalid JSON"});
  }
}

TEST(JobConfig, WrongShapesAreNamed) {
  TempTree tree;
  tree.config("resourceconfig.json", R"({"current_host":"algo-1","hosts":"algo-1"})");
  expect_error(load(tree), {"resourceconfig.json", "\"hosts\" must be a non-empty list of strings"});
}

TEST(JobConfig, HostsMustContainCurrentHost) {
  TempTree tree;
  tree.config("resourceconfig.json", R"({"current_host":"algo-3","hosts":["algo-1","algo-2"]})");
  expect_error(load(tree), {"resourceconfig.json", "algo-1, algo-2", "current_host \"algo-3\""});
}

TEST(JobConfig, WorldSizeMustMatchHostsTimesLocalRanks) {
  TempTree tree;
  tree.config("resourceconfig.json", R"({"current_host":"algo-1","hosts":["algo-1","algo-2"]})");
  expect_error(load(tree, {}, {2, 2}), {"world size 2", "2 hosts", "2 processes per host = 4"});
  EXPECT_TRUE(load(tree, {}, {4, 2}).job);
  tree.config("hyperparameters.json", R"({"sagemaker_mpi_num_of_processes_per_host":"\"3\""})");
  expect_error(load(tree, {}, {4, 2}), {"sagemaker_mpi_num_of_processes_per_host is 3", "2 ranks run on this host"});
}

TEST(JobConfig, HyperparameterErrorsNameTheSource) {
  TempTree tree;
  tree.config("hyperparameters.json", R"({"checkpoint_interval":"abc"})");
  expect_error(load(tree), {"hyperparameters.json", "checkpoint_interval", "expected an integer"});
  tree.config("hyperparameters.json", R"({"checkpoint_intervl":"1"})");
  expect_error(load(tree), {"unknown hyperparameter \"checkpoint_intervl\"", "did you mean \"checkpoint_interval\""});
  tree.config("hyperparameters.json", R"({"model":"forest"})");
  expect_error(load(tree), {"hyperparameters.json", "\"model\" = \"forest\"", "expected gbtree, mlp, cnn"});
}

TEST(JobConfig, ChannelProblemsAreNamed) {
  TempTree tree;
  tree.config("inputdataconfig.json", R"({"train":{"ContentType":"text/csv"}})");
  expect_error(load(tree), {"inputdataconfig.json", "channel \"train\"", "does not exist"});
  tree.channel("train");
  tree.config("inputdataconfig.json", R"({"train":{"ContentType":"application/x-recordio-protobuf"}})");
  expect_error(load(tree), {"channel \"train\"", "unsupported ContentType 'application/x-recordio-protobuf'"});
  tree.config("inputdataconfig.json", R"({"train":{"TrainingInputMode":"Pipe"}})");
  expect_error(load(tree), {"channel \"train\"", "Pipe is not supported yet"});
  tree.config("inputdataconfig.json", R"({"train":{"S3DistributionType":"Sharded"}})");
  expect_error(load(tree), {"S3DistributionType \"Sharded\""});
}

TEST(JobConfig, ChannelsWithoutInputDataConfigComeFromTheTree) {
  TempTree tree;
  tree.channel("train");
  tree.channel("validation");
  auto r = load(tree);
  ASSERT_TRUE(r.job) << r.error;
  EXPECT_EQ(r.job->channels.size(), 2u);
  EXPECT_EQ(r.job->channel("validation")->content_type, "");
}

}  // namespace
}  // namespace dpt
