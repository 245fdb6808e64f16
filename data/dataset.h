#pragma once
// One rank's shard of a channel: a dense or CSR float matrix with labels, weights and global row
// ids. Row i of this shard has the global id first_row_id + i (ids are an exclusive scan of the
// per-rank row counts, so they do not depend on how the rows were split). A shard may be empty.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace dpt::data {

inline constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

struct Dataset {
  std::string channel;             // "train", "validation", ...
  std::size_t num_features = 0;    // agreed over all ranks (max)
  std::size_t num_rows = 0;        // rows of this rank
  std::uint64_t first_row_id = 0;  // global id of local row 0
  std::uint64_t global_rows = 0;   // rows over all ranks

  std::vector<float> labels;   // num_rows
  std::vector<float> weights;  // empty = every weight 1
  // survival:aft's label intervals: labels holds the lower bounds, label_upper the upper ones
  // (+inf = right-censored); empty = every upper bound equals its label (exact times).
  std::vector<float> label_upper;

  // Storage: dense row-major (num_rows * num_features, NaN = missing) or CSR (absent = missing).
  bool dense = true;
  std::vector<float> values;           // dense values, or CSR non-zero values
  std::vector<std::uint64_t> row_ptr;  // CSR: num_rows + 1 offsets into values/col_index
  std::vector<std::uint32_t> col_index;

  // Query groups (ranking; data/query_groups.h): group g holds local rows
  // [group_ptr[g], group_ptr[g + 1]) and is global group first_group_id + g. Groups never
  // straddle ranks, so the global numbering is an exclusive scan like the row ids. Empty
  // group_ptr: the channel has no groups (on a rank without rows of a grouped channel: {0}).
  std::vector<std::uint64_t> group_ptr;
  std::vector<std::uint64_t> group_qid;  // the qid of each local group
  std::uint64_t first_group_id = 0;
  std::uint64_t global_groups = 0;

  // Image data (IDX) keeps its shape so the neural path can view it as [N, C, H, W].
  std::vector<std::size_t> sample_shape;  // e.g. {1, 28, 28}; empty for tabular

  bool empty() const { return num_rows == 0; }
  std::uint64_t row_id(std::size_t i) const { return first_row_id + i; }
  float weight(std::size_t i) const { return weights.empty() ? 1.0f : weights[i]; }
  bool has_groups() const { return !group_ptr.empty(); }
  std::size_t num_groups() const { return group_ptr.empty() ? 0 : group_ptr.size() - 1; }
  // Value of (row, feature), NaN when missing (CSR: a binary search; use the storage for speed).
  float at(std::size_t row, std::size_t feature) const;
  std::size_t memory_bytes() const;
  // For a log line: "train: 60000 of 60000 rows (ids 0..59999) x 784 features, dense, 179.7 MiB".
  std::string summary() const;
};

}  // namespace dpt::data
