// Distributed boosting equals single-process boosting bit for bit: every rank trains on its
// shard (the last rank has none when there are several), and also on the whole set alone with
// the single-process communicator; the model JSON must be identical, as must histograms, cuts
// and metrics (AUC included).
#include <gtest/gtest.h>

#include "collective/factory.h"
#include "collective/single_communicator.h"
#include "models/gbdt/binning/binned_matrix.h"
#include "models/gbdt/booster/booster.h"
#include "models/gbdt/tree/histogram.h"
#include "models/gbdt/metric/metrics.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/binning/quantile_cuts.h"
#include "test_data.h"

namespace dpt::gbdt {
namespace {

std::unique_ptr<Communicator> world() { return make_communicator("mpi"); }

// Rows of `rank`: ranks 0..W-2 split the set evenly and the last rank gets none (W > 1).
data::Dataset shard(const data::Dataset& full, int rank, int world_size) {
  const std::size_t n = full.num_rows;
  const int parts = world_size > 1 ? world_size - 1 : 1;
  const std::size_t begin = rank < parts ? n * rank / parts : n;
  const std::size_t end = rank < parts ? n * (rank + 1) / parts : n;
  data::Dataset d = full;
  d.num_rows = end - begin;
  d.first_row_id = begin;
  d.labels.assign(full.labels.begin() + begin, full.labels.begin() + end);
  if (!full.weights.empty()) d.weights.assign(full.weights.begin() + begin, full.weights.begin() + end);
  if (full.dense) {
    d.values.assign(full.values.begin() + begin * full.num_features, full.values.begin() + end * full.num_features);
  } else {
    d.row_ptr.clear();
    for (std::size_t r = begin; r <= end; ++r) d.row_ptr.push_back(full.row_ptr[r] - full.row_ptr[begin]);
    d.values.assign(full.values.begin() + full.row_ptr[begin], full.values.begin() + full.row_ptr[end]);
    d.col_index.assign(full.col_index.begin() + full.row_ptr[begin], full.col_index.begin() + full.row_ptr[end]);
  }
  return d;
}

struct Case {
  std::string name, objective;
  int num_class = 0;
  bool sparse = false;
  GrowPolicy policy = GrowPolicy::depthwise;
  double subsample = 1, colsample = 1;
  int parallel_trees = 1;
  int nthread = 1;
  bool packed = true;  // allow packed histograms (these small sets then use them)
};

data::Dataset dataset_for(const Case& c) {
  auto d = testing::random_dense(3000, 6, 0.2, 21);
  for (std::size_t r = 0; r < d.num_rows; ++r) {
    const float y = d.labels[r];
    if (c.num_class) d.labels[r] = std::floor(std::clamp(y * 1.5f, 0.0f, static_cast<float>(c.num_class - 1)));
    else if (c.objective.starts_with("binary")) d.labels[r] = y > 1.0f ? 1.0f : 0.0f;
    else if (c.objective == "count:poisson") d.labels[r] = std::floor(y * 3);
  }
  d.weights.resize(d.num_rows);
  for (std::size_t r = 0; r < d.num_rows; ++r) d.weights[r] = 0.5f + static_cast<float>(r % 3);
  return c.sparse ? testing::to_csr(d) : d;
}

std::pair<std::string, std::vector<EvalResult>> train(Communicator& comm, const Case& c, const data::Dataset& rows,
                                                      const data::Dataset& eval) {
  TrainParams p;
  p.num_round = 4;
  p.objective = c.objective;
  p.num_class = c.num_class;
  p.max_bin = 64;
  p.tree.max_depth = 4;
  p.tree.grow_policy = c.policy;
  if (c.policy == GrowPolicy::lossguide) p.tree.max_leaves = 9;
  p.tree.subsample = c.subsample;
  p.tree.colsample_bytree = p.tree.colsample_bylevel = p.tree.colsample_bynode = c.colsample;
  p.num_parallel_tree = c.parallel_trees;
  p.nthread = c.nthread;
  p.seed = 7;
  p.allow_packed_histograms = c.packed;
  if (c.objective.starts_with("binary")) p.eval_metrics = {"logloss", "auc", "error"};
  Booster b(comm, p, Model{}, rows, {eval});
  std::vector<EvalResult> results;
  for (int r = 0; r < p.num_round; ++r) {
    b.boost_round(r);
    results = b.evaluate();
  }
  return {model_to_json(b.model()), results};
}

class Determinism : public ::testing::TestWithParam<Case> {};

TEST_P(Determinism, ModelAndMetricsEqualTheSingleProcessRun) {
  auto comm = world();
  const Case& c = GetParam();
  const auto full = dataset_for(c);
  auto eval_full = full;
  eval_full.channel = "validation";
  const auto mine = shard(full, comm->rank(), comm->world_size());
  const auto distributed = train(*comm, c, mine, shard(eval_full, comm->rank(), comm->world_size()));
  SingleCommunicator single;
  const auto alone = train(single, c, full, eval_full);
  EXPECT_EQ(distributed.first, alone.first) << c.name;
  ASSERT_EQ(distributed.second.size(), alone.second.size());
  for (std::size_t i = 0; i < alone.second.size(); ++i) {
    EXPECT_EQ(distributed.second[i].name, alone.second[i].name);
    EXPECT_EQ(distributed.second[i].value, alone.second[i].value) << alone.second[i].name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Determinism,
    ::testing::Values(Case{"squared_dense", "reg:squarederror"},
                      Case{"squared_sparse_threads", "reg:squarederror", 0, true, GrowPolicy::depthwise, 1, 1, 1, 2},
                      Case{"logistic_sampled", "binary:logistic", 0, false, GrowPolicy::depthwise, 0.7, 0.6},
                      Case{"softprob_sparse", "multi:softprob", 3, true},
                      Case{"softprob_sparse_pairs", "multi:softprob", 3, true, GrowPolicy::depthwise, 1, 1, 1, 1, false},
                      Case{"logistic_sampled_pairs", "binary:logistic", 0, false, GrowPolicy::depthwise, 0.7, 0.6, 1, 2, false},
                      Case{"lossguide", "reg:squarederror", 0, false, GrowPolicy::lossguide},
                      Case{"poisson_forest", "count:poisson", 0, false, GrowPolicy::depthwise, 0.8, 1, 3}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(Distributed, CutsAndHistogramsEqualTheWholeSets) {
  auto comm = world();
  const auto full = testing::to_csr(testing::random_dense(2500, 5, 0.3, 31));
  const auto mine = shard(full, comm->rank(), comm->world_size());
  SingleCommunicator single;
  const Cuts all = compute_cuts(single, full, 32), shared = compute_cuts(*comm, mine, 32);
  EXPECT_EQ(all.values, shared.values);
  EXPECT_EQ(all.offsets, shared.offsets);
  std::vector<GradSum> grad(full.num_rows);
  for (std::size_t r = 0; r < grad.size(); ++r) grad[r] = GradSum{static_cast<std::int64_t>(r * 31 % 97) - 40, 1 + static_cast<std::int64_t>(r % 5)};
  for (const bool packed : {false, true}) {
    auto hist_of = [&](const data::Dataset& rows, std::span<const GradSum> g) {
      BinnedMatrix m(rows, all, 2);
      std::vector<std::uint32_t> ids(rows.num_rows);
      for (std::uint32_t r = 0; r < ids.size(); ++r) ids[r] = r;
      const std::span<const std::uint32_t> nodes[] = {ids};
      HistogramBuilder builder(m, 2, packed);
      std::vector<std::int64_t> h(builder.node_size());
      builder.build(g, nodes, h);
      return h;
    };
    const auto expected = hist_of(full, grad);
    auto local = hist_of(mine, std::span<const GradSum>(grad).subspan(mine.first_row_id, mine.num_rows));
    comm->allreduce(std::span<std::int64_t>(local), ReduceOp::sum);
    EXPECT_EQ(local, expected) << (packed ? "packed" : "pairs");
  }
}

TEST(Distributed, AucIsExactOverAllRanks) {
  auto comm = world();
  const std::size_t n = 997;
  std::vector<float> margins(n), labels(n), weights(n);
  for (std::size_t i = 0; i < n; ++i) {
    margins[i] = static_cast<float>((i * 37) % 50) / 10.0f;  // ties
    labels[i] = ((i * 13) % 7) < 3 ? 1.0f : 0.0f;
    weights[i] = 1.0f + static_cast<float>(i % 4);
  }
  const int parts = comm->world_size() > 1 ? comm->world_size() - 1 : 1;
  const int r = comm->rank();
  const std::size_t begin = r < parts ? n * r / parts : n, end = r < parts ? n * (r + 1) / parts : n;
  auto slice = [&](const std::vector<float>& v) { return std::span<const float>(v).subspan(begin, end - begin); };
  SingleCommunicator single;
  for (const char* metric : {"auc", "logloss", "rmse"}) {
    const double whole = evaluate_metric(single, metric, "binary:logistic", margins, 1, labels, weights);
    const double shared = evaluate_metric(*comm, metric, "binary:logistic", slice(margins), 1, slice(labels), slice(weights));
    EXPECT_EQ(whole, shared) << metric;
  }
}

}  // namespace
}  // namespace dpt::gbdt
