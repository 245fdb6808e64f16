#!/bin/bash
# Bad input to the neural job at np=2: every case exits non-zero on every rank within the time
# limit, names the problem, writes the failure file and no model.
source "$(dirname "$0")/common.sh"

# expect_failure NAME NP PATTERN ARGS...: runs a job on $WORK/NAME (already holding its data).
expect_failure() {
  local name=$1 np=$2 pattern=$3
  shift 3
  local root=$WORK/$name
  run_job "$np" "$root" "$@"
  local rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then fail "$name: expected a failure, got status $rc"; fi
  grep -Eq "$pattern" "$root/log" || { fail "$name: no message matching '$pattern'"; cat "$root/log"; }
  [ -e "$root/model/model.pt" ] && fail "$name: a model was written"
  [ -s "$root/output/failure" ] || fail "$name: no failure file"
  echo "$name: status $rc, $(grep -Eo "$pattern" "$root/log" | head -1)"
}

# csv_root NAME [CLASS_COUNT]: 200 rows, 4 features, labels 0..CLASS_COUNT-1.
csv_root() {
  mkdir -p "$WORK/$1/input/data/train"
  $PY - "$WORK/$1/input/data/train/train.csv" "${2:-3}" <<'PYEOF'
import sys, numpy as np
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 4)).astype(np.float32)
y = rng.integers(0, int(sys.argv[2]), size=200)
np.savetxt(sys.argv[1], np.column_stack([y, x]), delimiter=",", fmt="%g")
PYEOF
}

csv_root label_range 3
expect_failure label_range 2 "label 2 is outside the 2 classes" --model mlp --num-classes 2

csv_root output_shape 3
# torch.jit.script reads the class's source, so the module is defined in a file.
cat > "$WORK/flat.py" <<'PYEOF'
import sys, torch
class Flat(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l = torch.nn.Linear(4, 3)
    def forward(self, x):
        return self.l(x).sum(1)  # [batch]: no class axis
torch.jit.script(Flat()).save(sys.argv[1])
PYEOF
$PY "$WORK/flat.py" "$WORK/flat.pt"
expect_failure output_shape 2 "needs \[batch, classes\]" --model "$WORK/flat.pt"

csv_root small_batch 3
expect_failure small_batch 2 "batch_size 1 is smaller than the 2 ranks" --model mlp --batch-size 1

csv_root diverges 3
expect_failure diverges 2 "training diverged: the loss is (NaN|infinite) at epoch 1 step [0-9]+" \
  --model mlp --learning-rate 1e30 --momentum 0.9 --batch-size 20

mkdir -p "$WORK/idx_counts/input/data/train"
$PY - "$WORK/idx_counts/input/data/train" <<'PYEOF'
import sys, struct, numpy as np
d = sys.argv[1]
with open(d + "/train-images-idx3-ubyte", "wb") as f:
    f.write(struct.pack(">IIII", 0x803, 10, 28, 28) + np.zeros(10 * 784, np.uint8).tobytes())
with open(d + "/train-labels-idx1-ubyte", "wb") as f:
    f.write(struct.pack(">II", 0x801, 9) + np.zeros(9, np.uint8).tobytes())
PYEOF
expect_failure idx_counts 2 "9 labels|labels.*9|10 records" --model cnn --batch-size 2
exit $status
