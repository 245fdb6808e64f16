// The single-process backend (no MPI): collectives are identities or copies, misuse is reported.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "collective/factory.h"
#include "collective/single_communicator.h"
#include "common/error.h"

namespace dpt {
namespace {

TEST(SingleCommunicator, ReductionsAndBroadcastKeepTheData) {
  SingleCommunicator comm;
  EXPECT_EQ(comm.rank(), 0);
  EXPECT_EQ(comm.world_size(), 1);
  EXPECT_EQ(comm.local_size(), 1);
  std::vector<double> v{1.5, -2.0, 3.25};
  comm.allreduce(std::span<double>(v), ReduceOp::sum);
  comm.allreduce_async(Buffer::of(v), ReduceOp::max)->wait();
  comm.broadcast(Buffer::of(v), 0);
  EXPECT_EQ(v, (std::vector<double>{1.5, -2.0, 3.25}));
  EXPECT_EQ(comm.allreduce_value<std::int64_t>(7, ReduceOp::min), 7);
  EXPECT_THROW(comm.broadcast(Buffer::of(v), 1), std::invalid_argument);
}

TEST(SingleCommunicator, GathersCopyTheContribution) {
  SingleCommunicator comm;
  std::vector<std::int32_t> mine{4, 5, 6}, out(3, 0);
  comm.allgather(Buffer::of(mine), Buffer::of(out));
  EXPECT_EQ(out, mine);
  std::vector<std::int32_t> outv(3, 0);
  const std::vector<std::size_t> counts{3};
  comm.allgatherv(Buffer::of(mine), Buffer::of(outv), counts);
  EXPECT_EQ(outv, mine);
  std::vector<std::int32_t> none, none_out;
  const std::vector<std::size_t> zero{0};
  comm.allgatherv(Buffer::of(none), Buffer::of(none_out), zero);
  std::vector<std::int32_t> short_out(2);
  EXPECT_THROW(comm.allgather(Buffer::of(mine), Buffer::of(short_out)), std::invalid_argument);
  const std::vector<std::size_t> wrong{2};
  EXPECT_THROW(comm.allgatherv(Buffer::of(mine), Buffer::of(outv), wrong), std::invalid_argument);
}

TEST(Factory, ChoosesOrExplains) {
  EXPECT_EQ(make_communicator("single")->backend_name(), "single");
  try {
    make_communicator("gloo");
    ADD_FAILURE() << "unknown backend accepted";
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "unknown backend 'gloo' (expected mpi, nccl or single)");
  }
  // Without MpiSession, MPI backends cannot start; the message says what is missing.
  EXPECT_THROW(make_communicator("mpi"), UserError);
}

TEST(DTypes, SizesMatchTheirTypes) {
  EXPECT_EQ(dtype_size(DType::f32), sizeof(float));
  EXPECT_EQ(dtype_size(DType::f64), sizeof(double));
  EXPECT_EQ(dtype_size(DType::i32), sizeof(std::int32_t));
  EXPECT_EQ(dtype_size(DType::i64), sizeof(std::int64_t));
  EXPECT_EQ(dtype_size(DType::u64), sizeof(std::uint64_t));
  EXPECT_EQ(dtype_size(DType::u8), 1u);
}

}  // namespace
}  // namespace dpt
