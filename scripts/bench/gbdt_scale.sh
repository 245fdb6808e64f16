#!/usr/bin/env bash
# Boosted trees at growing row counts: a generated regression set (50 features, label first,
# text/csv), reg:squarederror, 20 rounds, max_depth 6, max_bin 256, dptrain at np=2 x 1 thread
# against the XGBoost CLI with 2 threads in the same run. Shows how wall time (file in ->
# model out) grows with rows; medians of RUNS runs per size.
# usage: scripts/bench/gbdt_scale.sh [RUNS] [ROWS...]   (default: 3 runs; 250000 500000 1000000 2000000)
# env: DPTRAIN, MPIRUN_FLAGS
set -euo pipefail
runs=${1:-3}; shift || true
sizes=${*:-250000 500000 1000000 2000000}
root=$(cd "$(dirname "$0")/../.." && pwd)
dptrain=${DPTRAIN:-$root/build/worker/dptrain}
mpirun_flags=${MPIRUN_FLAGS:---oversubscribe --bind-to none}
[ "$(id -u)" = 0 ] && mpirun_flags="$mpirun_flags --allow-run-as-root"
[ -x "$dptrain" ] || { echo "dptrain not found at $dptrain (build it or set DPTRAIN)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f\n", b - a}'; }  # one line per run: the medians need them apart

generate() {  # rows -> $work/data-<rows>.csv
  /usr/bin/python3 - "$1" "$work/data-$1.csv" <<'PY'
import sys
import numpy as np
rows, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(42)
with open(path, "w") as out:
    for start in range(0, rows, 100000):
        n = min(100000, rows - start)
        x = rng.standard_normal((n, 50)).astype(np.float32)
        y = 2 * x[:, 0] - x[:, 1] * x[:, 2] + np.where(x[:, 3] > 0, 0.5, 0.0) + np.sin(x[:, 4]) \
            + 0.1 * rng.standard_normal(n)
        np.savetxt(out, np.column_stack([y, x]), fmt="%.5g", delimiter=",")
PY
}

run_dptrain() {  # rows -> wall seconds
  local tree="$work/job"
  rm -rf "$tree"; mkdir -p "$tree/input/config" "$tree/input/data/train"
  ln -f "$work/data-$1.csv" "$tree/input/data/train/train.csv"
  echo '{"objective": "reg:squarederror", "num_round": "20", "max_depth": "6", "eta": "0.3", "max_bin": "256", "nthread": "1"}' \
    > "$tree/input/config/hyperparameters.json"
  echo '{"train": {"ContentType": "text/csv"}}' > "$tree/input/config/inputdataconfig.json"
  local start; start=$(date +%s.%N)
  # shellcheck disable=SC2086
  mpirun $mpirun_flags -np 2 "$dptrain" --sm-root "$tree" > "$tree/log.txt" 2>&1
  elapsed "$start"
}

run_xgboost() {  # rows -> wall seconds
  cat > "$work/job.conf" <<CONF
booster = gbtree
objective = reg:squarederror
num_round = 20
max_depth = 6
eta = 0.3
tree_method = hist
max_bin = 256
nthread = 2
data = "$work/data-$1.csv?format=csv&label_column=0"
model_out = "$work/xgboost-model"
CONF
  local start; start=$(date +%s.%N)
  (cd "$work" && xgboost job.conf > "$work/xgb.log" 2>&1)
  elapsed "$start"
}

printf '%10s %12s %12s %10s %16s\n' rows dptrain_s xgboost_s ratio dptrain_us/row
first_per_row=""; last=""
for rows in $sizes; do
  generate "$rows"
  : > "$work/d.wall"; : > "$work/x.wall"
  for _ in $(seq "$runs"); do
    run_xgboost "$rows" >> "$work/x.wall"
    run_dptrain "$rows" >> "$work/d.wall"
  done
  d=$(median < "$work/d.wall"); x=$(median < "$work/x.wall")
  per_row=$(awk -v t="$d" -v n="$rows" 'BEGIN {printf "%.3f", t * 1e6 / n}')
  [ -z "$first_per_row" ] && first_per_row=$per_row
  printf '%10s %12s %12s %10s %16s\n' "$rows" "$d" "$x" "$(ratio "$d" "$x")" "$per_row"
  last="rows=$rows wall_s=$d xgboost_wall_s=$x wall_vs_xgboost=$(ratio "$d" "$x")"
  rm -f "$work/data-$rows.csv"
done
echo "$last per_row_growth=$(ratio "$per_row" "$first_per_row")"
