#!/usr/bin/env bash
# Bad input to dptrain predict: every case ends with a non-zero exit on every rank (no hang, no
# MPI abort noise needed), a message naming what is wrong, and the same message in the failure
# file under --sm-root; no output file is left behind.
set -uo pipefail
: "${DPTRAIN:?}" "${DPT_MPIRUN:=mpirun}" "${DPT_MPIRUN_FLAGS:=}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0

/usr/bin/python3 - "$work" <<'PY' || exit 1
import sys
import numpy as np, xgboost as xgb
work = sys.argv[1]
x = np.random.default_rng(1).normal(size=(40, 3))
xgb.train({"objective": "binary:logistic"}, xgb.DMatrix(x, label=x[:, 0] > 0), 2).save_model(f"{work}/model.json")
np.savetxt(f"{work}/rows.csv", x, delimiter=",")
np.savetxt(f"{work}/wide.csv", np.hstack([x, x]), delimiter=",")
PY
printf 'hello, this is not json\n' > "$work/garbage.json"
printf '{"name": "a config", "values": [1, 2]}\n' > "$work/other.json"
sed 's/binary:logistic/reg:unheard_of/' "$work/model.json" > "$work/unknown_objective.json"  # no objective has this name
printf 'PK\003\004 not a torchscript archive' > "$work/net.pt"

expect_failure() {  # name expected-substring args...
  local name=$1 expected=$2; shift 2
  rm -rf "$work/out.csv" "$work/root" && mkdir "$work/root"
  # shellcheck disable=SC2086
  timeout 120 "$DPT_MPIRUN" $DPT_MPIRUN_FLAGS -np 2 "$DPTRAIN" predict --sm-root "$work/root" "$@" > "$work/log.txt" 2>&1
  local rc=$?
  if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
    echo "FAIL $name: exit code $rc"; failures=$((failures + 1))
  elif ! grep -qF -- "$expected" "$work/log.txt"; then
    echo "FAIL $name: message lacks '$expected':"; cat "$work/log.txt"; failures=$((failures + 1))
  elif ! grep -qF -- "$expected" "$work/root/output/failure" 2> /dev/null; then
    echo "FAIL $name: the failure file lacks '$expected'"; failures=$((failures + 1))
  elif [ -e "$work/out.csv" ]; then
    echo "FAIL $name: an output file was written"; failures=$((failures + 1))
  else
    echo "ok   $name: $(grep -m1 -F -- "$expected" "$work/log.txt")"
  fi
}

data=(--data "$work/rows.csv" --out "$work/out.csv")
expect_failure "not JSON" "garbage.json:1:1: not a JSON model file" --model "$work/garbage.json" "${data[@]}"
expect_failure "JSON of another kind" "other.json: key 'learner': missing" --model "$work/other.json" "${data[@]}"
expect_failure "unknown objective" "key 'learner.objective.name': unknown objective 'reg:unheard_of'" --model "$work/unknown_objective.json" "${data[@]}"
expect_failure "missing model" "missing.json: the model file does not exist" --model "$work/missing.json" "${data[@]}"
expect_failure "more features than the model" "the data has 6 features" --model "$work/model.json" --data "$work/wide.csv" --out "$work/out.csv"
expect_failure "not TorchScript" "net.pt: not a TorchScript module" --model "$work/net.pt" "${data[@]}"
expect_failure "rounds beyond the model" "iteration_range end 5 exceeds the model's 2 boosting rounds" --model "$work/model.json" --iteration-range 0:5 "${data[@]}"
expect_failure "no --model" "--model PATH is required" "${data[@]}"
expect_failure "bad --accept" "--accept 'text/html' is not supported" --model "$work/model.json" --accept text/html "${data[@]}"
expect_failure "missing data" "no data files" --model "$work/model.json" --data "$work/nothing" --out "$work/out.csv"

[ "$failures" = 0 ] || { echo "$failures case(s) failed"; exit 1; }
echo "all bad-input cases refused clearly"
