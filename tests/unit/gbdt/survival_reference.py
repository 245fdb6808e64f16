"""Prints the reference numbers of survival_test.cpp, computed by Python xgboost 1.7.4:
    /usr/bin/python3 tests/unit/gbdt/survival_reference.py

Gradients: one round from the given margins (base_margin) with eta=1, lambda=0,
min_child_weight=0 and a feature that isolates every row in its own leaf; a leaf's sum_hessian
is then the row's hessian and its base_weight is -grad/hess (XGBoost's weight with lambda=0).
Metrics: a booster with no trees evaluates the given margins (booster.eval)."""
import json

import numpy as np
import xgboost as xgb

COX_LABELS = [3, -2, 5, 3, -5, 1, 2, -3]
MARGINS = [0.1, -0.3, 0.5, 0.2, -0.1, 0.4, 0.0, -0.2]
WEIGHTS = [1, 2, 0.5, 1, 1.5, 1, 1, 0.7]
# AFT intervals: exact, right-censored, left-censored (lower 0), interval, and far off the margin.
AFT_LOWER = [2.0, 3.0, 0.0, 1.5, 40.0, 0.5, 7.0, 1e-3]
AFT_UPPER = [2.0, np.inf, 4.0, 2.5, 40.0, 0.5, np.inf, 2e-3]
AFT_MARGINS = [0.5, 1.2, 0.8, 0.6, 0.1, 3.0, -4.0, 5.0]


def matrix(margins, weights, **info):
    d = xgb.DMatrix(np.arange(len(margins), dtype=np.float32).reshape(-1, 1), weight=weights)
    d.set_base_margin(np.array(margins, dtype=np.float32))
    for k, v in info.items():
        d.set_float_info(k, np.array(v, dtype=np.float32))
    return d


def row_gradients(params, d):
    p = dict(params, eta=1, reg_lambda=0, min_child_weight=0, max_depth=10, tree_method="hist", max_bin=256)
    booster = xgb.train(p, d, 1)
    tree = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"][0]
    leaves = booster.predict(d, pred_leaf=True).astype(int).ravel()
    assert len(set(leaves)) == len(leaves), "a leaf holds two rows"
    hess = [tree["sum_hessian"][l] for l in leaves]
    grad = [-tree["base_weights"][l] * h for l, h in zip(leaves, hess)]
    return grad, hess


def metric(params, d, name):
    # A booster built with its parameters: xgboost 1.7.4's booster.eval after xgb.train (or
    # set_param) evaluates aft-nloglik with aft_loss_distribution_scale 1, unlike its training log.
    trained = xgb.train(params, d, 0)
    booster = xgb.Booster(dict(params, eval_metric=name), model_file=bytearray(trained.save_raw("json")))
    return float(booster.eval(d).split(":")[1])


def show(name, values):
    print("%s = {%s};" % (name, ", ".join("%.9g" % v for v in values)))


def main():
    d = matrix(MARGINS, WEIGHTS, label=COX_LABELS)
    g, h = row_gradients({"objective": "survival:cox"}, d)
    show("cox_grad", g)
    show("cox_hess", h)
    print("cox-nloglik %.17g" % metric({"objective": "survival:cox"}, d, "cox-nloglik"))
    for dist, scale in (("normal", 1.0), ("logistic", 0.8), ("extreme", 1.5)):
        params = {"objective": "survival:aft", "aft_loss_distribution": dist,
                  "aft_loss_distribution_scale": scale}
        d = matrix(AFT_MARGINS, WEIGHTS, label_lower_bound=AFT_LOWER, label_upper_bound=AFT_UPPER)
        g, h = row_gradients(params, d)
        show("aft_grad_" + dist, g)
        show("aft_hess_" + dist, h)
        print("aft-nloglik %s %.17g" % (dist, metric(params, d, "aft-nloglik")))
        print("interval-regression-accuracy %s %.17g" % (dist, metric(params, d, "interval-regression-accuracy")))


if __name__ == "__main__":
    main()
