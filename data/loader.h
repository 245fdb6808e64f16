#pragma once
// Reading a channel: picks the reader by ContentType (or extension), shards by byte ranges
// (FullyReplicated) or by file (ShardedByS3Key), and agrees with the other ranks on the feature
// count, the global row ids and the validity of the data. Collective: every rank must call it.
#include "collective/communicator.h"
#include "data/channel.h"
#include "data/dataset.h"

namespace dpt::data {

struct LoadOptions {
  bool has_label = true;     // first csv column / libsvm label / IDX labels file / NumPy y*
                             // (false: Dataset::labels stays empty)
  bool csv_weights = false;  // csv: second column is the instance weight
  bool csv_label_bounds = false;  // csv: the first column after the label (and weight and
                                 // qid) is the label's upper bound (Dataset::label_upper)
  bool csv_qid = false;      // csv: the column after label (and weight) is the query id
  bool replicate = false;    // every rank reads every row (small sets, e.g. a validation set
                             // each rank must score whole); ids are then 0..N-1 on every rank
  bool prefer_dense = false; // libsvm: give a dense matrix even when sparse would be smaller
};

// Throws UserError on every rank alike (file:line:column in the message) for bad or missing data.
// Content types: text/csv, text/libsvm (text/x-libsvm), application/x-idx, application/x-npy
// (and application/x-npz), or "" to decide by file extension; any file may be gzip-compressed.
Dataset load_channel(Communicator& comm, const Channel& channel, const LoadOptions& options);

}  // namespace dpt::data
