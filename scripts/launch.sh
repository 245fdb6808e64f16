#!/usr/bin/env bash
# Starts dptrain on every host of a SageMaker-style job, the way SageMaker's training toolkit
# runs MPI jobs: run it on the first host (the leader); mpirun starts the ranks on every host.
#   scripts/launch.sh [--dry-run] [--sm-root DIR] [dptrain args...]
# Hosts: SM_HOSTS, else <root>/input/config/resourceconfig.json (hosts, current_host,
# network_interface_name). Processes per host P: sagemaker_mpi_num_of_processes_per_host from
# SM_HPS or hyperparameters.json, else DPT_PROCESSES_PER_HOST, else 1. World size = hosts x P.
# --dry-run prints the mpirun command instead of running it. SIGTERM/SIGINT to this script stop
# the job gracefully (checkpoint, exit 143): see scripts/lib/graceful_mpirun.sh. DPTRAIN overrides the binary.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dry_run=0
sm_root=/opt/ml
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --sm-root) sm_root=$2; args+=("$1" "$2"); shift ;;
    --sm-root=*) sm_root=${1#*=}; args+=("$1") ;;
    *) args+=("$1") ;;
  esac
  shift
done
dptrain=${DPTRAIN:-$repo/build/worker/dptrain}

# "hosts current_host interface P" from the job contract, environment first.
read -r hosts current interface per_host < <(SM_ROOT="$sm_root" /usr/bin/python3 - <<'PY'
import json, os, sys
root = os.environ["SM_ROOT"]
def load(name):
    path = os.path.join(root, "input", "config", name)
    if not os.path.exists(path):
        return {}
    try:
        with open(path) as f:
            return json.load(f)
    except ValueError as e:
        sys.exit(f"launch.sh: {path}: invalid JSON: {e}")
rc = load("resourceconfig.json")
hosts = json.loads(os.environ["SM_HOSTS"]) if os.environ.get("SM_HOSTS") else rc.get("hosts", ["algo-1"])
current = os.environ.get("SM_CURRENT_HOST") or rc.get("current_host", hosts[0])
hps = json.loads(os.environ["SM_HPS"]) if os.environ.get("SM_HPS") else load("hyperparameters.json")
per_host = str(hps.get("sagemaker_mpi_num_of_processes_per_host", os.environ.get("DPT_PROCESSES_PER_HOST", "1")))
per_host = per_host.strip('"')
if not per_host.isdigit() or int(per_host) < 1:
    sys.exit(f"launch.sh: sagemaker_mpi_num_of_processes_per_host = {per_host!r}: expected a positive integer")
print(",".join(hosts), current, rc.get("network_interface_name", "") or "-", per_host)
PY
)

leader=${hosts%%,*}
if [ "$current" != "$leader" ] && [ "$dry_run" = 0 ]; then
  echo "launch.sh: this is $current; mpirun on the leader $leader starts the ranks here"
  exit 0
fi

IFS=, read -ra host_list <<< "$hosts"
host_arg=""
for h in "${host_list[@]}"; do host_arg+="${host_arg:+,}$h:$per_host"; done
cmd=(mpirun --host "$host_arg" -np $(( ${#host_list[@]} * per_host ))
     --bind-to none --map-by slot
     --mca orte_abort_on_non_zero_status 1 --mca pml ob1 --mca btl "^openib"
     --mca plm_rsh_no_tree_spawn 1)
if [ "$interface" != "-" ]; then
  cmd+=(--mca btl_tcp_if_include "$interface" --mca oob_tcp_if_include "$interface"
        -x NCCL_SOCKET_IFNAME="$interface")
fi
[ "$(id -u)" -eq 0 ] && cmd+=(--allow-run-as-root)
for var in $(compgen -e | grep '^SM_' || true); do cmd+=(-x "$var"); done
cmd+=(-x PATH -x LD_LIBRARY_PATH "$dptrain" "${args[@]}")

if [ "$dry_run" = 1 ]; then
  # Shell-quoted only where needed, so the line reads like the one SageMaker's logs show.
  for word in "${cmd[@]}"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./:=,@%+^-]+$ ]]; then printf '%s ' "$word"; else printf '%q ' "$word"; fi
  done
  echo
else
  source "$repo/scripts/lib/graceful_mpirun.sh"
  dpt_run_mpirun_gracefully "${cmd[@]}"
fi
