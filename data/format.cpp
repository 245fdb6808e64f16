#include "data/format.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace dpt::data {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool by_name(const std::string& name, Format* out) {
  if (name.ends_with(".csv")) *out = Format::csv;
  else if (name.ends_with(".libsvm") || name.ends_with(".svm")) *out = Format::libsvm;
  else if (name.find("-idx") != std::string::npos && name.ends_with("-ubyte")) *out = Format::idx;
  else if (name.ends_with(".idx")) *out = Format::idx;
  else if (name.ends_with(".npy") || name.ends_with(".npz")) *out = Format::npy;
  else return false;
  return true;
}

}  // namespace

Format choose_format(const std::string& content_type, const std::vector<InputFile>& files) {
  // "text/csv; label_size=1" and "text/csv;charset=utf-8" name the same reader.
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  if (type == "text/csv" || type == "csv") return Format::csv;
  if (type == "text/libsvm" || type == "text/x-libsvm" || type == "libsvm") return Format::libsvm;
  if (type == "application/x-idx" || type == "idx") return Format::idx;
  if (type == "application/x-npy" || type == "application/x-npz" || type == "npy" || type == "npz")
    return Format::npy;
  if (!type.empty()) {
    throw UserError("unsupported ContentType '" + content_type +
                    "' (expected text/csv, text/libsvm, application/x-idx or application/x-npy)");
  }
  for (const InputFile& f : files) {
    Format fmt;
    if (by_name(lower(name_without_gz(f.path)), &fmt)) return fmt;
  }
  throw UserError("cannot tell the data format: no ContentType is given and no file name ends in "
                  ".csv, .libsvm, .npy, .npz or -idxN-ubyte" +
                  (files.empty() ? std::string() : " (first file: " + files.front().path.string() + ")"));
}

const char* format_name(Format f) {
  switch (f) {
    case Format::csv: return "csv";
    case Format::libsvm: return "libsvm";
    case Format::idx: return "idx";
    case Format::npy: return "npy";
  }
  return "?";
}

}  // namespace dpt::data
