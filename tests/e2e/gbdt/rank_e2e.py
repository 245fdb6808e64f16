"""Learning to rank end to end: rank:pairwise, rank:ndcg and rank:map on libsvm files with query
groups (qid) of varied sizes, some placed across the natural shard cuts of 2 and 3 ranks.

(a) the model bytes are identical at np 1, 2, 3 (a group split between ranks would change them);
(b) Python xgboost loads the model and predicts dptrain's margins (<= 1e-5);
(c) ndcg, map, pre@n, auc (by query) printed for train equal xgboost's booster.eval of the model:
    every printed value to its 5 decimals, and the exact value (best_score, 17 digits) <= 1e-6
    relative;
(d) held-out ndcg is not worse than xgboost 1.7's (tree_method=hist, same parameters) by more
    than 3 standard errors of the difference of the means, the standard deviation taken from
    xgboost's own spread over 5 seeds (subsample/colsample make the seeds matter; our pairs are
    drawn by another generator, so our model is one more draw from the same distribution);
(e) the same rows as csv with csv_qid=1 give the same model bytes;
(f) bad ranking input fails with a message naming the file and line (or the rows).
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import DPTRAIN, MPIRUN, MPIRUN_FLAGS, Job, require  # noqa: E402
import rank_data  # noqa: E402

OBJECTIVES = ["rank:pairwise", "rank:ndcg", "rank:map"]
METRICS = ["ndcg", "map", "pre@5", "auc", "ndcg@3-", "map@2", "ndcg-"]
BASE = {"num_round": 5, "max_depth": 4, "eta": 0.3}


def printed_metric(output, name):
    """Values of `name` on the metric lines ([round] then tab-separated name:value)."""
    values = []
    for line in output.splitlines():
        fields = line.split("\t")
        if fields and fields[0].startswith("[") and fields[0].endswith("]"):
            values += [float(f.split(":")[1]) for f in fields[1:] if f.split(":")[0] == name]
    return values


def csv_job(hp, channels):
    job = Job(dict(hp, csv_qid=1), channels)
    config = os.path.join(job.root, "input", "config", "inputdataconfig.json")
    with open(config, "w") as f:
        f.write('{"train": {"ContentType": "text/csv"}}')
    return job


def trained(hp, channels, np_=2, csv=False):
    job = csv_job(hp, channels) if csv else Job(hp, channels)
    status, out = job.run(np=np_)
    require(status == 0, "training failed: %r at np=%d" % (hp, np_), out)
    return job, out


def predict_margins(model, data):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model, "--data", data,
                                         "--has-label", "--output-margin"]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    return np.array([float(line) for line in proc.stdout.decode().split()])


def xgb_eval(model, dmatrix, metric, trees=None):
    booster = xgboost.Booster(model_file=model)
    if trees is not None:
        booster = booster[:trees]
    booster.set_param({"eval_metric": metric})
    return float(booster.eval(dmatrix).split(":")[-1])


def check_objective(objective, train, valid, dtrain):
    hp = dict(BASE, objective=objective, eval_metric=",".join(METRICS))
    models = {}
    for np_ in (1, 2, 3):
        job, out = trained(hp, {"train": [train], "validation": [valid]}, np_)
        models[np_] = job.model_bytes()
        if np_ == 2:
            kept, output = job, out
        else:
            job.cleanup()
    require(models[1] == models[2] == models[3], objective + ": model bytes differ between np 1, 2, 3")
    # (b) xgboost predicts our margins.
    theirs = xgboost.Booster(model_file=kept.model).predict(dtrain, output_margin=True)
    ours = predict_margins(kept.model, train)
    worst = float(np.max(np.abs(theirs - ours) / np.maximum(1.0, np.abs(theirs))))
    require(worst <= 1e-5, "%s: margins differ from xgboost's by %g" % (objective, worst))
    # (c) every printed train metric of the last round, to its printed precision.
    for metric in METRICS:
        printed = printed_metric(output, "train-" + metric)
        require(len(printed) == BASE["num_round"], "%s: %d train-%s lines" % (objective, len(printed), metric), output)
        theirs_value = xgb_eval(kept.model, dtrain, metric)
        require(abs(printed[-1] - theirs_value) <= 6e-6, "%s: train-%s printed %.5f, xgboost says %.17g"
                % (objective, metric, printed[-1], theirs_value), output)
    kept.cleanup()
    print("%s: model bytes equal at np 1-3, margins within %.1e of xgboost, metrics agree" % (objective, worst))


def check_exact_metrics(train, dtrain):
    """best_score holds the watched validation metric at the best round with 17 digits: with the
    training file as validation it is the train metric, exactly as dptrain computed it."""
    for metric in METRICS:
        hp = dict(BASE, objective="rank:ndcg", eval_metric=metric, early_stopping_rounds=BASE["num_round"])
        job, _ = trained(hp, {"train": [train], "validation": [train]}, 3)
        booster = xgboost.Booster(model_file=job.model)
        best, score = int(booster.attr("best_iteration")), float(booster.attr("best_score"))
        theirs = xgb_eval(job.model, dtrain, metric, trees=best + 1)
        require(abs(score - theirs) <= 1e-6 * max(abs(theirs), 1e-12),
                "%s: dptrain %.17g, xgboost %.17g" % (metric, score, theirs))
        print("%s at round %d: dptrain %.17g, xgboost %.17g" % (metric, best, score, theirs))
        job.cleanup()


def check_quality(train, valid, dtrain):
    dvalid = xgboost.DMatrix(valid + "?format=libsvm")
    for objective in OBJECTIVES:
        hp = {"objective": objective, "max_depth": 4, "eta": 0.1, "subsample": 0.8, "colsample_bytree": 0.8,
              "eval_metric": "ndcg"}
        theirs = [float(xgboost.train(dict(hp, tree_method="hist", seed=s), dtrain, 30).eval(dvalid).split(":")[-1])
                  for s in range(5)]
        ours = []
        for s in range(3):
            job, _ = trained(dict(hp, num_round=30, seed=s), {"train": [train]}, 2)
            ours.append(xgb_eval(job.model, dvalid, "ndcg"))
            job.cleanup()
        spread = float(np.std(theirs, ddof=1))
        tolerance = 3 * spread * math.sqrt(1 / len(ours) + 1 / len(theirs))
        require(np.mean(ours) >= np.mean(theirs) - tolerance,
                "%s: held-out ndcg %.4f (seeds %s) is below xgboost's %.4f (seeds %s) by more than %.4f"
                % (objective, np.mean(ours), ours, np.mean(theirs), theirs, tolerance))
        print("%s: held-out ndcg ours %.4f, xgboost %.4f +- %.4f (tolerance %.4f)"
              % (objective, np.mean(ours), np.mean(theirs), spread, tolerance))


def check_csv(groups, train, data):
    csv = os.path.join(data, "train.csv")
    rank_data.write(csv, rank_data.csv_lines(groups))
    hp = dict(BASE, objective="rank:pairwise")
    a, _ = trained(hp, {"train": [train]}, 2)
    b, _ = trained(hp, {"train": [csv]}, 2, csv=True)
    require(a.model_bytes() == b.model_bytes(), "csv with csv_qid=1 gives another model than libsvm")
    a.cleanup()
    b.cleanup()
    print("csv_qid: same model bytes as the libsvm file")


def check_bad_input(data):
    cases = {
        "qid_not_integer": ("1 qid:7 0:1\n0 qid:x7 0:2\n", {}, "bad.libsvm:2:7: qid must be a non-negative integer"),
        "qid_comes_back": ("1 qid:1 0:1\n0 qid:2 0:2\n1 qid:1 0:3\n", {}, "qid 1 comes back"),
        # One rank finds it while parsing (file:line), or the ranks find it together.
        "qid_on_some_rows": ("1 qid:1 0:1\n" * 20 + "0 0:2\n", {}, ("bad.libsvm:21:1: this row has no qid",
                                                                  "others do not")),
        "no_groups": ("1 0:1\n0 0:2\n", {}, "has no query groups"),
        "ndcg_label_too_large": ("40 qid:1 0:1\n0 qid:1 0:2\n", {"objective": "rank:ndcg"}, "[0, 31]"),
    }
    for name, (text, hp, expected) in cases.items():
        path = os.path.join(data, "bad.libsvm")
        with open(path, "w") as f:
            f.write(text)
        job = Job(dict({"num_round": 2, "objective": "rank:pairwise"}, **hp), {"train": [path]})
        status, out = job.run(np=2, timeout=60)
        require(status != 0, name + ": exit status 0", out)
        with open(job.failure) as f:
            reason = f.read()
        options = expected if isinstance(expected, tuple) else (expected,)
        require(any(e in reason for e in options), "%s: failure file says %r, expected %r"
                % (name, reason.strip(), expected), out)
        print("%s: %s" % (name, reason.splitlines()[0]))
        job.cleanup()


def main():
    data = tempfile.mkdtemp(prefix="dpt-rank-e2e-")
    groups = rank_data.make_groups(3000, 8, 1, large_at=(0.3, 0.45, 0.62))
    lines = rank_data.libsvm_lines(groups)
    require(rank_data.cuts_inside_groups(lines, groups), "the data no longer puts groups across the shard cuts")
    train = os.path.join(data, "train.libsvm")
    valid = os.path.join(data, "valid.libsvm")
    rank_data.write(train, lines)
    rank_data.write(valid, rank_data.libsvm_lines(rank_data.make_groups(2000, 8, 2)))
    dtrain = xgboost.DMatrix(train + "?format=libsvm")
    for objective in OBJECTIVES:
        check_objective(objective, train, valid, dtrain)
    check_exact_metrics(train, dtrain)
    check_csv(groups, train, data)
    check_quality(train, valid, dtrain)
    check_bad_input(data)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
