#include "data/text_reader.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "common/error.h"
#include "data/gzip_stream.h"
#include "data/mapped_file.h"
#include "data/text_error.h"

namespace dpt::data {
namespace {

constexpr std::size_t kGzipChunk = std::size_t{4} << 20;
constexpr std::uint64_t kWindow = std::uint64_t{8} << 20;

// Calls fn on consecutive windows of whole lines of [begin, end) of the map, then releases the
// window's pages from this process (they stay in the page cache).
template <class F>
void for_each_window(const MappedFile& map, std::uint64_t begin, std::uint64_t end, F fn) {
  constexpr std::uint64_t kPage = 4096;
  while (begin < end) {
    const std::uint64_t stop = end - begin <= kWindow ? end : next_line_start(map.data(), end, begin + kWindow);
    fn(map.data() + begin, map.data() + stop);
    const std::uint64_t drop_begin = begin & ~(kPage - 1), drop_end = stop & ~(kPage - 1);
    if (drop_end > drop_begin) {
      ::madvise(const_cast<char*>(map.data()) + drop_begin, drop_end - drop_begin, MADV_DONTNEED);
    }
    begin = stop;
  }
}

[[noreturn]] void throw_located(const InputFile& file, std::size_t lines_before, const char* base,
                                const TextError& e) {
  const std::size_t line = lines_before + 1 + static_cast<std::size_t>(std::count(base, e.where, '\n'));
  const char* line_start = e.where;
  while (line_start > base && line_start[-1] != '\n') --line_start;
  throw UserError(at_location(file.path.string(), line,
                              static_cast<std::size_t>(e.where - line_start) + 1, e.what));
}

void read_mapped(const InputFile& file, const FilePiece& piece, LineParser& parser) {
  const MappedFile map(file.path);
  const char* data = map.data();
  // A file that changed since it was listed would make the shards disagree.
  if (map.size() != file.size) {
    throw UserError(at_location(file.path.string(), 0, 0, "the file changed size while being read"));
  }
  try {
    // A UTF-8 byte order mark (spreadsheet exports) is not part of the first field.
    const std::size_t bom = bom_length(data, map.size());
    const std::uint64_t begin = std::max<std::uint64_t>(piece.begin, bom);
    parser.start_file(first_nonblank_line(data + bom, data + map.size()));
    for_each_window(map, begin, piece.end, [&](const char* b, const char* e) { parser.count(b, e); });
    parser.reserve_counted();
    for_each_window(map, begin, piece.end, [&](const char* b, const char* e) { parser.parse(b, e); });
  } catch (const TextError& e) {
    throw_located(file, 0, data, e);  // counts lines from the file start: only on failure
  }
}

// The uncompressed size a gzip file announces in its last 4 bytes (modulo 4 GiB, last member
// only), or 0. Only a hint for reserving storage.
std::uint64_t gzip_announced_size(const InputFile& file) {
  if (file.size < 18) return 0;
  std::ifstream in(file.path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(file.size - 4));
  unsigned char b[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(b), 4);
  return std::uint64_t{b[0]} | (std::uint64_t{b[1]} << 8) | (std::uint64_t{b[2]} << 16) | (std::uint64_t{b[3]} << 24);
}

void read_gzip(const InputFile& file, LineParser& parser) {
  GzipStream gz(file.path);
  const std::uint64_t announced = gzip_announced_size(file);
  std::vector<char> buf(kGzipChunk);
  std::size_t have = 0, lines_before = 0;
  bool first = true;
  for (;;) {
    const std::size_t got = gz.read(buf.data() + have, buf.size() - have);
    const bool at_end = have + got < buf.size();
    have += got;
    std::size_t cut = have;
    if (!at_end) {
      const char* last_nl = static_cast<const char*>(memrchr(buf.data(), '\n', have));
      if (last_nl == nullptr) {  // one line longer than the buffer
        buf.resize(buf.size() * 2);
        continue;
      }
      cut = static_cast<std::size_t>(last_nl - buf.data()) + 1;
    }
    try {
      const std::size_t bom = first ? bom_length(buf.data(), cut) : 0;
      if (first) {
        parser.start_file(first_nonblank_line(buf.data() + bom, buf.data() + cut));
        first = false;
      }
      parser.count(buf.data() + bom, buf.data() + cut);
      // Reserve for the whole file from the first chunk and the announced size (2% extra), so
      // that the storage is not regrown chunk after chunk; a wrong hint only costs regrowth.
      const bool extrapolate = lines_before == 0 && !at_end && announced > cut;
      parser.reserve_counted(extrapolate ? 1.02 * static_cast<double>(announced) / static_cast<double>(cut) : 1.0);
      parser.parse(buf.data() + bom, buf.data() + cut);
    } catch (const TextError& e) {
      throw_located(file, lines_before, buf.data(), e);
    }
    if (at_end) return;
    lines_before += static_cast<std::size_t>(std::count(buf.data(), buf.data() + cut, '\n'));
    std::memmove(buf.data(), buf.data() + cut, have - cut);
    have -= cut;
  }
}

}  // namespace

std::size_t bom_length(const char* data, std::size_t size) {
  return size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

void read_text_pieces(const std::vector<InputFile>& files, const std::vector<FilePiece>& pieces,
                      LineParser& parser) {
  for (const FilePiece& piece : pieces) {
    const InputFile& file = files[piece.file];
    if (file.gzip) {
      read_gzip(file, parser);  // gzip files are never cut: the piece is the whole file
    } else {
      read_mapped(file, piece, parser);
    }
  }
}

std::string_view first_nonblank_line(const char* begin, const char* end) {
  const char* p = begin;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl == nullptr ? end : nl;
    const char* e = line_end;
    while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) --e;
    const char* s = p;
    while (s < e && (*s == ' ' || *s == '\t')) ++s;
    if (s < e) return {p, static_cast<std::size_t>(e - p)};
    p = line_end + 1;
  }
  return {};
}

}  // namespace dpt::data
