#!/usr/bin/env bash
# dptrain predict with a TorchScript network (torch.jit.save from Python): under mpirun -np 2
# the outputs equal the module's own outputs in row order (csv), and jsonlines carries the
# argmax as predicted_label.
set -euo pipefail
: "${DPTRAIN:?}" "${DPT_MPIRUN:=mpirun}" "${DPT_MPIRUN_FLAGS:=}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

/usr/bin/python3 - "$work" <<'PY'
import sys
import numpy as np, torch
work = sys.argv[1]
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
torch.jit.save(torch.jit.script(net), f"{work}/net.pt")
x = np.random.default_rng(2).normal(size=(101, 5)).astype(np.float32)
np.savetxt(f"{work}/rows.csv", x, delimiter=",", fmt="%.9g")
with torch.no_grad():
    np.savetxt(f"{work}/expected.txt", net(torch.from_numpy(x)).numpy(), fmt="%.9g")
PY

for accept in text/csv application/jsonlines; do
  # shellcheck disable=SC2086
  timeout 180 "$DPT_MPIRUN" $DPT_MPIRUN_FLAGS -np 2 "$DPTRAIN" predict --model "$work/net.pt" \
    --data "$work/rows.csv" --out "$work/out.${accept#*/}" --accept "$accept" --batch-size 16 \
    > "$work/log.txt" 2>&1 || { cat "$work/log.txt"; fail "predict --accept $accept"; }
done
/usr/bin/python3 - "$work" <<'PY' || fail "outputs differ from the module's"
import json, sys
import numpy as np
work = sys.argv[1]
ours = np.loadtxt(f"{work}/out.csv", delimiter=",", dtype=np.float32)
expected = np.loadtxt(f"{work}/expected.txt", dtype=np.float32)
assert ours.shape == expected.shape == (101, 3), (ours.shape, expected.shape)
assert np.abs(ours - expected).max() <= 1e-5, np.abs(ours - expected).max()
lines = [json.loads(l) for l in open(f"{work}/out.jsonlines")]
assert [l["predicted_label"] for l in lines] == list(expected.argmax(axis=1))
assert np.abs(np.array([l["scores"] for l in lines]) - expected).max() <= 1e-5
PY
echo "TorchScript outputs match the module in row order (csv and jsonlines)"
