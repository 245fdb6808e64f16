// Benchmark of the collective layer against raw MPI in the same run (rank 0 prints):
//   sizes   - our blocking and asynchronous allreduce vs MPI_Allreduce on the same buffer, per size;
//   bucket  - GradientBucketer on ResNet-50's 161 gradients vs one flat allreduce of the same bytes;
//   overlap - a simulated backward pass (compute, then submit, per gradient) with the bucketer's
//             communication thread vs MPI_Iallreduce buckets that progress only inside MPI calls.
// Output lines: "size <bytes> ours_s=... async_s=... mpi_s=..." etc., parsed by
// scripts/bench/allreduce.sh. Usage: dpt_allreduce_bench [max_bytes] [repeats]
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "collective/gradient_bucketer.h"
#include "collective/mpi_communicator.h"
#include "collective/mpi_session.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Seconds of the slowest rank, all ranks starting together.
double timed(const std::function<void()>& work) {
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = Clock::now();
  work();
  double local = std::chrono::duration<double>(Clock::now() - start).count(), slowest = 0;
  MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return slowest;
}

// Several alternatives timed in turns, the starting one rotating, so drift of a noisy machine hits
// all of them alike. Per alternative: the median time, and the median of its ratio to the last
// alternative (the reference) within the same turn, which cancels load that changes between turns.
struct Comparison {
  std::vector<double> median_s;
  std::vector<double> ratio_to_reference;
};

Comparison compare(const std::vector<std::function<void()>>& alternatives, int repeats) {
  const std::size_t n = alternatives.size();
  std::vector<std::vector<double>> times(n), ratios(n);
  for (auto& a : alternatives) a();  // warm-up (first touch, connection setup)
  for (int r = 0; r < repeats; ++r) {
    std::vector<double> turn(n);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t which = (k + static_cast<std::size_t>(r)) % n;
      turn[which] = timed(alternatives[which]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      times[k].push_back(turn[k]);
      ratios[k].push_back(turn[k] / turn[n - 1]);
    }
  }
  Comparison c;
  for (std::size_t k = 0; k < n; ++k) {
    c.median_s.push_back(median(times[k]));
    c.ratio_to_reference.push_back(median(ratios[k]));
  }
  return c;
}

// ResNet-50's parameter tensors (torchvision order): 53 convolutions, 53 batch norms (weight and
// bias), the classifier's weight and bias: 161 tensors, 25,557,032 floats.
std::vector<std::size_t> resnet50_sizes() {
  std::vector<std::size_t> sizes;
  auto conv_bn = [&](std::size_t in, std::size_t out, std::size_t k) {
    sizes.push_back(in * out * k * k);
    sizes.push_back(out);
    sizes.push_back(out);
  };
  conv_bn(3, 64, 7);
  std::size_t in = 64;
  const std::size_t blocks[] = {3, 4, 6, 3}, widths[] = {64, 128, 256, 512};
  for (int layer = 0; layer < 4; ++layer) {
    const std::size_t w = widths[layer];
    for (std::size_t b = 0; b < blocks[layer]; ++b) {
      conv_bn(in, w, 1);
      conv_bn(w, w, 3);
      conv_bn(w, 4 * w, 1);
      if (b == 0) conv_bn(in, 4 * w, 1);  // downsample
      in = 4 * w;
    }
  }
  sizes.push_back(2048 * 1000);
  sizes.push_back(1000);
  std::reverse(sizes.begin(), sizes.end());  // backward produces gradients last layer first
  return sizes;
}

