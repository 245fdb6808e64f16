#include "worker/param_catalog.h"

#include <set>

#include "common/error.h"
#include "models/gbdt/booster/params.h"
#ifdef DPT_WITH_TORCH
#include "models/nn/params.h"
#endif
#include "worker/checkpoint_params.h"

namespace dpt {

namespace {

std::vector<ParamSpec> job_specs() {
  ParamSpec model;
  model.name = "model";
  model.default_value = "gbtree";
  model.help = "the job: gbtree (boosted trees), mlp or cnn (built-in networks), or the path of a "
               "TorchScript file (*.pt) to train";
  std::vector<ParamSpec> specs{model};
  for (auto& spec : checkpoint_param_specs()) specs.push_back(std::move(spec));
  return specs;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<ParamSpec> ParamCatalog::specs_for(JobKind kind) const {
  std::vector<ParamSpec> out = job;
  for (const auto& family : families) {
    if (family.kind == kind) out.insert(out.end(), family.specs.begin(), family.specs.end());
  }
  return out;
}

ParamScope ParamCatalog::scope_for(JobKind kind) const {
  ParamScope scope;
  std::set<std::string> accepted;
  for (const auto& family : families) {
    if (family.kind == kind) {
      scope.owner = family.models;
      for (const auto& spec : family.specs) accepted.insert(spec.name);
    }
  }
  for (const auto& family : families) {
    if (family.kind == kind) continue;
    for (const auto& spec : family.specs) {
      if (!accepted.contains(spec.name)) scope.elsewhere.emplace(spec.name, family.models);
    }
  }
  return scope;
}

std::map<std::string, bool> ParamCatalog::all_names() const {
  std::map<std::string, bool> names;
  auto add = [&](const std::vector<ParamSpec>& specs) {
    for (const auto& spec : specs) {
      const bool boolean = spec.type == ParamType::boolean;
      names[spec.name] |= boolean;
      for (const auto& alias : spec.aliases) names[canonical_param_name(alias)] |= boolean;
    }
  };
  add(job);
  for (const auto& family : families) add(family.specs);
  return names;
}

ParamCatalog param_catalog() {
  ParamCatalog catalog;
  catalog.job = job_specs();
  catalog.families.push_back({JobKind::gbdt, "model gbtree", gbdt::param_specs()});
#ifdef DPT_WITH_TORCH
  catalog.families.push_back({JobKind::nn, "model mlp, cnn or *.pt", nn::param_specs()});
#endif
  return catalog;
}

JobKind job_kind_of_model(const std::string& model, const std::string& source) {
  if (model == "gbtree") return JobKind::gbdt;
  if (model == "mlp" || model == "cnn" || ends_with(model, ".pt")) {
#ifdef DPT_WITH_TORCH
    return JobKind::nn;
#else
    throw UserError(source + ": hyperparameter \"model\" = \"" + model +
                    "\": networks run in dptrain-torch, which is not beside this dptrain (build "
                    "with -DDPT_WITH_TORCH=ON); only model gbtree is available");
#endif
  }
  throw UserError(source + ": hyperparameter \"model\" = \"" + model +
                  "\": expected gbtree, mlp, cnn or the path of a TorchScript file (*.pt)");
}

}  // namespace dpt
