#pragma once
// An input channel as the job contract describes it (inputdataconfig.json / SM_CHANNEL_*).
#include <filesystem>
#include <string>

namespace dpt::data {

struct Channel {
  std::string name;                 // "train", "validation", "test", ...
  std::filesystem::path dir;        // <root>/input/data/<name> or SM_CHANNEL_<NAME>
  std::string content_type;         // "" = decide by file extension
  std::string distribution = "FullyReplicated";  // or "ShardedByS3Key"
  std::string input_mode = "File";  // "Pipe" is refused by the job config
};

}  // namespace dpt::data
