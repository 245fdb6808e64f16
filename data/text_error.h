#pragma once
// A parse failure inside a chunk of text, at a byte of that chunk. The text reader that owns the
// chunk turns it into a UserError with file, line and column (parsers never count lines).
#include <string>

namespace dpt::data {

struct TextError {
  const char* where;
  std::string what;
};

// A short, printable copy of the field at p (up to the next separator), for messages.
std::string quote_field(const char* p, const char* end);
// "binary data" when the field holds control bytes: the likely cause is a wrong ContentType.
bool looks_binary(const char* p, const char* end);

}  // namespace dpt::data
