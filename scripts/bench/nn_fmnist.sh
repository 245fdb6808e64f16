#!/bin/bash
# The reference neural job (Fashion-MNIST, reference CNN, SGD lr 0.05 momentum 0.9, global batch
# 100, one thread per rank) by PyTorch DDP (the peer, as it is) and by dptrain, interleaved in the
# same run at np=1 and np=2. Speed: medians of REPEATS runs of STEPS steps; accuracy: one full
# epoch of each at np=2 (FULL=0 skips it). Ends with one summary line of key=value pairs.
#   DPTRAIN=build/worker/dptrain REPEATS=3 STEPS=200 scripts/bench/nn_fmnist.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
DPTRAIN=${DPTRAIN:-$repo/build/worker/dptrain}
REPEATS=${REPEATS:-3}
STEPS=${STEPS:-200}
FULL=${FULL:-1}
PEER=${PEER:-/work/shared/peers/pytorch_ddp_fmnist.py}
PY=/usr/bin/python3
FMNIST=/usr/share/datasets/fashion-mnist
mpirun=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
work=$(mktemp -d /tmp/nn_fmnist_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/input/data/train" "$work/input/data/test"
ln -s "$FMNIST"/train-*-ubyte.gz "$work/input/data/train/"
ln -s "$FMNIST"/t10k-*-ubyte.gz "$work/input/data/test/"

# peer NP STEPS -> "samples_per_s test_acc"
peer() {
  local out
  out=$("${mpirun[@]}" -np "$1" -x STEPS="$2" "$PY" "$PEER" 2>&1 | grep '^peer=')
  echo "$(grep -o 'samples_per_s=[0-9.]*' <<< "$out" | cut -d= -f2) $(grep -o 'test_acc=[0-9.]*' <<< "$out" | cut -d= -f2)"
}

# ours NP STEPS -> "samples_per_s test_acc comm_s exposed_comm_s"
ours() {
  local steps_arg=() log
  [ "$2" -gt 0 ] && steps_arg=(--max-steps "$2")
  rm -rf "$work/model" "$work/checkpoints" "$work/output"
  log=$("${mpirun[@]}" -np "$1" "$DPTRAIN" --sm-root "$work" --model cnn --epochs 1 --batch-size 100 \
        --learning-rate 0.05 --momentum 0.9 --seed 1 --nthread 1 --fresh-start "${steps_arg[@]}" 2>&1) ||
    { echo "dptrain failed:" >&2; echo "$log" >&2; exit 1; }
  # (?<![a-z_]): comm_s must not match inside exposed_comm_s
  field() { grep -oP "(?<![a-z_])$1:[0-9.]*" <<< "$log" | tail -1 | cut -d: -f2; }
  echo "$(field samples/s) $(field test-accuracy) $(field comm_s) $(field exposed_comm_s)"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

declare -a p1 p2 o1 o2 share
for r in $(seq 1 "$REPEATS"); do
  read -r s _ < <(peer 1 "$STEPS"); p1+=("$s")
  read -r s _ c e < <(ours 1 "$STEPS"); o1+=("$s")
  read -r s _ < <(peer 2 "$STEPS"); p2+=("$s")
  read -r s _ c e < <(ours 2 "$STEPS"); o2+=("$s")
  share+=("$(awk -v e="$e" -v c="$c" 'BEGIN {print (c > 0) ? e / c : 0}')")
  echo "run $r ($STEPS steps): ddp np1 ${p1[-1]} np2 ${p2[-1]} | dptrain np1 ${o1[-1]} np2 ${o2[-1]} samples/s, np2 comm ${c}s exposed ${e}s"
done

ddp_acc=nan acc=nan
if [ "$FULL" = 1 ]; then
  read -r s ddp_acc < <(peer 2 600)
  echo "full epoch np=2: ddp $s samples/s test_acc $ddp_acc"
  read -r s acc c e < <(ours 2 0)
  echo "full epoch np=2: dptrain $s samples/s test_acc $acc (comm ${c}s, exposed ${e}s)"
fi

mp1=$(median "${p1[@]}") mp2=$(median "${p2[@]}") mo1=$(median "${o1[@]}") mo2=$(median "${o2[@]}")
msh=$(median "${share[@]}")
echo "medians of $REPEATS: ddp np1 $mp1 np2 $mp2 | dptrain np1 $mo1 np2 $mo2 samples/s; exposed/total comm at np2: $msh"
awk -v o2="$mo2" -v p2="$mp2" -v o1="$mo1" -v a="$acc" -v da="$ddp_acc" -v sh="$msh" 'BEGIN {
  printf "samples_per_s_vs_ddp=%.3f accuracy=%s ddp_accuracy=%s scaling_np2=%.3f exposed_comm_share=%.3f\n",
         o2 / p2, a, da, o2 / o1, sh }'
