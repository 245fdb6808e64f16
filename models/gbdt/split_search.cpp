#include "models/gbdt/split_search.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <thread>

namespace dpt::gbdt {
namespace {

constexpr std::size_t kFeaturesPerItem = 32;  // a unit of work for one thread
constexpr std::size_t kWireWords = 8;         // one candidate as int64 words

void encode(const SplitCandidate& c, std::int64_t* out) {
  out[0] = std::bit_cast<std::int64_t>(c.loss_change);
  out[1] = c.feature;
  out[2] = c.bin;
  out[3] = c.default_left ? 1 : 0;
  out[4] = c.left.g;
  out[5] = c.left.h;
  out[6] = c.right.g;
  out[7] = c.right.h;
}

SplitCandidate decode(const std::int64_t* in) {
  SplitCandidate c;
  c.loss_change = std::bit_cast<double>(in[0]);
  c.feature = static_cast<std::int32_t>(in[1]);
  c.bin = static_cast<std::uint32_t>(in[2]);
  c.default_left = in[3] != 0;
  c.left = GradSum{in[4], in[5]};
  c.right = GradSum{in[6], in[7]};
  return c;
}

}  // namespace

std::vector<SplitCandidate> find_best_splits(Communicator& comm, const TreeParams& params,
                                             const Cuts& cuts, const HistogramShare& share,
                                             std::span<const SplitTask> tasks, const GradScale& scale,
                                             int nthread) {
  const auto world = static_cast<std::size_t>(comm.world_size());
  // This rank's features of each task, cut into work items.
  std::vector<std::vector<std::int32_t>> mine(tasks.size());
  struct Item {
    std::size_t task, begin, end;
  };
  std::vector<Item> items;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    for (const std::int32_t f : tasks[t].features) {
      if (share.owns(f)) mine[t].push_back(f);
    }
    for (std::size_t b = 0; b < mine[t].size(); b += kFeaturesPerItem) {
      items.push_back({t, b, std::min(b + kFeaturesPerItem, mine[t].size())});
    }
  }
  std::vector<SplitCandidate> found(items.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < items.size(); i = next++) {
      const Item& it = items[i];
      const std::span<const std::int32_t> features(mine[it.task].data() + it.begin, it.end - it.begin);
      found[i] = best_split(params, cuts, tasks[it.task].hist, tasks[it.task].total, scale, features,
                            share.first_bin(), tasks[it.task].monotone);
    }
  };
  const int threads = std::max(1, std::min<int>(nthread, static_cast<int>(items.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();

  std::vector<SplitCandidate> best(tasks.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (found[i].better_than(best[items[i].task])) best[items[i].task] = found[i];
  }
  if (world == 1) return best;
  std::vector<std::int64_t> local(tasks.size() * kWireWords), all(world * local.size());
  for (std::size_t t = 0; t < tasks.size(); ++t) encode(best[t], local.data() + t * kWireWords);
  comm.allgather(Buffer::of(local), Buffer::of(all));
  for (std::size_t r = 0; r < world; ++r) {
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      const SplitCandidate c = decode(all.data() + (r * tasks.size() + t) * kWireWords);
      if (c.better_than(best[t])) best[t] = c;
    }
  }
  return best;
}

}  // namespace dpt::gbdt
