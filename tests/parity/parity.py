"""Differential test against Python xgboost 1.7 (tree_method=hist): one case = one data set, one
objective and its parameters, and one or more held-out metrics of that model. For each case:

1. dptrain trains at mpirun -np 1, 2 and 3 (side by side) on the same libsvm files (query ids as
   qid:N, survival:aft intervals as lower,upper); the three models must be byte-identical (the
   model does not depend on the number of ranks);
2. Python xgboost loads dptrain's model and evaluates every metric on the held-out set (a
   DMatrix built from the same rows, with the same query groups / label bounds); the value
   dptrain printed for its last round must equal that evaluation (1e-5; the metric code agrees);
   nan is a failure (the case's data must give numbers);
3. xgboost trains with the same parameters at its own defaults (base_score 0.5 where dptrain
   starts from the labels: that difference is dptrain's to justify); for each metric dptrain's
   held-out value must not be worse than xgboost's by more than the tolerance;
4. same cuts: where every feature has at most max_bin distinct training values, both learners'
   cuts are exactly those values. Then (not for rank:*, whose pairs are drawn differently, nor
   with sampling) xgboost trained from dptrain's base_score must reach dptrain's held-out value
   within 1% (a share of rows: within one row). What is left to differ: dptrain sums gradients
   in fixed point (31-bit packed histograms up to 65536 rows, a relative error near 1e-6 where
   xgboost sums floats in double), and where several cuts split a node's rows alike the two
   pick different ones (exact ties; xgboost's pick depends on float rounding), which moves test
   rows between the gaps. Every same-cuts case so far is equal to 0.2%; a gradient, hessian,
   leaf or metric formula that is off is not.

The tolerance of 3 comes from xgboost's own spread: xgboost trained eight more times, with
seeds 1..5 and row and column subsampling at 0.8 (the smallest perturbation that gives it a seed
to vary: other data), and with max_bin 128, 192 and 384 (other cut points: dptrain's cuts are not
xgboost's sketch's where a feature has more values than bins, and where they are, cut noise
alone moves reg:gamma's held-out deviance from 0.968 to 1.045). Allowed: the larger of that
range (max - min over the eight), 2% of xgboost's value, and 1e-3. A model that ignores a
feature xgboost splits on (the agaricus defect: logloss 0.69 against 0.12) is far outside it,
and so is a start that defeats a robust loss (pseudohuber_outliers).

Metrics are chosen for what the case's model optimises: mape, for one, rewards whichever model
still predicts too low after few rounds, so it is compared where both start from one value.

Usage: parity.py CASE [CASE...] | --list | --all | --coverage
Environment (set by ctest): DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS, DPT_SOURCE_DIR.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets  # noqa: E402
from cases import CASES, coverage  # noqa: E402

DPTRAIN = os.environ.get("DPTRAIN", "")
MPIRUN = os.environ.get("DPT_MPIRUN", "mpirun")
MPIRUN_FLAGS = os.environ.get("DPT_MPIRUN_FLAGS", "").split()
SEEDS = (1, 2, 3, 4, 5)
MAX_BINS = (128, 192, 384)
SAMPLING = ("subsample", "colsample_bytree", "colsample_bylevel", "colsample_bynode")
SAME_CUTS = 0.01
COUNTING = ("error", "merror", "interval-regression-accuracy")


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


def start_dptrain(root, np):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", str(np), DPTRAIN, "--sm-root", root]
    # Each job its own Open MPI session directory: mpiruns started together race to create the
    # shared /tmp/ompi.<host>.<uid> ("unable to create the desired directory ... File exists").
    session = os.path.join(root, "ompi")
    os.makedirs(session)
    env = dict(os.environ, OMPI_MCA_orte_tmpdir_base=session)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def finish_dptrain(proc, root, np):
    try:
        out = proc.communicate(timeout=300)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        proc.kill()
        raise Failure("dptrain at np=%d ran past 300 s" % np)
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


# Parameters that are the job's, not the model's: never handed to a booster that evaluates a saved
# model (base_score would overwrite the model's own; objective would rebuild it).
NOT_FOR_EVAL = ("num_round", "objective", "base_score", "eval_metric")


def xgb_params(params):
    p = {k: v for k, v in params.items() if k not in ("num_round", "eval_metric")}
    p.update({"tree_method": "hist", "nthread": 1})
    return p


def xgb_eval(model, params, dtest, metrics):
    """{name as xgboost prints it: value} of each metric on dtest for a saved model (bytes).
    The booster is built with the case's parameters (huber_slope for mphe, the aft_* for
    aft-nloglik) and every metric at once: xgboost 1.7.4 evaluates aft-nloglik with scale 1 when
    the scale comes by a later set_param, so xgboost's own models go through the same route."""
    import xgboost
    settings = [(k, str(v)) for k, v in params.items() if k not in NOT_FOR_EVAL]
    settings += [("nthread", "1")] + [("eval_metric", m) for m in metrics]
    booster = xgboost.Booster(settings, model_file=bytearray(model))
    fields = booster.eval(dtest, "validation").split("\t")[1:]
    values = {}
    for field in fields:
        name, value = field.rsplit(":", 1)
        values[name[len("validation-"):]] = float(value)
    if len(values) != len(metrics):
        raise Failure("xgboost evaluated %s for the metrics %s" % (fields, metrics))
    return values


def maximized(metric):
    family = metric.split("@")[0].rstrip("-")  # ndcg@3- -> ndcg; not a prefix test: mape is no map
    return family in ("auc", "aucpr", "ndcg", "map", "pre", "interval-regression-accuracy")


