// NCCL collectives on GPUs (one per rank). A separate binary so that ctest reports it as skipped,
// not passed, where no GPU (or no NCCL build) is available.
#include <string>
#include <vector>

#include "collective/factory.h"
#include "common/error.h"
#include "mpi_test_support.h"

namespace dpt {
namespace {

class Nccl : public testing::MpiTest {};

TEST_F(Nccl, AllreduceAndBroadcastOnGpu) {
  std::unique_ptr<Communicator> comm;
  try {
    comm = make_communicator("nccl");
  } catch (const UserError& e) {
    GTEST_SKIP() << e.what();
  }
  EXPECT_EQ(comm->backend_name(), "nccl");
  const int world = comm->world_size();
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000003}}) {
    std::vector<float> f(n, static_cast<float>(comm->rank() + 1));
    comm->allreduce(std::span<float>(f), ReduceOp::sum);
    EXPECT_EQ(f, std::vector<float>(n, static_cast<float>(world * (world + 1) / 2))) << "n=" << n;
    std::vector<std::int64_t> m(n, comm->rank());
    comm->allreduce_async(Buffer::of(m), ReduceOp::max)->wait();
    EXPECT_EQ(m, std::vector<std::int64_t>(n, world - 1)) << "n=" << n;
    std::vector<double> b(n, comm->rank());
    comm->broadcast(Buffer::of(b), world - 1);
    EXPECT_EQ(b, std::vector<double>(n, world - 1)) << "n=" << n;
  }
  std::vector<std::size_t> counts;
  for (int r = 0; r < world; ++r) counts.push_back(static_cast<std::size_t>(r));
  std::vector<std::int32_t> mine(static_cast<std::size_t>(comm->rank()), comm->rank()), all;
  for (int r = 0; r < world; ++r) all.insert(all.end(), static_cast<std::size_t>(r), r);
  std::vector<std::int32_t> gathered(all.size());
  comm->allgatherv(Buffer::of(mine), Buffer::of(gathered), counts);
  EXPECT_EQ(gathered, all);
}

}  // namespace
}  // namespace dpt
