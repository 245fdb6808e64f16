#include "data/loader.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <unordered_map>

#include "collective/agree.h"
#include "data/shard_reader.h"
#include "data/storage_layout.h"

namespace dpt::data {
namespace {

// What every rank tells the others about its part (one allgather).
enum Stat : std::size_t { kPresent, kRows, kFeatures, kEntries, kFormat, kFiles, kGroups, kGroupedRows, kStats };

struct Part {
  int index = 0, count = 1;
};

Part part_of(Communicator& comm, const Channel& channel, const LoadOptions& options) {
  if (options.replicate) return {0, 1};
  if (channel.distribution == "ShardedByS3Key") return {comm.local_rank(), comm.local_size()};
  return {comm.rank(), comm.world_size()};
}

std::string where(const Channel& channel) {
  return "channel '" + channel.name + "' (" + channel.dir.string() + ")";
}

// A qid forms one group over the whole channel (data/query_groups.h). Each rank checked its own
// rows while parsing; this finds a qid that comes back on another rank, naming the rows.
void check_groups_are_unique(Communicator& comm, const Dataset& data) {
  std::vector<std::uint64_t> mine;  // (qid, global 1-based row of the group's start) per group
  for (std::size_t g = 0; g < data.num_groups(); ++g) {
    mine.push_back(data.group_qid[g]);
    mine.push_back(data.first_row_id + data.group_ptr[g] + 1);
  }
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(comm.world_size()));
  std::uint64_t count = mine.size();
  comm.allgather(Buffer{&count, 1, DType::u64}, Buffer::of(sizes));
  std::vector<std::uint64_t> all(std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0}));
  comm.allgatherv(Buffer::of(mine), Buffer::of(all), std::vector<std::size_t>(sizes.begin(), sizes.end()));
  std::unordered_map<std::uint64_t, std::uint64_t> first_row;
  std::string problem;
  for (std::size_t i = 0; i < all.size() && problem.empty(); i += 2) {
    const auto [it, fresh] = first_row.emplace(all[i], all[i + 1]);
    if (!fresh) {
      problem = "channel '" + data.channel + "': qid " + std::to_string(all[i]) + " comes back at row " +
                std::to_string(all[i + 1]) + " after rows of other queries (its group started at row " +
                std::to_string(it->second) + "); the rows of one query must be consecutive, in one file: "
                "sort the rows by qid";
    }
  }
  throw_if_any_rank_failed(comm, problem);
}

}  // namespace

Dataset load_channel(Communicator& comm, const Channel& channel, const LoadOptions& options) {
  const Part part = part_of(comm, channel, options);
  LocalShard shard;
  std::string error;
  try {
    shard = read_shard(channel, options, part.index, part.count);
  } catch (const std::exception& e) {
    error = where(channel) + ": " + e.what();
  }
  throw_if_any_rank_failed(comm, error);

  Dataset& data = shard.rows;
  const std::uint64_t entries = data.dense ? data.num_rows * data.num_features : data.values.size();
  std::vector<std::uint64_t> mine = {shard.present, data.num_rows, shard.num_features, entries,
                                     static_cast<std::uint64_t>(shard.format), shard.files_fingerprint,
                                     data.group_ptr.size(), data.has_groups() ? data.num_rows : 0};
  const auto world = static_cast<std::size_t>(comm.world_size());
  std::vector<std::uint64_t> all(world * kStats);
  comm.allgather(Buffer::of(mine), Buffer::of(all));
  auto stat = [&](std::size_t r, Stat s) { return all[r * kStats + s]; };

  // Every rank decides from the same numbers; the message of rank 0 is raised everywhere (so
  // that rank-local details such as the directory cannot make the messages differ).
  std::uint64_t present = 0, rows_before = 0, rows = 0, features = 0, global_entries = 0;
  std::uint64_t formats_seen = 0, groups_before = 0, groups = 0, grouped_rows = 0;
  for (std::size_t r = 0; r < world; ++r) {
    if (r < static_cast<std::size_t>(comm.rank())) groups_before += stat(r, kGroups);
    groups += stat(r, kGroups);
    grouped_rows += stat(r, kGroupedRows);
    present += stat(r, kPresent);
    if (r < static_cast<std::size_t>(comm.rank())) rows_before += stat(r, kRows);
    rows += stat(r, kRows);
    features = std::max(features, stat(r, kFeatures));
    global_entries += stat(r, kEntries);
    if (stat(r, kPresent)) formats_seen |= std::uint64_t{1} << stat(r, kFormat);
  }
  const auto format = static_cast<Format>(std::countr_zero(formats_seen));
  auto problem = [&]() -> std::string {
    if (present == 0) return "no data files (names starting with '.' or '_' are skipped)";
    if (present != world && channel.distribution != "ShardedByS3Key") {
      std::size_t missing = 0;
      while (stat(missing, kPresent)) ++missing;
      return "the channel has data files on some ranks but none on rank " + std::to_string(missing) +
             " (FullyReplicated channels must be visible to every rank)";
    }
    if (channel.distribution != "ShardedByS3Key" && !options.replicate) {
      for (std::size_t r = 1; r < world; ++r) {
        if (stat(r, kFiles) != stat(0, kFiles)) {
          return "rank " + std::to_string(r) + " sees other files (names or sizes) than rank 0; "
                 "a FullyReplicated channel must hold the same files on every host";
        }
      }
    }
    if ((formats_seen & (formats_seen - 1)) != 0) return "ranks read different data formats; set the channel's ContentType";
    if (rows == 0) return "the channel holds no rows";
    if (grouped_rows != 0 && grouped_rows != rows) {
      return "some rows have a query id (qid) and others do not (" + std::to_string(grouped_rows) + " of " +
             std::to_string(rows) + " rows have one); a ranking channel needs it on every row";
    }
    if (format != Format::libsvm) {
      // Dense formats: every part with rows must have seen the same layout.
      for (std::size_t r = 0; r < world; ++r) {
        if (stat(r, kRows) > 0 && stat(r, kFeatures) != features) {
          return "files have different feature counts (" + std::to_string(stat(r, kFeatures)) + " on rank " +
                 std::to_string(r) + ", " + std::to_string(features) + " elsewhere)";
        }
      }
    }
    return "";
  }();
  throw_if_any_rank_failed(comm, problem.empty() ? problem : where(channel) + ": " + problem);

  if (!shard.present) {
    // A host without files of a ShardedByS3Key channel: an empty shard shaped like the others'.
    shard.format = format;
    data.dense = format != Format::libsvm;
  }
  if (!data.dense && data.row_ptr.empty()) data.row_ptr.push_back(0);
  data.channel = channel.name;
  data.num_features = features;
  data.global_rows = options.replicate ? data.num_rows : rows;
  data.first_row_id = options.replicate ? 0 : rows_before;
  if (shard.format == Format::libsvm) {
    choose_storage(data, rows, global_entries, options.prefer_dense);
  }
  if (grouped_rows > 0) {
    data.group_ptr.push_back(data.num_rows);  // the end of the last group ({0} without rows)
    data.first_group_id = options.replicate ? 0 : groups_before;
    data.global_groups = options.replicate ? data.num_groups() : groups;
    if (!options.replicate) check_groups_are_unique(comm, data);
  }
  return std::move(data);  // data is a member of shard: move it out, never copy
}

}  // namespace dpt::data
