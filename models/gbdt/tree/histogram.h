#pragma once
// Gradient histograms of tree nodes, built from a rank's binned rows with `nthread` threads.
// Sums are fixed-point int64, so neither the thread split nor the rank split changes a bit.
//
// Layout of one node's histogram (histogram_stride elements): 2 int64 (g, h) per global bin, then the
// node's total (g, h) over all its rows (rows whose value is missing count there too). Several
// nodes lie back to back in one contiguous buffer (one tree level); each node's global sum is
// then reduce-scattered among the ranks (HistogramShare).
#include <cstddef>
#include <cstdint>
#include <span>
#include <thread>
#include <vector>

#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/tree/split_evaluator.h"

namespace dpt::gbdt {

inline std::size_t histogram_stride(std::uint32_t total_bins) { return 2 * std::size_t{total_bins} + 2; }

// Packed histograms: when every gradient was quantized so that the sum of any rows of the
// training set fits in 31 bits with sign (packed_fixed_point_scale), one int64 carries a whole
// pair as g * 2^32 + h, and one add sums both (no sum ever exceeds int64, so this is plain
// integer arithmetic). Histograms then take half the memory, traffic and collective bytes: one
// int64 per bin and one for the total (total_bins + 1 elements per node). Training sets of up to
// kMaxPackedRows rows use them, which leaves each row's gradient at least 2^13 levels; larger ones
// keep int64 pairs.
constexpr std::uint64_t kMaxPackedRows = std::uint64_t{1} << 16;
inline bool packs_histograms(std::uint64_t global_rows) { return global_rows <= kMaxPackedRows; }
inline std::int64_t pack(const GradSum& s) { return s.g * (std::int64_t{1} << 32) + s.h; }
inline GradSum unpack(std::int64_t packed) {
  const std::int64_t h = static_cast<std::int32_t>(static_cast<std::uint32_t>(packed));  // low half, signed
  return GradSum{(packed - h) >> 32, h};
}

class HistogramBuilder {
 public:
  HistogramBuilder(const BinnedMatrix& matrix, int nthread, bool packed)
      : matrix_(matrix), nthread_(nthread), packed_(packed) {}

  // Elements of one node's histogram: histogram_stride, or total_bins + 1 when packed.
  std::size_t node_size() const;

  // out: nodes.size() * node_size() elements, overwritten. nodes[i] lists the local rows of
  // node i.
  void build(std::span<const GradSum> gradients,
             std::span<const std::span<const std::uint32_t>> nodes, std::span<std::int64_t> out);

 private:
  void accumulate(std::span<const GradSum> gradients, std::span<const std::uint32_t> rows,
                  std::int64_t* hist) const;
  void build_all_rows(std::span<const GradSum> gradients, std::span<std::int64_t> out);

  const BinnedMatrix& matrix_;
  int nthread_;
  bool packed_;
  std::vector<std::vector<std::int64_t>> thread_buffers_;  // kept between calls: no reallocation
  std::vector<std::int64_t> packed_rows_;                  // each row's packed gradient pair
};

}  // namespace dpt::gbdt
