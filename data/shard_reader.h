#pragma once
// One rank's part of a channel, read without talking to the other ranks. The loader then agrees
// with them on what this produced (feature count, row ids, validity).
#include <cstdint>
#include <vector>

#include "data/channel.h"
#include "data/dataset.h"
#include "data/format.h"
#include "data/loader.h"

namespace dpt::data {

struct LocalShard {
  Dataset rows;
  Format format = Format::csv;
  bool present = false;  // the channel has data files here
  // Hash of the file names (relative to the channel) and sizes: FullyReplicated ranks must see
  // the same files, or their byte ranges would not tile the channel.
  std::uint64_t files_fingerprint = 0;
  // Features this part saw: csv/binary -> the file layout; libsvm -> largest index + 1.
  std::uint64_t num_features = 0;
};

// Part `part` of `parts` of the channel's files (FullyReplicated: the rank among all ranks;
// ShardedByS3Key: the local rank among this host's ranks; replicate: part 0 of 1).
LocalShard read_shard(const Channel& channel, const LoadOptions& options, int part, int parts);

}  // namespace dpt::data
