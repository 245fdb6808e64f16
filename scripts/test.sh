#!/usr/bin/env bash
# Installs what is missing, builds, runs every test tier (unit, mpi, e2e) and prints the summary.
#   scripts/test.sh              Release build in build/, all tiers
#   scripts/test.sh --sanitize   ASan+UBSan build in build-sanitize/ (without LibTorch), unit and
#                                mpi tiers
# Exits non-zero when anything fails. DPT_JOBS sets build parallelism (default: all cores).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"

mode=normal
case "${1:-}" in
  "") ;;
  --sanitize) mode=sanitize ;;
  -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
  *) echo "usage: scripts/test.sh [--sanitize]" >&2; exit 2 ;;
esac

dpt_install_packages
if [ "$mode" = normal ]; then
  dpt_build "$DPT_ROOT/build"
  cd "$DPT_ROOT/build"
  ctest --output-on-failure
else
  # NCCL off too: its GPU paths cannot run on a machine without a GPU, and CUDA under ASan needs
  # its own settings (protect_shadow_gap=0).
  dpt_build "$DPT_ROOT/build-sanitize" -DDPT_SANITIZE=ON -DDPT_WITH_TORCH=OFF -DDPT_WITH_NCCL=OFF
  # Leaks are checked, except memory Open MPI allocates and keeps until exit (suppressed only when
  # Open MPI code is on the allocation stack: scripts/lib/lsan-openmpi.supp). Matching needs full
  # stacks (fast_unwind_on_malloc=0: Open MPI has no frame pointers) and Open MPI's plugins kept
  # loaded (disable_dlclose) so their frames have names. Any report fails the test.
  export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$DPT_ROOT/scripts/lib/lsan-openmpi.supp
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export OMPI_MCA_mca_base_component_disable_dlclose=1
  cd "$DPT_ROOT/build-sanitize"
  ctest --output-on-failure -L 'unit|mpi'
fi
