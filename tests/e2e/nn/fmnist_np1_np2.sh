#!/bin/bash
# The reference CNN on Fashion-MNIST (a fixed number of steps, to keep CI short) at np=1 and
# np=2: same test accuracy within 0.5 points, metric lines, the bucketed communication split,
# and the saved model reproduced by Python's torch.jit.load.
source "$(dirname "$0")/common.sh"
STEPS=${STEPS:-100}
args=(--model cnn --epochs 1 --batch-size 100 --max-steps "$STEPS" --learning-rate 0.02
      --momentum 0.9 --seed 1)

for np in 1 2; do
  root=$WORK/np$np
  fmnist_root "$root"
  run_job "$np" "$root" "${args[@]}" || { fail "np=$np exited non-zero"; cat "$root/log"; continue; }
  grep -P '^\[1\]\ttrain-loss:[0-9.]+\ttest-loss:[0-9.]+\ttest-accuracy:[0-9.]+$' "$root/log" > /dev/null ||
    fail "np=$np: no metric line of the SageMaker form"
  grep -q "exposed_comm_share:" "$root/log" || fail "np=$np: no communication split line"
  [ -s "$root/model/model.pt" ] || fail "np=$np: no model.pt"
done
acc1=$(metric test-accuracy "$WORK/np1")
acc2=$(metric test-accuracy "$WORK/np2")
echo "test accuracy after $STEPS steps: np=1 $acc1, np=2 $acc2"
$PY -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 0.005 and a > 0.6 else 1)" \
  "${acc1:-0}" "${acc2:-0}" || fail "accuracies differ by more than 0.5 points or did not learn"
grep -q "gradients in [0-9]* buckets over mpi" "$WORK/np2/log" || fail "np=2 did not use the MPI bucketer"
comm=$(grep -o "comm_s:[0-9.]*" "$WORK/np2/log" | head -1 | cut -d: -f2)
$PY -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)" "${comm:-0}" || fail "np=2 reported no communication time"

# Python loads our model and gets the accuracy we reported (same TorchScript, same kernels).
py_acc=$($PY - "$WORK/np2/model/model.pt" <<'PYEOF'
import gzip, sys, numpy as np, torch
src = "/usr/share/datasets/fashion-mnist/"
with gzip.open(src + "t10k-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
with gzip.open(src + "t10k-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8)
m = torch.jit.load(sys.argv[1])
with torch.no_grad():
    out = m(torch.from_numpy(x.astype(np.float32) / 255.0))
print(f"{(out.argmax(1) == torch.from_numpy(y.astype(np.int64))).float().mean().item():.6f}")
PYEOF
)
echo "python torch.jit.load accuracy: $py_acc"
$PY -c "import sys; sys.exit(0 if abs(float(sys.argv[1]) - float(sys.argv[2])) < 2e-4 else 1)" \
  "${py_acc:-0}" "${acc2:-1}" || fail "python's accuracy $py_acc differs from ours $acc2"
exit $status
