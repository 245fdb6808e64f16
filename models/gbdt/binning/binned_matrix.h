#pragma once
// A rank's training rows as histogram bin indices, the only form of the data tree growing needs
// (the raw values can be released afterwards). Two layouts:
//  * dense: row-major local bins, 1 byte each when every feature has < 256 bins (2 otherwise),
//    with the all-ones value marking a missing cell;
//  * sparse: CSR of global bin indices (cuts.offsets[f] + bin), missing cells absent, so they
//    cost nothing. Entries of a row are in feature order, and a small index says where each
//    block of kFeaturesPerBlock features starts in the row, so finding one feature's entry (row
//    partitioning does that for every row of a node) searches a few entries, not the whole row.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.h"
#include "models/gbdt/binning/quantile_cuts.h"

namespace dpt::gbdt {

class BinnedMatrix {
 public:
  enum class Layout { dense8, dense16, sparse };

  BinnedMatrix() = default;
  BinnedMatrix(const data::Dataset& rows, const Cuts& cuts, int nthread);
  // Bins `rows` and releases their raw values (labels, weights and row ids stay). CSR rows that
  // go to the sparse layout are binned in place: their column indices become the global bins,
  // so binning needs no memory beyond what the loaded rows already hold.
  static BinnedMatrix consume(data::Dataset& rows, const Cuts& cuts, int nthread);

  Layout layout() const { return layout_; }
  std::size_t num_rows() const { return num_rows_; }
  std::size_t num_features() const { return num_features_; }

  // Local bin of (row, feature), or -1 when the value is missing.
  std::int32_t bin(std::size_t row, std::size_t feature) const;

  // Raw access for the histogram kernels.
  const std::uint8_t* dense8() const { return dense8_.data(); }
  const std::uint16_t* dense16() const { return dense16_.data(); }
  const std::uint64_t* row_ptr() const { return row_ptr_.data(); }
  const std::uint32_t* global_bins() const { return global_bins_.data(); }
  // Sparse layout: the entries of `row` that can hold `feature` (its feature block's entries).
  std::span<const std::uint32_t> sparse_entries(std::size_t row, std::size_t feature) const;
  // Sparse layout: the local bin of (row, feature) or -1, from sparse_entries.
  std::int32_t sparse_bin(std::size_t row, std::size_t feature) const;
  // Sparse layout, for a loop that will call sparse_bin(row, feature) soon: step 1 fetches the
  // row's index entries into cache, step 2 (later, when they have arrived) the row's entries.
  void prefetch_index(std::size_t row, std::size_t feature) const;
  void prefetch_entries(std::size_t row, std::size_t feature) const;
  // Sparse layout, when every feature has at most 256 bins and there are fewer than 2^24 rows:
  // the same entries by feature (CSC), each `local row << 8 | local bin`, rows ascending. Row
  // partitioning scans the split feature's column instead of looking up each row of the node
  // (three dependent cache misses per row). Empty otherwise.
  bool has_columns() const { return !column_ptr_.empty(); }
  std::span<const std::uint32_t> column(std::size_t feature) const {
    return {column_entries_.data() + column_ptr_[feature], column_entries_.data() + column_ptr_[feature + 1]};
  }
  const std::vector<std::uint32_t>& offsets() const { return offsets_; }
  std::size_t memory_bytes() const;

  static constexpr std::uint8_t kMissing8 = 0xff;
  static constexpr std::uint16_t kMissing16 = 0xffff;

 private:
  static Layout choose_layout(const data::Dataset& rows, const Cuts& cuts);
  void index_feature_blocks();
  void index_columns();

  static constexpr std::size_t kFeaturesPerBlock = 32;

  Layout layout_ = Layout::sparse;
  std::size_t num_rows_ = 0, num_features_ = 0;
  std::vector<std::uint32_t> offsets_{0};
  std::vector<std::uint8_t> dense8_;
  std::vector<std::uint16_t> dense16_;
  std::vector<std::uint64_t> row_ptr_{0};
  std::vector<std::uint32_t> global_bins_;
  // Per row, num_blocks + 1 offsets (from the row's start) of its feature blocks; empty when a
  // row has too many entries for 16 bits (then the whole row is searched).
  std::size_t num_blocks_ = 0;
  std::vector<std::uint16_t> block_starts_;
  std::vector<std::uint64_t> column_ptr_;       // num_features + 1 entry offsets (or empty)
  std::vector<std::uint32_t> column_entries_;
};

}  // namespace dpt::gbdt
