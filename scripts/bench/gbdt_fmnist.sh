#!/usr/bin/env bash
# Boosted trees on the reference job (Fashion-MNIST libsvm, multi:softmax, 10 classes, 25 rounds,
# max_depth 5, eta 0.1, gamma 4, min_child_weight 6, max_bin 256), dptrain against the XGBoost
# CLI peer (../shared/peers/xgboost_fmnist.sh, 2 threads) in the same run, interleaved:
#   dptrain np=2 x 1 thread, np=1 x 2 threads, np=1 x 1 thread (for the np=2 speed-up).
# Wall time is file in -> model out (the whole mpirun); peak RSS is summed over the ranks
# (/usr/bin/time per rank). Test mlogloss as XGBoost's eval[test] computes it (softmax
# probabilities), accuracy = 1 - test merror. Medians over RUNS runs.
# usage: scripts/bench/gbdt_fmnist.sh [RUNS]   (env: DPTRAIN, DPT_PEERS, FMNIST_DIR, MPIRUN_FLAGS)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
dptrain=${DPTRAIN:-$root/build/worker/dptrain}
peers=${DPT_PEERS:-$root/../shared/peers}
data=${FMNIST_DIR:-/tmp/fmnist}
mpirun_flags=${MPIRUN_FLAGS:---oversubscribe --bind-to none}
[ "$(id -u)" = 0 ] && mpirun_flags="$mpirun_flags --allow-run-as-root"
[ -x "$dptrain" ] || { echo "dptrain not found at $dptrain (build it or set DPTRAIN)" >&2; exit 1; }
/usr/bin/python3 "$peers/fmnist_files.py" "$data" > /dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

# One dptrain run: prints "wall_s rss_mb mlogloss accuracy model_sha".
run_dptrain() {
  local np=$1 nthread=$2 tree="$work/job-$1x$2"
  rm -rf "$tree"; mkdir -p "$tree/input/config" "$tree/input/data/train" "$tree/input/data/test"
  ln -f "$data/train.libsvm" "$tree/input/data/train/" 2>/dev/null || cp "$data/train.libsvm" "$tree/input/data/train/"
  ln -f "$data/test.libsvm" "$tree/input/data/test/" 2>/dev/null || cp "$data/test.libsvm" "$tree/input/data/test/"
  cat > "$tree/input/config/hyperparameters.json" <<JSON
{"objective": "multi:softmax", "num_class": "10", "num_round": "25", "max_depth": "5", "eta": "0.1",
 "gamma": "4", "min_child_weight": "6", "tree_method": "hist", "max_bin": "256",
 "nthread": "$nthread", "eval_metric": "merror,mlogloss"}
JSON
  echo '{"train": {"ContentType": "text/libsvm"}, "test": {"ContentType": "text/libsvm"}}' \
    > "$tree/input/config/inputdataconfig.json"
  local start end
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  mpirun $mpirun_flags -np "$np" sh -c \
    'exec /usr/bin/time -f "%M" -o "$0/rss.$OMPI_COMM_WORLD_RANK" "$1" --sm-root "$0"' \
    "$tree" "$dptrain" > "$tree/log.txt" 2>&1
  end=$(date +%s.%N)
  local rss loss err
  rss=$(cat "$tree"/rss.* | awk '{s += $1} END {printf "%.0f", s / 1024}')
  loss=$(grep -o 'test-mlogloss:[0-9.]*' "$tree/log.txt" | tail -1 | cut -d: -f2)
  err=$(grep -o 'test-merror:[0-9.]*' "$tree/log.txt" | tail -1 | cut -d: -f2)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}') $rss $loss" \
       "$(awk -v e="$err" 'BEGIN {printf "%.4f", 1 - e}')" \
       "$(sha256sum "$tree/model/xgboost-model" | cut -c1-16)"
}

configs="2x1 1x2 1x1"
for i in $(seq "$runs"); do
  line=$(bash "$peers/xgboost_fmnist.sh" "$data" 2)
  echo "run $i xgboost(2 threads): $line"
  echo "$line" | sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' >> "$work/xgb.wall"
  echo "$line" | sed -n 's/.*max_rss_mb=\([0-9]*\).*/\1/p' >> "$work/xgb.rss"
  echo "$line" | sed -n 's/.*test_mlogloss=\([0-9.]*\).*/\1/p' >> "$work/xgb.loss"
  for c in $configs; do
    read -r wall rss loss acc sha <<< "$(run_dptrain "${c%x*}" "${c#*x}")"
    echo "run $i dptrain np=${c%x*} x ${c#*x} thread: wall_s=$wall rss_mb(sum)=$rss test_mlogloss=$loss accuracy=$acc model=$sha"
    echo "$wall" >> "$work/$c.wall"; echo "$rss" >> "$work/$c.rss"; echo "$loss" > "$work/$c.loss"
    echo "$acc" > "$work/$c.acc"; echo "$sha" >> "$work/models"
  done
done

xgb_wall=$(median < "$work/xgb.wall"); xgb_rss=$(median < "$work/xgb.rss"); xgb_loss=$(median < "$work/xgb.loss")
echo
printf '%-26s %10s %12s %14s %10s %10s %10s\n' config wall_s rss_mb test_mlogloss accuracy wall/xgb rss/xgb
printf '%-26s %10s %12s %14s %10s %10s %10s\n' "xgboost 2 threads" "$xgb_wall" "$xgb_rss" "$xgb_loss" "-" 1 1
for c in $configs; do
  w=$(median < "$work/$c.wall"); r=$(median < "$work/$c.rss")
  printf '%-26s %10s %12s %14s %10s %10s %10s\n' "dptrain np=${c%x*} x ${c#*x} thread" "$w" "$r" \
    "$(cat "$work/$c.loss")" "$(cat "$work/$c.acc")" "$(ratio "$w" "$xgb_wall")" "$(ratio "$r" "$xgb_rss")"
done
distinct=$(sort -u "$work/models" | wc -l)
echo "dptrain model files identical across all configs and runs: $([ "$distinct" = 1 ] && echo yes || echo "no ($distinct distinct)")"
np2_wall=$(median < "$work/2x1.wall"); np1_wall=$(median < "$work/1x1.wall")
echo "wall_vs_xgboost=$(ratio "$np2_wall" "$xgb_wall") rss_vs_xgboost=$(ratio "$(median < "$work/2x1.rss")" "$xgb_rss")" \
     "mlogloss=$(cat "$work/2x1.loss") xgboost_mlogloss=$xgb_loss scaling_np2=$(ratio "$np1_wall" "$np2_wall")"
