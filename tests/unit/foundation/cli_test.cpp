#include <gtest/gtest.h>

#include "common/error.h"
#include "worker/cli.h"

namespace dpt {
namespace {

CliArgs parse(const std::vector<std::string>& args) { return parse_cli(args, param_catalog()); }

std::string error_of(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Cli, TrainIsTheDefaultCommand) {
  EXPECT_EQ(parse({}).command, Command::train);
  EXPECT_EQ(parse({"train"}).command, Command::train);
  EXPECT_EQ(parse({}).sm_root, "/opt/ml");
  EXPECT_EQ(parse({}).backend, "mpi");
}

TEST(Cli, PredictTakesTheRestAsIs) {
  auto cli = parse({"predict", "--model", "m.json", "--whatever"});
  EXPECT_EQ(cli.command, Command::predict);
  EXPECT_EQ(cli.predict_args, (std::vector<std::string>{"--model", "m.json", "--whatever"}));
}

TEST(Cli, HelpAndVersion) {
  EXPECT_EQ(parse({"--help"}).command, Command::help);
  EXPECT_EQ(parse({"train", "-h"}).command, Command::help);
  EXPECT_EQ(parse({"--version"}).command, Command::version);
  const auto help = train_help(param_catalog());
  EXPECT_NE(help.find("--sm-root"), std::string::npos);
  EXPECT_NE(help.find("--model"), std::string::npos);
  EXPECT_NE(help.find("--checkpoints_to_keep"), std::string::npos);
}

TEST(Cli, HelpDescribesTypeRangeAndDefault) {
  ParamCatalog catalog;
  ParamSpec eta;
  eta.name = "eta";
  eta.type = ParamType::real;
  eta.default_value = "0.3";
  eta.min = 0;
  eta.max = 1;
  eta.aliases = {"learning_rate"};
  eta.help = "step size shrinkage";
  ParamSpec rounds;
  rounds.name = "num_round";
  rounds.type = ParamType::integer;
  rounds.min = 1;
  rounds.required = true;
  catalog.families.push_back({JobKind::gbdt, "model gbtree", {eta, rounds}});
  const auto help = train_help(catalog);
  EXPECT_NE(help.find("Jobs with model gbtree:"), std::string::npos) << help;
  EXPECT_NE(help.find("--eta (also --learning_rate)"), std::string::npos) << help;
  EXPECT_NE(help.find("real in [0, 1], default 0.3"), std::string::npos) << help;
  EXPECT_NE(help.find("step size shrinkage"), std::string::npos) << help;
  EXPECT_NE(help.find("integer >= 1, required"), std::string::npos) << help;
}

TEST(Cli, FixedFlags) {
  auto cli = parse({"--sm-root", "/x", "--backend=nccl", "--model-dir", "/m", "--checkpoint_dir", "/c"});
  EXPECT_EQ(cli.sm_root, "/x");
  EXPECT_EQ(cli.backend, "nccl");
  EXPECT_EQ(cli.model_dir, "/m");
  EXPECT_EQ(cli.checkpoint_dir, "/c");
  EXPECT_NE(error_of({"--backend", "gloo"}).find("expected mpi or nccl"), std::string::npos);
}

TEST(Cli, HyperparametersInEitherSpellingInOrder) {
  auto cli = parse({"--checkpoints-to-keep", "4", "--model=cnn", "--checkpoint_interval", "-1"});
  EXPECT_EQ(cli.hyperparameters.entries,
            (std::vector<std::pair<std::string, std::string>>{
                {"checkpoints_to_keep", "4"}, {"model", "cnn"}, {"checkpoint_interval", "-1"}}));
  EXPECT_TRUE(cli.hyperparameters.flags);
}

TEST(Cli, BareBooleanFlagsMeanTrue) {
  auto bare = parse({"--fresh-start", "--model", "gbtree"}).hyperparameters.entries;
  EXPECT_EQ(bare.front(), (std::pair<std::string, std::string>{"fresh_start", "true"}));
  auto last = parse({"--fresh-start"}).hyperparameters.entries;
  EXPECT_EQ(last.front().second, "true");
  auto given = parse({"--fresh_start", "false"}).hyperparameters.entries;
  EXPECT_EQ(given.front().second, "false");
}

TEST(Cli, UnknownOptionsGetASuggestion) {
  const auto e = error_of({"--sm-rot", "/x"});
  EXPECT_NE(e.find("unknown option --sm-rot"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean --sm-root?"), std::string::npos) << e;
  EXPECT_NE(error_of({"--fresh-strat"}).find("did you mean --fresh_start?"), std::string::npos);
  EXPECT_NE(error_of({"stray"}).find("unexpected argument \"stray\""), std::string::npos);
  EXPECT_NE(error_of({"--model"}).find("command line"), std::string::npos);
}

TEST(Cli, SmRootHint) {
  EXPECT_EQ(sm_root_hint({"--eta", "1", "--sm-root", "/a"}), "/a");
  EXPECT_EQ(sm_root_hint({"--sm-root=/b"}), "/b");
  EXPECT_EQ(sm_root_hint({"--bogus"}), "/opt/ml");
}

}  // namespace
}  // namespace dpt