def run_case(name, case, work):
    train_rows, test_rows = case["data"]()
    train_path, test_path = os.path.join(work, "train.libsvm"), os.path.join(work, "test.libsvm")
    datasets.write_libsvm(train_path, train_rows)
    datasets.write_libsvm(test_path, test_rows)
    metrics = case.get("metrics") or [case["metric"]]
    params = dict(case["params"], eval_metric=",".join(metrics))

    # The ranks counts run side by side (each its own job tree): the case's time is mostly
    # mpirun's start, and xgboost's import overlaps it too.
    runs = []
    for ranks in case.get("np", (1, 2, 3)):
        root = os.path.join(work, "job-np%d" % ranks)
        job_tree(root, params, train_path, test_path)
        runs.append((ranks, root, start_dptrain(root, ranks)))
    try:
        results = [(ranks, finish_dptrain(proc, root, ranks)) for ranks, root, proc in runs]
    finally:
        for _, _, proc in runs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    reference, out = results[0][1]
    for ranks, (model, _) in results[1:]:
        if model != reference:
            raise Failure("model at np=%d differs from np=%d" % (ranks, results[0][0]))

    import xgboost  # here, while the ranks run: importing it takes seconds
    width = datasets.num_features(train_rows, test_rows)
    dtrain = datasets.to_dmatrix(train_rows, width)
    dtest = datasets.to_dmatrix(test_rows, width)
    ours = xgb_eval(reference, params, dtest, metrics)
    for metric, value in ours.items():
        if math.isnan(value):
            raise Failure("xgboost evaluates dptrain's model to validation-%s nan" % metric)
        printed = printed_metric(out, "validation-" + metric)
        if abs(printed - value) > 1e-5 + 1e-5 * abs(value):
            raise Failure("dptrain printed validation-%s %.6f; xgboost evaluates the same model at %.6f"
                          % (metric, printed, value))

    rounds = int(params["num_round"])
    base = xgb_params(params)
    theirs = xgb_eval(xgboost.train(base, dtrain, rounds).save_raw("json"), params, dtest, metrics)
    # xgboost's spread: other seeds with row and column sampling (other data), other max_bin
    # (other cut points: dptrain's cuts are not xgboost's sketch's where a feature has more
    # distinct values than bins).
    variants = [dict(base, seed=seed, subsample=0.8, colsample_bytree=0.8) for seed in SEEDS]
    variants += [dict(base, max_bin=bins) for bins in MAX_BINS]
    spread_values = [xgb_eval(xgboost.train(p, dtrain, rounds).save_raw("json"), params, dtest, metrics)
                     for p in variants]
    # Same cuts: xgboost grown from dptrain's start (base_score; dptrain's default comes from the
    # labels where XGBoost 1.7's is 0.5) on data whose every feature has at most max_bin values.
    twin = None
    if same_cuts(train_rows, params) and not params["objective"].startswith("rank:") and \
            all(float(params.get(k, 1)) == 1 for k in SAMPLING):
        ours_base = json.loads(reference)["learner"]["learner_model_param"]["base_score"]
        if float(ours_base) == float(params.get("base_score", 0.5)) or params["objective"] == "reg:absoluteerror":
            twin = theirs  # the same start already (absoluteerror: both take the weighted median)
        else:
            twin = xgb_eval(xgboost.train(dict(base, base_score=ours_base), dtrain, rounds).save_raw("json"),
                            params, dtest, metrics)
    problems = []
    for metric in ours:
        spread = max(v[metric] for v in spread_values) - min(v[metric] for v in spread_values)
        tolerance = max(spread, 0.02 * abs(theirs[metric]), 1e-3)
        gap = (theirs[metric] - ours[metric]) if maximized(metric) else (ours[metric] - theirs[metric])
        verdict = "ok" if gap <= tolerance else "WORSE"
        if gap > tolerance:
            problems.append("dptrain's held-out %s %.6f is worse than xgboost's %.6f by %.6f (tolerance %.6f)"
                            % (metric, ours[metric], theirs[metric], gap, tolerance))
        twin_text = ""
        if twin is not None:
            # A share of rows (error, merror, interval-regression-accuracy) moves by whole rows.
            rows = 1.0 / len(test_rows) if metric.split("@")[0] in COUNTING else 0.0
            same = abs(ours[metric] - twin[metric]) <= max(SAME_CUTS * abs(twin[metric]), rows) + 1e-6
            twin_text = "  same cuts: xgboost %.6f %s" % (twin[metric], "ok" if same else "DIFFERENT")
            if not same:
                problems.append("with xgboost's cuts and start, dptrain's held-out %s %.6f is not xgboost's "
                                "%.6f (allowed: %g relative)" % (metric, ours[metric], twin[metric], SAME_CUTS))
        print("%-26s %-21s %-28s dptrain %.6f  xgboost %.6f  gap %+.6f  tolerance %.6f (xgboost range %.6f) %s%s"
              % (name, params["objective"], metric, ours[metric], theirs[metric], gap, tolerance, spread, verdict,
                 twin_text))
    if problems:
        raise Failure("%s: %s" % (name, "; ".join(problems)))


def same_cuts(rows, params):
    """Whether every feature has at most max_bin distinct values (as float32) in the training
    rows: then xgboost's cuts are those values, and so are dptrain's."""
    bins = int(params.get("max_bin", 256))
    values = {}
    for row in rows:
        for i, v in row[1].items():
            values.setdefault(i, set()).add(float(np.float32(v)))
    return all(len(v) <= bins for v in values.values())


def main(argv):
    if not argv or argv == ["--list"]:
        print("\n".join(CASES))
        return 0
    if argv == ["--coverage"]:  # objectives and metric forms of cases.py that no case uses
        missing = coverage()
        print("every objective and metric form has a case" if not missing else "no case: " + " ".join(missing))
        return 1 if missing else 0
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
