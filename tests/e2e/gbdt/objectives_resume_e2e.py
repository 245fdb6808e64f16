"""Checkpoint and resume stay byte-identical for the objectives and tree parameters beyond the
first ones: a job stopped after K rounds (its checkpoints written) and rerun with more rounds
resumes from round K and writes the same model bytes as a run that was never stopped. Covers
reg:absoluteerror (leaf refresh), reg:tweedie, binary:hinge, rank:ndcg (query groups),
survival:cox (global risk sets), categorical features, monotone and interaction constraints, and
process_type=update (which updates the finished rounds again from xgb_model)."""
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rank_data  # noqa: E402
from gbdt_e2e import Job, require, write_libsvm  # noqa: E402

ROUNDS, STOP = 8, 3


def cox_file(path, rows, seed):
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.uniform(-1, 1) for _ in range(4)]
            time = rng.expovariate(1.0 + (x[0] > 0)) + 0.01
            label = time if rng.random() > 0.3 else -time  # negative: censored
            out.write("%.6g %s\n" % (label, " ".join("%d:%.4g" % (i, v) for i, v in enumerate(x))))


def categorical_file(path, rows, seed):
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            code, other = rng.randrange(12), rng.uniform(-1, 1)
            y = (code % 4) * 0.8 + other + rng.gauss(0, 0.2)
            out.write("%.6g 0:%d 1:%.4g\n" % (y, code, other))


def main():
    work = tempfile.mkdtemp(prefix="dpt-objectives-resume-")
    files = {}
    for name, objective in (("reg", "reg:squarederror"), ("binary", "binary:logistic"), ("counts", "count:poisson")):
        files[name] = os.path.join(work, name + ".libsvm")
        write_libsvm(files[name], 1500, 5, 3, objective)
    files["rank"] = os.path.join(work, "rank.libsvm")
    rank_data.write(files["rank"], rank_data.libsvm_lines(rank_data.make_groups(1500, 5, 4)))
    files["cox"] = os.path.join(work, "cox.libsvm")
    cox_file(files["cox"], 1500, 5)
    files["categorical"] = os.path.join(work, "categorical.libsvm")
    categorical_file(files["categorical"], 1500, 6)

    # The model process_type=update starts from.
    source = Job({"objective": "reg:squarederror", "num_round": ROUNDS, "max_depth": 3}, {"train": [files["reg"]]})
    status, out = source.run(np=2)
    require(status == 0, "source model failed", out)
    source_model = os.path.join(work, "source.json")
    with open(source_model, "wb") as f:
        f.write(source.model_bytes())
    source.cleanup()

    base = {"max_depth": 3, "eta": 0.3, "subsample": 0.8, "seed": 3}
    cases = {
        "absoluteerror": ({"objective": "reg:absoluteerror"}, "reg"),
        "tweedie": ({"objective": "reg:tweedie", "tweedie_variance_power": 1.3}, "counts"),
        "hinge": ({"objective": "binary:hinge"}, "binary"),
        "rank_ndcg": ({"objective": "rank:ndcg"}, "rank"),
        "cox": ({"objective": "survival:cox"}, "cox"),
        "categorical": ({"objective": "reg:squarederror", "categorical_features": "0", "max_cat_to_onehot": 4},
                        "categorical"),
        "constraints": ({"objective": "reg:squarederror", "monotone_constraints": "(1,-1)",
                         "interaction_constraints": "[[0, 1], [2, 3]]"}, "reg"),
        "update_refresh_prune": ({"objective": "reg:squarederror", "process_type": "update",
                                  "updater": "refresh,prune", "gamma": 0.5, "xgb_model": source_model,
                                  "subsample": 1}, "reg"),
    }
    for name, (extra, data) in cases.items():
        hp = dict(base, **extra)
        whole = Job(dict(hp, num_round=ROUNDS), {"train": [files[data]]})
        status, out = whole.run(np=2)
        require(status == 0, "%s: uninterrupted run failed" % name, out)
        reference = whole.model_bytes()
        whole.cleanup()

        job = Job(dict(hp, num_round=STOP), {"train": [files[data]]})
        status, out = job.run(np=2)
        require(status == 0, "%s: first part failed" % name, out)
        # The same tree, more rounds: num_round does not invalidate the checkpoint.
        job.rewrite_hyperparameters(dict(hp, num_round=ROUNDS))
        status, out = job.run(np=2, keep_checkpoints=True)
        require(status == 0, "%s: resumed run failed" % name, out)
        require("resuming from round %d" % STOP in out, "%s: did not resume from round %d" % (name, STOP), out)
        require(job.model_bytes() == reference, "%s: the resumed model differs from the uninterrupted one" % name)
        job.cleanup()
        print("%s: resumed from round %d to %d, model byte-identical (%d bytes)" % (name, STOP, ROUNDS, len(reference)))


if __name__ == "__main__":
    main()
