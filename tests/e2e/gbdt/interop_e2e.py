"""For every objective: dptrain at mpirun -np 2 writes a model that Python xgboost loads and that
predicts what dptrain predicts (margins and outputs, <= 1e-5); the train metric dptrain printed
equals XGBoost's evaluation of that model; SageMaker's regex reads one validation value per round.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import DPTRAIN, MPIRUN, MPIRUN_FLAGS, Job, require, sagemaker_metric, write_libsvm  # noqa: E402

ROUNDS = 5
OBJECTIVES = {
    "reg:squarederror": ("rmse", {}),
    "reg:logistic": ("rmse", {}),
    "binary:logistic": ("logloss", {"scale_pos_weight": 1.5}),
    "binary:logitraw": ("auc", {"eval_metric": "auc"}),
    "multi:softmax": ("mlogloss", {"num_class": 3}),
    "multi:softprob": ("merror", {"num_class": 3, "eval_metric": "merror"}),
    "count:poisson": ("poisson-nloglik", {"max_delta_step": 0.7}),
}


def dptrain_predict(model, data, margin):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model,
                                         "--data", data, "--has-label"]
    if margin:
        command.append("--output-margin")
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    rows = [line.split(",") for line in proc.stdout.decode().splitlines() if line]
    return np.array([[float(v) for v in row] for row in rows])


def check(objective, metric, extra, data_dir):
    train = os.path.join(data_dir, objective.replace(":", "_") + "-train.libsvm")
    valid = os.path.join(data_dir, objective.replace(":", "_") + "-valid.libsvm")
    write_libsvm(train, 2000, 6, 3, objective)
    write_libsvm(valid, 500, 6, 4, objective)
    hp = dict({"objective": objective, "num_round": ROUNDS, "max_depth": 4, "eta": 0.3}, **extra)
    job = Job(hp, {"train": [train], "validation": [valid]})
    status, out = job.run(np=2)
    require(status == 0, objective + ": training failed", out)

    values = sagemaker_metric(out, "validation-" + metric)
    require(len(values) == ROUNDS, "%s: SageMaker's regex found %d validation-%s values, expected %d"
            % (objective, len(values), metric, ROUNDS), out)

    booster = xgboost.Booster(model_file=job.model)
    dtrain = xgboost.DMatrix(train + "?format=libsvm")
    theirs_margin = booster.predict(dtrain, output_margin=True)
    theirs = booster.predict(dtrain)
    ours_margin = dptrain_predict(job.model, train, True)
    ours = dptrain_predict(job.model, train, False)
    require(ours_margin.size == theirs_margin.size, "%s: %d margins from dptrain, %d from xgboost"
            % (objective, ours_margin.size, theirs_margin.size))
    margin_gap = np.max(np.abs(ours_margin.reshape(theirs_margin.shape) - theirs_margin))
    output_gap = np.max(np.abs(ours.reshape(theirs.shape) - theirs))
    require(margin_gap <= 1e-5 and output_gap <= 1e-5,
            "%s: predictions differ from xgboost's by %g (margins) / %g (outputs)" % (objective, margin_gap, output_gap))

    # XGBoost's evaluation of our model on the training rows = the last train metric we printed.
    booster.set_param({"eval_metric": metric})
    xgb_value = float(booster.eval(dtrain, "train").split(":")[-1])
    last_line = [l for l in out.splitlines() if l.startswith("[%d]" % (ROUNDS - 1))]
    require(last_line, objective + ": no metric line for the last round", out)
    printed = float(last_line[0].split("train-" + metric + ":")[1].split()[0])
    require(abs(printed - xgb_value) <= 2e-5, "%s: we printed train-%s %.5f, xgboost evaluates %.6f"
            % (objective, metric, printed, xgb_value), out)
    job.cleanup()
    print("%s: xgboost agrees (margins within %.1e, train-%s %.5f vs %.5f)"
          % (objective, margin_gap, metric, printed, xgb_value))


def main():
    data_dir = tempfile.mkdtemp(prefix="dpt-gbdt-interop-")
    for objective, (metric, extra) in OBJECTIVES.items():
        check(objective, metric, extra, data_dir)


if __name__ == "__main__":
    main()
