// dptrain: builds the pieces (MPI, log, communicator, job description) and hands over to a job.
// Endings: success file and exit 0; a failure every rank agreed on (a bad job description) ends
// every rank with exit 1 after MPI_Finalize; a stop signal ends every rank with 143 at the same
// boundary; any other error writes the failure file and MPI_Aborts so no rank is left waiting.
#include <iostream>
#include <string>
#include <vector>

#include "collective/factory.h"
#include "collective/mpi_session.h"
#include "worker/cli.h"
#include "worker/cli_handoff.h"
#include "worker/job.h"
#include "worker/job_config_loader.h"
#include "worker/outcome.h"
#include "worker/stop_signal.h"

namespace {

void run_job(const dpt::JobContext& ctx) {
  if (dpt::job_kind_of_model(ctx.job.model_kind, "model") == dpt::JobKind::gbdt) return dpt::run_gbdt_job(ctx);
#ifdef DPT_WITH_TORCH
  dpt::run_nn_job(ctx);
#endif
}

}  // namespace

int main(int argc, char** argv) {
#ifdef DPT_TORCH_HANDOFF
  dpt::hand_over_to_torch_binary(argc, argv);  // networks run in dptrain-torch (worker/cli_handoff.h)
#endif
  dpt::MpiSession mpi(&argc, &argv);
  const dpt::StopSignal stop_signal;  // notes SIGTERM from the start; jobs ask it at boundaries
  const dpt::Log log(mpi.world_rank(), mpi.world_size());
  const auto env = dpt::sagemaker_environment();
  std::filesystem::path output_dir;  // where the failure file goes, once --sm-root is known
  bool writes_outcome = mpi.world_rank() == 0;
  try {
    auto comm = dpt::make_communicator("mpi");
    writes_outcome = comm->local_rank() == 0;  // one writer per host: each host has its own tree
    const auto catalog = dpt::param_catalog();
    const std::vector<std::string> args(argv + 1, argv + argc);
    output_dir = dpt::output_dir_of(dpt::sm_root_hint(args), env);
    const auto cli = dpt::agreed(*comm, [&] { return dpt::parse_cli(args, catalog); });
    if (cli.command == dpt::Command::help || cli.command == dpt::Command::version) {
      const bool help = cli.command == dpt::Command::help;
      if (comm->rank() == 0) std::cout << (help ? dpt::train_help(catalog) : dpt::version_text());
      return 0;
    }
    if (cli.command == dpt::Command::predict) {  // its failure file: --sm-root, else /opt/ml if it exists
      output_dir = dpt::output_dir_of(dpt::sm_root_hint(cli.predict_args), env);
      return dpt::run_predict_command(*comm, log, cli.predict_args), 0;
    }
    const auto job = dpt::agreed(*comm, [&] {
      return dpt::load_job_config(cli, env, {comm->world_size(), comm->local_size()}, catalog);
    });
    if (writes_outcome) {
      dpt::create_output_dirs(job.model_dir, job.output_dir, job.output_data_dir);
      dpt::clear_outcome_files(output_dir);
    }
    auto job_comm = job.backend == "mpi" ? std::move(comm) : dpt::make_communicator(job.backend);
    run_job(dpt::JobContext{*job_comm, job, log});
    if (writes_outcome) dpt::write_outcome_file(output_dir, "success", "training finished");
    return 0;
  } catch (const dpt::Interrupted& e) {
    log.info("training stopped " + e.where + " on a stop signal; checkpoint written");
    return dpt::kExitInterrupted;
  } catch (const dpt::AgreedError& e) {
    log.error(e.what());
    if (writes_outcome && !output_dir.empty()) dpt::write_outcome_file(output_dir, "failure", e.what());
    return 1;
  } catch (const std::exception& e) {
    log.error(e.what());
    if (!output_dir.empty()) dpt::write_outcome_file(output_dir, "failure", e.what());
    dpt::MpiSession::abort(1);
  } catch (...) {
    log.error("an unknown exception reached main");
    if (!output_dir.empty()) dpt::write_outcome_file(output_dir, "failure", "internal error: unknown exception");
    dpt::MpiSession::abort(1);
  }
}
