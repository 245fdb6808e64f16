#include "worker/gbdt_inputs.h"

#include <algorithm>
#include <thread>

#include "common/error.h"
#include "data/loader.h"
#include "models/gbdt/binning/categories.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/objective/objective.h"
#include "models/gbdt/objective/survival_objective.h"
#include "worker/outcome.h"

namespace dpt {
namespace {

gbdt::TrainParams read_params(const JobContext& ctx) {
  gbdt::TrainParams p = gbdt::train_params_from(ctx.job.params);
  if (p.nthread == 0) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    p.nthread = std::max(1, cores / std::max(1, ctx.comm.local_size()));
  }
  if (!ctx.job.channel("train"))
    throw UserError("the boosting job needs a 'train' channel (<root>/input/data/train or "
                    "SM_CHANNEL_TRAIN)");
  if (p.early_stopping_rounds > 0 && !ctx.job.channel("validation"))
    throw UserError("early_stopping_rounds=" + std::to_string(p.early_stopping_rounds) +
                    " needs a 'validation' channel to watch, and the job has none");
  return p;
}

// The model to continue from: xgb_model, else SageMaker's `model` channel, else none.
gbdt::Model read_start_model(const JobContext& ctx, const gbdt::TrainParams& p) {
  std::filesystem::path path;
  if (!p.xgb_model.empty()) path = p.xgb_model;
  else if (const auto* channel = ctx.job.channel("model")) path = channel->dir;
  if (path.empty()) return {};
  gbdt::Model model = gbdt::load_model(path);
  const std::string source = "xgb_model " + path.string();
  if (model.objective != p.objective)
    throw UserError(source + ": the model was trained with objective " + model.objective +
                    ", this job uses " + p.objective + " (they must agree to continue training)");
  if (model.num_class != p.num_class)
    throw UserError(source + ": the model has num_class " + std::to_string(model.num_class) +
                    ", this job " + std::to_string(p.num_class));
  if (model.booster != p.booster && !(model.trees.empty() && model.linear_weights.empty()))
    throw UserError(source + ": the model's booster is " + model.booster + ", this job's " + p.booster +
                    " (they must agree to continue training)");
  if (model.num_parallel_tree != p.num_parallel_tree)
    throw UserError(source + ": the model has num_parallel_tree " +
                    std::to_string(model.num_parallel_tree) + ", this job " +
                    std::to_string(p.num_parallel_tree));
  model.attributes.clear();  // best_iteration etc. belonged to the earlier training
  return model;
}

void check_labels(Communicator& comm, const gbdt::Objective& objective, const data::Dataset& rows) {
  const std::string& name = objective.name();
  std::string error = gbdt::is_survival_objective(name) ? gbdt::check_survival_labels(name, rows)
                                                        : objective.check_labels(rows);
  if (error.empty() && !rows.label_upper.empty() && name != "survival:aft")
    error = "channel '" + rows.channel + "' has interval labels (lower,upper); only objective "
            "survival:aft reads them (objective is " + name + ")";
  if (error.empty() && rows.labels.size() != rows.num_rows)
    error = "channel '" + rows.channel + "' has no labels; training needs a label per row";
  agreed(comm, [&] {
    if (!error.empty()) throw UserError(error);
    return 0;
  });
}

// categorical_features (categories.h): they name features of the training rows, agree with the
// model continued from, and every value of theirs in `rows` is a category code.
void check_categorical(Communicator& comm, const GbdtInputs& in, const data::Dataset& rows) {
  const auto& given = in.params.categorical_features;
  if (given.empty()) return;
  agreed(comm, [&] {
    if (in.params.booster == "gblinear")
      throw UserError("categorical_features need a tree booster (gbtree or dart); gblinear has no categorical splits");
    if (const std::string why = gbdt::categorical_job_mismatch(given, in.train.num_features, in.start); !why.empty())
      throw UserError(why);
    return 0;
  });
  const auto features = gbdt::resolve_categorical_features(given, in.train.num_features);
  const std::string bad = gbdt::check_category_values(comm, rows, features);  // the same on every rank
  agreed(comm, [&] {
    if (!bad.empty()) throw UserError(bad);
    return 0;
  });
}

}  // namespace

GbdtInputs load_gbdt_inputs(const JobContext& ctx) {
  Communicator& comm = ctx.comm;
  GbdtInputs in;
  in.params = agreed(comm, [&] { return read_params(ctx); });
  in.start = agreed(comm, [&] { return read_start_model(ctx, in.params); });
  const gbdt::Objective objective(in.params);
  auto load = [&](const data::Channel& channel) {
    data::LoadOptions options;
    options.has_label = true;
    options.csv_weights = ctx.job.params.integer("csv_weights") == 1;
    options.csv_qid = ctx.job.params.integer("csv_qid") == 1;  // ranking query ids
    // survival:aft's csv files carry the label's upper bound after the label (and weight) columns.
    options.csv_label_bounds = in.params.objective == "survival:aft";
    return agreed(comm, [&] { return data::load_channel(comm, channel, options); });
  };
  in.train = load(*ctx.job.channel("train"));
  if (in.train.global_rows == 0)
    agreed(comm, [&]() -> int { throw UserError("channel 'train' has no rows"); });
  check_labels(comm, objective, in.train);
  check_categorical(comm, in, in.train);
  for (const char* name : {"validation", "test"}) {
    const auto* channel = ctx.job.channel(name);
    if (!channel) continue;
    data::Dataset rows = load(*channel);
    rows.channel = name;  // metric lines say "validation-..." whatever the loader calls it
    check_labels(comm, objective, rows);
    if (rows.num_features > in.train.num_features) {
      agreed(comm, [&]() -> int {
        throw UserError("channel '" + std::string(name) + "' has " + std::to_string(rows.num_features) +
                        " features but 'train' has only " + std::to_string(in.train.num_features) +
                        ": features " + std::to_string(in.train.num_features + 1) + ".." +
                        std::to_string(rows.num_features) + " were never seen in training");
      });
    }
    check_categorical(comm, in, rows);
    in.evals.push_back(std::move(rows));
  }
  return in;
}

}  // namespace dpt
