"""monotone_constraints and interaction_constraints: dptrain at np 1, 2, 3 writes byte-identical
models that obey the constraints (predictions along each constrained feature only rise or only
fall, every root-to-leaf path uses features of one interaction set), xgboost 1.7 loads them and
predicts the same, and the held-out error is within reach of xgboost's under the same constraints.
Bad constraint strings and out-of-range features are refused before training."""
import json
import os
import random
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, identical_models, require  # noqa: E402

FEATURES = 5


def make_data(path, rows, seed):
    """y rises with x0, falls with x1 (with a bump the trees would follow if free), interacts
    x2*x3; x4 is noise. About 10% of cells missing."""
    rng = random.Random(seed)
    x = np.full((rows, FEATURES), np.nan, dtype=np.float32)
    y = np.zeros(rows, dtype=np.float32)
    with open(path, "w") as out:
        for r in range(rows):
            v = [round(rng.uniform(-1, 1), 4) for _ in range(FEATURES)]
            label = 2 * v[0] + 0.4 * np.sin(6 * v[0]) - 1.5 * v[1] + v[2] * v[3] + rng.gauss(0, 0.3)
            cells = []
            for f in range(FEATURES):
                if rng.random() > 0.1:
                    x[r, f] = v[f]
                    cells.append("%d:%r" % (f, v[f]))
            y[r] = label
            out.write(" ".join(["%r" % float(np.float32(label))] + cells) + "\n")
    return x, y


def leaf_paths(tree):
    """Feature sets of every root-to-leaf path of one tree of the JSON model."""
    left, right, feature = tree["left_children"], tree["right_children"], tree["split_indices"]
    paths, stack = [], [(0, frozenset())]
    while stack:
        node, used = stack.pop()
        if left[node] == -1:
            paths.append(used)
            continue
        used = used | {feature[node]}
        stack += [(left[node], used), (right[node], used)]
    return paths


def train(hp, train_path, valid_path, nps=(1, 2, 3)):
    return identical_models(hp, {"train": [train_path], "validation": [valid_path]}, nps)


def check_monotone(booster, x, feature, sign):
    grid = np.linspace(-1.2, 1.2, 41, dtype=np.float32)
    rows = x[:200].copy()
    previous = None
    for value in grid:
        rows[:, feature] = value
        pred = booster.predict(xgboost.DMatrix(rows, missing=np.nan))
        if previous is not None:
            step = (pred - previous) * sign
            require(np.all(step >= -1e-6), "feature %d: the prediction moves against the constraint by %g"
                    % (feature, -step.min()))
        previous = pred


def main():
    work = tempfile.mkdtemp(prefix="dpt-constraints-")
    train_path, valid_path = os.path.join(work, "train.libsvm"), os.path.join(work, "valid.libsvm")
    x, y = make_data(train_path, 3000, 1)
    xv, yv = make_data(valid_path, 1000, 2)
    base = {"objective": "reg:squarederror", "num_round": 20, "max_depth": 4, "eta": 0.3}
    model_path = os.path.join(work, "model.json")

    # Monotone: x0 up, x1 down.
    hp = dict(base, monotone_constraints="(1,-1,0,0,0)")
    with open(model_path, "wb") as f:
        f.write(train(hp, train_path, valid_path))
    ours = xgboost.Booster(model_file=model_path)
    check_monotone(ours, x, 0, 1)
    check_monotone(ours, x, 1, -1)
    dvalid = xgboost.DMatrix(xv, label=yv, missing=np.nan)
    dtrain = xgboost.DMatrix(x, label=y, missing=np.nan)
    theirs = xgboost.train(dict(hp, tree_method="hist", nthread=1), dtrain, base["num_round"])
    check_monotone(theirs, x, 0, 1)  # the same check holds for the peer: the check is right
    ours_rmse = float(ours.eval(dvalid).split(":")[1])
    theirs_rmse = float(theirs.eval(dvalid).split(":")[1])
    print("monotone: held-out rmse dptrain %.5f xgboost %.5f" % (ours_rmse, theirs_rmse))
    require(ours_rmse <= theirs_rmse * 1.03, "monotone: dptrain's rmse %.5f is worse than xgboost's %.5f by over 3%%"
            % (ours_rmse, theirs_rmse))
    # Without the constraint the bump in x0 makes the trees non-monotone: the check can fail.
    with open(model_path, "wb") as f:
        f.write(train(base, train_path, valid_path, nps=(2,)))
    try:
        check_monotone(xgboost.Booster(model_file=model_path), x, 0, 1)
        raise RuntimeError("unconstrained model is monotone in x0: the data does not test the constraint")
    except AssertionError:
        pass

    # Interaction: {0, 1} and {2, 3}; 4 alone.
    sets = [[0, 1], [2, 3]]
    hp = dict(base, interaction_constraints=json.dumps(sets))
    model = train(hp, train_path, valid_path)
    trees = json.loads(model)["learner"]["gradient_booster"]["model"]["trees"]
    used_any = set()
    for tree in trees:
        for path in leaf_paths(tree):
            used_any |= path
            require(len(path) <= 1 or any(path <= set(s) for s in sets),
                    "interaction: a path uses features %s, in no single set of %s" % (sorted(path), sets))
    require({0, 1, 2, 3} <= used_any, "interaction: the trees split on %s only" % sorted(used_any))
    with open(model_path, "wb") as f:
        f.write(model)
    ours = xgboost.Booster(model_file=model_path)
    theirs = xgboost.train(dict(hp, tree_method="hist", nthread=1), dtrain, base["num_round"])
    ours_rmse = float(ours.eval(dvalid).split(":")[1])
    theirs_rmse = float(theirs.eval(dvalid).split(":")[1])
    print("interaction: held-out rmse dptrain %.5f xgboost %.5f" % (ours_rmse, theirs_rmse))
    require(ours_rmse <= theirs_rmse * 1.03, "interaction: dptrain's rmse %.5f is worse than xgboost's %.5f by over 3%%"
            % (ours_rmse, theirs_rmse))

    # Refused before training, with the name of the hyperparameter.
    for bad, words in (({"monotone_constraints": "(1,2)"}, "-1, 0 or 1"),
                       ({"monotone_constraints": "(1,-1"}, "expected ')'"),
                       ({"monotone_constraints": "(0,0,0,0,0,0,1)"}, "constrains feature 6"),
                       ({"interaction_constraints": "[[0, 9]]"}, "names feature 9"),
                       ({"interaction_constraints": "[0, 1]"}, "expected '['")):
        job = Job(dict(base, **bad), {"train": [train_path]})
        status, out = job.run(np=2)
        require(status != 0, "%s was accepted" % bad, out)
        require(words in out, "%s: the message does not say %r" % (bad, words), out)
        require(os.path.exists(job.failure), "%s: no failure file" % bad)
        job.cleanup()
    print("constraints: obeyed, identical at np 1-3, bad values refused")


if __name__ == "__main__":
    main()
