#include "models/gbdt/binning/binned_matrix.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/free_storage.h"

namespace dpt::gbdt {
namespace {

// Runs body(begin, end) over [0, n) split into `threads` contiguous parts.
template <class Body>
void parallel_ranges(std::size_t n, int threads, Body&& body) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / 1024) + 1));
  if (threads == 1) return body(std::size_t{0}, n);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] { body(n * t / threads, n * (t + 1) / threads); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace

BinnedMatrix::Layout BinnedMatrix::choose_layout(const data::Dataset& rows, const Cuts& cuts) {
  std::size_t present = 0;
  if (rows.dense) {
    for (float v : rows.values) present += !std::isnan(v);
  } else {
    present = rows.values.size();
  }
  // Dense when few cells are missing: the histogram kernel's missing test is then predictable
  // and 1-2 bytes per cell beat 4 per entry. Otherwise missing cells should cost nothing.
  const bool narrow = cuts.max_bins_per_feature() < kMissing8;
  // A categorical feature may have more bins than 16 bits hold (one per code): sparse keeps 32.
  const bool wide = cuts.max_bins_per_feature() >= kMissing16;
  const std::size_t cells = rows.num_rows * rows.num_features;
  return present >= cells - cells / 4 && !wide ? (narrow ? Layout::dense8 : Layout::dense16) : Layout::sparse;
}

BinnedMatrix BinnedMatrix::consume(data::Dataset& rows, const Cuts& cuts, int nthread) {
  auto release_values = [&rows] {
    free_storage(rows.values);
    free_storage(rows.row_ptr);
    free_storage(rows.col_index);
  };
  if (rows.dense || choose_layout(rows, cuts) != Layout::sparse) {
    BinnedMatrix m(rows, cuts, nthread);
    release_values();
    return m;
  }
  BinnedMatrix m;
  m.num_rows_ = rows.num_rows;
  m.num_features_ = rows.num_features;
  m.offsets_ = cuts.offsets;
  m.layout_ = Layout::sparse;
  if (rows.num_rows == 0) {
    release_values();
    return m;
  }
  std::vector<std::uint32_t>& bins = rows.col_index;  // becomes global_bins_
  const auto to_global_bin = [&](std::uint64_t e) { return cuts.offsets[bins[e]] + cuts.bin_of(bins[e], rows.values[e]); };
  const bool any_missing = std::any_of(rows.values.begin(), rows.values.end(), [](float v) { return std::isnan(v); });
  if (!any_missing) {
    // Each row rewrites only its own entries: rows can go in parallel.
    parallel_ranges(rows.num_rows, nthread, [&](std::size_t begin, std::size_t end) {
      for (std::size_t r = begin; r < end; ++r) {
        for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) bins[e] = to_global_bin(e);
        std::sort(bins.begin() + static_cast<std::ptrdiff_t>(rows.row_ptr[r]),
                  bins.begin() + static_cast<std::ptrdiff_t>(rows.row_ptr[r + 1]));
      }
    });
    m.row_ptr_ = std::move(rows.row_ptr);
  } else {
    // NaN entries are dropped, so rows move down over each other's old entries: one pass, in order.
    std::vector<std::uint64_t> kept(rows.num_rows + 1, 0);
    std::uint64_t out = 0;
    for (std::size_t r = 0; r < rows.num_rows; ++r) {
      kept[r] = out;
      for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) {
        if (!std::isnan(rows.values[e])) bins[out++] = to_global_bin(e);
      }
      std::sort(bins.begin() + static_cast<std::ptrdiff_t>(kept[r]), bins.begin() + static_cast<std::ptrdiff_t>(out));
    }
    kept[rows.num_rows] = out;
    bins.resize(out);
    m.row_ptr_ = std::move(kept);
  }
  m.global_bins_ = std::move(bins);
  release_values();
  m.index_feature_blocks();
  m.index_columns();
  return m;
}

void BinnedMatrix::index_feature_blocks() {
  num_blocks_ = (num_features_ + kFeaturesPerBlock - 1) / kFeaturesPerBlock;
  for (std::size_t r = 0; r < num_rows_; ++r) {
    if (row_ptr_[r + 1] - row_ptr_[r] > 0xffff) return;  // offsets would not fit: search whole rows
  }
  block_starts_.resize(num_rows_ * (num_blocks_ + 1));
  for (std::size_t r = 0; r < num_rows_; ++r) {
    const std::uint32_t* row = global_bins_.data() + row_ptr_[r];
    const std::size_t n = row_ptr_[r + 1] - row_ptr_[r];
    std::uint16_t* starts = block_starts_.data() + r * (num_blocks_ + 1);
    std::size_t pos = 0;
    for (std::size_t b = 0; b <= num_blocks_; ++b) {
      const std::uint32_t first_bin = offsets_[std::min(b * kFeaturesPerBlock, num_features_)];
      while (pos < n && row[pos] < first_bin) ++pos;
      starts[b] = static_cast<std::uint16_t>(b == num_blocks_ ? n : pos);
    }
  }
}

std::span<const std::uint32_t> BinnedMatrix::sparse_entries(std::size_t row, std::size_t feature) const {
  const std::uint32_t* begin = global_bins_.data() + row_ptr_[row];
  if (block_starts_.empty()) return {begin, global_bins_.data() + row_ptr_[row + 1]};
  const std::uint16_t* starts = block_starts_.data() + row * (num_blocks_ + 1) + feature / kFeaturesPerBlock;
  return {begin + starts[0], begin + starts[1]};
}

