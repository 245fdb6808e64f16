#include "data/shard_reader.h"

#include <algorithm>

#include "data/byte_ranges.h"
#include "data/csv_reader.h"
#include "data/file_list.h"
#include "data/idx_reader.h"
#include "data/libsvm_reader.h"
#include "data/mapped_file.h"
#include "data/npy_reader.h"
#include "data/query_groups.h"
#include "data/record_table.h"
#include "data/text_reader.h"

namespace dpt::data {
namespace {

// How a shard cut reads a line's query id: libsvm rows may carry `qid:N`; csv rows only with
// csv_qid (the column after label and weight, with the file's delimiter).
using QidReaderOfFile = std::function<LineQidReader(const char* data, std::uint64_t size)>;

QidReaderOfFile qid_reader(Format format, const LoadOptions& options) {
  if (format == Format::libsvm) {
    return [](const char*, std::uint64_t) { return LineQidReader(libsvm_line_qid); };
  }
  if (format == Format::csv && options.csv_qid) {
    const std::size_t column = (options.has_label ? 1 : 0) + (options.csv_weights ? 1 : 0);
    return [column](const char* data, std::uint64_t size) {
      const std::size_t bom = bom_length(data, size);
      const char delimiter = sniff_csv_layout(first_nonblank_line(data + bom, data + size)).delimiter;
      return LineQidReader([=](const char* b, const char* e) { return csv_line_qid(b, e, delimiter, column); });
    };
  }
  return nullptr;
}

std::vector<FilePiece> text_pieces(const std::vector<InputFile>& files, int part, int parts,
                                   const QidReaderOfFile& qids) {
  StreamLayout layout;
  for (const InputFile& f : files) {
    layout.sizes.push_back(f.size);
    layout.splittable.push_back(!f.gzip);  // a gzip stream can only be entered at its start
  }
  return pieces_of_part(layout, part, parts, [&](std::size_t i, std::uint64_t offset) {
    const MappedFile map(files[i].path);
    // Query groups: the cut moves on to the next group start, so no group is split.
    if (qids) return next_group_start(map.data(), map.size(), offset, qids(map.data(), map.size()));
    return next_line_start(map.data(), map.size(), offset);
  });
}

void read_records_part(const std::vector<RecordPair>& pairs, int part, int parts, LocalShard& shard) {
  const std::uint64_t total = check_record_pairs(pairs);
  // Part 0 also checks the files that hold no records at all.
  read_record_rows(pairs, rows_of_part(total, part, parts), part == 0, shard.rows);
  shard.num_features = shard.rows.num_features;
}

// FNV-1a over "relative/path\0size\0" of every file.
std::uint64_t fingerprint(const std::filesystem::path& dir, const std::vector<InputFile>& files) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0) * 1099511628211ull;
  };
  for (const InputFile& f : files) {
    mix(f.path.lexically_relative(dir).string());
    mix(std::to_string(f.size));
  }
  return h;
}

// survival:aft csv files (LoadOptions::csv_label_bounds): the parser read the label's upper
// bound as the first feature; it moves to Dataset::label_upper and the features shift left.
void take_label_upper_column(Dataset& rows) {
  const std::size_t f = rows.num_features;
  if (f == 0) return;  // this part read no line
  rows.label_upper.resize(rows.num_rows);
  for (std::size_t r = 0; r < rows.num_rows; ++r) {
    const auto row = rows.values.begin() + static_cast<std::ptrdiff_t>(r * f);
    rows.label_upper[r] = *row;
    std::copy(row + 1, row + static_cast<std::ptrdiff_t>(f), rows.values.begin() + static_cast<std::ptrdiff_t>(r * (f - 1)));
  }
  rows.values.resize(rows.num_rows * (f - 1));
  rows.num_features = f - 1;
}

}  // namespace

LocalShard read_shard(const Channel& channel, const LoadOptions& options, int part, int parts) {
  LocalShard shard;
  shard.rows.channel = channel.name;
  const std::vector<InputFile> files = list_channel_files(channel.dir);
  shard.present = !files.empty();
  if (!shard.present) return shard;
  shard.files_fingerprint = fingerprint(channel.dir, files);
  shard.format = choose_format(channel.content_type, files);
  switch (shard.format) {
    case Format::csv: {
      CsvParser parser(options.has_label, options.csv_weights, options.csv_qid, shard.rows);
      read_text_pieces(files, text_pieces(files, part, parts, qid_reader(shard.format, options)), parser);
      if (options.csv_label_bounds) take_label_upper_column(shard.rows);
      shard.num_features = shard.rows.num_features;
      break;
    }
    case Format::libsvm: {
      LibsvmParser parser(options.has_label, shard.rows);
      read_text_pieces(files, text_pieces(files, part, parts, qid_reader(shard.format, options)), parser);
      shard.num_features = parser.num_features();
      break;
    }
    case Format::idx:
      read_records_part(pair_idx_files(files, options.has_label), part, parts, shard);
      break;
    case Format::npy:
      read_records_part(pair_npy_arrays(files, options.has_label), part, parts, shard);
      break;
  }
  return shard;
}

}  // namespace dpt::data
