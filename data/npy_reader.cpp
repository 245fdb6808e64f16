#include "data/npy_reader.h"

#include <map>
#include <memory>

#include "common/error.h"
#include "data/zip_archive.h"

namespace dpt::data {
namespace {

// The value text of `'key': value` in the header dict (up to the next top-level comma).
std::string dict_value(const std::string& header, const std::string& key, const std::string& name) {
  const auto at = header.find("'" + key + "'");
  if (at == std::string::npos) throw UserError(at_location(name, 0, 0, "npy header has no '" + key + "': " + header));
  auto p = header.find(':', at) + 1;
  while (p < header.size() && header[p] == ' ') ++p;
  int depth = 0;
  std::size_t e = p;
  for (; e < header.size(); ++e) {
    if (header[e] == '(') ++depth;
    if (header[e] == ')') --depth;
    if (depth == 0 && (header[e] == ',' || header[e] == '}')) break;
  }
  if (e < header.size() && header[e] == ')') ++e;
  return header.substr(p, e - p);
}

void parse_descr(std::string descr, RecordArray& a, const std::string& name) {
  auto unsupported = [&] {
    throw UserError(at_location(name, 0, 0, "unsupported dtype " + descr +
                                                " (expected float32, float64, an integer type or bool)"));
  };
  if (descr.size() < 4 || descr.front() != '\'' || descr.back() != '\'') unsupported();
  const std::string d = descr.substr(1, descr.size() - 2);
  if (d.size() < 3 || (d[0] != '<' && d[0] != '>' && d[0] != '|' && d[0] != '=')) unsupported();
  a.big_endian = d[0] == '>';
  static const std::map<std::string, ElemType> types = {
      {"f4", ElemType::f32}, {"f8", ElemType::f64}, {"i1", ElemType::i8},  {"u1", ElemType::u8},
      {"i2", ElemType::i16}, {"u2", ElemType::u16}, {"i4", ElemType::i32}, {"u4", ElemType::u32},
      {"i8", ElemType::i64}, {"u8", ElemType::u64}, {"b1", ElemType::boolean}};
  const auto it = types.find(d.substr(1));
  if (it == types.end()) unsupported();
  a.type = it->second;
}

std::vector<std::uint64_t> parse_shape(const std::string& text, const std::string& name) {
  std::vector<std::uint64_t> shape;
  std::size_t p = text.find('(');
  if (p == std::string::npos) throw UserError(at_location(name, 0, 0, "npy header shape is not a tuple: " + text));
  while (++p < text.size() && text[p] != ')') {
    if (text[p] == ' ' || text[p] == ',') continue;
    std::size_t used = 0;
    shape.push_back(std::stoull(text.substr(p), &used));
    p += used - 1;
  }
  return shape;
}

struct NamedArray {
  std::string stem;  // "X_train"
  RecordArray array;
};

NamedArray npy_file_array(const InputFile& file) {
  auto source = open_file_source(file);
  std::uint64_t header = 0;
  RecordArray a = read_npy_header(*source, file.path.string(), &header);
  a.open_data = [file, header] {
    auto s = open_file_source(file);
    s->skip(header);
    return s;
  };
  std::string stem = name_without_gz(file.path);
  stem.resize(stem.size() - 4);  // ".npy"
  return {stem, std::move(a)};
}

std::vector<NamedArray> npz_arrays(const InputFile& file) {
  if (file.gzip) throw UserError(at_location(file.path.string(), 0, 0, "an .npz archive cannot be gzip-compressed (it is compressed inside)"));
  auto archive = std::make_shared<ZipArchive>(file.path.string());
  std::vector<NamedArray> out;
  for (const ZipEntry& entry : archive->entries()) {
    if (!entry.name.ends_with(".npy")) continue;
    const std::string name = archive->path() + ":" + entry.name;
    auto source = archive->open(entry);
    std::uint64_t header = 0;
    RecordArray a = read_npy_header(*source, name, &header);
    a.open_data = [archive, entry, header] {
      auto s = archive->open(entry);
      s->skip(header);
      return s;
    };
    out.push_back({entry.name.substr(0, entry.name.size() - 4), std::move(a)});
  }
  return out;
}

}  // namespace

RecordArray read_npy_header(ByteSource& source, const std::string& name, std::uint64_t* header_bytes) {
  unsigned char magic[10];
  if (!source.read_exact(reinterpret_cast<char*>(magic), 10) || std::string(reinterpret_cast<char*>(magic), 6) != "\x93NUMPY") {
    throw UserError(at_location(name, 0, 0, "not a NumPy .npy array (magic \\x93NUMPY missing)"));
  }
  std::uint64_t length = magic[8] | (magic[9] << 8);
  std::uint64_t prefix = 10;
  if (magic[6] >= 2) {
    unsigned char more[2];
    if (!source.read_exact(reinterpret_cast<char*>(more), 2)) throw UserError(at_location(name, 0, 0, "truncated npy header"));
    length |= (std::uint64_t{more[0]} << 16) | (std::uint64_t{more[1]} << 24);
    prefix = 12;
  }
  if (length > (1u << 24)) throw UserError(at_location(name, 0, 0, "npy header is implausibly long"));
  std::string header(length, '\0');
  if (!source.read_exact(header.data(), length)) throw UserError(at_location(name, 0, 0, "truncated npy header"));
  RecordArray a;
  a.name = name;
  parse_descr(dict_value(header, "descr", name), a, name);
  a.shape = parse_shape(dict_value(header, "shape", name), name);
  if (dict_value(header, "fortran_order", name) == "True" && a.shape.size() > 1) {
    throw UserError(at_location(name, 0, 0, "Fortran-ordered arrays are not supported; save np.ascontiguousarray(x)"));
  }
  if (a.shape.empty()) throw UserError(at_location(name, 0, 0, "a 0-d array holds no rows"));
  *header_bytes = prefix + length;
  return a;
}

std::vector<RecordPair> pair_npy_arrays(const std::vector<InputFile>& files, bool has_label) {
  std::vector<NamedArray> arrays;
  for (const InputFile& f : files) {
    const std::string name = name_without_gz(f.path);
    if (name.ends_with(".npy")) arrays.push_back(npy_file_array(f));
    else if (name.ends_with(".npz")) for (auto& a : npz_arrays(f)) arrays.push_back(std::move(a));
  }
  std::map<std::string, RecordArray*> labels;  // by the name after 'y'
  for (NamedArray& a : arrays) {
    if (!a.stem.empty() && (a.stem[0] == 'y' || a.stem[0] == 'Y')) labels[a.stem.substr(1)] = &a.array;
  }
  std::vector<RecordPair> pairs;
  for (NamedArray& a : arrays) {
    const bool is_x = !a.stem.empty() && (a.stem[0] == 'X' || a.stem[0] == 'x');
    if (!a.stem.empty() && (a.stem[0] == 'y' || a.stem[0] == 'Y')) continue;
    if (has_label && !is_x) {
      throw UserError(at_location(a.array.name, 0, 0, "array '" + a.stem + "': name feature arrays X* and label arrays y* (e.g. X_train, y_train)"));
    }
    RecordPair pair{a.array, std::nullopt};
    if (has_label) {
      auto it = labels.find(a.stem.substr(1));
      if (it == labels.end()) {
        throw UserError(at_location(a.array.name, 0, 0, "no label array y" + a.stem.substr(1) + " for " + a.stem));
      }
      pair.labels = *it->second;
    }
    pairs.push_back(std::move(pair));
  }
  if (pairs.empty()) throw UserError("no feature arrays (X*) in the NumPy files of the channel");
  return pairs;
}

}  // namespace dpt::data
