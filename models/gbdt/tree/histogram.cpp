#include "models/gbdt/tree/histogram.h"

#include <algorithm>

namespace dpt::gbdt {
namespace {

// Below this many rows per thread, extra threads cost more than they save.
constexpr std::size_t kMinRowsPerThread = 2048;

// One bin's slot: an int64 pair, or one packed int64 (histogram.h).
template <bool kPacked>
struct Slots {
  static constexpr std::size_t kWidth = kPacked ? 1 : 2;
  struct Row {
    std::int64_t g, h, packed;
    explicit Row(const GradSum& s) : g(s.g), h(s.h), packed(kPacked ? pack(s) : 0) {}
  };
  static void add(std::int64_t* slot, const Row& row) {
    if constexpr (kPacked) {
      slot[0] += row.packed;
    } else {
      slot[0] += row.g;
      slot[1] += row.h;
    }
  }
};

template <bool kPacked>
void add_total(std::span<const GradSum> grad, std::span<const std::uint32_t> rows, std::int64_t* slot) {
  GradSum total;
  for (const std::uint32_t r : rows) total += grad[r];
  Slots<kPacked>::add(slot, typename Slots<kPacked>::Row(total));
}

template <bool kPacked, class Bin, Bin kMissing>
void accumulate_dense(const Bin* bins, std::size_t nf, const std::uint32_t* offsets,
                      std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                      std::int64_t* hist) {
  using S = Slots<kPacked>;
  for (const std::uint32_t r : rows) {
    const typename S::Row gs(grad[r]);
    const Bin* row = bins + std::size_t{r} * nf;
    for (std::size_t f = 0; f < nf; ++f) {
      const Bin b = row[f];
      if (b == kMissing) continue;
      S::add(hist + S::kWidth * (std::size_t{offsets[f]} + b), gs);
    }
  }
  add_total<kPacked>(grad, rows, hist + S::kWidth * std::size_t{offsets[nf]});
}

template <bool kPacked>
void accumulate_sparse(const std::uint64_t* row_ptr, const std::uint32_t* gbins, std::uint32_t total_bins,
                       std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                       std::int64_t* hist) {
  using S = Slots<kPacked>;
  for (const std::uint32_t r : rows) {
    const typename S::Row gs(grad[r]);
    const std::uint32_t* end = gbins + row_ptr[r + 1];
    for (const std::uint32_t* e = gbins + row_ptr[r]; e != end; ++e) S::add(hist + S::kWidth * std::size_t{*e}, gs);
  }
  add_total<kPacked>(grad, rows, hist + S::kWidth * std::size_t{total_bins});
}

template <bool kPacked>
void accumulate_any(const BinnedMatrix& m, std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                    std::int64_t* hist) {
  switch (m.layout()) {
    case BinnedMatrix::Layout::dense8:
      accumulate_dense<kPacked, std::uint8_t, BinnedMatrix::kMissing8>(m.dense8(), m.num_features(),
                                                                       m.offsets().data(), grad, rows, hist);
      break;
    case BinnedMatrix::Layout::dense16:
      accumulate_dense<kPacked, std::uint16_t, BinnedMatrix::kMissing16>(m.dense16(), m.num_features(),
                                                                         m.offsets().data(), grad, rows, hist);
      break;
    case BinnedMatrix::Layout::sparse:
      accumulate_sparse<kPacked>(m.row_ptr(), m.global_bins(), m.offsets().back(), grad, rows, hist);
      break;
  }
}

// Features [first, end) of a node holding every row, column by column: each column's slots stay
// in L1 while its entries stream in order, and the rows' values (`values`, packed or pairs) are
// read from a small array at random. The node's total is added by the caller.
template <bool kPacked, class Value>
void accumulate_columns(const BinnedMatrix& m, const Value* values, std::size_t first, std::size_t end,
                        std::int64_t* hist) {
  using S = Slots<kPacked>;
  if constexpr (kPacked) {
    // Neighbouring entries of a column often share a bin; four copies of the column's slots,
    // taken in turn, keep those adds from waiting on each other's stores.
    constexpr std::size_t kCopies = 4;
    std::int64_t copies[kCopies][256];
    for (std::size_t f = first; f < end; ++f) {
      std::fill(&copies[0][0], &copies[0][0] + kCopies * 256, 0);
      const auto column = m.column(f);
      const std::size_t n = column.size(), whole = n - n % kCopies;
      for (std::size_t i = 0; i < whole; i += kCopies) {
        for (std::size_t c = 0; c < kCopies; ++c) copies[c][column[i + c] & 0xffu] += values[column[i + c] >> 8];
      }
      for (std::size_t i = whole; i < n; ++i) copies[0][column[i] & 0xffu] += values[column[i] >> 8];
      std::int64_t* slots = hist + std::size_t{m.offsets()[f]};
      const std::uint32_t bins = m.offsets()[f + 1] - m.offsets()[f];
      for (std::uint32_t b = 0; b < bins; ++b) slots[b] += copies[0][b] + copies[1][b] + copies[2][b] + copies[3][b];
    }
  } else {
    for (std::size_t f = first; f < end; ++f) {
      std::int64_t* slots = hist + S::kWidth * std::size_t{m.offsets()[f]};
      for (const std::uint32_t entry : m.column(f)) {
        std::int64_t* slot = slots + S::kWidth * (entry & 0xffu);
        slot[0] += values[entry >> 8].g;
        slot[1] += values[entry >> 8].h;
      }
    }
  }
}

}  // namespace

std::size_t HistogramBuilder::node_size() const {
  const std::uint32_t bins = matrix_.offsets().back();
  return packed_ ? std::size_t{bins} + 1 : histogram_stride(bins);
}

void HistogramBuilder::accumulate(std::span<const GradSum> grad, std::span<const std::uint32_t> rows,
                                  std::int64_t* hist) const {
  if (packed_) accumulate_any<true>(matrix_, grad, rows, hist);
  else accumulate_any<false>(matrix_, grad, rows, hist);
}

void HistogramBuilder::build(std::span<const GradSum> grad,
                             std::span<const std::span<const std::uint32_t>> nodes,
                             std::span<std::int64_t> out) {
  const std::size_t stride = node_size();
  std::fill(out.begin(), out.end(), 0);
  if (nodes.size() == 1 && nodes[0].size() == matrix_.num_rows() && matrix_.has_columns()) {
    build_all_rows(grad, out);
    return;
  }
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

// A node holding every row (a root) is built column by column (the sparse layout's column
// index): in order through the entries, each column's slots in cache, instead of scattering
// every row's entries over the whole histogram. Threads take disjoint features of one buffer.
void HistogramBuilder::build_all_rows(std::span<const GradSum> grad, std::span<std::int64_t> out) {
  const std::size_t nf = matrix_.num_features();
  const int threads = static_cast<int>(
      std::clamp<std::size_t>(matrix_.num_rows() / kMinRowsPerThread, 1, std::max(1, nthread_)));
  if (packed_) {
    packed_rows_.resize(grad.size());
    for (std::size_t r = 0; r < grad.size(); ++r) packed_rows_[r] = pack(grad[r]);
  }
  auto work = [&](int t) {
    const std::size_t first = nf * t / threads, end = nf * (t + 1) / threads;
    if (packed_) accumulate_columns<true>(matrix_, packed_rows_.data(), first, end, out.data());
    else accumulate_columns<false>(matrix_, grad.data(), first, end, out.data());
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  GradSum total;
  for (std::size_t r = 0; r < matrix_.num_rows(); ++r) total += grad[r];
  if (packed_) Slots<true>::add(out.data() + matrix_.offsets().back(), Slots<true>::Row(total));
  else Slots<false>::add(out.data() + 2 * std::size_t{matrix_.offsets().back()}, Slots<false>::Row(total));
}

}  // namespace dpt::gbdt
