#!/usr/bin/env bash
# Load time of Fashion-MNIST train.csv and train.libsvm (60000 x 784): our loader (dpt_load_bench,
# load_channel at np 1 and 2, slowest rank) against XGBoost's own loader
# (xgboost.DMatrix('...?format=csv|libsvm', nthread=2)), both measured in the same run, each
# timing only the load (process start-up excluded on both sides). Medians of RUNS rounds.
# mem_vs_dense: peak memory the load added (sum over ranks, np 2, the larger of csv and libsvm)
# divided by the size of the data as dense float32.
#   usage: scripts/bench/load.sh            (RUNS=5, DPT_BUILD_DIR=build, FMNIST_DIR=/tmp/fmnist)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${DPT_BUILD_DIR:-$root/build}
runs=${RUNS:-5}
data=${FMNIST_DIR:-/tmp/fmnist}
peers=${DPT_PEERS:-$root/../shared/peers}
python=/usr/bin/python3

# A rank that finished its share waits in a collective; with yield_when_idle it does not
# busy-spin on a core the other rank still needs (Open MPI spins at np <= cores otherwise).
mpirun_flags=(--oversubscribe --bind-to none --mca mpi_yield_when_idle 1)
[ "$(id -u)" = 0 ] && mpirun_flags+=(--allow-run-as-root)

"$python" "$peers/fmnist_files.py" "$data" > /dev/null
[ -x "$build/data/dpt_load_bench" ] || cmake --build "$build" --target dpt_load_bench -j2 > /dev/null
bench="$build/data/dpt_load_bench"

xgboost_seconds() {  # format
  "$python" - "$data/train.$1" "$1" 2> /dev/null <<'PY'
import sys, time, xgboost
path, fmt = sys.argv[1], sys.argv[2]
uri = f"{path}?format={fmt}" + ("&label_column=0" if fmt == "csv" else "")
start = time.perf_counter()
m = xgboost.DMatrix(uri, nthread=2)
elapsed = time.perf_counter() - start
assert m.num_row() == 60000, m.num_row()
print(f"{elapsed:.4f}")
PY
}

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
ours() {  # np format -> "seconds peak_bytes dense_bytes"
  local out
  out=$(mpirun "${mpirun_flags[@]}" -np "$1" "$bench" "$data/train.$2" "" 1 2> "$errors") || {
    cat "$errors" >&2
    exit 1
  }
  sed -n 's/.*load_seconds=\([0-9.]*\) rows=60000 .*peak_load_bytes=\([0-9]*\) dense_f32_bytes=\([0-9]*\).*/\1 \2 \3/p' <<< "$out"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

declare -A times
mem_ratio=0
for ((run = 1; run <= runs; run++)); do
  for fmt in csv libsvm; do
    times[xgb_$fmt]+="$(xgboost_seconds "$fmt") "
    for np in 1 2; do
      read -r seconds peak dense < <(ours "$np" "$fmt")
      times[ours_${fmt}_np$np]+="$seconds "
      if [ "$np" = 2 ]; then
        mem_ratio=$(awk -v p="$peak" -v d="$dense" -v m="$mem_ratio" 'BEGIN {r = p / d; print (r > m) ? r : m}')
      fi
    done
  done
done

for key in xgb_csv ours_csv_np1 ours_csv_np2 xgb_libsvm ours_libsvm_np1 ours_libsvm_np2; do
  med=$(tr ' ' '\n' <<< "${times[$key]}" | grep . | median)
  printf '%-16s median %.3f s   (runs: %s)\n' "$key" "$med" "${times[$key]% }"
  declare "med_$key=$med"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
echo "np=1: csv_vs_xgboost=$(ratio "$med_ours_csv_np1" "$med_xgb_csv") libsvm_vs_xgboost=$(ratio "$med_ours_libsvm_np1" "$med_xgb_libsvm")"
echo "csv_load_vs_xgboost=$(ratio "$med_ours_csv_np2" "$med_xgb_csv") libsvm_load_vs_xgboost=$(ratio "$med_ours_libsvm_np2" "$med_xgb_libsvm") mem_vs_dense=$(printf '%.3f' "$mem_ratio")"
