#!/bin/bash
# One rank throws mid-collective: the job must end non-zero within seconds, with the reason
# printed; the same probe without a failure must succeed (so this test can fail).
# Usage: failing_rank.sh <probe binary>; uses DPT_MPIRUN and DPT_MPIRUN_FLAGS from ctest.
set -u
probe=$1
mpirun=${DPT_MPIRUN:-mpirun}
read -r -a flags <<< "${DPT_MPIRUN_FLAGS:-}"
limit_ms=20000
status=0

for np in 2 3; do
  if ! out=$("$mpirun" "${flags[@]}" -np "$np" "$probe" none 2>&1); then
    echo "FAIL: np=$np without a failing rank exited non-zero:"; echo "$out"; status=1
  fi
  for mode in blocking bucketer; do
    start=$(date +%s%N)
    out=$(timeout 120 "$mpirun" "${flags[@]}" -np "$np" "$probe" "$mode" 2>&1)
    rc=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    echo "np=$np mode=$mode rc=$rc elapsed=${elapsed_ms}ms"
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then
      echo "FAIL: expected a non-zero exit (not a timeout), got $rc"; status=1
    fi
    if [ "$elapsed_ms" -gt "$limit_ms" ]; then
      echo "FAIL: took ${elapsed_ms}ms, limit ${limit_ms}ms"; status=1
    fi
    if ! grep -q "error: rank $((np - 1)) fails on purpose at step 3" <<< "$out"; then
      echo "FAIL: the failing rank's reason is missing from the output:"; echo "$out"; status=1
    fi
  done
done
exit $status