void BinnedMatrix::prefetch_index(std::size_t row, std::size_t feature) const {
  __builtin_prefetch(row_ptr_.data() + row);
  if (!block_starts_.empty()) __builtin_prefetch(block_starts_.data() + row * (num_blocks_ + 1) + feature / kFeaturesPerBlock);
}

void BinnedMatrix::prefetch_entries(std::size_t row, std::size_t feature) const {
  __builtin_prefetch(sparse_entries(row, feature).data());
}

std::int32_t BinnedMatrix::sparse_bin(std::size_t row, std::size_t feature) const {
  const auto entries = sparse_entries(row, feature);
  const std::uint32_t lo = offsets_[feature], hi = offsets_[feature + 1];
  const std::uint32_t* it = std::lower_bound(entries.data(), entries.data() + entries.size(), lo);
  return (it != entries.data() + entries.size() && *it < hi) ? static_cast<std::int32_t>(*it - lo) : -1;
}

BinnedMatrix::BinnedMatrix(const data::Dataset& rows, const Cuts& cuts, int nthread)
    : num_rows_(rows.num_rows), num_features_(rows.num_features), offsets_(cuts.offsets) {
  const std::size_t nf = num_features_;
  const bool narrow = cuts.max_bins_per_feature() < kMissing8;
  const std::size_t cells = num_rows_ * nf;
  layout_ = choose_layout(rows, cuts);

  if (layout_ != Layout::sparse) {
    if (narrow) dense8_.assign(cells, kMissing8); else dense16_.assign(cells, kMissing16);
    parallel_ranges(num_rows_, nthread, [&](std::size_t begin, std::size_t end) {
      for (std::size_t r = begin; r < end; ++r) {
        auto store = [&](std::size_t f, float v) {
          if (std::isnan(v)) return;
          const auto b = cuts.bin_of(f, v);
          if (narrow) dense8_[r * nf + f] = static_cast<std::uint8_t>(b);
          else dense16_[r * nf + f] = static_cast<std::uint16_t>(b);
        };
        if (rows.dense) {
          for (std::size_t f = 0; f < nf; ++f) store(f, rows.values[r * nf + f]);
        } else {
          for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) store(rows.col_index[e], rows.values[e]);
        }
      }
    });
    return;
  }

  row_ptr_.assign(num_rows_ + 1, 0);
  for (std::size_t r = 0; r < num_rows_; ++r) {
    std::size_t n = 0;
    if (rows.dense) {
      for (std::size_t f = 0; f < nf; ++f) n += !std::isnan(rows.values[r * nf + f]);
    } else {
      for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) n += !std::isnan(rows.values[e]);
    }
    row_ptr_[r + 1] = row_ptr_[r] + n;
  }
  global_bins_.resize(row_ptr_.back());
  parallel_ranges(num_rows_, nthread, [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      std::uint32_t* out = global_bins_.data() + row_ptr_[r];
      std::size_t n = 0;
      auto store = [&](std::size_t f, float v) {
        if (!std::isnan(v)) out[n++] = cuts.offsets[f] + cuts.bin_of(f, v);
      };
      if (rows.dense) {
        for (std::size_t f = 0; f < nf; ++f) store(f, rows.values[r * nf + f]);
      } else {
        for (auto e = rows.row_ptr[r]; e < rows.row_ptr[r + 1]; ++e) store(rows.col_index[e], rows.values[e]);
      }
      std::sort(out, out + n);  // feature order (global bins grow with the feature)
    }
  });
  index_feature_blocks();
  index_columns();
}

void BinnedMatrix::index_columns() {
  constexpr std::size_t kMaxRows = std::size_t{1} << 24;
  if (layout_ != Layout::sparse || num_rows_ >= kMaxRows || num_features_ == 0) return;
  std::vector<std::uint32_t> feature_of_bin(offsets_.back());
  for (std::size_t f = 0; f < num_features_; ++f) {
    if (offsets_[f + 1] - offsets_[f] > 256) return;
    std::fill(feature_of_bin.begin() + offsets_[f], feature_of_bin.begin() + offsets_[f + 1], f);
  }
  column_ptr_.assign(num_features_ + 1, 0);
  for (const std::uint32_t b : global_bins_) ++column_ptr_[feature_of_bin[b] + 1];
  for (std::size_t f = 0; f < num_features_; ++f) column_ptr_[f + 1] += column_ptr_[f];
  column_entries_.resize(global_bins_.size());
  std::vector<std::uint64_t> next(column_ptr_.begin(), column_ptr_.end() - 1);
  for (std::size_t r = 0; r < num_rows_; ++r) {
    for (std::uint64_t e = row_ptr_[r]; e < row_ptr_[r + 1]; ++e) {
      const std::uint32_t f = feature_of_bin[global_bins_[e]];
      column_entries_[next[f]++] = static_cast<std::uint32_t>(r << 8) | (global_bins_[e] - offsets_[f]);
    }
  }
}

std::int32_t BinnedMatrix::bin(std::size_t row, std::size_t feature) const {
  switch (layout_) {
    case Layout::dense8: {
      const auto b = dense8_[row * num_features_ + feature];
      return b == kMissing8 ? -1 : b;
    }
    case Layout::dense16: {
      const auto b = dense16_[row * num_features_ + feature];
      return b == kMissing16 ? -1 : b;
    }
    case Layout::sparse:
      return sparse_bin(row, feature);
  }
  return -1;
}

std::size_t BinnedMatrix::memory_bytes() const {
  return dense8_.size() + dense16_.size() * 2 + row_ptr_.size() * 8 + global_bins_.size() * 4 +
         block_starts_.size() * 2 + column_ptr_.size() * 8 + column_entries_.size() * 4;
}

}  // namespace dpt::gbdt