void bench_sizes(dpt::MpiCommunicator& comm, std::size_t max_bytes, int repeats, bool print) {
  const int n = comm.world_size();
  for (std::size_t bytes = 4096; bytes <= max_bytes; bytes *= 4) {
    std::vector<float> data(bytes / sizeof(float), 1e-3f);
    const auto buf = dpt::Buffer::of(data);
    // Small sizes are cheap and the noisiest: many more repeats there.
    const int reps = bytes >= (64u << 20) ? std::max(3, repeats / 2) : repeats * 20;
    // Two separate pairings: each alternative alternates with raw MPI only, so neither inherits
    // the other's after-effects (the communication thread's cache and scheduling state).
    auto raw = [&] {
      MPI_Allreduce(MPI_IN_PLACE, data.data(), static_cast<int>(data.size()), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    };
    const auto blocking = compare({[&] { comm.allreduce(buf, dpt::ReduceOp::sum); }, raw}, reps);
    const auto async = compare({[&] { comm.allreduce_async(buf, dpt::ReduceOp::sum)->wait(); }, raw}, reps);
    const double busbw = static_cast<double>(bytes) / blocking.median_s[0] * 2.0 * (n - 1) / n / 1e9;
    if (print) {
      std::printf("size %zu ours_s=%.6g async_s=%.6g mpi_s=%.6g ours_vs_mpi=%.4f async_vs_mpi=%.4f busbw_GBps=%.4g\n",
                  bytes, blocking.median_s[0], async.median_s[0], blocking.median_s[1],
                  blocking.ratio_to_reference[0], async.ratio_to_reference[0], busbw);
    }
  }
}

// Simulated backward work for a gradient: a few passes of arithmetic over a buffer of its size.
float compute(std::vector<float>& scratch, std::size_t n, int passes) {
  float acc = 0;
  for (int p = 0; p < passes; ++p) {
    for (std::size_t i = 0; i < n; ++i) acc += scratch[i] = scratch[i] * 0.999f + 1e-3f;
  }
  return acc;
}

void bench_buckets(dpt::MpiCommunicator& comm, int repeats, int compute_passes, bool print) {
  const auto sizes = resnet50_sizes();
  std::size_t total = 0;
  for (auto s : sizes) total += s;
  std::vector<std::vector<float>> grads;
  for (auto s : sizes) grads.emplace_back(s, 1e-3f);
  std::vector<float> flat(total, 1e-3f), scratch(*std::max_element(sizes.begin(), sizes.end()), 1.0f);
  dpt::GradientBucketer bucketer(comm, sizes);
  // Gradients as bucket views (what the neural job does): backward writes each gradient into its
  // slot, so a step only marks them ready; the bucket collectives are all that remains.
  dpt::GradientBucketer in_place(comm, sizes);
  for (std::size_t i = 0; i < sizes.size(); ++i) std::ranges::fill(in_place.slot(i), 1e-3f);
  float sink = 0;

  auto bucketed_step = [&](int passes) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      if (passes) sink += compute(scratch, sizes[i], passes);
      bucketer.submit(i, grads[i]);
    }
    bucketer.finish();
    bucketer.reset();
  };
  auto view_step = [&](int passes) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      if (passes) sink += compute(scratch, sizes[i], passes);
      in_place.mark_ready(i);
    }
    in_place.finish();
    in_place.reset();
  };
  // The same buckets as MPI_Iallreduce requests, started when filled, progressed only by MPI calls.
  std::vector<std::size_t> bucket_end(bucketer.num_buckets(), 0);
  for (std::size_t i = 0, offset = 0; i < sizes.size(); ++i) bucket_end[bucketer.bucket_of(i)] = offset += sizes[i];
  auto iallreduce_step = [&](int passes) {
    std::vector<MPI_Request> requests;
    std::size_t offset = 0, bucket_start = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      if (passes) sink += compute(scratch, sizes[i], passes);
      std::copy(grads[i].begin(), grads[i].end(), flat.begin() + static_cast<std::ptrdiff_t>(offset));
      offset += sizes[i];
      if (offset == bucket_end[bucketer.bucket_of(i)]) {
        requests.emplace_back();
        MPI_Iallreduce(MPI_IN_PLACE, flat.data() + bucket_start, static_cast<int>(offset - bucket_start), MPI_FLOAT,
                       MPI_SUM, MPI_COMM_WORLD, &requests.back());
        bucket_start = offset;
      }
    }
    MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
  };
  auto flat_allreduce = [&] { comm.allreduce(std::span<float>(flat), dpt::ReduceOp::sum); };

  // Context for the ratio: gradients live in separate tensors, so an unbucketed reduction also
  // has to gather them into one buffer first; "flat_copy" is that gather plus the flat allreduce.
  auto flat_with_copy = [&] {
    for (std::size_t i = 0, offset = 0; i < sizes.size(); offset += sizes[i], ++i) {
      std::copy(grads[i].begin(), grads[i].end(), flat.begin() + static_cast<std::ptrdiff_t>(offset));
    }
    flat_allreduce();
  };
  const auto c = compare({[&] { view_step(0); }, [&] { bucketed_step(0); }, flat_with_copy, flat_allreduce},
                         repeats * 3);
  const auto& m = c.median_s;
  const auto& r = c.ratio_to_reference;
  view_step(0);  // one more step for the bucketer's own split of the time
  if (print) {
    std::printf("bucket tensors=%zu floats=%zu buckets=%zu bucketed_s=%.6g copying_s=%.6g flat_s=%.6g "
                "flat_copy_s=%.6g bucketed_vs_flat=%.4f copying_vs_flat=%.4f copying_vs_flat_copy=%.4f "
                "last_comm_s=%.6g last_exposed_s=%.6g\n",
                sizes.size(), total, bucketer.num_buckets(), m[0], m[1], m[3], m[2], r[0], r[1], r[1] / r[2],
                in_place.comm_seconds(), in_place.exposed_seconds());
  }
  const auto o = compare({[&] { view_step(compute_passes); }, [&] { iallreduce_step(compute_passes); },
                          [&] {
                            for (std::size_t i = 0; i < sizes.size(); ++i) sink += compute(scratch, sizes[i], compute_passes);
                          }},
                         repeats);
  view_step(compute_passes);  // one more step for the bucketer's own split of the time
  if (print) {
    std::printf("overlap passes=%d thread_s=%.6g iallreduce_s=%.6g compute_only_s=%.6g flat_s=%.6g "
                "last_comm_s=%.6g last_exposed_s=%.6g\n",
                compute_passes, o.median_s[0], o.median_s[1], o.median_s[2], m[3], in_place.comm_seconds(),
                in_place.exposed_seconds());
  }
  if (sink == 42.0f) std::printf(" ");  // keeps the simulated compute from being optimised away
}

}  // namespace

int main(int argc, char** argv) {
  dpt::MpiSession session(&argc, &argv);
  const std::size_t max_bytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (256u << 20);
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  const int compute_passes = argc > 3 ? std::atoi(argv[3]) : 2;
  dpt::MpiCommunicator comm;
  const bool print = comm.rank() == 0;
  bench_sizes(comm, max_bytes, repeats, print);
  bench_buckets(comm, repeats, compute_passes, print);
  return 0;
}
