#!/usr/bin/env bash
# The real binary's command line: --help lists every hyperparameter with type, default and range;
# --version; help output from one rank only under mpirun.
set -euo pipefail
fail=0
check() { grep -qF -- "$2" <<< "$1" || { echo "FAIL: $3 lacks: $2"; fail=1; }; }
help=$("$DPTRAIN" --help)
for want in "--sm-root DIR" "--backend" "--checkpoint-dir" "--model-dir" "--model " "default gbtree" \
            "Jobs with model gbtree:" "--num_round" "--max_depth" "--objective" "--fresh_start"; do
  check "$help" "$want" "dptrain --help"
done
check "$("$DPTRAIN" train --help)" "--num_round" "dptrain train --help"
check "$("$DPTRAIN" --version)" "dptrain " "dptrain --version"
read -ra flags <<< "$DPT_MPIRUN_FLAGS"
lines=$("$DPT_MPIRUN" "${flags[@]}" -np 2 "$DPTRAIN" --version | grep -c "^dptrain ")
[ "$lines" = 1 ] || { echo "FAIL: --version under mpirun -np 2 printed $lines lines (rank 0 only expected)"; fail=1; }
exit $fail
