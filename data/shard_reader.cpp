#include "data/shard_reader.h"

#include "data/byte_ranges.h"
#include "data/csv_reader.h"
#include "data/file_list.h"
#include "data/idx_reader.h"
#include "data/libsvm_reader.h"
#include "data/mapped_file.h"
#include "data/npy_reader.h"
#include "data/record_table.h"
#include "data/text_reader.h"

namespace dpt::data {
namespace {

std::vector<FilePiece> text_pieces(const std::vector<InputFile>& files, int part, int parts) {
  StreamLayout layout;
  for (const InputFile& f : files) {
    layout.sizes.push_back(f.size);
    layout.splittable.push_back(!f.gzip);  // a gzip stream can only be entered at its start
  }
  return pieces_of_part(layout, part, parts, [&](std::size_t i, std::uint64_t offset) {
    const MappedFile map(files[i].path);
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
      CsvParser parser(options.has_label, options.csv_weights, shard.rows);
      read_text_pieces(files, text_pieces(files, part, parts), parser);
      shard.num_features = shard.rows.num_features;
      break;
    }
    case Format::libsvm: {
      LibsvmParser parser(options.has_label, shard.rows);
      read_text_pieces(files, text_pieces(files, part, parts), parser);
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
