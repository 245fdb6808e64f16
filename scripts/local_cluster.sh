#!/usr/bin/env bash
# Runs an N-rank dptrain job on this machine the way a SageMaker job would see it: writes a
# temporary /opt/ml-style tree (one host algo-1 with N processes), links the data channels into
# it, runs mpirun and keeps the tree for you to read (model/, output/, checkpoints/).
#   scripts/local_cluster.sh N [--root DIR] [--channel NAME=DIR[:CONTENT_TYPE]]... [dptrain args...]
# Example:
#   scripts/local_cluster.sh 2 --channel train=/data/train:text/libsvm --num_round 10
# DPTRAIN overrides the binary (default build/worker/dptrain). SIGTERM/SIGINT to this script stop
# the job gracefully (checkpoint, exit 143): see scripts/lib/graceful_mpirun.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/scripts/lib/setup.sh"
usage() { sed -n '2,8p' "$0" >&2; exit 2; }
[ $# -ge 1 ] && [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
ranks=$1
shift
root=""
channels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --channel) channels+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
root=${root:-$(mktemp -d /tmp/dptrain-local.XXXXXX)}
mkdir -p "$root/input/config" "$root/input/data" "$root/model" "$root/output"

cat > "$root/input/config/resourceconfig.json" <<JSON
{"current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "lo"}
JSON
[ -f "$root/input/config/hyperparameters.json" ] || \
  echo "{\"sagemaker_mpi_num_of_processes_per_host\": \"$ranks\"}" > "$root/input/config/hyperparameters.json"
if [ ${#channels[@]} -gt 0 ]; then
  entries=()
  for spec in "${channels[@]}"; do
    name=${spec%%=*}
    rest=${spec#*=}
    dir=${rest%%:*}
    type=""
    [ "$rest" != "$dir" ] && type=${rest#*:}
    [ -d "$dir" ] || { echo "local_cluster.sh: channel $name: $dir is not a directory" >&2; exit 2; }
    ln -sfn "$(cd "$dir" && pwd)" "$root/input/data/$name"
    entries+=("\"$name\": {\"ContentType\": \"$type\", \"TrainingInputMode\": \"File\", \"S3DistributionType\": \"FullyReplicated\"}")
  done
  (IFS=,; echo "{${entries[*]}}") > "$root/input/config/inputdataconfig.json"
fi

echo "== $ranks ranks on this machine, job tree $root"
read -ra flags <<< "$(dpt_local_mpirun_flags)"
source "$repo/scripts/lib/graceful_mpirun.sh"
set +e
dpt_run_mpirun_gracefully mpirun "${flags[@]}" -np "$ranks" "${DPTRAIN:-$repo/build/worker/dptrain}" \
  --sm-root "$root" "$@"
status=$?
set -e
echo "== exit $status; model in $root/model, outcome in $root/output"
exit $status
