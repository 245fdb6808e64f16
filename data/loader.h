#pragma once
// Reading a channel: picks the reader by ContentType (or extension), shards by byte ranges
// (FullyReplicated) or by file (ShardedByS3Key), and agrees with the other ranks on the feature
// count, the global row ids and the validity of the data. Collective: every rank must call it.
#include "collective/communicator.h"
#include "data/channel.h"
#include "data/dataset.h"

namespace dpt::data {

struct LoadOptions {
  bool has_label = true;     // first csv column / libsvm label / IDX labels file
  bool csv_weights = false;  // csv: second column is the instance weight
  bool replicate = false;    // every rank reads every row (small sets, e.g. a validation set
                             // each rank must score whole); ids are then 0..N-1 on every rank
  bool prefer_dense = false; // libsvm: give a dense matrix even when sparse would be smaller
};

Dataset load_channel(Communicator& comm, const Channel& channel, const LoadOptions& options);

}  // namespace dpt::data
