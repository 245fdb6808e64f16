# Sourced by scripts/launch.sh and scripts/local_cluster.sh:
#   dpt_run_mpirun_gracefully CMD...   runs the mpirun command line CMD and returns its status.
# Why not exec mpirun: Open MPI 4.1's mpirun does not forward SIGTERM (what docker, SageMaker and
# spot interruptions send to the container's first process); on its own SIGTERM it kills the
# ranks after odls_base_sigkill_timeout (1 s) and exits 1, leaving no time for a checkpoint.
# It does forward SIGUSR1 at once, and dptrain treats SIGUSR1 like SIGTERM (agree at the next
# round/step boundary, checkpoint, exit 143). So the launcher turns TERM/INT into USR1.
dpt_run_mpirun_gracefully() {
  "$@" &
  local pid=$! status
  trap 'kill -USR1 "$pid" 2>/dev/null' TERM INT
  while :; do
    wait "$pid"
    status=$?
    # wait returns early (status > 128) when a trapped signal arrives; mpirun is still running.
    kill -0 "$pid" 2>/dev/null || break
  done
  trap - TERM INT
  return "$status"
}
