#pragma once
// How a job ends, as SageMaker reads it: <output>/success, or <output>/failure whose first line
// is the reason. And AgreedError: a failure every rank reached at the same point with the same
// message, so every rank can end cleanly (exit 1, MPI_Finalize) instead of MPI_Abort.
#include <filesystem>
#include <optional>
#include <string>

#include "collective/agree.h"
#include "collective/communicator.h"
#include "common/error.h"

namespace dpt {

struct AgreedError : UserError {
  using UserError::UserError;
};

// Runs `step` on every rank, then agrees: when it threw a UserError on any rank, every rank
// throws AgreedError (its own message, or on ranks that succeeded the first failing rank's). Other exceptions are not agreed on
// (they end the job through MPI_Abort in main).
template <class Step>
auto agreed(Communicator& comm, Step step) -> decltype(step()) {
  std::string error;
  std::optional<decltype(step())> result;
  try {
    result.emplace(step());
  } catch (const UserError& e) {
    error = e.what();
  }
  try {
    throw_if_any_rank_failed(comm, error);
  } catch (const UserError& e) {
    throw AgreedError(error.empty() ? e.what() : error);  // a rank that failed keeps its own words
  }
  return std::move(*result);
}

// `name` is "success" or "failure"; written atomically (temporary name, then rename), and the
// other verdict, left by an earlier run of the same tree, is removed. Returns false when it
// could not be written (e.g. the sm-root does not exist); a missing output directory is created.
bool write_outcome_file(const std::filesystem::path& output_dir, const std::string& name, const std::string& text);

// Creates the model, output and output-data directories a job writes into (SageMaker provides
// them; a local tree may not have them yet).
void create_output_dirs(const std::filesystem::path& model_dir, const std::filesystem::path& output_dir,
                        const std::filesystem::path& output_data_dir);

// Removes success/failure files of an earlier run of the same tree (a resumed job).
void clear_outcome_files(const std::filesystem::path& output_dir);

}  // namespace dpt
