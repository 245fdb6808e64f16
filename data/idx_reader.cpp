#include "data/idx_reader.h"

#include <map>

#include "common/error.h"
#include "data/byte_source.h"

namespace dpt::data {
namespace {

ElemType idx_type(unsigned char code, const std::string& name) {
  switch (code) {
    case 0x08: return ElemType::u8;
    case 0x09: return ElemType::i8;
    case 0x0B: return ElemType::i16;
    case 0x0C: return ElemType::i32;
    case 0x0D: return ElemType::f32;
    case 0x0E: return ElemType::f64;
    default: break;
  }
  throw UserError(at_location(name, 0, 0, "unknown IDX element type code " + std::to_string(code) +
                                              " (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)"));
}

bool is_labels_name(const std::string& name) { return name.find("idx1") != std::string::npos; }

// "train-images-idx3-ubyte" -> "train-labels-idx1-ubyte"
std::string labels_name_for(std::string name) {
  if (auto at = name.find("images"); at != std::string::npos) name.replace(at, 6, "labels");
  if (auto at = name.find("-idx"); at != std::string::npos && at + 4 < name.size()) name[at + 4] = '1';
  return name;
}

}  // namespace

RecordArray idx_array(const InputFile& file) {
  const std::string name = file.path.string();
  auto source = open_file_source(file);
  unsigned char magic[4];
  if (!source->read_exact(reinterpret_cast<char*>(magic), 4) || magic[0] != 0 || magic[1] != 0 ||
      magic[3] == 0) {
    throw UserError(at_location(name, 0, 0, "not an IDX file: it must start with 0x00 0x00 <type> <ndim>"));
  }
  RecordArray array;
  array.name = name;
  array.type = idx_type(magic[2], name);
  array.big_endian = true;
  for (int d = 0; d < magic[3]; ++d) {
    unsigned char b[4];
    if (!source->read_exact(reinterpret_cast<char*>(b), 4)) {
      throw UserError(at_location(name, 0, 0, "IDX header ends before its " + std::to_string(magic[3]) + " dimensions"));
    }
    array.shape.push_back((std::uint64_t{b[0]} << 24) | (std::uint64_t{b[1]} << 16) | (std::uint64_t{b[2]} << 8) | b[3]);
  }
  const std::uint64_t header = 4 + 4 * std::uint64_t{magic[3]};
  if (!file.gzip && file.size != header + array.data_bytes()) {
    throw UserError(at_location(name, 0, 0, "IDX header announces " + std::to_string(array.data_bytes()) +
                                                " bytes of data but the file holds " +
                                                std::to_string(file.size - header)));
  }
  array.open_data = [file, header] {
    auto s = open_file_source(file);
    s->skip(header);
    return s;
  };
  return array;
}

std::vector<RecordPair> pair_idx_files(const std::vector<InputFile>& files, bool has_label) {
  std::map<std::string, const InputFile*> labels;
  for (const InputFile& f : files) {
    if (is_labels_name(name_without_gz(f.path))) labels[name_without_gz(f.path)] = &f;
  }
  std::vector<RecordPair> pairs;
  for (const InputFile& f : files) {
    const std::string name = name_without_gz(f.path);
    if (is_labels_name(name)) continue;
    RecordPair pair;
    pair.features = idx_array(f);
    if (has_label) {
      auto it = labels.find(labels_name_for(name));
      if (it == labels.end()) {
        throw UserError(at_location(f.path.string(), 0, 0, "no labels file for these images (expected " +
                                                               labels_name_for(name) + "[.gz] next to it)"));
      }
      pair.labels = idx_array(*it->second);
      labels.erase(it);
    }
    pairs.push_back(std::move(pair));
  }
  if (has_label && !labels.empty()) {
    throw UserError(at_location(labels.begin()->second->path.string(), 0, 0,
                                "a labels file without its images file"));
  }
  return pairs;
}

}  // namespace dpt::data
