#!/bin/bash
# Allreduce benchmark, np=2: our MPI backend vs raw MPI_Allreduce on the same buffers in the same
# run, 4 KiB .. 256 MiB; then GradientBucketer on ResNet-50's 161 gradients vs one flat allreduce
# of the same bytes (bucketed_vs_flat: gradients as bucket views, as the neural job keeps them;
# the copying path is in the table too), and a simulated backward showing how much communication
# is hidden.
# Ratios are medians of per-turn ratios (each alternative timed next to its raw-MPI partner, so
# load that changes between turns cancels); each run reports medians, the table the median of the
# RUNS runs.
# Env: DPT_BUILD_DIR (default <repo>/build-bench), RUNS (5), REPEATS (5), MAX_BYTES (268435456),
#      NP (2), DPT_MPIRUN_FLAGS (default: --oversubscribe --bind-to none, plus --allow-run-as-root as root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${DPT_BUILD_DIR:-$repo/build-bench}
runs=${RUNS:-5}
repeats=${REPEATS:-5}
max_bytes=${MAX_BYTES:-268435456}
np=${NP:-2}
if [ -z "${DPT_MPIRUN_FLAGS:-}" ]; then
  DPT_MPIRUN_FLAGS="--oversubscribe --bind-to none"
  [ "$(id -u)" = 0 ] && DPT_MPIRUN_FLAGS="$DPT_MPIRUN_FLAGS --allow-run-as-root"
fi
read -r -a mpirun_flags <<< "$DPT_MPIRUN_FLAGS"
# Waiting ranks yield the CPU instead of spinning: on a shared, oversubscribed machine a spinning
# rank can hold the core its peer needs for a whole time slice. Applies to ours and raw MPI alike.
export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$build.configure.log"
fi
cmake --build "$build" --target dpt_allreduce_bench -j2 > /dev/null
bench="$build/collective/dpt_allreduce_bench"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for run in $(seq 1 "$runs"); do
  echo "run $run/$runs ..." >&2
  mpirun "${mpirun_flags[@]}" -np "$np" "$bench" "$max_bytes" "$repeats" > "$out/run$run.txt"
done

# value KEY FILE LINE_SELECTOR: the number after KEY= on lines starting with LINE_SELECTOR.
value() { awk -v key="$2=" -v sel="$3" '$0 ~ "^" sel { for (i = 1; i <= NF; i++) if (index($i, key) == 1) print substr($i, length(key) + 1) }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
per_run() { for f in "$out"/run*.txt; do value "$f" "$1" "$2"; done; }

printf "%-12s %12s %12s %12s %10s %10s %12s\n" size ours_ms async_ms mpi_ms ours/mpi async/mpi busbw_GBps
worst=0
busbw_256=NA
for bytes in $(awk '/^size / { print $2 }' "$out/run1.txt"); do
  sel="size $bytes "
  ours=$(per_run ours_s "$sel" | median); async=$(per_run async_s "$sel" | median); mpi=$(per_run mpi_s "$sel" | median)
  ratio=$(per_run ours_vs_mpi "$sel" | median); aratio=$(per_run async_vs_mpi "$sel" | median)
  busbw=$(per_run busbw_GBps "$sel" | median)
  printf "%-12s %12.4f %12.4f %12.4f %10.3f %10.3f %12.3f\n" "$bytes" \
    "$(awk -v t="$ours" 'BEGIN { print t * 1000 }')" "$(awk -v t="$async" 'BEGIN { print t * 1000 }')" \
    "$(awk -v t="$mpi" 'BEGIN { print t * 1000 }')" "$ratio" "$aratio" "$busbw"
  if [ "$bytes" -ge 1048576 ]; then worst=$(awk -v a="$worst" -v b="$ratio" 'BEGIN { print (b > a) ? b : a }'); fi
  if [ "$bytes" -eq 268435456 ]; then busbw_256=$busbw; fi
done

bucketed=$(per_run bucketed_s "bucket " | median); flat=$(per_run flat_s "bucket " | median)
bucket_ratio=$(per_run bucketed_vs_flat "bucket " | median)
echo
echo "ResNet-50 gradients ($(value "$out/run1.txt" tensors "bucket ") tensors, $(value "$out/run1.txt" floats "bucket ") floats, $(value "$out/run1.txt" buckets "bucket ") buckets):"
printf "  bucketed, gradients as bucket views (as the neural job) %.4f s, flat allreduce %.4f s, bucketed/flat %.3f\n" \
  "$bucketed" "$flat" "$bucket_ratio"
printf "  bucketed, each gradient copied into its bucket (submit) %.4f s, /flat %.3f\n" \
  "$(per_run copying_s "bucket " | median)" "$(per_run copying_vs_flat "bucket " | median)"
printf "  gathering the tensors into one buffer + flat allreduce %.4f s, copying bucketed/that %.3f\n" \
  "$(per_run flat_copy_s "bucket " | median)" "$(per_run copying_vs_flat_copy "bucket " | median)"
printf "  of a bucketed step: bucket collectives ran %.4f s, finish() waited %.4f s\n" \
  "$(per_run last_comm_s "bucket " | median)" "$(per_run last_exposed_s "bucket " | median)"
thread=$(per_run thread_s "overlap " | median); iall=$(per_run iallreduce_s "overlap " | median)
compute=$(per_run compute_only_s "overlap " | median)
exposed=$(per_run last_exposed_s "overlap " | median); comm=$(per_run last_comm_s "overlap " | median)
echo "Simulated backward + reduction:"
printf "  compute alone %.4f s; compute then bucketed reduction, one after the other: %.4f s\n" "$compute" \
  "$(awk -v a="$compute" -v b="$bucketed" 'BEGIN { print a + b }')"
printf "  communication thread %.4f s (bucket collectives ran %.4f s, finish() waited %.4f s)\n" "$thread" "$comm" "$exposed"
printf "  MPI_Iallreduce buckets %.4f s\n" "$iall"
echo "allreduce_vs_mpi_max=$(printf %.3f "$worst") bucketed_vs_flat=$(printf %.3f "$bucket_ratio") busbw_256MiB_GBps=$busbw_256"
