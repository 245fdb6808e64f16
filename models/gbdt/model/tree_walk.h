#pragma once
// Walking trees on raw feature values (value < split_condition goes left, missing follows
// default_left). Margins of rows the grower did not place (evaluation sets, and every row when
// a model is loaded to continue or resume) come from here, added in float in tree order exactly
// like the grower adds them, so margins recomputed from a model equal the ones updated while
// training.
#include <cstdint>
#include <span>

#include "data/dataset.h"
#include "models/gbdt/model/model.h"

namespace dpt::gbdt {

// margins: row-major [rows x groups]; adds trees[t]'s leaf value to column tree_info[t], for
// every t in order; times weights[t] when weights are given (dart's weight_drop, in float).
void add_trees_margins(std::span<const RegTree> trees, std::span<const int> tree_info,
                       const data::Dataset& rows, std::span<float> margins, int groups, int nthread,
                       std::span<const float> weights = {});

inline void add_tree_margins(const RegTree& tree, const data::Dataset& rows, std::span<float> margins,
                             int groups, int group, int nthread) {
  add_trees_margins({&tree, 1}, {&group, 1}, rows, margins, groups, nthread);
}

// The leaf each row reaches (out: one per row).
void leaf_nodes(const RegTree& tree, const data::Dataset& rows, std::span<std::int32_t> out);

}  // namespace dpt::gbdt
