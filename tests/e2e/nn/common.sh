# Helpers for the neural e2e tests (sourced). Uses DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS from ctest.
set -u
DPTRAIN=${DPTRAIN:?run through ctest or set DPTRAIN}
MPIRUN=${DPT_MPIRUN:-mpirun}
read -r -a MPIFLAGS <<< "${DPT_MPIRUN_FLAGS:---oversubscribe --bind-to none}"
PY=/usr/bin/python3
FMNIST=/usr/share/datasets/fashion-mnist
WORK=$(mktemp -d /tmp/dpt_nn_e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
status=0

fail() { echo "FAIL: $*"; status=1; }

# fmnist_root DIR: a job tree whose train/test channels are Fashion-MNIST's IDX files.
fmnist_root() {
  mkdir -p "$1/input/data/train" "$1/input/data/test"
  ln -sf "$FMNIST/train-images-idx3-ubyte.gz" "$FMNIST/train-labels-idx1-ubyte.gz" "$1/input/data/train/"
  ln -sf "$FMNIST/t10k-images-idx3-ubyte.gz" "$FMNIST/t10k-labels-idx1-ubyte.gz" "$1/input/data/test/"
}

# run_job NP ROOT ARGS...: runs dptrain, output in ROOT/log, returns its status.
run_job() {
  local np=$1 root=$2
  shift 2
  timeout 240 "$MPIRUN" "${MPIFLAGS[@]}" -np "$np" "$DPTRAIN" --sm-root "$root" "$@" > "$root/log" 2>&1
}

# metric VALUE-NAME ROOT: the last value of a metric (e.g. test-accuracy) in the job's log.
metric() { grep -o "$1:[0-9.eE+-]*" "$2/log" | tail -1 | cut -d: -f2; }
