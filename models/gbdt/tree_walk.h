#pragma once
// Walking a tree on raw feature values (value < split_condition goes left, missing follows
// default_left). Margins of rows the grower did not place (validation sets, rows of trees loaded
// from a model) come from here, added in float in tree order exactly like the grower adds them,
// so margins recomputed from a model equal the ones updated while training.
#include <span>

#include "data/dataset.h"
#include "models/gbdt/model.h"

namespace dpt::gbdt {

int leaf_of(const RegTree& tree, const data::Dataset& rows, std::size_t row);

// margins: row-major [rows x groups]; adds the tree's leaf value in column `group`.
void add_tree_margins(const RegTree& tree, const data::Dataset& rows, std::span<float> margins,
                      int groups, int group, int nthread);

}  // namespace dpt::gbdt
