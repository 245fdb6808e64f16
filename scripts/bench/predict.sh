#!/usr/bin/env bash
# Prediction throughput: `dptrain predict` at np=2 (1 thread per rank) against Python xgboost's
# Booster.predict (nthread 2), same model and rows, measured alternately in the same run.
#   rows:  the Fashion-MNIST test set (10000 x 784, libsvm)
#   model: the reference job of ../shared/peers/xgboost_fmnist.sh (multi:softmax, 10 classes,
#          25 rounds, depth 5, ...) trained by the XGBoost CLI; cached in $DPT_BENCH_CACHE.
# Three things are timed on each side (medians of RUNS runs):
#   whole     the whole command: process start, MPI start-up (ours), imports (Python), model
#             load, data load, prediction, output file written  (/usr/bin/time wall)
#   inproc    inside the process: model load + data load + prediction + output written
#             (ours: total_s of dptrain's log line; Python: perf_counter after the imports)
#   predict   prediction only: ours = the slowest rank's predict() (predict_s); Python = one
#             Booster.predict call on a DMatrix it has not seen (no prediction cache)
# usage: scripts/bench/predict.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}; runs=${2:-5}
dptrain=$build/worker/dptrain
[ -x "$dptrain" ] || { echo "no dptrain at $dptrain (build it first)"; exit 1; }
mpirun_flags=(--oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpirun_flags+=(--allow-run-as-root)
data=/tmp/fmnist
peers=${DPT_PEERS:-$here/../shared/peers}
/usr/bin/python3 "$peers/fmnist_files.py" "$data" > /dev/null
cache=${DPT_BENCH_CACHE:-/tmp/dpt-bench-predict}
mkdir -p "$cache"
model=$cache/xgboost-model.json
if [ ! -s "$model" ]; then
  echo "training the reference model with the XGBoost CLI (once; cached in $cache) ..."
  cat > "$cache/job.conf" <<CONF
booster = gbtree
objective = multi:softmax
num_class = 10
eta = 0.1
gamma = 4
min_child_weight = 6
max_depth = 5
tree_method = hist
max_bin = 256
nthread = 2
num_round = 25
data = "$data/train.libsvm?format=libsvm"
model_out = "$model.tmp.json"
CONF
  (cd "$cache" && xgboost job.conf > train.log 2>&1)
  mv "$model.tmp.json" "$model"
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/peer.py" <<'PY'
import sys, time
import numpy as np
import xgboost as xgb
model, rows, out = sys.argv[1:4]
start = time.perf_counter()
booster = xgb.Booster(model_file=model)
booster.set_param("nthread", 2)
matrix = xgb.DMatrix(rows + "?format=libsvm", nthread=2, silent=True)
t = time.perf_counter()
pred = booster.predict(matrix)
predict_s = time.perf_counter() - t
np.savetxt(out, pred, fmt="%d")
print(f"inproc_s={time.perf_counter() - start:.4f} predict_s={predict_s:.4f}")
PY

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
field() { sed -n "s/.*$1=\([0-9.e+-]*\).*/\1/p" "$2" | tail -1; }

for run in $(seq "$runs"); do
  /usr/bin/time -f 'wall_s=%e' -o "$work/ours.time" \
    mpirun "${mpirun_flags[@]}" -np 2 "$dptrain" predict --model "$model" \
      --data "$data/test.libsvm" --has-label --out "$work/ours.csv" --nthread 1 > "$work/ours.log"
  /usr/bin/time -f 'wall_s=%e' -o "$work/peer.time" \
    /usr/bin/python3 "$work/peer.py" "$model" "$data/test.libsvm" "$work/peer.csv" > "$work/peer.log"
  cmp -s "$work/ours.csv" "$work/peer.csv" || { echo "predictions differ from xgboost's"; exit 1; }
  echo "$(field wall_s "$work/ours.time") $(field total_s "$work/ours.log") $(field predict_s "$work/ours.log")" >> "$work/ours.txt"
  echo "$(field wall_s "$work/peer.time") $(field inproc_s "$work/peer.log") $(field predict_s "$work/peer.log")" >> "$work/peer.txt"
  echo "run $run: dptrain whole/inproc/predict $(tail -1 "$work/ours.txt")  xgboost $(tail -1 "$work/peer.txt")"
done

rows=$(wc -l < "$work/ours.csv")
declare -A m
for side in ours peer; do
  for col in 1 2 3; do m[$side$col]=$(cut -d' ' -f$col "$work/$side.txt" | median); done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '%-10s %12s %12s %12s\n' "median s" whole inproc predict
printf '%-10s %12s %12s %12s\n' dptrain "${m[ours1]}" "${m[ours2]}" "${m[ours3]}"
printf '%-10s %12s %12s %12s\n' xgboost "${m[peer1]}" "${m[peer2]}" "${m[peer3]}"
echo "rows=$rows; predictions identical to xgboost's in every run; ratios are xgboost time / dptrain time (> 1: dptrain faster)"
echo "predict_throughput_vs_xgboost=$(ratio "${m[peer3]}" "${m[ours3]}") inproc_vs_xgboost=$(ratio "${m[peer2]}" "${m[ours2]}") whole_command_vs_xgboost=$(ratio "${m[peer1]}" "${m[ours1]}") dptrain_predict_rows_per_s=$(awk -v r="$rows" -v s="${m[ours3]}" 'BEGIN {printf "%.0f", r / s}') xgboost_predict_rows_per_s=$(awk -v r="$rows" -v s="${m[peer3]}" 'BEGIN {printf "%.0f", r / s}') runs=$runs"
