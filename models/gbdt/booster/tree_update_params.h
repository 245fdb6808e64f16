#pragma once
// The settings of process_type=update (tree_update.h), apart so that the hyperparameter structs
// can hold them without the updater.
#include <string>
#include <vector>

namespace dpt::gbdt {

enum class TreeUpdaterStep { refresh, prune };

struct TreeUpdateParams {
  std::vector<TreeUpdaterStep> steps;
  bool refresh_leaf = true;
};

// The names of an `updater` list ("a, b,c"): split at commas, spaces removed, empty ones kept.
std::vector<std::string> updater_names(const std::string& list);

// The steps of an `updater` list for process_type=update ("refresh", "prune", "refresh,prune";
// XGBoost's "sync" does nothing here). Throws UserError for updaters that grow trees.
std::vector<TreeUpdaterStep> parse_tree_updaters(const std::string& list);

}  // namespace dpt::gbdt
