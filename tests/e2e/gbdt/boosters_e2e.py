"""booster=dart and booster=gblinear, each option: dptrain at mpirun -np 1, 2 and 3 writes
byte-identical models; Python xgboost 1.7 loads the model and predicts what `dptrain predict`
predicts (<= 1e-5); the train metric printed for the last round equals xgboost's booster.eval of
the model; the held-out metric is not worse than xgboost 1.7.4's with the same parameters:
gblinear cyclic/greedy/thrifty are deterministic in xgboost (with one thread: its shotgun is
then sequential, like ours) and must agree to 1e-4; dart, shuffle and random draw from a
generator we do not share, so over seeds 0-4 our mean must lie within 3 standard errors of
xgboost's (dart: or 3%, as its hist trees differ slightly from ours anyway).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import DPTRAIN, MPIRUN, MPIRUN_FLAGS, Job, require, sagemaker_metric, write_libsvm  # noqa: E402

ROUNDS = 8
# (tag, objective, hyperparameters, how the held-out metric is compared: "close" or "spread")
RUNS = [
    ("dart-uniform-tree", "binary:logistic", {"booster": "dart", "rate_drop": 0.3, "max_depth": 3}, "spread"),
    ("dart-weighted-forest", "binary:logistic",
     {"booster": "dart", "rate_drop": 0.2, "sample_type": "weighted", "normalize_type": "forest", "max_depth": 3},
     "spread"),
    ("dart-one-drop-skip", "reg:squarederror",
     {"booster": "dart", "rate_drop": 0.1, "one_drop": 1, "skip_drop": 0.3, "max_depth": 4}, "spread"),
    ("dart-multi-weighted-one-drop", "multi:softprob",
     {"booster": "dart", "num_class": 3, "rate_drop": 0.2, "sample_type": "weighted", "one_drop": 1, "max_depth": 3},
     "spread"),
    ("dart-no-drop", "reg:squarederror", {"booster": "dart", "max_depth": 3}, "spread"),
    ("dart-many-rounds", "binary:logistic", {"booster": "dart", "rate_drop": 0.1, "max_depth": 2, "num_round": 30},
     "spread"),
    ("linear-shotgun-cyclic", "binary:logistic", {"booster": "gblinear"}, "close"),
    ("linear-shotgun-shuffle", "reg:squarederror", {"booster": "gblinear", "feature_selector": "shuffle", "lambda": 0.1},
     "spread"),
    ("linear-coord-cyclic", "reg:squarederror",
     {"booster": "gblinear", "updater": "coord_descent", "lambda": 0.1, "alpha": 0.01}, "close"),
    ("linear-coord-shuffle", "binary:logistic",
     {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "shuffle"}, "spread"),
    ("linear-coord-random", "binary:logistic",
     {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "random", "eta": 0.3,
      "num_round": 20}, "spread"),
    ("linear-coord-greedy", "binary:logistic",
     {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "greedy", "top_k": 3}, "close"),
    ("linear-coord-thrifty", "reg:squarederror",
     {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "thrifty", "top_k": 4}, "close"),
    ("linear-multi", "multi:softprob", {"booster": "gblinear", "num_class": 3, "lambda": 0.2}, "close"),
]


def dptrain_predict(model, data):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model, "--data", data,
                                         "--has-label"]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    rows = [line.split(",") for line in proc.stdout.decode().splitlines() if line]
    return np.array([[float(v) for v in row] for row in rows])


def metric_value(booster, dmatrix, name, metric):
    booster.set_param({"eval_metric": metric})
    return float(booster.eval(dmatrix, name).split(":")[-1])


def check(tag, objective, hyperparameters, compare, files, report):
    train, valid = files
    params = dict({"num_round": ROUNDS, "seed": 3}, objective=objective, **hyperparameters)
    job = Job(params, {"train": [train], "validation": [valid]})
    try:
        models = {}
        outputs = {}
        for np_ in (1, 2, 3):
            status, out = job.run(np=np_)
            require(status == 0, "%s: np=%d failed" % (tag, np_), out)
            models[np_] = job.model_bytes()
            outputs[np_] = out
        require(models[1] == models[2] == models[3], "%s: model bytes differ across np 1, 2, 3" % tag)
        model = json.loads(models[2])
        booster_json = model["learner"]["gradient_booster"]
        expected_name = hyperparameters["booster"]
        require(booster_json["name"] == expected_name, "%s: gradient_booster.name %s" % (tag, booster_json["name"]))
        if expected_name == "dart":
            require(len(booster_json["weight_drop"]) == len(booster_json["gbtree"]["model"]["trees"]),
                    "%s: one weight_drop per tree" % tag)
        booster = xgboost.Booster(model_file=job.model)
        dtrain = xgboost.DMatrix(train + "?format=libsvm")
        dvalid = xgboost.DMatrix(valid + "?format=libsvm")

        # Predictions: xgboost's and dptrain predict's of the same model.
        theirs = booster.predict(dvalid).reshape(len(dvalid.get_label()), -1)
        ours = dptrain_predict(job.model, valid)
        gap = float(np.abs(theirs - ours).max())
        require(gap <= 1e-5, "%s: dptrain predict differs from xgboost's prediction by %g" % (tag, gap))

        # The last round's printed train metric is xgboost's evaluation of the model.
        metric = {"binary:logistic": "logloss", "reg:squarederror": "rmse", "multi:softprob": "mlogloss"}[objective]
        printed_valid = sagemaker_metric(outputs[2], "validation-" + metric)
        rounds = params["num_round"]
        require(len(printed_valid) == rounds, "%s: %d validation metric lines" % (tag, len(printed_valid)), outputs[2])
        last_train = [line for line in outputs[2].splitlines() if line.startswith("[%d]\t" % (rounds - 1))]
        require(last_train, "%s: no metric line for round %d" % (tag, rounds - 1), outputs[2])
        ours_train = float(last_train[0].split("\t")[1].split(":")[1])
        theirs_train = metric_value(booster, dtrain, "train", metric)
        require(abs(ours_train - theirs_train) <= 1.5e-5,
                "%s: printed train-%s %.5f, xgboost evaluates the model to %.6f" % (tag, metric, ours_train, theirs_train))
        ours_valid = metric_value(booster, dvalid, "validation", metric)
        require(abs(ours_valid - printed_valid[-1]) <= 1.5e-5, "%s: printed validation metric" % tag)

        # xgboost 1.7.4 trained with the same parameters (and the base_score we estimated, which
        # xgboost 1.7 would set to 0.5).
        xgb_params = {k: v for k, v in params.items() if k not in ("num_round",)}
        xgb_params.update(base_score=float(model["learner"]["learner_model_param"]["base_score"]),
                          nthread=1, eval_metric=metric, tree_method="hist")
        rounds = params["num_round"]
        if compare == "close":
            peer = xgboost.train(xgb_params, dtrain, rounds)
            theirs_valid = metric_value(peer, dvalid, "validation", metric)
            report.append("%-30s np1-3 identical; predict gap %.1e; train-%s %.5f (xgboost eval %.6f); validation "
                          "%.6f, xgboost 1.7.4 %.6f" % (tag, gap, metric, ours_train, theirs_train, ours_valid, theirs_valid))
            require(ours_valid <= theirs_valid + 1e-4, "%s: held-out %s %.6f, xgboost's %.6f" % (tag, metric, ours_valid, theirs_valid))
            return
        # Random draws: both sides over seeds 0-4; our mean must not be worse than xgboost's by more
        # than 3 standard errors of the difference (dart: or 3%, its trees differ slightly anyway).
        ours_scores, theirs_scores = [], []
        for seed in range(5):
            seeded = Job(dict(params, seed=seed), {"train": [train]})
            try:
                status, out = seeded.run(np=2)
                require(status == 0, "%s: seed %d failed" % (tag, seed), out)
                ours_scores.append(metric_value(xgboost.Booster(model_file=seeded.model), dvalid, "validation", metric))
            finally:
                seeded.cleanup()
            peer = xgboost.train(dict(xgb_params, seed=seed), dtrain, rounds)
            theirs_scores.append(metric_value(peer, dvalid, "validation", metric))
        ours_mean, theirs_mean = float(np.mean(ours_scores)), float(np.mean(theirs_scores))
        error = float(np.sqrt((np.var(ours_scores, ddof=1) + np.var(theirs_scores, ddof=1)) / 5))
        bound = max(theirs_mean + 3 * error, theirs_mean * (1.03 if expected_name == "dart" else 1.0)) + 1e-4
        report.append("%-30s np1-3 identical; predict gap %.1e; train-%s %.5f (xgboost eval %.6f); validation "
                      "mean over 5 seeds %.6f (sd %.6f), xgboost 1.7.4 %.6f (sd %.6f), bound %.6f"
                      % (tag, gap, metric, ours_train, theirs_train, ours_mean, np.std(ours_scores, ddof=1),
                         theirs_mean, np.std(theirs_scores, ddof=1), bound))
        require(ours_mean <= bound, "%s: held-out %s %.6f worse than xgboost's %.6f" % (tag, metric, ours_mean, theirs_mean))
    finally:
        job.cleanup()


def main():
    data_dir = tempfile.mkdtemp(prefix="dpt-boosters-data-")
    report = []
    try:
        files = {}
        for objective in ("binary:logistic", "reg:squarederror", "multi:softprob"):
            train = os.path.join(data_dir, objective.replace(":", "-") + "-train.libsvm")
            valid = os.path.join(data_dir, objective.replace(":", "-") + "-valid.libsvm")
            write_libsvm(train, 600, 8, 11, objective)
            write_libsvm(valid, 300, 8, 12, objective)
            files[objective] = (train, valid)
        only = sys.argv[1:]
        for tag, objective, hyperparameters, compare in RUNS:
            if only and tag not in only:
                continue
            check(tag, objective, hyperparameters, compare, files[objective], report)
    finally:
        print("\n".join(report))
        shutil.rmtree(data_dir, ignore_errors=True)
    print("%d runs: dart and gblinear agree with xgboost 1.7.4" % len(report))


if __name__ == "__main__":
    main()
