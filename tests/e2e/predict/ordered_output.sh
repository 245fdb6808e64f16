#!/usr/bin/env bash
# dptrain predict under mpirun -np 1, 2, 3 writes the same bytes, in the input's row order
# (checked against xgboost's Booster.predict), for csv and jsonlines output, a csv file, a
# folder of libsvm files, and data so small that one rank has no rows.
set -euo pipefail
: "${DPTRAIN:?}" "${DPT_MPIRUN:=mpirun}" "${DPT_MPIRUN_FLAGS:=}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

/usr/bin/python3 - "$work" <<'PY'
import os, sys
import numpy as np, xgboost as xgb
work = sys.argv[1]
rng = np.random.default_rng(3)
x = rng.normal(size=(1000, 5)).astype(np.float32)
x[rng.random(x.shape) < 0.1] = np.nan
y = np.digitize(np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 2]), [-1, 0, 1])
booster = xgb.train({"objective": "multi:softprob", "num_class": 4, "max_depth": 3,
                     "tree_method": "hist"}, xgb.DMatrix(x, label=y), 5)
booster.save_model(f"{work}/model.json")
def csv_line(row):
    return ",".join("" if np.isnan(v) else repr(float(v)) for v in row)
with open(f"{work}/rows.csv", "w") as f:
    f.writelines(csv_line(r) + "\n" for r in x)
with open(f"{work}/two.csv", "w") as f:
    f.writelines(csv_line(r) + "\n" for r in x[:2])
os.makedirs(f"{work}/svm")
for part in range(3):  # a folder of files: rows 0-299, 300-649, 650-999 in sorted name order
    lo, hi = [0, 300, 650, 1000][part], [0, 300, 650, 1000][part + 1]
    with open(f"{work}/svm/part-{part}.libsvm", "w") as f:
        for label, r in zip(y[lo:hi], x[lo:hi]):
            f.write(f"{label} " + " ".join(f"{j}:{float(v)!r}" for j, v in enumerate(r) if not np.isnan(v)) + "\n")
np.savetxt(f"{work}/expected.txt", booster.predict(xgb.DMatrix(x)), fmt="%.9g")
PY

predict() {  # ranks out args...
  local ranks=$1 out=$2; shift 2
  # shellcheck disable=SC2086
  timeout 120 "$DPT_MPIRUN" $DPT_MPIRUN_FLAGS -np "$ranks" "$DPTRAIN" predict \
    --model "$work/model.json" --out "$out" "$@" > "$work/log.txt" 2>&1 || { cat "$work/log.txt"; fail "predict -np $ranks $*"; }
}

for ranks in 1 2 3; do
  predict "$ranks" "$work/csv.$ranks" --data "$work/rows.csv"
  predict "$ranks" "$work/jsonl.$ranks" --data "$work/rows.csv" --accept application/jsonlines
  predict "$ranks" "$work/svm.$ranks" --data "$work/svm" --has-label --nthread 2
  predict "$ranks" "$work/two.$ranks" --data "$work/two.csv"
done
for kind in csv jsonl svm two; do
  for ranks in 2 3; do
    cmp "$work/$kind.1" "$work/$kind.$ranks" || fail "$kind output differs between -np 1 and -np $ranks"
  done
done
[ "$(wc -l < "$work/csv.1")" = 1000 ] || fail "expected 1000 csv lines"
[ "$(wc -l < "$work/two.3")" = 2 ] || fail "expected 2 lines with a rank holding no rows"
cmp "$work/csv.1" "$work/svm.1" || fail "csv and libsvm inputs give different predictions"
head -1 "$work/jsonl.1" | grep -Eq '^\{"predicted_label":[0-3],"probability":[0-9.e-]+,"probabilities":\[[^]]+\]\}$' \
  || fail "jsonlines line has an unexpected shape: $(head -1 "$work/jsonl.1")"

/usr/bin/python3 - "$work" <<'PY' || fail "row order differs from Booster.predict"
import sys
import numpy as np
work = sys.argv[1]
ours = np.loadtxt(f"{work}/csv.3", delimiter=",", dtype=np.float32)
expected = np.loadtxt(f"{work}/expected.txt", dtype=np.float32)
assert ours.shape == expected.shape, (ours.shape, expected.shape)
assert np.abs(ours - expected).max() <= 1e-5, np.abs(ours - expected).max()
PY
echo "ordered output identical at -np 1, 2, 3 (csv, jsonlines, libsvm folder, zero-row rank)"
