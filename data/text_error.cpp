#include "data/text_error.h"

#include <cstdio>

namespace dpt::data {

std::string quote_field(const char* p, const char* end) {
  std::string out = "'";
  for (int n = 0; p < end && *p != '\n' && *p != '\r' && *p != ',' && *p != ';' && *p != '\t' &&
                  *p != ' ';
       ++p, ++n) {
    if (n == 40) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

bool looks_binary(const char* p, const char* end) {
  for (int n = 0; p < end && n < 64; ++p, ++n) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '\n') return false;
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) return true;
  }
  return false;
}

}  // namespace dpt::data
