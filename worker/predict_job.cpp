// `dptrain predict`: every rank loads the model, reads its shard of the data with the training
// job's readers, scores it, and rank 0 writes the lines of all ranks in the input's row order.
// Every failure is agreed on, so all ranks stop with the same message.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/allocator_tuning.h"
#include "data/loader.h"
#include "models/gbdt/model/model_json.h"
#include "models/gbdt/model/predictor.h"
#include "worker/job.h"
#include "worker/outcome.h"
#include "worker/predict_options.h"
#include "worker/predict_output.h"
#ifdef DPT_WITH_TORCH
#include "worker/predict_torch.h"
#endif

namespace dpt {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int threads_per_rank(const PredictArgs& args, const Communicator& comm) {
  if (args.nthread > 0) return args.nthread;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, comm.local_size()));
}

data::Dataset load_rows(Communicator& comm, const PredictArgs& args, bool label_bounds) {
  data::Channel channel;
  channel.name = "data";
  channel.dir = args.data;
  channel.content_type = args.content_type;
  data::LoadOptions options;
  options.has_label = args.has_label;
  // A survival:aft model's labelled csv rows carry the label's upper bound too (not a feature).
  options.csv_label_bounds = args.has_label && label_bounds;
  return agreed(comm, [&] { return data::load_channel(comm, channel, options); });
}

// Scores the shard with a tree model; returns the text of its lines.
std::string score_trees(Communicator& comm, const PredictArgs& args, const data::Dataset& rows,
                        const gbdt::Model& model, int nthread) {
  agreed(comm, [&] {
    if (model.num_feature > 0 && rows.num_features > static_cast<std::size_t>(model.num_feature))
      throw UserError(args.data.string() + ": the data has " + std::to_string(rows.num_features) +
                      " features, the model " + args.model.string() + " was trained on " +
                      std::to_string(model.num_feature) +
                      (args.has_label ? "" : " (if the first column is a label, pass --has-label)"));
    return true;
  });
  gbdt::PredictOptions options;
  options.output_margin = args.output_margin;
  options.iteration_range = args.iteration_range;
  options.nthread = nthread;
  const auto values = agreed(comm, [&] { return gbdt::predict(model, rows, options); });
  return format_tree_predictions(model, values, rows.num_rows, args.output_margin, args.accept);
}

std::string score_network(Communicator& comm, const PredictArgs& args, data::Dataset rows,
                          int nthread) {
#ifdef DPT_WITH_TORCH
  const std::size_t n = rows.num_rows;
  const NetworkOutputs outputs = agreed(comm, [&] {
    return score_torchscript(args.model, std::move(rows), args.batch_size, nthread);
  });
  return format_network_outputs(outputs.values, n, outputs.width, args.accept);
#else
  throw AgreedError(args.model.string() + ": TorchScript models need dptrain built with LibTorch");
#endif
}

}  // namespace

void run_predict_command(Communicator& comm, const Log& log, const std::vector<std::string>& args) {
  const PredictArgs parsed = agreed(comm, [&] { return parse_predict_args(args); });
  if (parsed.help) {
    if (comm.rank() == 0) std::cout << predict_help();
    return;
  }
  const int nthread = threads_per_rank(parsed, comm);
  // Predictions may go to stdout: progress lines then stay out of it.
  const bool chatty = !parsed.out.empty();
  // Before loading: the buffers loading frees are then reused for the margins and row scratch.
  keep_freed_memory_for_reuse();
  const auto start = Clock::now();

  std::optional<gbdt::Model> model;
  if (!parsed.torchscript()) {
    model = agreed(comm, [&] { return gbdt::load_model(parsed.model); });
  } else {
    agreed(comm, [&] {
      gbdt::resolve_model_file(parsed.model);  // exists (the loader names it otherwise)
      return true;
    });
  }
  const double load_model_s = seconds_since(start);

  auto t = Clock::now();
  data::Dataset rows = load_rows(comm, parsed, model && model->objective == "survival:aft");
  const double load_data_s = seconds_since(t);
  if (chatty) log.info(rows.summary());
  const std::uint64_t first_row_id = rows.first_row_id, global_rows = rows.global_rows;

  t = Clock::now();
  const std::string text = model ? score_trees(comm, parsed, rows, *model, nthread)
                                 : score_network(comm, parsed, std::move(rows), nthread);
  const double predict_s = comm.allreduce_value(seconds_since(t), ReduceOp::max);

  t = Clock::now();
  write_in_row_order(comm, text, first_row_id, parsed.out);
  const double write_s = seconds_since(t);
  if (chatty) {
    std::ostringstream line;
    line << "predict: " << global_rows << " rows -> " << parsed.out.string() << " on "
         << comm.world_size() << " rank(s) x " << nthread << " thread(s); load_model_s="
         << load_model_s << " load_data_s=" << load_data_s << " predict_s=" << predict_s
         << " write_s=" << write_s << " total_s=" << seconds_since(start);
    log.info(line.str());
  }
}

}  // namespace dpt
