"""For every objective: dptrain at mpirun -np 2 writes a model that Python xgboost loads and that
predicts what dptrain predicts (margins and outputs, <= 1e-5); every train metric dptrain printed
equals XGBoost's evaluation of that model (printed to 5 decimals), and the last metric of each
run equals it to 1e-6 relative (through the exact best_score early stopping stores, compared
with xgboost's evaluation of the model cut at best_iteration); the stored objective and its
parameters are those xgboost stores after training with the same parameters, and
reg:absoluteerror's base_score is xgboost's; SageMaker's regex reads one validation value per round.
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

ROUNDS = 5
# (objective, extra hyperparameters, metrics or None for the default, the metric name printed
# last). Every metric appears last somewhere, so each is checked to 1e-6 relative.
RUNS = [
    ("reg:squarederror", {}, None, "rmse"),
    ("reg:linear", {}, ["mae", "rmse"], "rmse"),
    ("reg:logistic", {}, None, "rmse"),
    ("binary:logistic", {"scale_pos_weight": 1.5}, None, "logloss"),
    ("binary:logistic", {}, ["auc", "error@0.7", "error"], "error"),
    ("binary:logistic", {}, ["logloss", "error@0.3", "aucpr"], "aucpr"),
    ("binary:logitraw", {}, ["auc"], "auc"),
    ("binary:hinge", {}, None, "error"),
    ("binary:hinge", {}, ["error", "rmse", "auc"], "auc"),
    ("multi:softmax", {"num_class": 3}, None, "mlogloss"),
    ("multi:softprob", {"num_class": 3}, ["merror"], "merror"),
    ("multi:softprob", {"num_class": 3}, ["mlogloss", "aucpr", "auc"], "auc"),
    ("multi:softmax", {"num_class": 3}, ["auc", "aucpr"], "aucpr"),
    ("count:poisson", {"max_delta_step": 0.7}, None, "poisson-nloglik"),
    ("reg:squaredlogerror", {}, None, "rmsle"),
    ("reg:squaredlogerror", {}, ["rmsle", "rmse", "mae"], "mae"),
    ("reg:pseudohubererror", {"huber_slope": 0.7}, None, "mphe"),
    ("reg:pseudohubererror", {}, ["mae", "mphe"], "mphe"),
    ("reg:absoluteerror", {}, None, "mae"),
    ("reg:absoluteerror", {"subsample": 0.7, "seed": 3}, ["rmse", "mae"], "mae"),
    ("reg:gamma", {}, None, "gamma-nloglik"),
    ("reg:gamma", {}, ["gamma-nloglik", "mape", "gamma-deviance"], "gamma-deviance"),
    ("reg:gamma", {}, ["gamma-deviance", "mape"], "mape"),
    ("reg:tweedie", {}, None, "tweedie-nloglik@1.5"),
    ("reg:tweedie", {"tweedie_variance_power": 1.2}, None, "tweedie-nloglik@1.2"),
    ("reg:tweedie", {}, ["rmse", "tweedie-nloglik@1.8"], "tweedie-nloglik@1.8"),
]


def dptrain_predict(model, data, margin):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model,
                                         "--data", data, "--has-label"]
    if margin:
        command.append("--output-margin")
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    rows = [line.split(",") for line in proc.stdout.decode().splitlines() if line]
    return np.array([[float(v) for v in row] for row in rows])


def xgb_eval(booster, dtrain, metric, extra):
    # The learner parameters a metric reads (mphe's huber_slope) are not in the model file.
    booster.set_param(dict({"eval_metric": metric}, **{k: v for k, v in extra.items() if k == "huber_slope"}))
    return float(booster.eval(dtrain, "train").split(":")[-1])


def check_median_leaves(tag, booster, dtrain, base_score):
    """reg:absoluteerror: each leaf of the first tree is the median of label - base_score over
    the rows that reach it (XGBoost 1.7's UpdateTreeLeaf, not scaled by eta)."""
    leaves = booster[:1].predict(dtrain, pred_leaf=True).reshape(-1)
    tree = json.loads(booster[:1].save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"][0]
    residual = dtrain.get_label().astype(np.float32) - np.float32(base_score)
    for leaf in np.unique(leaves):
        expected = float(np.median(residual[leaves == leaf]))
        value = tree["split_conditions"][int(leaf)]
        require(abs(value - expected) <= 1e-6 * max(1.0, abs(expected)),
                "%s: leaf %d holds %.9g, the median residual of its rows is %.9g" % (tag, leaf, value, expected))


def check(index, run, data_dir, report):
    objective, extra, metrics, last = run
    tag = "%s#%d" % (objective, index)
    train = os.path.join(data_dir, objective.replace(":", "_") + "-train.libsvm")
    if not os.path.exists(train):
        write_libsvm(train, 2000, 6, 3, objective)
    hp = dict({"objective": objective, "num_round": ROUNDS, "max_depth": 4, "eta": 0.3,
               "early_stopping_rounds": 100}, **extra)
    if metrics:
        hp["eval_metric"] = ",".join(metrics)
    job = Job(hp, {"train": [train], "validation": [train]})
    status, out = job.run(np=2)
    require(status == 0, tag + ": training failed", out)
    values = sagemaker_metric(out, "validation-" + last)
    require(len(values) == ROUNDS, "%s: SageMaker's regex found %d validation-%s values, expected %d"
            % (tag, len(values), last, ROUNDS), out)

    booster = xgboost.Booster(model_file=job.model)
    saved = json.loads(job.model_bytes())["learner"]
    dtrain = xgboost.DMatrix(train + "?format=libsvm")
    # The objective as XGBoost 1.7 itself stores it after training with the same parameters.
    theirs = json.loads(xgboost.train(dict({"objective": objective, "tree_method": "hist"}, **extra),
                                      dtrain, 1).save_raw("json"))["learner"]
    require(saved["objective"] == theirs["objective"], "%s: stored objective %s, xgboost stores %s"
            % (tag, saved["objective"], theirs["objective"]))
    if objective == "reg:absoluteerror" and not extra:
        # XGBoost 1.7's own base_score for these labels: the median, from InitEstimation.
        base = theirs["learner_model_param"]["base_score"]
        require(saved["learner_model_param"]["base_score"] == base, "%s: base_score %s, xgboost's %s"
                % (tag, saved["learner_model_param"]["base_score"], base))
        check_median_leaves(tag, booster, dtrain, float(base))
    theirs_margin = booster.predict(dtrain, output_margin=True)
    theirs_out = booster.predict(dtrain)
    ours_margin = dptrain_predict(job.model, train, True)
    ours_out = dptrain_predict(job.model, train, False)
    require(ours_margin.size == theirs_margin.size, "%s: %d margins from dptrain, %d from xgboost"
            % (tag, ours_margin.size, theirs_margin.size))
    margin_gap = float(np.max(np.abs(ours_margin.reshape(theirs_margin.shape) - theirs_margin)))
    output_gap = float(np.max(np.abs(ours_out.reshape(theirs_out.shape) - theirs_out)))
    require(margin_gap <= 1e-5 and output_gap <= 1e-5,
            "%s: predictions differ from xgboost's by %g (margins) / %g (outputs)" % (tag, margin_gap, output_gap))

    last_line = [l for l in out.splitlines() if l.startswith("[%d]" % (ROUNDS - 1))]
    require(last_line, tag + ": no metric line for the last round", out)
    names = metrics or [last]
    for metric in names:
        printed_name = last if metric == names[-1] else metric
        require("train-" + printed_name + ":" in last_line[0], "%s: no train-%s in %s" % (tag, printed_name, last_line[0]))
        printed = float(last_line[0].split("train-" + printed_name + ":")[1].split()[0])
        xgb_value = xgb_eval(booster, dtrain, metric if metrics else last, extra)
        require(abs(printed - xgb_value) <= 6e-6 + 1e-6 * abs(xgb_value),
                "%s: we printed train-%s %.5f, xgboost evaluates %.7f" % (tag, printed_name, printed, xgb_value), out)
    # The exact value of the last metric: best_score at best_iteration.
    best_iteration = int(saved["attributes"]["best_iteration"])
    best_score = float(saved["attributes"]["best_score"])
    cut = booster[: best_iteration + 1]
    exact = xgb_eval(cut, dtrain, names[-1] if metrics else last, extra)
    rel = abs(best_score - exact) / max(abs(exact), 1e-12)
    require(rel <= 1e-6, "%s: best_score %.12g (round %d) but xgboost evaluates %s = %.12g (rel %.2e)"
            % (tag, best_score, best_iteration, last, exact, rel))
    report.append((tag, last, margin_gap, output_gap, rel))
    job.cleanup()


def main():
    data_dir = tempfile.mkdtemp(prefix="dpt-gbdt-interop-")
    report = []
    try:
        for index, run in enumerate(RUNS):
            check(index, run, data_dir, report)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    for tag, metric, margin_gap, output_gap, rel in report:
        print("%-26s margins within %.1e, outputs within %.1e; %s equals xgboost's to %.1e relative"
              % (tag, margin_gap, output_gap, metric, rel))


if __name__ == "__main__":
    main()
