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
  dpt_build "$DPT_ROOT/build-sanitize" -DDPT_SANITIZE=ON -DDPT_WITH_TORCH=OFF
  # Leak checking is off: Open MPI keeps allocations alive until exit by design and would drown
  # real reports. Every other ASan check (overflows, use-after-free, ...) and every UBSan check
  # stays on and fails the test. Open MPI's memory patcher hooks malloc, which ASan owns.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export OMPI_MCA_memory=^patcher
  cd "$DPT_ROOT/build-sanitize"
  ctest --output-on-failure -L 'unit|mpi'
fi
