#!/bin/bash
# SIGTERM to one rank mid-training (np=2): every rank stops at the same step boundary with
# status 143 after rank 0 checkpointed; rerunning the same command resumes, and the final model
# is byte-identical to an uninterrupted run (dropout, AdamW, cosine schedule with warm-up).
# 250 steps per epoch: a resumed attempt must still be training when its signal comes, even on
# a fast idle machine.
source "$(dirname "$0")/common.sh"
args=(--model mlp --hidden 512,256 --dropout 0.2 --optimizer adamw --weight-decay 0.01
      --learning-rate 0.002 --lr-schedule cosine --warmup-steps 5 --epochs 2 --max-steps 250
      --batch-size 200 --seed 3)

fmnist_root "$WORK/straight"
run_job 2 "$WORK/straight" "${args[@]}" || { fail "uninterrupted run failed"; cat "$WORK/straight/log"; }

root=$WORK/interrupted
fmnist_root "$root"
for attempt in 1 2; do
  timeout 240 "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$DPTRAIN" --sm-root "$root" "${args[@]}" > "$root/log" 2>&1 &
  launcher=$!
  for _ in $(seq 1 1200); do
    grep -q "neural job:" "$root/log" 2>/dev/null && break
    sleep 0.05
  done
  sleep "0.$((attempt * 3))"
  # One rank only: the stop request must still reach every rank at the same boundary.
  # $launcher is timeout; its child is mpirun, whose children are the ranks.
  mpirun_pid=$(pgrep -P "$launcher" | head -1)
  ranks=($(pgrep -P "$mpirun_pid"))
  [ "${#ranks[@]}" -eq 2 ] || fail "attempt $attempt: expected 2 ranks under mpirun $mpirun_pid, found ${ranks[*]}"
  kill -TERM "${ranks[-1]}" 2>/dev/null
  start=$(date +%s%N)
  wait "$launcher"
  rc=$?
  stop_ms=$((($(date +%s%N) - start) / 1000000))
  echo "attempt $attempt: rank ${ranks[-1]} signalled; status $rc after $stop_ms ms: $(grep -o 'stopped after epoch [0-9]* step [0-9]*' "$root/log" | head -1)"
  [ "$stop_ms" -le 10000 ] || fail "attempt $attempt: took $stop_ms ms to stop"
  # Every rank exits 143; what mpirun reports when only one rank was signalled is mpirun's
  # choice (1 with Open MPI 4.1), so the test requires a non-zero status and the stop line.
  [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || { fail "attempt $attempt: status $rc"; cat "$root/log"; }
  grep -q "training stopped after epoch [0-9]* step [0-9]* on a stop signal" "$root/log" ||
    { fail "attempt $attempt: no stop line"; cat "$root/log"; }
  cp "$root/log" "$root/log.$attempt"
done
run_job 2 "$root" "${args[@]}" || { fail "resumed run failed"; cat "$root/log"; }
grep -q "resuming from epoch" "$root/log" || fail "the last run did not resume"
cmp "$WORK/straight/model/model.pt" "$root/model/model.pt" || fail "resumed model differs from the uninterrupted one"
exit $status
