"""Neural job interrupted and resumed at the same world size (mpirun -np 2, CPU): SIGTERM to every
rank at a random step of the second or third epoch, then the same command again; the run must stop within 10 s with
status 143, resume from its checkpoint, and write a model byte-identical to an uninterrupted run.
The seed is printed: DPT_E2E_SEED=<n> replays it.
"""
import os
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_job import (JobTree, RunningJob, STOP_LIMIT_S, make_data_dir, require, run_to_end,  # noqa: E402
                     seeded_rng, write_data)

EPOCHS = 6  # the signal lands in epoch 2 or 3: several epochs remain on the fastest machine
HYPERPARAMETERS = {"model": "mlp", "loss": "mse", "hidden": "32,16", "epochs": EPOCHS,
                   "batch_size": 32, "optimizer": "adam", "learning_rate": 0.005, "seed": 3}
PREFIX = "model-checkpoint"


def model_files(tree):
    model_dir = os.path.dirname(tree.model)
    files = {}
    for name in sorted(os.listdir(model_dir)):
        with open(os.path.join(model_dir, name), "rb") as f:
            files[name] = f.read()
    return files


def main():
    rng = seeded_rng()
    data_dir = make_data_dir(["train"])
    write_data(os.path.join(data_dir, "train", "train.csv"), rows=12000, features=8, seed=17)
    reference_tree = JobTree(data_dir, HYPERPARAMETERS)
    tree = JobTree(data_dir, HYPERPARAMETERS)
    try:
        status, out = run_to_end(reference_tree.command())
        require(status == 0, "uninterrupted run failed (%d)" % status, out)
        reference = model_files(reference_tree)
        require(reference, "the uninterrupted run wrote no model", out)

        job = RunningJob(tree.command())
        # A stop request to every rank after the first epoch, within one more epoch's time (measured
        # by the job itself): it lands at a random step of epoch 2 or 3 on any machine, slow or fast,
        # with training still running (a fixed pause was over before training was on a fast one).
        epoch_seconds = float(job.wait_for_line(r"^epoch 1: .*train_s:([0-9.]+)").group(1))
        time.sleep(rng.uniform(0.0, epoch_seconds))
        ranks = job.rank_pids()
        require(len(ranks) == 2, "expected 2 dptrain ranks, found %s" % ranks)
        for pid in ranks:
            os.kill(pid, signal.SIGTERM)
        status, seconds = job.wait(STOP_LIMIT_S + 20)
        out = job.output()
        print("stop requested; mpirun ended with status %d %.2f s later" % (status, seconds))
        require(seconds <= STOP_LIMIT_S, "took %.2f s to stop" % seconds, out)
        require(status == 143, "status %d, expected 143" % status, out)
        stopped = [line for line in out.splitlines() if "training stopped after" in line]
        require(stopped, "no 'training stopped' line", out)
        print(stopped[0].strip())
        steps = tree.checkpoint_steps(PREFIX)
        require(steps, "no %s.<step> file" % PREFIX, out)

        status, out = run_to_end(tree.command())
        require(status == 0, "resumed run failed (%d)" % status, out)
        resuming = [line for line in out.splitlines() if "resuming from" in line]
        require(resuming, "no 'resuming from' line", out)
        print(resuming[0].strip())
        require(model_files(tree) == reference, "resumed model differs from the uninterrupted one")
        print("resumed from checkpoint %s.%d: model byte-identical" % (PREFIX, max(steps)))
    finally:
        tree.remove()
        reference_tree.remove()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
