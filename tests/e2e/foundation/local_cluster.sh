#!/usr/bin/env bash
# scripts/local_cluster.sh runs a real 2-rank boosting job on a small csv channel: exit 0, the
# success file, the model, the metric lines on rank 0 only; a second run into the same tree with
# a bad hyperparameter replaces the success file by a failure file.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data"
/usr/bin/python3 - "$work/data/train.csv" <<'PY'
import random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    for _ in range(400):
        x = [random.random() for _ in range(4)]
        f.write(",".join([f"{2 * x[0] + x[1]:.4f}"] + [f"{v:.4f}" for v in x]) + "\n")
PY
fail=0
out=$("$DPT_SOURCE_DIR/scripts/local_cluster.sh" 2 --root "$work/job" --channel train="$work/data":text/csv \
      --num_round 3 --max_depth 2 2>&1) || { echo "FAIL: the job failed:"; echo "$out"; exit 1; }
echo "$out"
[ -f "$work/job/output/success" ] || { echo "FAIL: no success file"; fail=1; }
[ -s "$work/job/model/xgboost-model" ] || { echo "FAIL: no model file"; fail=1; }
rounds=$(grep -c $'^\[[0-9]*\]\ttrain-rmse:' <<< "$out" || true)
[ "$rounds" = 3 ] || { echo "FAIL: expected 3 metric lines (rank 0 only), got $rounds"; fail=1; }

if "$DPT_SOURCE_DIR/scripts/local_cluster.sh" 2 --root "$work/job" --channel train="$work/data":text/csv \
     --num_round 3 --max_depth=-1 > "$work/second.log" 2>&1; then
  echo "FAIL: max_depth=-1 was accepted"; fail=1
fi
[ ! -e "$work/job/output/success" ] || { echo "FAIL: the stale success file is still there"; fail=1; }
grep -q "max_depth" "$work/job/output/failure" 2>/dev/null || { echo "FAIL: no failure file naming max_depth"; fail=1; }
exit $fail
