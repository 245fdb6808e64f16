"""Early stopping and continued training at mpirun -np 2.
* early stopping: training stops once validation stops improving; the model carries XGBoost's
  best_iteration / best_score attributes, which Python xgboost reads back;
* xgb_model: training continues from one of our models (old trees kept bit for bit, new ones
  added) and from a model Python xgboost trained; xgboost loads the result.
"""
import json
import os
import sys
import tempfile

import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require, sagemaker_metric, write_libsvm  # noqa: E402


def trees(path):
    with open(path) as f:
        return json.load(f)["learner"]["gradient_booster"]["model"]["trees"]


def early_stopping(train, valid):
    hp = {"objective": "reg:squarederror", "num_round": 200, "max_depth": 8, "eta": 0.8,
          "min_child_weight": 0, "early_stopping_rounds": 3}
    job = Job(hp, {"train": [train], "validation": [valid]})
    status, out = job.run(np=2)
    require(status == 0, "early stopping run failed", out)
    values = sagemaker_metric(out, "validation-rmse")
    require(3 < len(values) < 200, "expected an early stop, got %d rounds" % len(values), out)
    best = min(range(len(values)), key=lambda i: (values[i], i))
    require(len(values) == best + 4, "stopped after %d rounds, best was round %d" % (len(values), best), out)
    booster = xgboost.Booster(model_file=job.model)
    require(booster.attr("best_iteration") == str(best),
            "best_iteration %r, expected %d" % (booster.attr("best_iteration"), best))
    require(abs(float(booster.attr("best_score")) - values[best]) < 1e-5, "best_score %r vs printed %.5f"
            % (booster.attr("best_score"), values[best]))
    print("early stopping: %d rounds, best iteration %d (validation-rmse %.5f)" % (len(values), best, values[best]))
    job.cleanup()


def continue_ours(train):
    first = Job({"num_round": 3, "max_depth": 3}, {"train": [train]})
    status, out = first.run(np=2)
    require(status == 0, "first job failed", out)
    more = Job({"num_round": 2, "max_depth": 3, "xgb_model": first.model}, {"train": [train]})
    status, out = more.run(np=2)
    require(status == 0, "continued job failed", out)
    old, new = trees(first.model), trees(more.model)
    require(len(new) == 5, "continued model has %d trees, expected 3 + 2" % len(new))
    for a, b in zip(old, new[:3]):
        a = dict(a, id=None)
        b = dict(b, id=None)
        require(a == b, "the first three trees changed when training continued")
    xgboost.Booster(model_file=more.model)
    print("xgb_model (ours): 3 + 2 trees, old trees unchanged")
    first.cleanup()
    more.cleanup()


def continue_xgboost(train, work):
    dtrain = xgboost.DMatrix(train + "?format=libsvm")
    theirs = xgboost.train({"objective": "binary:logistic", "max_depth": 3, "tree_method": "hist"}, dtrain, 4)
    path = os.path.join(work, "from-xgboost.json")
    theirs.save_model(path)
    # SageMaker's incremental training: the model arrives as the `model` channel.
    job = Job({"num_round": 3, "max_depth": 3, "objective": "binary:logistic"},
              {"train": [train], "model": [path]})
    status, out = job.run(np=2)
    require(status == 0, "continuing an xgboost model failed", out)
    combined = xgboost.Booster(model_file=job.model)
    require(combined.num_boosted_rounds() == 7, "expected 4 + 3 rounds, got %d" % combined.num_boosted_rounds())
    before = theirs.eval(dtrain)
    after = combined.eval(dtrain)
    require(float(after.split(":")[-1]) < float(before.split(":")[-1]),
            "continued training did not improve the train loss: %s -> %s" % (before, after))
    print("xgb_model (xgboost's): 4 + 3 rounds; %s -> %s" % (before.strip(), after.strip()))
    job.cleanup()


def main():
    work = tempfile.mkdtemp(prefix="dpt-gbdt-cont-")
    train, valid = os.path.join(work, "train.libsvm"), os.path.join(work, "valid.libsvm")
    write_libsvm(train, 1500, 6, 11)
    write_libsvm(valid, 400, 6, 12)
    early_stopping(train, valid)
    continue_ours(train)
    binary = os.path.join(work, "binary.libsvm")
    write_libsvm(binary, 1500, 6, 13, "binary:logistic")
    continue_xgboost(binary, work)


if __name__ == "__main__":
    main()
