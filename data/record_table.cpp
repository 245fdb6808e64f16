#include "data/record_table.h"

#include <cmath>

#include "common/error.h"

namespace dpt::data {
namespace {

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + ")";
}

}  // namespace

std::uint64_t check_record_pairs(const std::vector<RecordPair>& pairs) {
  std::uint64_t rows = 0;
  for (const RecordPair& p : pairs) {
    const RecordArray& x = p.features;
    const RecordArray& first = pairs.front().features;
    if (x.shape.size() < 1) throw UserError(at_location(x.name, 0, 0, "a scalar array cannot hold rows"));
    if (std::vector(x.shape.begin() + 1, x.shape.end()) != std::vector(first.shape.begin() + 1, first.shape.end())) {
      throw UserError(at_location(x.name, 0, 0, "record shape " + shape_text(x.shape) + " differs from " +
                                                    shape_text(first.shape) + " of " + first.name));
    }
    if (p.labels) {
      const RecordArray& y = *p.labels;
      if (y.records() != x.records()) {
        throw UserError(at_location(y.name, 0, 0, "holds " + std::to_string(y.records()) + " labels but " +
                                                      x.name + " holds " + std::to_string(x.records()) +
                                                      " records"));
      }
      if (y.record_elements() != 1) {
        throw UserError(at_location(y.name, 0, 0, "labels must be one value per record, shape is " +
                                                      shape_text(y.shape)));
      }
    }
    rows += x.records();
  }
  return rows;
}

void read_record_rows(const std::vector<RecordPair>& pairs, RowRange range, bool check_empty_pairs,
                      Dataset& out) {
  out.dense = true;
  if (!pairs.empty()) {
    const auto& shape = pairs.front().features.shape;
    out.num_features = pairs.front().features.record_elements();
    // Images keep their shape, with a channel axis when the file has none: [N, H, W] -> {1, H, W}.
    if (shape.size() == 3) out.sample_shape = {1, shape[1], shape[2]};
    else if (shape.size() > 3) out.sample_shape.assign(shape.begin() + 1, shape.end());
  }
  std::uint64_t pair_begin = 0;
  for (const RecordPair& p : pairs) {
    const std::uint64_t pair_end = pair_begin + p.features.records();
    const std::uint64_t b = std::max(range.begin, pair_begin), e = std::min(range.end, pair_end);
    // Every rank that reads records of a pair checks its size; a pair without records is
    // checked by the part asked to.
    if (b < e || (check_empty_pairs && p.features.records() == 0)) {
      const std::uint64_t first = b < e ? b - pair_begin : 0, count = b < e ? e - b : 0;
      read_records(p.features, first, count, out.values, true);
      if (p.labels) {
        const std::size_t at = out.labels.size();
        read_records(*p.labels, first, count, out.labels, true);
        for (std::size_t i = at; i < out.labels.size(); ++i) {
          if (!std::isfinite(out.labels[i])) {
            throw UserError(at_location(p.labels->name, 0, 0, "label of record " + std::to_string(first + i - at) +
                                                                  " is not a finite number"));
          }
        }
      }
      out.num_rows += count;
    }
    pair_begin = pair_end;
  }
}

}  // namespace dpt::data
