#include "common/error.h"

namespace dpt {

std::string at_location(const std::string& file, std::size_t line, std::size_t column,
                        const std::string& what) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (column > 0) out += ":" + std::to_string(column);
  return out + ": " + what;
}

}  // namespace dpt
