# Shared by scripts/test.sh and scripts/demo.sh (sourced, not run):
#   dpt_install_packages   installs what scripts/packages.txt lists and dpkg does not know as
#                          installed; apt-get update runs only when something is missing
#   dpt_build DIR ARGS...  configures (Release, Ninja, ccache when present) and builds into DIR
DPT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DPT_JOBS=${DPT_JOBS:-$(nproc)}

dpt_install_packages() {
  local missing=() line pkg
  while IFS= read -r line; do
    pkg=${line%%#*}
    pkg=${pkg//[[:space:]]/}
    [ -z "$pkg" ] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done < "$DPT_ROOT/scripts/packages.txt"
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

dpt_build() {
  local dir=$1
  shift
  echo "== building into $dir"
  cmake -S "$DPT_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  cmake --build "$dir" -j "$DPT_JOBS"
}

# mpirun flags for several ranks on this machine.
dpt_local_mpirun_flags() {
  local flags=(--oversubscribe --bind-to none)
  [ "$(id -u)" -eq 0 ] && flags+=(--allow-run-as-root)
  echo "${flags[@]}"
}
