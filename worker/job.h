#pragma once
// What a job (boosting, neural, predict) receives from main: the agreed communicator, the job
// description and the logger. A job returns normally on success and throws on failure.
#include <string>
#include <vector>

#include "collective/communicator.h"
#include "common/log.h"
#include "worker/job_config.h"

namespace dpt {

struct JobContext {
  Communicator& comm;
  const JobConfig& job;
  const Log& log;
};

void run_gbdt_job(const JobContext& ctx);  // worker/gbdt_job.cpp
void run_nn_job(const JobContext& ctx);    // worker/nn_job.cpp (when built with LibTorch)

// `dptrain predict ARGS...`: parses its own options (args exclude "predict"); worker/predict_job.cpp
void run_predict_command(Communicator& comm, const Log& log, const std::vector<std::string>& args);

}  // namespace dpt
