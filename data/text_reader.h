#pragma once
// Feeds whole lines of a rank's file pieces to a parser: straight from a memory map for plain
// files (window by window, each window's pages released after use, so a rank's resident memory
// is its rows plus one window), through a bounded buffer for gzip streams. Turns a parser's TextError into a UserError
// with file, line and column.
#include <string_view>
#include <vector>

#include "data/byte_ranges.h"
#include "data/file_list.h"

namespace dpt::data {

class LineParser {
 public:
  virtual ~LineParser() = default;
  // Before the lines of each file: the file's first non-blank line (csv takes its layout from
  // it, whichever part of the file this rank reads).
  virtual void start_file(std::string_view first_line) = 0;
  // Counts what the lines in [begin, end) will need; reserve_counted() then reserves it all at
  // once, so the storage is not reallocated (and briefly doubled) while rows arrive. `scale`
  // extrapolates the counts (a compressed stream whose total is only estimated).
  virtual void count(const char* begin, const char* end) = 0;
  virtual void reserve_counted(double scale = 1.0) = 0;
  // Parses the whole lines in [begin, end); throws TextError pointing into that range.
  virtual void parse(const char* begin, const char* end) = 0;
};

void read_text_pieces(const std::vector<InputFile>& files, const std::vector<FilePiece>& pieces,
                      LineParser& parser);

// 3 when the text starts with a UTF-8 byte order mark, else 0.
std::size_t bom_length(const char* data, std::size_t size);

// The first line of text that is not blank (without its line end), or "" when there is none.
std::string_view first_nonblank_line(const char* begin, const char* end);

}  // namespace dpt::data
