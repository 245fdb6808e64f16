#!/usr/bin/env bash
# Learning to rank: dptrain against XGBoost 1.7 (Python, tree_method=hist, the same threads) on a
# generated set: ROWS training rows (default 200k) in query groups of 1-39 rows (~20), 50
# features, relevance 0-4; a held-out set of ROWS/4 rows. rank:ndcg, 20 rounds, max_depth 6,
# eta 0.1. Wall time is file in -> model out for both (dptrain: the whole mpirun at np=2 x 1
# thread; xgboost: DMatrix from the libsvm file, train, save, nthread 2). Held-out ndcg of both
# models as xgboost's booster.eval computes it. Medians over RUNS runs, interleaved.
# usage: scripts/bench/gbdt_rank.sh [RUNS]   (env: DPTRAIN, ROWS, MPIRUN_FLAGS)
set -euo pipefail
runs=${1:-3}
rows=${ROWS:-200000}
root=$(cd "$(dirname "$0")/../.." && pwd)
dptrain=${DPTRAIN:-$root/build/worker/dptrain}
mpirun_flags=${MPIRUN_FLAGS:---oversubscribe --bind-to none}
[ "$(id -u)" = 0 ] && mpirun_flags="$mpirun_flags --allow-run-as-root"
[ -x "$dptrain" ] || { echo "dptrain not found at $dptrain (build it or set DPTRAIN)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# The data, with numpy (the e2e generator in pure Python is too slow for 200k x 50).
/usr/bin/python3 - "$work" "$rows" <<'PY'
import sys
import numpy as np
work, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
w = rng.uniform(-1, 1, 50)
for name, n in (("train", rows), ("valid", rows // 4)):
    sizes = rng.integers(1, 40, n // 10)
    sizes = sizes[np.cumsum(sizes) <= n]
    qid = np.repeat(np.arange(len(sizes)), sizes)
    x = np.round(rng.uniform(-1, 1, (len(qid), 50)), 3)
    score = x @ w + x[:, 0] * x[:, 1] + rng.normal(0, 0.5, len(sizes))[qid] + rng.normal(0, 0.4, len(qid))
    label = np.clip((score / 2 + 2).astype(int), 0, 4)
    cols = np.arange(50)
    with open("%s/%s.libsvm" % (work, name), "w") as f:
        for i in range(len(qid)):
            f.write("%d qid:%d %s\n" % (label[i], qid[i], " ".join("%d:%g" % (j, v) for j, v in zip(cols, x[i]))))
PY

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ndcg_of() {  # model file -> held-out ndcg
  /usr/bin/python3 -c "import xgboost as x, sys; b = x.Booster(model_file=sys.argv[1]); b.set_param({'eval_metric': 'ndcg'}); print(b.eval(x.DMatrix(sys.argv[2] + '?format=libsvm')).split(':')[-1])" "$1" "$work/valid.libsvm"
}

run_dptrain() {
  local tree="$work/job"
  rm -rf "$tree"; mkdir -p "$tree/input/config" "$tree/input/data/train"
  ln -f "$work/train.libsvm" "$tree/input/data/train/"
  echo '{"objective": "rank:ndcg", "num_round": "20", "max_depth": "6", "eta": "0.1", "nthread": "1", "tree_method": "hist"}' \
    > "$tree/input/config/hyperparameters.json"
  echo '{"train": {"ContentType": "text/libsvm"}}' > "$tree/input/config/inputdataconfig.json"
  local start end
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  mpirun $mpirun_flags -np 2 "$dptrain" --sm-root "$tree" > "$tree/log.txt" 2>&1
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}') $(ndcg_of "$tree/model/xgboost-model")"
}

run_xgboost() {
  /usr/bin/python3 - "$work" <<'PY'
import sys, time
import xgboost as x
work = sys.argv[1]
start = time.time()
d = x.DMatrix(work + "/train.libsvm?format=libsvm")
b = x.train({"objective": "rank:ndcg", "max_depth": 6, "eta": 0.1, "nthread": 2, "tree_method": "hist"}, d, 20)
b.save_model(work + "/xgb.json")
wall = time.time() - start
b.set_param({"eval_metric": "ndcg"})
print("%.2f %s" % (wall, b.eval(x.DMatrix(work + "/valid.libsvm?format=libsvm")).split(":")[-1]))
PY
}

for i in $(seq "$runs"); do
  ours=$(run_dptrain); theirs=$(run_xgboost)
  echo "run $i: dptrain np=2 wall_s ndcg = $ours; xgboost nthread=2 wall_s ndcg = $theirs"
  echo "$ours" | cut -d' ' -f1 >> "$work/ours.wall"; echo "$ours" | cut -d' ' -f2 >> "$work/ours.ndcg"
  echo "$theirs" | cut -d' ' -f1 >> "$work/xgb.wall"; echo "$theirs" | cut -d' ' -f2 >> "$work/xgb.ndcg"
done
ow=$(median < "$work/ours.wall"); xw=$(median < "$work/xgb.wall")
echo "gbdt_rank rows=$rows runs=$runs dptrain_np2_s=$ow xgboost_s=$xw time_ratio=$(awk -v a="$ow" -v b="$xw" 'BEGIN {printf "%.3f", a / b}')" \
     "dptrain_ndcg=$(median < "$work/ours.ndcg") xgboost_ndcg=$(median < "$work/xgb.ndcg")"
