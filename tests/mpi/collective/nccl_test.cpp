// The NCCL backend. Without a visible GPU (or in a build without NCCL) asking for it must fail
// with a message that says why and what to use instead; the GPU tests then report "skipped".
#include <string>
#include <vector>

#include "collective/factory.h"
#include "common/error.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

class Nccl : public testing::MpiTest {};

// Empty when the backend could be created; otherwise its error message.
std::string nccl_failure() {
  try {
    make_communicator("nccl");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST_F(Nccl, UnavailableBackendExplainsItself) {
  const std::string failure = nccl_failure();
  if (failure.empty()) GTEST_SKIP() << "NCCL is usable here; covered by dpt_collective_gpu_test";
  EXPECT_NE(failure.find("backend nccl: "), std::string::npos) << failure;
  EXPECT_NE(failure.find("use --backend mpi"), std::string::npos) << failure;
}

}  // namespace
}  // namespace dpt
