#include "models/gbdt/histogram.h"

#include <algorithm>

namespace dpt::gbdt {
namespace {

// Below this many rows per thread, extra threads cost more than they save.
constexpr std::size_t kMinRowsPerThread = 2048;

template <class Bin, Bin kMissing>
void accumulate_dense(const Bin* bins, std::size_t nf, const std::uint32_t* offsets,
                      std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                      std::int64_t* hist) {
  std::int64_t total_g = 0, total_h = 0;
  for (const std::uint32_t r : rows) {
    const GradSum gs = grad[r];
    total_g += gs.g;
    total_h += gs.h;
    const Bin* row = bins + std::size_t{r} * nf;
    for (std::size_t f = 0; f < nf; ++f) {
      const Bin b = row[f];
      if (b == kMissing) continue;
      std::int64_t* slot = hist + 2 * (std::size_t{offsets[f]} + b);
      slot[0] += gs.g;
      slot[1] += gs.h;
    }
  }
  const std::size_t total_index = 2 * std::size_t{offsets[nf]};
  hist[total_index] += total_g;
  hist[total_index + 1] += total_h;
}

void accumulate_sparse(const std::uint64_t* row_ptr, const std::uint32_t* gbins, std::uint32_t total_bins,
                       std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                       std::int64_t* hist) {
  std::int64_t total_g = 0, total_h = 0;
  for (const std::uint32_t r : rows) {
    const GradSum gs = grad[r];
    total_g += gs.g;
    total_h += gs.h;
    for (std::uint64_t e = row_ptr[r]; e < row_ptr[r + 1]; ++e) {
      std::int64_t* slot = hist + 2 * std::size_t{gbins[e]};
      slot[0] += gs.g;
      slot[1] += gs.h;
    }
  }
  hist[2 * std::size_t{total_bins}] += total_g;
  hist[2 * std::size_t{total_bins} + 1] += total_h;
}

}  // namespace

void HistogramBuilder::accumulate(std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                                  std::int64_t* hist) const {
  const auto& m = matrix_;
  switch (m.layout()) {
    case BinnedMatrix::Layout::dense8:
      accumulate_dense<std::uint8_t, BinnedMatrix::kMissing8>(m.dense8(), m.num_features(),
                                                              m.offsets().data(), grad, rows, hist);
      break;
    case BinnedMatrix::Layout::dense16:
      accumulate_dense<std::uint16_t, BinnedMatrix::kMissing16>(m.dense16(), m.num_features(),
                                                                m.offsets().data(), grad, rows, hist);
      break;
    case BinnedMatrix::Layout::sparse:
      accumulate_sparse(m.row_ptr(), m.global_bins(), m.offsets().back(), grad, rows, hist);
      break;
  }
}

void HistogramBuilder::build(std::span<const GradSum> grad,
                             std::span<const std::span<const std::uint32_t>> nodes,
                             std::span<std::int64_t> out) {
  const std::size_t stride = histogram_stride(matrix_.offsets().back());
  std::fill(out.begin(), out.end(), 0);
  std::size_t total_rows = 0;
  for (const auto& rows : nodes) total_rows += rows.size();
  const int threads =
      static_cast<int>(std::clamp<std::size_t>(total_rows / kMinRowsPerThread, 1, std::max(1, nthread_)));
  if (threads == 1) {
    for (std::size_t i = 0; i < nodes.size(); ++i) accumulate(grad, nodes[i], out.data() + i * stride);
    return;
  }
  // Thread t adds its slice of every node's rows into its own buffer (thread 0: into out).
  thread_buffers_.resize(threads - 1);
  for (auto& buffer : thread_buffers_) buffer.assign(out.size(), 0);
  auto work = [&](int t) {
    std::int64_t* base = t == 0 ? out.data() : thread_buffers_[t - 1].data();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const auto& rows = nodes[i];
      const std::size_t begin = rows.size() * t / threads, end = rows.size() * (t + 1) / threads;
      accumulate(grad, rows.subspan(begin, end - begin), base + i * stride);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  pool.clear();
  // Integer sums: the order of this reduction does not matter.
  auto reduce = [&](int t) {
    const std::size_t begin = out.size() * t / threads, end = out.size() * (t + 1) / threads;
    for (const auto& buffer : thread_buffers_) {
      for (std::size_t k = begin; k < end; ++k) out[k] += buffer[k];
    }
  };
  for (int t = 1; t < threads; ++t) pool.emplace_back(reduce, t);
  reduce(0);
  for (auto& th : pool) th.join();
}

}  // namespace dpt::gbdt
