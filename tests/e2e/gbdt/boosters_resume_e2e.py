"""Checkpoint and resume for booster=dart and booster=gblinear: a job at mpirun -np 2 gets
SIGTERM on every rank after a few rounds, stops at a round boundary with status 143 after a
checkpoint, and the rerun of the same command resumes from it; the model it writes is
byte-identical to the one of an uninterrupted run. This holds only if dart's dropped trees and
weights, and gblinear's weights, shuffles and random features, come back exactly from the
checkpoint and from (seed, round).
"""
import os
import shutil
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "checkpoint"))
from e2e_job import (JobTree, RunningJob, STOP_LIMIT_S, make_data_dir, metric_rounds, require,  # noqa: E402
                     run_to_end, write_data)

CASES = {
    "dart": {"booster": "dart", "rate_drop": 0.2, "one_drop": 1, "sample_type": "weighted",
             "max_depth": 3, "eta": 0.3, "num_round": 60, "seed": 5},
    "gblinear-shotgun-shuffle": {"booster": "gblinear", "feature_selector": "shuffle", "lambda": 0.01,
                                 "num_round": 200, "seed": 5},
    "gblinear-coord-random": {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "random",
                              "alpha": 0.001, "num_round": 200, "seed": 5},
    "gblinear-coord-thrifty": {"booster": "gblinear", "updater": "coord_descent", "feature_selector": "thrifty",
                               "top_k": 5, "num_round": 200, "seed": 5},
}


def check(name, hyperparameters, data_dir):
    hyperparameters = dict(hyperparameters, objective="reg:squarederror")
    reference_tree = JobTree(data_dir, hyperparameters)
    try:
        status, out = run_to_end(reference_tree.command())
        require(status == 0, "%s: uninterrupted run failed (%d)" % (name, status), out)
        reference = reference_tree.model_bytes()
    finally:
        reference_tree.remove()

    tree = JobTree(data_dir, hyperparameters)
    try:
        job = RunningJob(tree.command())
        job.wait_for_line(r"^\[3\]\t")
        ranks = job.rank_pids()
        require(len(ranks) == 2, "%s: expected 2 dptrain ranks, found %s" % (name, ranks))
        for pid in ranks:
            os.kill(pid, signal.SIGTERM)
        status, seconds = job.wait(STOP_LIMIT_S + 20)
        out = job.output()
        require(status == 143, "%s: status %d after SIGTERM, expected 143 (did the job end first?)" % (name, status), out)
        stopped = max(tree.complete_checkpoint_steps() or [0])
        num_round = hyperparameters["num_round"]
        require(3 < stopped < num_round, "%s: newest checkpoint %d" % (name, stopped), out)

        status, out = run_to_end(tree.command())
        require(status == 0, "%s: resumed run failed (%d)" % (name, status), out)
        require("resuming from round %d" % stopped in out, "%s: no 'resuming from round %d'" % (name, stopped), out)
        require(metric_rounds(out) == list(range(stopped, num_round)), "%s: metric rounds after resuming" % name, out)
        require(tree.model_bytes() == reference, "%s: the resumed model differs from the uninterrupted one" % name)
        print("%s: SIGTERM after round %d (%.2f s to stop), resumed from round %d: model byte-identical"
              % (name, stopped - 1, seconds, stopped))
    finally:
        tree.remove()


def main():
    data_dir = make_data_dir(["train", "validation"])
    try:
        write_data(os.path.join(data_dir, "train", "train.csv"), rows=50000, features=8, seed=21)
        write_data(os.path.join(data_dir, "validation", "validation.csv"), rows=2000, features=8, seed=22)
        for name in sys.argv[1:] or list(CASES):
            check(name, CASES[name], data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
