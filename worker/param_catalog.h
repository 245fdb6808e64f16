#pragma once
// Every hyperparameter dptrain knows: the job-level ones declared here (`model`, checkpoints) and
// the families' own (models/gbdt/params.h, models/nn/params.h). The `model` hyperparameter picks
// the job kind and with it the one family whose parameters the job accepts.
#include <map>
#include <string>
#include <vector>

#include "common/param_resolve.h"
#include "common/params.h"

namespace dpt {

enum class JobKind { gbdt, nn };

struct ParamFamily {
  JobKind kind;
  std::string models;  // "model gbtree", shown in --help and in "unknown" errors
  std::vector<ParamSpec> specs;
};

struct ParamCatalog {
  std::vector<ParamSpec> job;           // accepted by every job
  std::vector<ParamFamily> families;    // one per job kind built into this binary

  // job + the family of `kind`: what a job of that kind accepts and validates.
  std::vector<ParamSpec> specs_for(JobKind kind) const;
  // Who owns the parameters a job of `kind` does not accept, for "unknown" errors.
  ParamScope scope_for(JobKind kind) const;
  // Every name and alias any job accepts (underscore spelling), with whether it is a boolean
  // (a bare --flag means true), for the command-line parser.
  std::map<std::string, bool> all_names() const;
};

ParamCatalog param_catalog();

// gbtree -> gbdt; mlp, cnn, *.pt -> nn. Throws UserError naming `source` for anything else or for
// a kind this binary was built without.
JobKind job_kind_of_model(const std::string& model, const std::string& source);

}  // namespace dpt
