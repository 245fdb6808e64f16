#include "models/gbdt/tree/split_search.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <thread>

#include "models/gbdt/binning/categories.h"

namespace dpt::gbdt {
namespace {

constexpr std::size_t kFeaturesPerItem = 32;  // a unit of work for one thread
constexpr std::size_t kWireWords = 8;         // one candidate as int64 words

void encode(const SplitCandidate& c, std::int64_t* out) {
  out[0] = std::bit_cast<std::int64_t>(c.loss_change);
  out[1] = c.feature;
  out[2] = c.bin;
  out[3] = (c.default_left ? 1 : 0) | (c.categorical ? 2 : 0);
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
  c.default_left = (in[3] & 1) != 0;
  c.categorical = (in[3] & 2) != 0;  // its categories follow (share_categories)
  c.left = GradSum{in[4], in[5]};
  c.right = GradSum{in[6], in[7]};
  return c;
}

// The category sets of categorical winners travel from the rank that found each (the owner of
// its feature) to every rank: one allgatherv, only when some winner is categorical. Every rank
// knows the winners, the ranks that found them and the size of each set (from the cuts).
void share_categories(Communicator& comm, const Cuts& cuts, std::vector<SplitCandidate>& best,
                      const std::vector<int>& found_by) {
  const auto world = static_cast<std::size_t>(comm.world_size());
  std::vector<std::size_t> counts(world, 0);
  for (std::size_t t = 0; t < best.size(); ++t) {
    if (best[t].categorical) counts[static_cast<std::size_t>(found_by[t])] += category_words(cuts.num_bins(best[t].feature));
  }
  std::size_t all_words = 0;
  for (const std::size_t c : counts) all_words += c;
  if (all_words == 0) return;
  std::vector<std::uint64_t> mine, all(all_words);
  for (std::size_t t = 0; t < best.size(); ++t) {
    if (best[t].categorical && found_by[t] == comm.rank()) mine.insert(mine.end(), best[t].categories.begin(), best[t].categories.end());
  }
  comm.allgatherv(Buffer::of(mine), Buffer::of(all), counts);
  std::vector<std::size_t> at(world, 0);
  for (std::size_t r = 1; r < world; ++r) at[r] = at[r - 1] + counts[r - 1];
  for (std::size_t t = 0; t < best.size(); ++t) {
    if (!best[t].categorical) continue;
    const std::size_t words = category_words(cuts.num_bins(best[t].feature));
    std::size_t& from = at[static_cast<std::size_t>(found_by[t])];
    best[t].categories.assign(all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(from + words));
    from += words;
  }
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
  std::vector<SplitCandidate> global(tasks.size());
  std::vector<int> found_by(tasks.size(), -1);
  for (std::size_t r = 0; r < world; ++r) {
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      SplitCandidate c = decode(all.data() + (r * tasks.size() + t) * kWireWords);
      if (!c.better_than(global[t])) continue;
      if (static_cast<int>(r) == comm.rank()) c.categories = std::move(best[t].categories);
      global[t] = std::move(c);
      found_by[t] = static_cast<int>(r);
    }
  }
  share_categories(comm, cuts, global, found_by);
  return global;
}

}  // namespace dpt::gbdt
