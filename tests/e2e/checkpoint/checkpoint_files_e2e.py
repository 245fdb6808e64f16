"""Tree checkpoints as files, under `mpirun -np 2`: XGBoost itself loads them; a corrupt newest
or truncated checkpoint is skipped with a warning for the previous one and the model still comes
out byte-identical; a checkpoint of different hyperparameters or of data of another shape is
refused with a message naming the difference and fresh_start, and fresh_start trains from the
beginning.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_job import JobTree, metric_rounds, require, run_to_end, write_data  # noqa: E402

NUM_ROUND = 12
HYPERPARAMETERS = {"num_round": NUM_ROUND, "max_depth": 4, "eta": 0.2, "subsample": 0.9,
                   "objective": "reg:squarederror", "seed": 5, "checkpoints_to_keep": 4}

XGBOOST_CHECK = r"""
import sys, numpy, xgboost
checkpoint, model, rounds, data = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
booster = xgboost.Booster(model_file=checkpoint)
assert booster.num_boosted_rounds() == rounds, (booster.num_boosted_rounds(), rounds)
x = numpy.loadtxt(data, delimiter=",")[:, 1:]
final = xgboost.Booster(model_file=model)
matrix = xgboost.DMatrix(x)
same = numpy.array_equal(booster.predict(matrix), final.predict(matrix, iteration_range=(0, rounds)))
assert same, "checkpoint predictions differ from the final model's first rounds"
print("xgboost loaded", checkpoint, "with", rounds, "rounds")
"""


def main():
    data_dir = tempfile.mkdtemp(prefix="dpt-ckpt-data-")
    os.makedirs(os.path.join(data_dir, "train"))
    train_csv = os.path.join(data_dir, "train", "train.csv")
    write_data(train_csv, rows=3000, features=6, seed=3)
    tree = JobTree(data_dir, HYPERPARAMETERS)
    try:
        status, out = run_to_end(tree.command())
        require(status == 0, "first run failed (%d)" % status, out)
        reference = tree.model_bytes()
        steps = tree.checkpoint_steps()
        require(steps == list(range(NUM_ROUND - 3, NUM_ROUND + 1)),
                "kept checkpoints %s, expected the newest 4 in numeric order" % steps)

        # XGBoost loads a checkpoint, and it is the final model's first rounds.
        middle = NUM_ROUND - 2
        check = subprocess.run(["/usr/bin/python3", "-c", XGBOOST_CHECK, tree.checkpoint_path(middle),
                                tree.model, str(middle), train_csv], capture_output=True, text=True)
        require(check.returncode == 0, "xgboost could not use the checkpoint", check.stdout + check.stderr)
        print(check.stdout.strip())

        # A flipped byte in the newest checkpoint: warned about by name, the previous one resumes.
        newest = tree.checkpoint_path(NUM_ROUND)
        with open(newest, "r+b") as f:
            f.seek(os.path.getsize(newest) // 2)
            byte = f.read(1)
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte[0] ^ 0x20]))
        status, out = run_to_end(tree.command())
        require(status == 0, "run after corruption failed (%d)" % status, out)
        require("skipping checkpoint %s" % newest in out, "no warning naming the corrupt checkpoint", out)
        require("resuming from round %d" % (NUM_ROUND - 1) in out, "did not fall back to the previous checkpoint", out)
        require(metric_rounds(out) == [NUM_ROUND - 1], "expected only the last round to run", out)
        require(tree.model_bytes() == reference, "model after the corrupt fallback differs")
        print("corrupt newest checkpoint skipped; model identical")

        # A newest checkpoint cut short (a machine lost mid-write): the same fallback.
        with open(newest, "r+b") as f:
            f.truncate(os.path.getsize(newest) // 3)
        status, out = run_to_end(tree.command())
        require(status == 0, "run after truncation failed (%d)" % status, out)
        require("skipping checkpoint %s" % newest in out, "no warning naming the truncated checkpoint", out)
        require("resuming from round %d" % (NUM_ROUND - 1) in out, "did not fall back to the previous checkpoint", out)
        require(tree.model_bytes() == reference, "model after the truncated fallback differs")
        print("truncated newest checkpoint skipped; model identical")

        # Different hyperparameters: refused, every rank non-zero, the message says what to do.
        changed = dict(HYPERPARAMETERS, eta=0.3)
        tree.set_hyperparameters(changed)
        status, out = run_to_end(tree.command())
        require(status != 0, "a checkpoint of different hyperparameters was resumed", out)
        require("eta" in out and "fresh_start" in out, "refusal does not name eta and fresh_start", out)
        print("checkpoint of different hyperparameters refused")

        # The same hyperparameters on data of another shape: refused, naming the channel's rows.
        tree.set_hyperparameters(HYPERPARAMETERS)
        write_data(os.path.join(tree.root, "input", "data", "train", "train.csv"), rows=2000, features=6, seed=3)
        status, out = run_to_end(tree.command())
        require(status != 0, "a checkpoint made on other data was resumed", out)
        require("different job" in out and "rows" in out and "3000" in out and "2000" in out
                and "fresh_start" in out, "refusal does not name the data shape and fresh_start", out)
        print("checkpoint made on data of another shape refused")

        # fresh_start: old checkpoints go, training starts at round 0.
        status, out = run_to_end(tree.command(extra=["--fresh_start", "true", "--num_round", "3"]))
        require(status == 0, "fresh start failed (%d)" % status, out)
        require("resuming" not in out, "fresh start resumed", out)
        require(metric_rounds(out) == [0, 1, 2], "fresh start did not train from round 0", out)
        require(tree.checkpoint_steps() == [1, 2, 3], "old checkpoints survived the fresh start: %s"
                % tree.checkpoint_steps())
        print("fresh start discarded the old checkpoints")

        # checkpointconfig.json LocalPath chooses the checkpoint directory.
        local_path = os.path.join(tree.root, "spot-checkpoints")
        with open(os.path.join(tree.root, "input", "config", "checkpointconfig.json"), "w") as f:
            json.dump({"LocalPath": local_path}, f)
        status, out = run_to_end(tree.command(extra=["--num_round", "2"]))
        require(status == 0, "run with LocalPath failed (%d)" % status, out)
        names = sorted(os.listdir(local_path)) if os.path.isdir(local_path) else []
        require(names == ["xgboost-checkpoint.1", "xgboost-checkpoint.1.sum",
                          "xgboost-checkpoint.2", "xgboost-checkpoint.2.sum"],
                "checkpointconfig.json LocalPath holds %s" % names, out)
        print("checkpoints follow checkpointconfig.json LocalPath")
    finally:
        tree.remove()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
