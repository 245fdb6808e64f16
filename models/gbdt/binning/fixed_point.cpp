#include "models/gbdt/binning/fixed_point.h"

#include <algorithm>
#include <limits>

namespace dpt::gbdt {

std::vector<double> exact_global_sums(Communicator& comm, std::span<const double> values,
                                      std::size_t width) {
  const std::size_t rows = width == 0 ? 0 : values.size() / width;
  // One buffer: per column max |v| (a NaN or inf makes it inf), then the row count.
  std::vector<double> max_abs(width + 1, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < width; ++c) {
      const double v = values[r * width + c];
      const double a = std::isfinite(v) ? std::abs(v) : std::numeric_limits<double>::infinity();
      max_abs[c] = std::max(max_abs[c], a);
    }
  }
  comm.allreduce(std::span<double>(max_abs.data(), width), ReduceOp::max);
  const auto total_rows = comm.allreduce_value<std::uint64_t>(rows, ReduceOp::sum);

  std::vector<double> scale(width);
  for (std::size_t c = 0; c < width; ++c) {
    scale[c] = std::isfinite(max_abs[c]) ? fixed_point_scale(max_abs[c], total_rows) : 0.0;
  }
  std::vector<std::int64_t> sums(width, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < width; ++c) sums[c] += to_fixed(values[r * width + c], scale[c]);
  }
  comm.allreduce(std::span<std::int64_t>(sums), ReduceOp::sum);
  std::vector<double> out(width);
  for (std::size_t c = 0; c < width; ++c) {
    out[c] = scale[c] == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                             : static_cast<double>(sums[c]) / scale[c];
  }
  return out;
}

}  // namespace dpt::gbdt
