#!/usr/bin/python3
"""SIGTERM to scripts/local_cluster.sh (what a container's first process receives on a spot
interruption) stops a 2-rank boosting job gracefully: exit 143 within 10 s, a checkpoint on disk;
the same command then resumes and writes the model an uninterrupted run writes, byte for byte."""
import os, random, re, signal, subprocess, sys, tempfile, time

SCRIPT = os.path.join(os.environ["DPT_SOURCE_DIR"], "scripts", "local_cluster.sh")
ARGS = ["--num_round", "150", "--max_depth", "4", "--eta", "0.1"]


def write_data(path):
    rng = random.Random(5)
    with open(path, "w") as f:
        for _ in range(100000):  # rounds slow enough that the signal lands mid-training
            x = [rng.random() for _ in range(8)]
            f.write(",".join([f"{3 * x[0] - x[1] * x[2]:.5f}"] + [f"{v:.5f}" for v in x]) + "\n")


def job(root, data):
    return [SCRIPT, "2", "--root", root, "--channel", f"train={data}:text/csv"] + ARGS


def main():
    work = tempfile.mkdtemp()
    data = os.path.join(work, "data")
    os.makedirs(data)
    write_data(os.path.join(data, "train.csv"))

    reference = os.path.join(work, "reference")
    subprocess.run(job(reference, data), check=True, capture_output=True, timeout=600)

    root = os.path.join(work, "interrupted")
    launcher = subprocess.Popen(job(root, data), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    seen = []
    for line in launcher.stdout:  # wait until training is under way
        seen.append(line)
        if re.match(r"^\[5\]\t", line):
            break
    signalled = time.monotonic()
    launcher.send_signal(signal.SIGTERM)
    rest, _ = launcher.communicate(timeout=60)
    stopped_in = time.monotonic() - signalled
    log = "".join(seen) + rest
    failures = []
    if launcher.returncode != 143:
        failures.append(f"launcher exit {launcher.returncode}, expected 143")
    if stopped_in > 10:
        failures.append(f"stopping took {stopped_in:.1f} s (> 10 s)")
    if "training stopped after round" not in log:
        failures.append("no 'training stopped after round' line")
    checkpoints = [n for n in os.listdir(os.path.join(root, "checkpoints"))
                   if re.fullmatch(r"xgboost-checkpoint\.\d+", n)]
    if not checkpoints:
        failures.append("no checkpoint written")

    resumed = subprocess.run(job(root, data), capture_output=True, text=True, timeout=600)
    if resumed.returncode != 0 or "resuming from round" not in resumed.stdout + resumed.stderr:
        failures.append("the rerun did not resume:\n" + resumed.stdout + resumed.stderr)
    with open(os.path.join(reference, "model", "xgboost-model"), "rb") as a, \
            open(os.path.join(root, "model", "xgboost-model"), "rb") as b:
        if a.read() != b.read():
            failures.append("the resumed model differs from the uninterrupted one")

    print(log)
    print(f"stopped in {stopped_in:.2f} s, exit {launcher.returncode}, checkpoints {sorted(checkpoints)}")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
