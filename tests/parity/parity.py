"""Differential test against Python xgboost 1.7 (tree_method=hist): one case = one data set, one
objective and its parameters. For each case:

1. dptrain trains at mpirun -np 1, 2 and 3 on the same libsvm files; the three models must be
   byte-identical (the model does not depend on the number of ranks);
2. Python xgboost loads dptrain's model and evaluates it on the held-out set; the value dptrain
   printed for its last round must equal that evaluation (the metric code agrees);
3. xgboost trains with the same parameters; dptrain's held-out metric must not be worse than
   xgboost's by more than the tolerance below.

The tolerance comes from xgboost's own spread: xgboost trained five more times with seeds 1..5,
row and column subsampling at 0.8 (the smallest perturbation that gives it a seed to vary), shows
how much the held-out metric moves when the learner sees slightly different data; dptrain's
histogram cuts differ from xgboost's sketch by about as much. Allowed: the larger of that range
(max - min over the five seeds), 2% of xgboost's value, and 1e-3. A model that ignores a feature
xgboost splits on (the agaricus defect: logloss 0.69 against 0.12) is far outside it.

Usage: parity.py CASE [CASE...] | --list | --all
Environment (set by ctest): DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS, DPT_SOURCE_DIR.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets  # noqa: E402
from cases import CASES  # noqa: E402

DPTRAIN = os.environ.get("DPTRAIN", "")
MPIRUN = os.environ.get("DPT_MPIRUN", "mpirun")
MPIRUN_FLAGS = os.environ.get("DPT_MPIRUN_FLAGS", "").split()
SEEDS = (1, 2, 3, 4, 5)


class Failure(Exception):
    pass


def job_tree(root, params, train_path, test_path):
    config = os.path.join(root, "input", "config")
    os.makedirs(config)
    for channel, path in (("train", train_path), ("validation", test_path)):
        folder = os.path.join(root, "input", "data", channel)
        os.makedirs(folder)
        shutil.copy(path, os.path.join(folder, channel + ".libsvm"))
    with open(os.path.join(config, "hyperparameters.json"), "w") as f:
        json.dump({k: str(v) for k, v in params.items()}, f)
    with open(os.path.join(config, "inputdataconfig.json"), "w") as f:
        json.dump({c: {"ContentType": "text/libsvm"} for c in ("train", "validation")}, f)


def run_dptrain(root, np):
    for leftover in ("model", "checkpoints", "output"):
        shutil.rmtree(os.path.join(root, leftover), ignore_errors=True)
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", str(np), DPTRAIN, "--sm-root", root]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    out = proc.stdout.decode(errors="replace")
    if proc.returncode != 0:
        raise Failure("dptrain at np=%d exited %d\n%s" % (np, proc.returncode, out[-3000:]))
    with open(os.path.join(root, "model", "xgboost-model"), "rb") as f:
        return f.read(), out


def printed_metric(out, name):
    """The value of `name` (e.g. validation-logloss) on the last metric line."""
    lines = [l for l in out.splitlines() if l.startswith("[") and (name + ":") in l]
    if not lines:
        raise Failure("no %s in dptrain's output\n%s" % (name, out[-2000:]))
    return float(lines[-1].split(name + ":")[1].split()[0])


def xgb_params(params, metric):
    p = {k: v for k, v in params.items() if k not in ("num_round",)}
    p.update({"tree_method": "hist", "eval_metric": metric, "nthread": 1})
    return p


def xgb_eval(booster, dtest, metric):
    booster.set_param({"eval_metric": metric})
    return float(booster.eval(dtest, "validation").split(":")[-1])


def run_case(name, case, work):
    train_rows, test_rows = case["data"]()
    train_path, test_path = os.path.join(work, "train.libsvm"), os.path.join(work, "test.libsvm")
    datasets.write_libsvm(train_path, train_rows)
    datasets.write_libsvm(test_path, test_rows)
    params, metric = dict(case["params"]), case["metric"]
    params.setdefault("eval_metric", metric)
    maximize = case.get("maximize", metric.startswith(("auc", "ndcg", "map", "pre", "aucpr")))

    root = os.path.join(work, "job")
    job_tree(root, params, train_path, test_path)
    reference, out = None, ""
    for np in case.get("np", (1, 2, 3)):
        model, out = run_dptrain(root, np)
        if reference is None:
            reference = model
        elif model != reference:
            raise Failure("model at np=%d differs from np=1" % np)
    model_path = os.path.join(work, "dptrain-model.json")
    with open(model_path, "wb") as f:
        f.write(reference)

    width = datasets.num_features(train_rows, test_rows)
    dtrain = datasets.to_dmatrix(train_rows, width)
    dtest = datasets.to_dmatrix(test_rows, width)
    ours = xgboost.Booster(model_file=model_path)
    ours_value = xgb_eval(ours, dtest, metric)
    printed = printed_metric(out, "validation-" + metric)
    if abs(printed - ours_value) > 1e-5 + 1e-5 * abs(ours_value):
        raise Failure("dptrain printed validation-%s %.6f; xgboost evaluates the same model at %.6f"
                      % (metric, printed, ours_value))

    rounds = int(params["num_round"])
    base = xgb_params(params, metric)
    theirs = xgboost.train(base, dtrain, rounds)
    theirs_value = xgb_eval(theirs, dtest, metric)
    spread_values = []
    for seed in SEEDS:
        p = dict(base, seed=seed, subsample=0.8, colsample_bytree=0.8)
        spread_values.append(xgb_eval(xgboost.train(p, dtrain, rounds), dtest, metric))
    spread = max(spread_values) - min(spread_values)
    tolerance = max(spread, 0.02 * abs(theirs_value), 1e-3)
    gap = (theirs_value - ours_value) if maximize else (ours_value - theirs_value)
    verdict = "ok" if gap <= tolerance else "WORSE"
    print("%-22s %-9s dptrain %.6f  xgboost %.6f  gap %+.6f  tolerance %.6f (seed range %.6f)  %s"
          % (name, metric, ours_value, theirs_value, gap, tolerance, spread, verdict))
    if gap > tolerance:
        raise Failure("%s: dptrain's held-out %s %.6f is worse than xgboost's %.6f by %.6f (tolerance %.6f)"
                      % (name, metric, ours_value, theirs_value, gap, tolerance))


def main(argv):
    if not argv or argv == ["--list"]:
        print("\n".join(CASES))
        return 0
    names = list(CASES) if argv == ["--all"] else argv
    failures = []
    for name in names:
        if name not in CASES:
            print("unknown case %s (--list shows them)" % name)
            return 2
        work = tempfile.mkdtemp(prefix="dpt-parity-")
        try:
            run_case(name, CASES[name], work)
        except Failure as e:
            failures.append(name)
            print("FAIL %s: %s" % (name, e))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("parity failures: " + " ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
