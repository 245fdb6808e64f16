#pragma once
// The typed job description every rank builds from the SageMaker contract (files under the
// sm-root, SM_* variables, command-line flags). Loading and validation live in job_config.cpp.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/params.h"
#include "data/channel.h"

namespace dpt {

struct JobConfig {
  std::filesystem::path sm_root = "/opt/ml";
  std::filesystem::path model_dir;       // <root>/model or SM_MODEL_DIR
  std::filesystem::path output_dir;      // <root>/output (failure / success files)
  std::filesystem::path output_data_dir; // <root>/output/data or SM_OUTPUT_DATA_DIR
  std::filesystem::path checkpoint_dir;  // checkpointconfig.json LocalPath, --checkpoint-dir, /opt/ml/checkpoints

  std::string current_host = "algo-1";
  std::vector<std::string> hosts = {"algo-1"};
  std::string network_interface;

  std::map<std::string, data::Channel> channels;  // by channel name

  std::string model_kind = "gbtree";  // hyperparameter `model`: gbtree | mlp | cnn | path.pt
  std::string backend = "mpi";        // mpi | nccl
  ParamValues params;                 // validated hyperparameters of this job kind

  const data::Channel* channel(const std::string& name) const {
    auto it = channels.find(name);
    return it == channels.end() ? nullptr : &it->second;
  }
};

}  // namespace dpt
