"""survival:cox and survival:aft (normal, logistic, extreme) on generated censored data, against
Python xgboost 1.7.4:
* the model file is byte-identical at mpirun -np 1, 2, 3 (row and column sampling on);
* xgboost loads it and predicts what `dptrain predict` predicts (margins and exp outputs, 1e-5);
* the train metric dptrain printed (5 decimals) is xgboost's booster.eval of the model, and the
  validation metric it kept at full precision (best_score) is xgboost's to 1e-6 relative;
* the held-out cox-nloglik / aft-nloglik is not worse than xgboost's (tree_method=hist, same
  parameters) beyond twice xgboost's own spread over 5 seeds (plus 0.5% for a tiny spread).
Label formats: cox `time[:weight]` (negative = right-censored), aft libsvm `lower,upper[:weight]`,
aft csv `lower,upper,features...` (upper `inf` = right-censored, lower 0 = left-censored).
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

ROUNDS = 12
FEATURES = 6
COMMON = {"num_round": ROUNDS, "max_depth": 4, "eta": 0.2, "subsample": 0.8, "colsample_bytree": 0.8,
          "seed": 3}
CASES = {
    "cox": ({"objective": "survival:cox"}, "libsvm", True),
    "aft_normal": ({"objective": "survival:aft", "aft_loss_distribution": "normal",
                    "aft_loss_distribution_scale": 1.0}, "csv", False),
    "aft_logistic": ({"objective": "survival:aft", "aft_loss_distribution": "logistic",
                      "aft_loss_distribution_scale": 0.7}, "libsvm", False),
    "aft_extreme": ({"objective": "survival:aft", "aft_loss_distribution": "extreme",
                     "aft_loss_distribution_scale": 1.2}, "libsvm", True),
}


def f32(values):
    """Values as the files write them (9 significant digits: float32 round trips)."""
    return np.array([float("%.9g" % v) for v in np.asarray(values, dtype=np.float32)], dtype=np.float32)


def features(rng, n):
    x = f32(rng.uniform(-1, 1, size=n * FEATURES)).reshape(n, FEATURES)
    x[rng.random((n, FEATURES)) < 0.1] = np.nan
    return x


def cox_data(rng, n):
    x = features(rng, n)
    v = np.nan_to_num(x)
    risk = v[:, 0] - 0.8 * v[:, 1] + 0.5 * v[:, 2] * v[:, 3]
    t = rng.exponential(1.0, n) / (0.1 * np.exp(risk))
    c = rng.uniform(0, 30, n)
    y = np.where(t <= c, np.maximum(np.round(t, 1), 0.1), -np.maximum(np.round(c, 1), 0.1))  # ties
    return x, f32(y), None


def aft_data(rng, n):
    x = features(rng, n)
    v = np.nan_to_num(x)
    t = np.exp(2 + v[:, 0] - 0.5 * v[:, 1] + 0.4 * rng.normal(size=n))
    kind = rng.random(n)
    lower, upper = t.copy(), t.copy()
    right, left, interval = (kind >= 0.5) & (kind < 0.75), (kind >= 0.75) & (kind < 0.85), kind >= 0.85
    lower[right], upper[right] = t[right] * rng.uniform(0.3, 1, right.sum()), np.inf
    lower[left], upper[left] = 0, t[left] * rng.uniform(1, 2, left.sum())
    lower[interval] = t[interval] * rng.uniform(0.6, 1, interval.sum())
    upper[interval] = t[interval] * rng.uniform(1, 1.6, interval.sum())
    lower, upper = f32(lower), f32(upper)
    upper = np.where(np.isinf(upper) | (upper >= lower), upper, lower)
    return x, lower, upper


def write(path, fmt, x, label, upper, weights):
    with open(path, "w") as out:
        for i in range(x.shape[0]):
            lab = "%.9g" % label[i] if upper is None else "%.9g,%.9g" % (label[i], upper[i])
            if fmt == "csv":
                cells = ["" if np.isnan(v) else "%.9g" % v for v in x[i]]
                out.write(",".join([lab] + cells) + "\n")
            else:
                if weights is not None:
                    lab += ":%.9g" % weights[i]
                cells = ["%d:%.9g" % (j, v) for j, v in enumerate(x[i]) if not np.isnan(v)]
                out.write(" ".join([lab] + cells) + "\n")


def dmatrix(x, label, upper, weights):
    if upper is None:
        return xgboost.DMatrix(x, label=label, weight=weights)
    d = xgboost.DMatrix(x, weight=weights)
    d.set_float_info("label_lower_bound", label)
    d.set_float_info("label_upper_bound", upper)
    return d


def dptrain_predict(model, path, fmt, margin):
    command = [MPIRUN] + MPIRUN_FLAGS + ["-np", "2", DPTRAIN, "predict", "--model", model, "--data", path,
                                         "--has-label", "--content-type", "text/" + fmt]
    if margin:
        command.append("--output-margin")
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    require(proc.returncode == 0, "dptrain predict failed", proc.stderr.decode())
    return np.array([float(line) for line in proc.stdout.decode().splitlines() if line])


def xgb_params(hp):
    p = {k: v for k, v in hp.items() if k not in ("num_round", "seed")}
    p["tree_method"] = "hist"
    return p


def check(name, data_dir):
    extra, fmt, weighted = CASES[name]
    hp = dict(COMMON, **extra)
    metric = "cox-nloglik" if name == "cox" else "aft-nloglik"
    rng = np.random.default_rng(sum(map(ord, name)))
    make = cox_data if name == "cox" else aft_data
    sets = {}
    for part, n in (("train", 3000), ("validation", 1000)):
        x, label, upper = make(rng, n)
        weights = f32(rng.uniform(0.5, 2, n)) if weighted else None
        path = os.path.join(data_dir, "%s-%s.%s" % (name, part, fmt))
        write(path, fmt, x, label, upper, weights)
        sets[part] = (path, dmatrix(x, label, upper, weights))

    # One model whatever the number of ranks; early stopping that never stops keeps the best
    # validation value at full precision (best_score).
    reference = None
    for np_ in (1, 2, 3):
        job = Job(dict(hp, early_stopping_rounds=ROUNDS), {"train": [sets["train"][0]],
                                                           "validation": [sets["validation"][0]]})
        with open(os.path.join(job.root, "input", "config", "inputdataconfig.json"), "w") as f:
            json.dump({c: {"ContentType": "text/" + fmt} for c in ("train", "validation")}, f)
        status, out = job.run(np=np_)
        require(status == 0, "%s np=%d failed" % (name, np_), out)
        model = job.model_bytes()
        if reference is None:
            reference, log, model_file = model, out, job.model
        else:
            job.cleanup()
        require(model == reference, "%s: the model at np=%d differs from np=1" % (name, np_))
    print("%s: identical model at np 1, 2, 3 (%d bytes)" % (name, len(reference)))

    # Parameters given when the booster is built: xgboost 1.7.4's aft-nloglik ignores
    # aft_loss_distribution_scale when they come later by set_param (its training log does not).
    aft = {k: v for k, v in extra.items() if k.startswith("aft_")}
    booster = xgboost.Booster(dict(aft, eval_metric=metric), model_file=model_file)
    dvalid = sets["validation"][1]
    ours_margin = dptrain_predict(model_file, sets["validation"][0], fmt, True)
    ours = dptrain_predict(model_file, sets["validation"][0], fmt, False)
    theirs_margin = booster.predict(dvalid, output_margin=True)
    theirs = booster.predict(dvalid)
    margin_gap = np.max(np.abs(ours_margin - theirs_margin))
    output_gap = np.max(np.abs(ours - theirs) / np.maximum(1, np.abs(theirs)))
    require(margin_gap <= 1e-5 and output_gap <= 1e-5,
            "%s: predictions differ from xgboost's by %g (margins) / %g (outputs, relative)"
            % (name, margin_gap, output_gap))

    last = [l for l in log.splitlines() if l.startswith("[%d]" % (ROUNDS - 1))]
    require(last, name + ": no metric line for the last round", log)
    printed = float(last[0].split("train-" + metric + ":")[1].split()[0])
    xgb_train = float(booster.eval(sets["train"][1], "train").split(":")[-1])
    require(abs(printed - xgb_train) <= 6e-6, "%s: we printed train-%s %.5f, xgboost evaluates %.8f"
            % (name, metric, printed, xgb_train), log)
    attributes = booster.attributes()
    best = int(attributes["best_iteration"])
    best_score = float(attributes["best_score"])
    best_booster = xgboost.Booster(dict(aft, eval_metric=metric),
                                   model_file=bytearray(booster[: best + 1].save_raw("json")))
    xgb_valid = float(best_booster.eval(dvalid, "validation").split(":")[-1])
    require(abs(best_score - xgb_valid) <= 1e-6 * abs(xgb_valid),
            "%s: validation-%s %.12g (round %d), xgboost evaluates %.12g" % (name, metric, best_score, best, xgb_valid))

    # Held-out quality against xgboost trained on the same rows, over xgboost's seeds.
    final = float(booster.eval(dvalid, "validation").split(":")[-1])
    peers = []
    for seed in range(5):
        peer = xgboost.train(dict(xgb_params(hp), seed=seed, eval_metric=metric), sets["train"][1], ROUNDS)
        peers.append(float(peer.eval(dvalid, "validation").split(":")[-1]))
    spread = max(peers) - min(peers)
    limit = np.mean(peers) + 2 * spread + 0.005 * abs(np.mean(peers))
    require(final <= limit, "%s: held-out %s %.5f, xgboost %s (limit %.5f)" % (name, metric, final, peers, limit))
    print("%s: margins within %.1e of xgboost's, train-%s %.5f vs %.8f, validation %.10g vs %.10g; held-out "
          "%.5f vs xgboost %.5f..%.5f" % (name, margin_gap, metric, printed, xgb_train, best_score, xgb_valid,
                                          final, min(peers), max(peers)))


def main():
    data_dir = tempfile.mkdtemp(prefix="dpt-gbdt-survival-")
    names = sys.argv[1:] or list(CASES)
    for name in names:
        check(name, data_dir)


if __name__ == "__main__":
    main()
