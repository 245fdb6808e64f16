"""process_type=update: dptrain refreshes and prunes the trees of an xgboost-trained model with
new data at np 1, 2, 3 (byte-identical) and predicts what xgboost 1.7 predicts after the same
update (<= 1e-5); refresh_leaf=0 keeps the leaves; bad combinations are refused."""
import json
import os
import random
import sys
import tempfile

import numpy as np
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, identical_models, require  # noqa: E402

ROUNDS = 6


def make(path, rows, seed, shift):
    """Binary data whose relation to x0 moves with `shift`: the new data should move the leaves."""
    rng = random.Random(seed)
    x = np.full((rows, 4), np.nan, dtype=np.float32)
    y = np.zeros(rows, dtype=np.float32)
    with open(path, "w") as out:
        for r in range(rows):
            cells = []
            for f in range(4):
                if rng.random() > 0.15:
                    x[r, f] = round(rng.uniform(-1, 1), 4)
                    cells.append("%d:%r" % (f, float(x[r, f])))
            v = np.nan_to_num(x[r])
            y[r] = 1.0 if v[0] + shift * v[1] + rng.gauss(0, 0.4) > 0 else 0.0
            out.write(" ".join(["%g" % y[r]] + cells) + "\n")
    return xgboost.DMatrix(x, label=y, missing=np.nan)


def run(hp, data, nps=(1, 2, 3)):
    return identical_models(hp, {"train": [data]}, nps)


def main():
    work = tempfile.mkdtemp(prefix="dpt-tree-update-")
    old_path, new_path = os.path.join(work, "old.libsvm"), os.path.join(work, "new.libsvm")
    d_old = make(old_path, 3000, 1, 0.0)
    d_new = make(new_path, 2500, 2, 1.5)
    base = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "tree_method": "hist", "nthread": 1}
    source = xgboost.train(base, d_old, ROUNDS)
    source_path = os.path.join(work, "source.json")
    source.save_model(source_path)

    for updater, extra in (("refresh", {}), ("refresh,prune", {"gamma": 2.0}), ("prune", {"gamma": 5.0})):
        hp = dict(base, num_round=ROUNDS, process_type="update", updater=updater, xgb_model=source_path, **extra)
        ours_bytes = run(hp, new_path)
        ours_path = os.path.join(work, "ours.json")
        with open(ours_path, "wb") as f:
            f.write(ours_bytes)
        ours = xgboost.Booster(model_file=ours_path)
        theirs = xgboost.train(dict(base, process_type="update", updater=updater, **extra), d_new, ROUNDS,
                               xgb_model=source_path)
        gap = float(np.max(np.abs(ours.predict(d_new, output_margin=True) - theirs.predict(d_new, output_margin=True))))
        moved = float(np.max(np.abs(ours.predict(d_new) - source.predict(d_new))))
        nodes = lambda b: sum(len(t["left_children"]) for t in json.loads(b.save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"])  # noqa: E731
        print("%s %s: margins within %.2e of xgboost's; the update moved predictions by up to %.3f; nodes %d -> %d (xgboost %d)"
              % (updater, extra, gap, moved, nodes(source), nodes(ours), nodes(theirs)))
        require(gap <= 1e-5, "%s: margins differ from xgboost's update by %g" % (updater, gap))
        require(moved > 1e-3, "%s: the update changed nothing" % updater)
        if "prune" in updater:
            require(nodes(ours) < nodes(source), "%s: nothing was pruned" % updater)

    # refresh_leaf=0: statistics refreshed, leaf values kept.
    hp = dict(base, num_round=ROUNDS, process_type="update", updater="refresh", refresh_leaf=0, xgb_model=source_path)
    kept = run(hp, new_path, nps=(2,))
    with open(os.path.join(work, "kept.json"), "wb") as f:
        f.write(kept)
    kept_model = xgboost.Booster(model_file=os.path.join(work, "kept.json"))
    require(np.allclose(kept_model.predict(d_new), source.predict(d_new), atol=1e-6), "refresh_leaf=0 moved the leaves")

    for bad, words in (({"num_round": ROUNDS + 1, "process_type": "update", "updater": "refresh", "xgb_model": source_path},
                        "exceeds the %d rounds" % ROUNDS),
                       ({"num_round": 2, "process_type": "update", "updater": "grow_colmaker", "xgb_model": source_path},
                        "can not be used to modify existing trees"),
                       ({"num_round": 2, "process_type": "update", "updater": "refresh"}, "give xgb_model"),
                       ({"num_round": 2, "updater": "refresh"}, "can not be used to create new trees")):
        job = Job(dict(base, **bad), {"train": [new_path]})
        status, out = job.run(np=2)
        require(status != 0 and words in out, "%s: not refused with %r" % (bad, words), out)
        job.cleanup()
    print("process_type=update: xgboost's refresh and prune, identical at np 1-3, bad combinations refused")


if __name__ == "__main__":
    main()
