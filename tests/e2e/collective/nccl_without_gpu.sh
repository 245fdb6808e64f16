#!/bin/bash
# dptrain --backend nccl on a machine without a GPU: every rank must stop quickly with a non-zero
# status, say why ("no CUDA device is visible on host ...", or in a build without NCCL that it was
# built without it) and what to use instead, and leave the failure file and no model.
# Usage: nccl_without_gpu.sh ON|OFF (whether this build has the NCCL backend). Exit 77 = skipped.
set -u
have_nccl=$1
DPTRAIN=${DPTRAIN:?run through ctest or set DPTRAIN}
mpirun=${DPT_MPIRUN:-mpirun}
read -r -a flags <<< "${DPT_MPIRUN_FLAGS:---oversubscribe --bind-to none}"
if command -v nvidia-smi > /dev/null && nvidia-smi -L 2> /dev/null | grep -q GPU; then
  echo "a GPU is visible here: nothing to check"; exit 77
fi
work=$(mktemp -d /tmp/dpt_nccl_e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/input/data/train"
for i in $(seq 1 60); do echo "$((i % 7)),$i,$((i * 3 % 11)),0.5"; done > "$work/input/data/train/train.csv"

start=$(date +%s%N)
timeout 120 "$mpirun" "${flags[@]}" -np 2 "$DPTRAIN" --sm-root "$work" --backend nccl \
  --num_round 2 --objective reg:squarederror > "$work/log" 2>&1
rc=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
echo "rc=$rc elapsed=${elapsed_ms}ms"
if [ "$have_nccl" = ON ]; then
  reason="backend nccl: no CUDA device is visible on host $(hostname) \(cudaGetDeviceCount: [^)]+\); use --backend mpi"
else
  reason="backend nccl: this dptrain was built without NCCL .*; use --backend mpi"
fi
status=0
fail() { echo "FAIL: $*"; status=1; }
{ [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; } || fail "expected a non-zero status (not a timeout), got $rc"
[ "$elapsed_ms" -le 30000 ] || fail "took ${elapsed_ms}ms"
[ "$(grep -Ec "\[rank [01]/2\] error: (rank 0: )?$reason" "$work/log")" -ge 1 ] || fail "no '$reason' in the log"
grep -Eq "$reason" "$work/output/failure" 2> /dev/null || fail "failure file missing or without the reason"
[ -z "$(ls -A "$work/model" 2> /dev/null)" ] || fail "a model was written"
[ "$status" -eq 0 ] || cat "$work/log"
grep -Eo "$reason" "$work/log" | head -1
exit $status
