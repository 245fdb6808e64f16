"""Neural job interrupted and resumed at the same world size (mpirun -np 2, CPU). One job tree is
interrupted three times in a row, each attempt resuming from the last one's checkpoint:
SIGTERM to every rank, SIGTERM to one rank, SIGKILL of one rank, each at a random step. Every
attempt must end within 10 s (143 after a SIGTERM, with the stop line and a fresh checkpoint;
non-zero after a SIGKILL), and the last, uninterrupted run must write a model byte-identical to
a run that was never interrupted. The seed is printed: DPT_E2E_SEED=<n> replays it.
"""
import os
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_job import (JobTree, RunningJob, STOP_LIMIT_S, make_data_dir, require, run_to_end,  # noqa: E402
                     seeded_rng, write_data)

# Each attempt is signalled within one epoch after its first epoch line, so it advances about two
# epochs, but on a loaded machine the line can reach us several epochs late (seen: 6 epochs with
# another test running beside this one). Three attempts then need up to about 20 epochs.
EPOCHS = 30
HYPERPARAMETERS = {"model": "mlp", "loss": "mse", "hidden": "32,16", "epochs": EPOCHS,
                   "batch_size": 32, "optimizer": "adam", "learning_rate": 0.005, "seed": 3}
PREFIX = "model-checkpoint"
EPOCH_LINE = r"^epoch \d+: .*train_s:([0-9.]+)"

# case -> (which ranks receive the signal, the signal, the status mpirun must end with: None = non-zero)
CASES = [
    ("sigterm-all-ranks", "all", signal.SIGTERM, 143),
    ("sigterm-one-rank", "one", signal.SIGTERM, 143),
    # No checkpoint at the kill: the resumed run goes back to the last epoch's.
    ("sigkill-one-rank", "one", signal.SIGKILL, None),
]


def model_files(tree):
    model_dir = os.path.dirname(tree.model)
    files = {}
    for name in sorted(os.listdir(model_dir)):
        with open(os.path.join(model_dir, name), "rb") as f:
            files[name] = f.read()
    return files


def interrupt(case, tree, rng, epoch_seconds, newest_before):
    """Runs the job (resuming when a checkpoint exists), signals it; returns the newest checkpoint."""
    name, target, signum, expected_status = case
    job = RunningJob(tree.command())
    if newest_before:
        job.wait_for_line(r"resuming from epoch \d+ step \d+")
    # After this attempt's first epoch line, within that epoch's own time (the machine's speed
    # now: under load it changes during the test): a random step with training still running.
    this_epoch = float(job.wait_for_line(EPOCH_LINE).group(1))
    time.sleep(rng.uniform(0.0, min(epoch_seconds, this_epoch)))
    ranks = job.rank_pids()
    require(len(ranks) == 2, "%s: expected 2 dptrain ranks, found %s" % (name, ranks), job.output())
    victims = ranks if target == "all" else [rng.choice(ranks)]
    for pid in victims:
        os.kill(pid, signum)
    status, seconds = job.wait(STOP_LIMIT_S + 20)
    out = job.output()
    print("%s: mpirun ended with status %d %.2f s after the signal" % (name, status, seconds))
    require(seconds <= STOP_LIMIT_S, "%s: took %.2f s to stop" % (name, seconds), out)
    require("agreed by all" not in out, "%s: the signal came after training had ended" % name, out)
    if expected_status is None:
        require(status != 0, "%s: ended with status 0" % name, out)
    else:
        require(status == expected_status, "%s: status %d, expected %d" % (name, status, expected_status), out)
    newest = max(tree.complete_checkpoint_steps(PREFIX) or [0])
    if signum == signal.SIGTERM:
        stopped = [line for line in out.splitlines() if "training stopped after" in line]
        require(stopped, "%s: no 'training stopped' line" % name, out)
        print("  " + stopped[0].strip())
        require(newest > newest_before, "%s: no new checkpoint after step %d" % (name, newest_before), out)
    else:
        require(newest >= newest_before, "%s: checkpoint %d lost" % (name, newest_before), out)
    return newest


def main():
    rng = seeded_rng()
    data_dir = make_data_dir(["train"])
    write_data(os.path.join(data_dir, "train", "train.csv"), rows=12000, features=8, seed=17)
    reference_tree = JobTree(data_dir, HYPERPARAMETERS)
    tree = JobTree(data_dir, HYPERPARAMETERS)
    try:
        job = RunningJob(reference_tree.command())
        epoch_seconds = float(job.wait_for_line(EPOCH_LINE).group(1))
        status, _ = job.wait(240)
        require(status == 0, "uninterrupted run failed (%d)" % status, job.output())
        reference = model_files(reference_tree)
        require(reference, "the uninterrupted run wrote no model", job.output())
        print("uninterrupted run: first epoch %.3f s" % epoch_seconds)

        newest = 0
        for case in CASES:
            newest = interrupt(case, tree, rng, epoch_seconds, newest)
        require(newest, "no complete %s.<step> file after the interruptions" % PREFIX)

        status, out = run_to_end(tree.command())
        require(status == 0, "resumed run failed (%d)" % status, out)
        require("resuming from" in out, "the last run did not resume", out)
        require(model_files(tree) == reference, "resumed model differs from the uninterrupted one")
        print("resumed from checkpoint %s.%d after %d interruptions: model byte-identical"
              % (PREFIX, newest, len(CASES)))
    finally:
        tree.remove()
        reference_tree.remove()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
