#!/usr/bin/env bash
# scripts/launch.sh --dry-run on a two-host resourceconfig.json prints the mpirun line SageMaker's
# toolkit would run: both hosts with P slots, -np hosts x P, abort on non-zero status, TCP over
# the job's network interface, SM_* exported, and the dptrain arguments passed through.
set -euo pipefail
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/input/config"
cat > "$root/input/config/resourceconfig.json" <<'JSON'
{"current_host": "algo-1", "hosts": ["algo-1", "algo-2"], "network_interface_name": "eth7"}
JSON
echo '{"sagemaker_mpi_num_of_processes_per_host": "\"3\"", "num_round": "5"}' > "$root/input/config/hyperparameters.json"
out=$(SM_MODEL_DIR=/tmp/m DPTRAIN=/bin/dptrain "$DPT_SOURCE_DIR/scripts/launch.sh" --dry-run --sm-root "$root" --eta 0.1)
echo "$out"
fail=0
for want in "mpirun " "--host algo-1:3,algo-2:3 " "-np 6 " "orte_abort_on_non_zero_status 1" \
            "btl_tcp_if_include eth7" "oob_tcp_if_include eth7" "-x SM_MODEL_DIR" \
            "/bin/dptrain --sm-root $root --eta 0.1"; do
  grep -qF -- "$want" <<< "$out" || { echo "FAIL: the command lacks: $want"; fail=1; }
done
# SM_HOSTS wins over the file
out=$(SM_HOSTS='["a","b","c"]' SM_CURRENT_HOST=a "$DPT_SOURCE_DIR/scripts/launch.sh" --dry-run --sm-root "$root")
grep -qF -- "-np 9 " <<< "$out" || { echo "FAIL: SM_HOSTS with 3 hosts x 3 should give -np 9: $out"; fail=1; }
exit $fail
