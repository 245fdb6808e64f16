#include <gtest/gtest.h>

#include <fstream>

#include "collective/factory.h"
#include "temp_tree.h"
#include "worker/outcome.h"

namespace dpt {
namespace {

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

TEST(Outcome, AVerdictReplacesTheOther) {
  testing::TempTree tree;
  const auto out = tree.root() / "output";
  ASSERT_TRUE(write_outcome_file(out, "success", "training finished"));
  EXPECT_TRUE(std::filesystem::exists(out / "success"));
  ASSERT_TRUE(write_outcome_file(out, "failure", "hyperparameters.json: bad eta\nmore detail"));
  EXPECT_FALSE(std::filesystem::exists(out / "success"));
  EXPECT_EQ(first_line(out / "failure"), "hyperparameters.json: bad eta");
  clear_outcome_files(out);
  EXPECT_FALSE(std::filesystem::exists(out / "failure"));
}

TEST(Outcome, NothingIsCreatedUnderAMissingRoot) {
  testing::TempTree tree;
  const auto missing = tree.root() / "typo" / "output";
  EXPECT_FALSE(write_outcome_file(missing, "failure", "x"));
  EXPECT_FALSE(std::filesystem::exists(tree.root() / "typo"));
}

TEST(Outcome, AgreedTurnsAUserErrorIntoAnAgreedError) {
  auto comm = make_communicator("single");
  EXPECT_EQ(agreed(*comm, [] { return 7; }), 7);
  try {
    agreed(*comm, []() -> int { throw UserError("file.json:1:2: broken"); });
    FAIL() << "expected AgreedError";
  } catch (const AgreedError& e) {
    EXPECT_STREQ(e.what(), "file.json:1:2: broken");
  }
  // Defects are not agreed on: they propagate as they are (main aborts the job for them).
  EXPECT_THROW(agreed(*comm, []() -> int { throw std::logic_error("bug"); }), std::logic_error);
}

}  // namespace
}  // namespace dpt
