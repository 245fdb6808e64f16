#!/usr/bin/env bash
# Categorical features: dptrain against XGBoost 1.7 (Python, tree_method=hist, enable_categorical,
# the same threads) on a generated regression set: ROWS training rows (default 200k) with 5
# categorical columns (3, 30, 500, 2000 and 10000 codes: one-hot, partition, and high
# cardinality beyond max_cat_threshold and max_bin) and 10 numeric ones, ~5% of the categorical
# cells missing; a held-out set of ROWS/4 rows. reg:squarederror, 20 rounds, max_depth 6, eta
# 0.3, the same base_score. Wall time is file in -> model out for both (dptrain: the whole mpirun
# at np=2 x 1 thread; xgboost: DMatrix from the libsvm file with feature_types, train, save,
# nthread 2). Held-out rmse of both models as xgboost's booster.eval computes it. Medians over
# RUNS runs, interleaved.
# usage: scripts/bench/gbdt_categorical.sh [RUNS]   (env: DPTRAIN, ROWS, MPIRUN_FLAGS)
set -euo pipefail
runs=${1:-3}
rows=${ROWS:-200000}
root=$(cd "$(dirname "$0")/../.." && pwd)
dptrain=${DPTRAIN:-$root/build/worker/dptrain}
mpirun_flags=${MPIRUN_FLAGS:---oversubscribe --bind-to none}
[ "$(id -u)" = 0 ] && mpirun_flags="$mpirun_flags --allow-run-as-root"
[ -x "$dptrain" ] || { echo "dptrain not found at $dptrain (build it or set DPTRAIN)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" "$rows" <<'PY'
import sys
import numpy as np
work, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(11)
cards = [3, 30, 500, 2000, 10000]
effects = [rng.normal(0, 1, c) for c in cards]
w = rng.uniform(-1, 1, 10)
for name, n in (("train", rows), ("test", rows // 4)):
    cats = [rng.integers(0, c, n) for c in cards]
    x = np.round(rng.normal(0, 1, (n, 10)), 4)
    y = sum(e[c] for e, c in zip(effects, cats)) + x @ w + (cats[0] == 1) * x[:, 0] + rng.normal(0, 0.5, n)
    present = [rng.random(n) >= 0.05 for _ in cards]
    with open("%s/%s.libsvm" % (work, name), "w") as f:
        for i in range(n):
            cells = ["%d:%d" % (j, cats[j][i]) for j in range(len(cards)) if present[j][i]]
            cells += ["%d:%g" % (len(cards) + j, v) for j, v in enumerate(x[i])]
            f.write("%.4f %s\n" % (y[i], " ".join(cells)))
PY
types='["c","c","c","c","c","q","q","q","q","q","q","q","q","q","q"]'

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
rmse_of() {  # model file -> held-out rmse
  /usr/bin/python3 -c "import xgboost as x, sys, json; b = x.Booster(model_file=sys.argv[1]); b.set_param({'eval_metric': 'rmse'}); print(b.eval(x.DMatrix(sys.argv[2] + '?format=libsvm', feature_types=json.loads(sys.argv[3]), enable_categorical=True)).split(':')[-1])" "$1" "$work/test.libsvm" "$types"
}
base_score=$(awk '{s += $1} END {printf "%.6f", s / NR}' "$work/train.libsvm")

run_dptrain() {
  local tree="$work/job"
  rm -rf "$tree"; mkdir -p "$tree/input/config" "$tree/input/data/train"
  ln -f "$work/train.libsvm" "$tree/input/data/train/"
  echo '{"objective": "reg:squarederror", "num_round": "20", "max_depth": "6", "eta": "0.3", "nthread": "1",
         "categorical_features": "0,1,2,3,4", "base_score": "'"$base_score"'"}' > "$tree/input/config/hyperparameters.json"
  echo '{"train": {"ContentType": "text/libsvm"}}' > "$tree/input/config/inputdataconfig.json"
  local start end
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  mpirun $mpirun_flags -np 2 "$dptrain" --sm-root "$tree" > "$tree/log.txt" 2>&1 || { cat "$tree/log.txt" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}') $(rmse_of "$tree/model/xgboost-model")"
}

run_xgboost() {
  /usr/bin/python3 - "$work" "$types" "$base_score" <<'PY'
import json, sys, time
import xgboost as x
work, types, base_score = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3])
start = time.time()
d = x.DMatrix(work + "/train.libsvm?format=libsvm", feature_types=types, enable_categorical=True)
b = x.train({"objective": "reg:squarederror", "max_depth": 6, "eta": 0.3, "nthread": 2, "tree_method": "hist",
             "base_score": base_score}, d, 20)
b.save_model(work + "/xgb.json")
wall = time.time() - start
b.set_param({"eval_metric": "rmse"})
print("%.2f %s" % (wall, b.eval(x.DMatrix(work + "/test.libsvm?format=libsvm", feature_types=types,
                                          enable_categorical=True)).split(":")[-1]))
PY
}

for i in $(seq "$runs"); do
  ours=$(run_dptrain); theirs=$(run_xgboost)
  echo "run $i: dptrain np=2 wall_s rmse = $ours; xgboost nthread=2 wall_s rmse = $theirs"
  echo "$ours" | cut -d' ' -f1 >> "$work/ours.wall"; echo "$ours" | cut -d' ' -f2 >> "$work/ours.rmse"
  echo "$theirs" | cut -d' ' -f1 >> "$work/xgb.wall"; echo "$theirs" | cut -d' ' -f2 >> "$work/xgb.rmse"
done
ow=$(median < "$work/ours.wall"); xw=$(median < "$work/xgb.wall")
echo "gbdt_categorical rows=$rows runs=$runs dptrain_np2_s=$ow xgboost_s=$xw time_ratio=$(awk -v a="$ow" -v b="$xw" 'BEGIN {printf "%.3f", a / b}')" \
     "dptrain_rmse=$(median < "$work/ours.rmse") xgboost_rmse=$(median < "$work/xgb.rmse")"
