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

#include "models/gbdt/binned_matrix.h"
#include "models/gbdt/split_evaluator.h"

namespace dpt::gbdt {

inline std::size_t histogram_stride(std::uint32_t total_bins) { return 2 * std::size_t{total_bins} + 2; }

class HistogramBuilder {
 public:
  HistogramBuilder(const BinnedMatrix& matrix, int nthread) : matrix_(matrix), nthread_(nthread) {}

  // out: nodes.size() * stride elements, overwritten. nodes[i] lists the local rows of node i.
  void build(std::span<const GradSum> gradients,
             std::span<const std::span<const std::uint32_t>> nodes, std::span<std::int64_t> out);

 private:
  void accumulate(std::span<const GradSum> gradients, std::span<const std::uint32_t> rows,
                  std::int64_t* hist) const;

  const BinnedMatrix& matrix_;
  int nthread_;
  std::vector<std::vector<std::int64_t>> thread_buffers_;  // kept between calls: no reallocation
};

}  // namespace dpt::gbdt
