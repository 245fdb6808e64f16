"""Interop with Python xgboost 1.7, both directions, through the real `dptrain predict`:

1. xgboost trains a small model per objective (plus a forest and a given base_score); dptrain
   predicts the same rows within 1e-5 of Booster.predict: transformed outputs from csv under
   mpirun -np 2, margins from libsvm (sparse rows) and an iteration range from csv.
2. Models written by our writer load in xgboost, xgboost re-saves them byte for byte, and
   Booster.predict agrees with dptrain predict within 1e-5.

usage: xgboost_interop.py MODEL_WRITER   (env: DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS)
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import xgboost as xgb

DPTRAIN = os.environ["DPTRAIN"]
MPIRUN = os.environ.get("DPT_MPIRUN", "mpirun")
MPIRUN_FLAGS = os.environ.get("DPT_MPIRUN_FLAGS", "").split()
TOLERANCE = 1e-5
FEATURES = 6
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def write_csv(path, x):
    with open(path, "w") as f:
        for row in x:
            f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")


def write_libsvm(path, x):
    with open(path, "w") as f:
        for row in x:
            f.write("0 " + " ".join(f"{j}:{float(v)!r}" for j, v in enumerate(row) if not np.isnan(v)) + "\n")


def dptrain_predict(model, data, out, *extra, ranks=2):
    cmd = [MPIRUN, *MPIRUN_FLAGS, "-np", str(ranks), DPTRAIN, "predict", "--model", model,
           "--data", data, "--out", out, *extra]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    with open(out) as f:
        return np.array([[float(v) for v in line.split(",")] for line in f.read().splitlines()],
                        dtype=np.float32)


def compare(name, booster, x, model_path, data_path, extra=(), ranks=1, **predict_kwargs):
    ours = dptrain_predict(model_path, data_path, data_path + ".out", *extra, ranks=ranks)
    ref = booster.predict(xgb.DMatrix(x), **predict_kwargs).reshape(len(x), -1)
    ok = ours.shape == ref.shape and float(np.abs(ours - ref).max()) <= TOLERANCE
    diff = float(np.abs(ours - ref).max()) if ours.shape == ref.shape else float("nan")
    check(ok, f"{name}: dptrain vs Booster.predict shape {ours.shape} max |diff| {diff:.3g}")


def data_sets(work, rng, rows):
    x = rng.normal(size=(rows, FEATURES)).astype(np.float32)
    x[rng.random(x.shape) < 0.15] = np.nan
    csv, svm = os.path.join(work, "x.csv"), os.path.join(work, "x.libsvm")
    write_csv(csv, x)
    write_libsvm(svm, x)
    return x, [(csv, ()), (svm, ("--has-label",))]


def labels_for(objective, x, rng):
    z = np.nan_to_num(x[:, 0]) + 0.5 * np.nan_to_num(x[:, 1])
    if objective.startswith("multi:"):
        return np.digitize(z, [-0.5, 0.0, 0.5])
    if objective.startswith(("binary:", "reg:logistic")):
        return (z > 0).astype(float)
    if objective == "count:poisson":
        return rng.poisson(np.exp(0.5 * np.clip(z, -2, 2)))
    return 2.0 * z + rng.normal(size=len(z))


def xgboost_models_in_dptrain(work, rng):
    x, inputs = data_sets(work, rng, 257)
    cases = [
        ("reg:squarederror", {}), ("reg:logistic", {}), ("binary:logistic", {}),
        ("binary:logitraw", {}), ("multi:softmax", {"num_class": 4}),
        ("multi:softprob", {"num_class": 4}), ("count:poisson", {}),
        ("binary:logistic", {"base_score": 0.3}),
        ("multi:softprob", {"num_class": 4, "num_parallel_tree": 3, "subsample": 0.7,
                            "colsample_bynode": 0.7}),
    ]
    for objective, extra in cases:
        params = {"objective": objective, "max_depth": 4, "eta": 0.3, "tree_method": "hist",
                  "seed": 1, **extra}
        booster = xgb.train(params, xgb.DMatrix(x, label=labels_for(objective, x, rng)), 4)
        name = f"xgboost {objective} {extra or ''}".strip()
        path = os.path.join(work, "xgb_model.json")
        booster.save_model(path)
        (csv, _), (svm, svm_flags) = inputs
        compare(f"{name} [csv, 2 ranks]", booster, x, path, csv, ranks=2)
        compare(f"{name} [libsvm] margin", booster, x, path, svm, svm_flags + ("--output-margin",),
                output_margin=True)
        compare(f"{name} [csv] rounds 1:3", booster, x, path, csv, ("--iteration-range", "1:3"),
                iteration_range=(1, 3))


def our_models_in_xgboost(work, rng, writer):
    models = os.path.join(work, "ours")
    os.makedirs(models)
    subprocess.run([writer, models, str(FEATURES)], check=True, timeout=60)
    x, inputs = data_sets(work, rng, 123)
    names = sorted(os.listdir(models))
    check(len(names) == 9, f"model writer wrote {len(names)} models")
    for name in names:
        path = os.path.join(models, name)
        booster = xgb.Booster(model_file=path)
        with open(path, "rb") as f:
            ours = f.read()
        check(bytes(booster.save_raw("json")) == ours, f"ours {name}: xgboost re-saves the same bytes")
        data_path, flags = inputs[len(name) % 2]  # csv for some, libsvm for others
        compare(f"ours {name} [{os.path.basename(data_path)}]", booster, x, path, data_path, flags,
                ranks=2)


def main():
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as work:
        xgboost_models_in_dptrain(work, rng)
        our_models_in_xgboost(work, rng, sys.argv[1])
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all interop checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
