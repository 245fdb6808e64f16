"""Helpers for the checkpoint e2e tests: a small SageMaker-style job tree, the dptrain command
under mpirun, a running job whose log lines are watched, and signals to mpirun or to its ranks.

Environment (set by ctest): DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

DPTRAIN = os.environ["DPTRAIN"]
MPIRUN = os.environ["DPT_MPIRUN"]
MPIRUN_FLAGS = os.environ.get("DPT_MPIRUN_FLAGS", "").split()
# Open MPI 4.1 (measured): after its own SIGTERM, or once a rank died or exited non-zero, mpirun
# waits odls_base_sigkill_timeout (T) before it SIGTERMs the ranks and T again before SIGKILL, and
# exits after about 2T. T=1 is Open MPI's default; pinned here because the stop times rely on it.
SIGKILL_TIMEOUT = ["--mca", "odls_base_sigkill_timeout", "1"]
STOP_LIMIT_S = 10.0  # no run may take longer than this to end after a signal


def fail(message):
    raise AssertionError(message)


def seeded_rng():
    """The test's random stream; its seed is printed, and DPT_E2E_SEED=<n> replays it."""
    seed = int(os.environ.get("DPT_E2E_SEED", str(int(time.time()))))
    print("DPT_E2E_SEED=%d" % seed)
    return random.Random(seed)


def make_data_dir(channels):
    """A temporary folder with one empty subfolder per channel name."""
    data_dir = tempfile.mkdtemp(prefix="dpt-ckpt-data-")
    for channel in channels:
        os.makedirs(os.path.join(data_dir, channel))
    return data_dir


def write_data(path, rows, features, seed):
    """Deterministic regression rows: label first, then the features (text/csv)."""
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            x = [rng.uniform(-1.0, 1.0) for _ in range(features)]
            y = 2.0 * x[0] - x[1] * x[2] + (0.5 if x[3] > 0 else 0.0) + rng.gauss(0.0, 0.1)
            out.write(",".join(["%.6f" % y] + ["%.6f" % v for v in x]) + "\n")


class JobTree:
    """A temporary /opt/ml-style tree; data files are shared between trees of one test."""

    def __init__(self, data_dir, hyperparameters):
        self.root = tempfile.mkdtemp(prefix="dpt-ckpt-e2e-")
        config = os.path.join(self.root, "input", "config")
        os.makedirs(config)
        os.makedirs(os.path.join(self.root, "model"))  # as in a SageMaker container
        shutil.copytree(data_dir, os.path.join(self.root, "input", "data"))
        self.set_hyperparameters(hyperparameters)
        channels = {name: {"ContentType": "text/csv", "S3DistributionType": "FullyReplicated"}
                    for name in os.listdir(data_dir)}
        with open(os.path.join(config, "inputdataconfig.json"), "w") as f:
            json.dump(channels, f)
        with open(os.path.join(config, "resourceconfig.json"), "w") as f:
            json.dump({"current_host": "algo-1", "hosts": ["algo-1"]}, f)
        self.checkpoints = os.path.join(self.root, "checkpoints")
        self.model = os.path.join(self.root, "model", "xgboost-model")

    def set_hyperparameters(self, hyperparameters):
        path = os.path.join(self.root, "input", "config", "hyperparameters.json")
        with open(path, "w") as f:
            json.dump({k: str(v) for k, v in hyperparameters.items()}, f)

    def command(self, np=2, extra=()):
        return ([MPIRUN] + MPIRUN_FLAGS + SIGKILL_TIMEOUT + ["-np", str(np), DPTRAIN,
                "--sm-root", self.root] + list(extra))

    def checkpoint_steps(self, prefix="xgboost-checkpoint"):
        if not os.path.isdir(self.checkpoints):
            return []
        steps = [int(n[len(prefix) + 1:]) for n in os.listdir(self.checkpoints)
                 if re.fullmatch(re.escape(prefix) + r"\.\d+", n)]
        return sorted(steps)

    def checkpoint_path(self, step, prefix="xgboost-checkpoint"):
        return os.path.join(self.checkpoints, "%s.%d" % (prefix, step))

    def complete_checkpoint_steps(self, prefix="xgboost-checkpoint"):
        """Steps whose checkpoint has its checksum file (a kill can land between the two)."""
        return [s for s in self.checkpoint_steps(prefix) if os.path.exists(self.checkpoint_path(s, prefix) + ".sum")]

    def model_bytes(self):
        with open(self.model, "rb") as f:
            return f.read()

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class RunningJob:
    """mpirun in its own process group; stdout+stderr collected line by line as they come."""

    def __init__(self, command):
        self.command = command
        self.lines = []
        self.lock = threading.Condition()
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()

    def output(self):
        with self.lock:
            return "\n".join(self.lines)

    def wait_for_line(self, pattern, timeout=120.0):
        """Blocks until a line matches `pattern` (a regex); returns the match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        with self.lock:
            seen = 0
            while True:
                for line in self.lines[seen:]:
                    m = regex.search(line)
                    if m:
                        return m
                seen = len(self.lines)
                if self.proc.poll() is not None and not self.reader.is_alive():
                    fail("job ended (status %s) before a line matched %r:\n%s"
                         % (self.proc.returncode, pattern, self.output()))
                if time.monotonic() > deadline:
                    fail("no line matched %r within %.0f s:\n%s" % (pattern, timeout, self.output()))
                self.lock.wait(0.05)

    def rank_pids(self):
        """The rank processes started by this mpirun (local launch: its direct children)."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True)
        pids = []
        for pid in out.stdout.split():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    # dptrain, or the dptrain-* binary it hands a job kind to
                    if os.path.basename(f.read().split(b"\0")[0].decode()).startswith("dptrain"):
                        pids.append(int(pid))
            except OSError:
                pass
        return sorted(pids)

    def wait(self, timeout):
        """Waits for mpirun to end; returns (status, seconds waited)."""
        start = time.monotonic()
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            fail("job still running %.0f s after the signal:\n%s" % (timeout, self.output()))
        self.reader.join(5)
        return status, time.monotonic() - start


def run_to_end(command, timeout=240.0):
    job = RunningJob(command)
    status, _ = job.wait(timeout)
    return status, job.output()


def require(condition, message, output=""):
    if not condition:
        fail(message + ("\n--- output ---\n" + output if output else ""))


def metric_rounds(output):
    """Round numbers of the metric lines ([12]\\ttrain-rmse:...)."""
    return [int(m.group(1)) for m in re.finditer(r"^\[(\d+)\]\t", output, re.M)]
