"""Held-out quality of each objective added for XGBoost 1.7 parity: dptrain at mpirun -np 2 and
Python xgboost 1.7.4 (tree_method=hist, the same hyperparameters) train on the same rows; xgboost
evaluates both models on held-out rows with the objective's metric. dptrain may not be worse
than xgboost by more than a few percent (our default base_score comes from the labels,
XGBoost's is 0.5, and cuts differ, so the models are close, not equal)."""
import os
import sys
import tempfile

import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require, write_libsvm  # noqa: E402

# objective -> (extra hyperparameters, held-out metric, allowed relative excess, absolute slack)
CASES = {
    "reg:squaredlogerror": ({}, "rmsle", 0.03, 0.002),
    "reg:pseudohubererror": ({"huber_slope": 1.0}, "mphe", 0.03, 0.002),
    "reg:absoluteerror": ({}, "mae", 0.03, 0.002),
    "reg:gamma": ({}, "gamma-nloglik", 0.03, 0.002),
    "reg:tweedie": ({"tweedie_variance_power": 1.4}, "tweedie-nloglik@1.4", 0.03, 0.002),
    "binary:hinge": ({}, "error", 0.05, 0.01),
}
PARAMS = {"num_round": 20, "max_depth": 4, "eta": 0.2}


def main():
    data = tempfile.mkdtemp(prefix="dpt-gbdt-quality-")
    for objective, (extra, metric, rel, slack) in CASES.items():
        train = os.path.join(data, objective.replace(":", "_") + "-train.libsvm")
        test = os.path.join(data, objective.replace(":", "_") + "-test.libsvm")
        write_libsvm(train, 4000, 6, 11, objective)
        write_libsvm(test, 2000, 6, 12, objective)
        job = Job(dict(PARAMS, objective=objective, **extra), {"train": [train]})
        status, out = job.run(np=2)
        require(status == 0, objective + ": training failed", out)
        ours = xgboost.Booster(model_file=job.model)
        job.cleanup()
        dtrain = xgboost.DMatrix(train + "?format=libsvm")
        dtest = xgboost.DMatrix(test + "?format=libsvm")
        params = dict({"objective": objective, "tree_method": "hist", "max_depth": PARAMS["max_depth"],
                       "eta": PARAMS["eta"]}, **extra)
        theirs = xgboost.train(params, dtrain, PARAMS["num_round"])
        settings = dict({"eval_metric": metric}, **{k: v for k, v in extra.items() if k == "huber_slope"})
        ours.set_param(settings)
        theirs.set_param(settings)
        a = float(ours.eval(dtest, "test").split(":")[-1])
        b = float(theirs.eval(dtest, "test").split(":")[-1])
        require(a <= b * (1 + rel) + slack, "%s: held-out %s %.5f, xgboost's %.5f" % (objective, metric, a, b))
        print("%-22s held-out %s: dptrain %.5f, xgboost %.5f (%+.2f%%)" % (objective, metric, a, b, 100 * (a - b) / b))


if __name__ == "__main__":
    main()
