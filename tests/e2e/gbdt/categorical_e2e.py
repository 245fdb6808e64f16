"""Categorical features (categorical_features, max_cat_to_onehot, max_cat_threshold) against
Python xgboost 1.7 with enable_categorical:
* the model bytes are identical at mpirun -np 1, 2, 3 (and nthread 2), and a run resumed from a
  checkpoint writes the same bytes;
* xgboost loads the model (feature_types "c", split_type 1, categories) and predicts the held-out
  rows as `dptrain predict` does (<= 1e-5), unseen codes included;
* the first tree's splits (features, categories, missing directions) are xgboost's for the same
  data and parameters: one-hot (3 codes), partition (40 codes) and max_cat_threshold (200 codes);
* held-out rmse is not worse than xgboost's mean over 5 seeds (row and column sampling on) by more
  than 3 of its standard deviations plus 1%;
* a bad categorical value stops the job with the channel, row, feature and value named.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import DPTRAIN, MPIRUN, MPIRUN_FLAGS, Job, require  # noqa: E402

FEATURE_TYPES = ["c", "c", "c", "q", "q"]
PARAMS = {"objective": "reg:squarederror", "num_round": 12, "max_depth": 5, "eta": 0.3,
          "categorical_features": "0,1,2"}


def make_data(rows, seed, unseen=False):
    """Columns: c0 3 codes (one-hot), c1 40 codes (partition), c2 200 codes (> max_cat_threshold),
    two numeric; about 8% of the categorical cells missing. With `unseen`, some codes of c1 lie
    above anything in training."""
    rng = np.random.default_rng(seed)
    c0 = rng.integers(0, 3, rows).astype(float)
    c1 = rng.integers(0, 50 if unseen else 40, rows).astype(float)
    c2 = rng.integers(0, 200, rows).astype(float)
    x3, x4 = rng.normal(size=rows), rng.uniform(-1, 1, rows)
    effect1 = np.sin(np.arange(50) * 1.7) * 1.5
    effect2 = np.cos(np.arange(200) * 0.37)
    y = (c0 == 1) * 1.0 + effect1[c1.astype(int)] + effect2[c2.astype(int)] + 0.5 * x3 * (c0 == 2) + x4
    y += rng.normal(scale=0.3, size=rows)
    for column in (c0, c1, c2):
        column[rng.random(rows) < 0.08] = np.nan
    return np.column_stack([c0, c1, c2, x3, x4]), y


def write_libsvm(path, X, y):
    with open(path, "w") as out:
        for row, label in zip(X, y):
            cells = ["%d:%.6g" % (j, v) for j, v in enumerate(row) if not np.isnan(v)]
            out.write(" ".join(["%.6g" % label] + cells) + "\n")


def dmatrix(X, y):
    return xgboost.DMatrix(X, label=y, feature_types=FEATURE_TYPES, enable_categorical=True)


def run(job, np_, extra=()):
    status, out = job.run(np=np_, extra=extra)
    require(status == 0, "dptrain np=%d failed" % np_, out)
    return job.model_bytes(), out


def byte_identity(files):
    reference = None
    for np_, nthread in ((1, 1), (2, 1), (3, 1), (2, 2)):
        job = Job(dict(PARAMS, nthread=nthread), files)
        model, _ = run(job, np_)
        job.cleanup()
        reference = reference or model
        require(model == reference, "model at np=%d nthread=%d differs from np=1" % (np_, nthread))
    print("np 1, 2, 3 and nthread 2: identical model bytes (%d)" % len(reference))
    return reference


def resume(files, reference):
    job = Job(PARAMS, files)
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "--sm-root", job.root]
    first = subprocess.run(command + ["--num_round", "5"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    require(first.returncode == 0, "first half failed", first.stdout.decode())
    second = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = second.stdout.decode()
    require(second.returncode == 0 and "resuming from round 5" in out, "no resume from round 5", out)
    require(job.model_bytes() == reference, "the resumed model differs from the uninterrupted one")
    job.cleanup()
    print("resumed from the round-5 checkpoint: identical model bytes")


def predictions_agree(model_path, test_file, X, y):
    booster = xgboost.Booster(model_file=model_path)
    theirs = booster.predict(dmatrix(X, y))
    proc = subprocess.run([MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model_path,
                           "--data", test_file, "--has-label"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    ours = np.array([float(v) for v in proc.stdout.decode().split()])
    gap = float(np.max(np.abs(ours - theirs)))
    require(gap <= 1e-5, "xgboost predicts our model %.3g away from dptrain predict" % gap)
    print("xgboost 1.7 loads the model; predictions agree with dptrain predict within %.2g (unseen codes included)" % gap)
    return float(np.sqrt(np.mean((theirs - y) ** 2)))


def xgb_params(base_score, **extra):
    return dict({"tree_method": "hist", "max_depth": PARAMS["max_depth"], "eta": PARAMS["eta"],
                 "base_score": base_score, "max_cat_to_onehot": 4, "max_cat_threshold": 64}, **extra)


def first_tree_is_xgboosts(model_path, dtrain, base_score):
    ours = json.load(open(model_path))["learner"]["gradient_booster"]["model"]["trees"][0]
    booster = xgboost.train(xgb_params(base_score), dtrain, 1)
    theirs = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"][0]
    for key in ("split_indices", "split_type", "default_left", "left_children", "categories_nodes",
                "categories_sizes", "categories"):
        require(ours[key] == theirs[key], "first tree: %s differs from xgboost's:\n%s\n%s" % (key, ours[key], theirs[key]))
    print("first tree: %d nodes, %d categorical splits, the same as xgboost's" % (len(ours["split_type"]), sum(ours["split_type"])))


def quality(files, dtrain, dtest, y_test, base_score):
    sampled = {"subsample": 0.8, "colsample_bytree": 0.8}
    job = Job(dict(PARAMS, seed=1, **sampled), files)
    run(job, 2)
    booster = xgboost.Booster(model_file=job.model)
    ours = float(np.sqrt(np.mean((booster.predict(dtest) - y_test) ** 2)))
    job.cleanup()
    theirs = []
    for seed in range(5):
        b = xgboost.train(xgb_params(base_score, seed=seed, **sampled), dtrain, PARAMS["num_round"])
        theirs.append(float(np.sqrt(np.mean((b.predict(dtest) - y_test) ** 2))))
    mean, std = float(np.mean(theirs)), float(np.std(theirs, ddof=1))
    limit = mean + 3 * std + 0.01 * mean
    require(ours <= limit, "held-out rmse %.5f, xgboost %.5f +- %.5f (limit %.5f)" % (ours, mean, std, limit))
    print("held-out rmse (subsample/colsample 0.8): dptrain %.5f, xgboost %.5f +- %.5f over 5 seeds" % (ours, mean, std))


def bad_values(data, train_file):
    for channel, text, expected in (
            ("train", "1.5 0:1 1:2.5 3:0.1\n", "channel 'train', row 4001"),
            ("validation", "0.5 0:1 2:-3 3:0.1\n", "channel 'validation', row 2")):
        bad = os.path.join(data, "zz-bad-%s.libsvm" % channel)  # after train.libsvm in file order
        with open(bad, "w") as out:
            if channel == "validation":
                out.write("1 0:0 1:3 3:0.2\n")
            out.write(text)
        files = {"train": [train_file, bad]} if channel == "train" else {"train": [train_file], "validation": [bad]}
        job = Job(PARAMS, files)
        status, out = job.run(np=2)
        failure = open(job.failure).read() if os.path.exists(job.failure) else ""
        job.cleanup()
        require(status != 0 and expected in failure and "not a category code" in failure,
                "bad %s value: status %d, failure %r" % (channel, status, failure), out)
        print("bad %s value: %s" % (channel, failure.splitlines()[0]))


def main():
    data = tempfile.mkdtemp(prefix="dpt-categorical-")
    X_train, y_train = make_data(4000, 1)
    X_valid, y_valid = make_data(1000, 2)
    X_test, y_test = make_data(2000, 3, unseen=True)
    train, valid, test = (os.path.join(data, name + ".libsvm") for name in ("train", "valid", "test"))
    write_libsvm(train, X_train, y_train)
    write_libsvm(valid, X_valid, y_valid)
    write_libsvm(test, X_test, y_test)
    files = {"train": [train], "validation": [valid]}
    reference = byte_identity(files)
    resume(files, reference)
    model_path = os.path.join(data, "model.json")
    with open(model_path, "wb") as out:
        out.write(reference)
    base_score = float(json.load(open(model_path))["learner"]["learner_model_param"]["base_score"])
    # Our libsvm text rounds values to 6 digits; xgboost gets the same numbers.
    X_train = np.array([[float("%.6g" % v) if not np.isnan(v) else v for v in row] for row in X_train])
    y_train = np.array([float("%.6g" % v) for v in y_train])
    X_test = np.array([[float("%.6g" % v) if not np.isnan(v) else v for v in row] for row in X_test])
    y_test = np.array([float("%.6g" % v) for v in y_test])
    dtrain = dmatrix(X_train, y_train)
    predictions_agree(model_path, test, X_test, y_test)
    first_tree_is_xgboosts(model_path, dtrain, base_score)
    quality(files, dtrain, dmatrix(X_test, y_test), y_test, base_score)
    bad_values(data, train)


if __name__ == "__main__":
    main()
