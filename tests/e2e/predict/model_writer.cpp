// Writes random tree models with our writer (gbdt::save_model) for the interop test: one per
// objective, plus a multi-class forest (num_parallel_tree 2) and a model on more features than
// the test data has. usage: dpt_predict_model_writer OUT_DIR FEATURES
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include "models/gbdt/model/model_json.h"

namespace {

using dpt::gbdt::Model;
using dpt::gbdt::RegTree;

// A random tree grown breadth first to depth <= 4; leaves hold small values.
RegTree random_tree(std::mt19937& rng, int features) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  RegTree t;
  auto add = [&](int parent, int depth) {
    t.left.push_back(-1);
    t.right.push_back(-1);
    t.parent.push_back(parent);
    t.split_index.push_back(0);
    t.split_condition.push_back(u(rng) * 0.3f);
    t.default_left.push_back(0);
    t.base_weight.push_back(t.split_condition.back());
    t.loss_change.push_back(0.0f);
    t.sum_hessian.push_back(static_cast<float>(100 >> depth));
    return static_cast<int>(t.left.size()) - 1;
  };
  std::vector<std::pair<int, int>> open = {{add(2147483647, 0), 0}};
  while (!open.empty()) {
    const auto [node, depth] = open.front();
    open.erase(open.begin());
    if (depth == 4 || (depth > 0 && rng() % 4 == 0)) continue;
    t.split_index[node] = static_cast<int>(rng() % features);
    t.split_condition[node] = u(rng);
    t.default_left[node] = static_cast<std::uint8_t>(rng() % 2);
    t.loss_change[node] = 1.0f + static_cast<float>(rng() % 100);
    const int l = add(node, depth + 1), r = add(node, depth + 1);
    t.left[node] = l;
    t.right[node] = r;
    open.push_back({l, depth + 1});
    open.push_back({r, depth + 1});
  }
  return t;
}

Model random_model(std::mt19937& rng, const std::string& objective, int num_class, int features,
                   int rounds, int parallel, float base_score) {
  Model m;
  m.objective = objective;
  m.num_class = num_class;
  m.num_feature = features;
  m.num_parallel_tree = parallel;
  m.base_score = base_score;
  for (int r = 0; r < rounds; ++r)
    for (int g = 0; g < m.num_groups(); ++g)
      for (int p = 0; p < parallel; ++p) {
        m.trees.push_back(random_tree(rng, features));
        m.tree_info.push_back(g);
      }
  m.attributes["best_iteration"] = std::to_string(rounds - 1);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: dpt_predict_model_writer OUT_DIR FEATURES\n";
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const int features = std::atoi(argv[2]);
  std::mt19937 rng(20240601);
  struct Spec {
    const char* file;
    const char* objective;
    int num_class, features, rounds, parallel;
    float base_score;
  };
  const Spec specs[] = {
      {"reg_squarederror.json", "reg:squarederror", 0, features, 4, 1, 1.5f},
      {"reg_logistic.json", "reg:logistic", 0, features, 4, 1, 0.3f},
      {"binary_logistic.json", "binary:logistic", 0, features, 4, 1, 0.5f},
      {"binary_logitraw.json", "binary:logitraw", 0, features, 4, 1, 0.5f},
      {"multi_softmax.json", "multi:softmax", 3, features, 3, 1, 0.5f},
      {"multi_softprob.json", "multi:softprob", 4, features, 3, 1, 0.5f},
      {"count_poisson.json", "count:poisson", 0, features, 4, 1, 2.0f},
      {"forest_softprob.json", "multi:softprob", 3, features, 2, 2, 0.5f},
      {"wide_squarederror.json", "reg:squarederror", 0, features + 5, 4, 1, 0.5f},
  };
  for (const Spec& s : specs)
    dpt::gbdt::save_model(random_model(rng, s.objective, s.num_class, s.features, s.rounds,
                                       s.parallel, s.base_score),
                          out / s.file);
  return 0;
}
