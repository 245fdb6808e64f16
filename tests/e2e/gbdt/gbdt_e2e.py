"""Helpers for the boosting e2e tests: deterministic data files, a temporary /opt/ml-style tree,
dptrain under mpirun, and the metric lines as SageMaker sees them.

Environment (set by ctest): DPTRAIN, DPT_MPIRUN, DPT_MPIRUN_FLAGS.
"""
import json
import math
import os
import random
import re
import shutil
import subprocess
import tempfile

DPTRAIN = os.environ["DPTRAIN"]
MPIRUN = os.environ["DPT_MPIRUN"]
MPIRUN_FLAGS = os.environ.get("DPT_MPIRUN_FLAGS", "").split()


def require(condition, message, output=""):
    if not condition:
        raise AssertionError(message + ("\n--- output ---\n" + output[-4000:] if output else ""))


def label_for(objective, x, rng):
    """A label the objective accepts, depending on the features (missing features count as 0)."""
    v = [0.0 if f is None else f for f in x]
    score = 2.0 * v[0] - v[1] * v[2] + (0.5 if v[3] > 0 else 0.0) + rng.gauss(0.0, 0.3)
    if objective.startswith("binary:") or objective == "reg:logistic":
        return 1.0 if score > 0.3 else 0.0
    if objective.startswith("multi:"):
        return float(min(2, max(0, int(score + 1.2))))
    if objective == "count:poisson":
        return float(int(math.exp(0.5 * score + 0.3) + rng.random()))
    if objective == "reg:gamma":  # positive, skewed
        return round(math.exp(0.5 * score) * rng.expovariate(1.0) + 0.01, 4)
    if objective == "reg:tweedie":  # zero-inflated, non-negative
        return 0.0 if rng.random() < 0.3 else round(math.exp(0.5 * score) * rng.expovariate(1.0), 4)
    if objective == "reg:squaredlogerror":  # > -1
        return round(math.exp(0.5 * score) - 0.5, 4)
    if objective in ("reg:absoluteerror", "reg:pseudohubererror"):  # heavy tails
        return round(score + (rng.choice((-6.0, 6.0)) if rng.random() < 0.05 else 0.0), 4)
    return score


def write_libsvm(path, rows, features, seed, objective="reg:squarederror", missing=0.2):
    """Rows with about `missing` of the values absent (missing to XGBoost and to us)."""
    rng = random.Random(seed)
    with open(path, "w") as out:
        for _ in range(rows):
            x = [None if rng.random() < missing else round(rng.uniform(-1, 1), 4) for _ in range(features)]
            cells = ["%d:%g" % (i, v) for i, v in enumerate(x) if v is not None]
            out.write(" ".join(["%g" % label_for(objective, x, rng)] + cells) + "\n")


class Job:
    """A temporary SageMaker-style tree with channels of libsvm files."""

    def __init__(self, hyperparameters, channels):
        self.root = tempfile.mkdtemp(prefix="dpt-gbdt-e2e-")
        config = os.path.join(self.root, "input", "config")
        os.makedirs(config)
        for name, files in channels.items():
            folder = os.path.join(self.root, "input", "data", name)
            os.makedirs(folder)
            for f in files:
                shutil.copy(f, folder)
        with open(os.path.join(config, "hyperparameters.json"), "w") as f:
            json.dump({k: str(v) for k, v in hyperparameters.items()}, f)
        with open(os.path.join(config, "inputdataconfig.json"), "w") as f:
            json.dump({name: {"ContentType": "text/libsvm"} for name in channels}, f)
        self.model = os.path.join(self.root, "model", "xgboost-model")
        self.failure = os.path.join(self.root, "output", "failure")

    def run(self, np=2, extra=(), timeout=300, keep_checkpoints=False):
        """Runs dptrain (from a fresh start unless keep_checkpoints); returns (status, stdout + stderr)."""
        leftovers = ["model"] + ([] if keep_checkpoints else ["checkpoints"])
        for leftover in leftovers:
            shutil.rmtree(os.path.join(self.root, leftover), ignore_errors=True)
        command = [MPIRUN] + MPIRUN_FLAGS + ["-np", str(np), DPTRAIN, "--sm-root", self.root] + list(extra)
        proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return proc.returncode, proc.stdout.decode(errors="replace")

    def rewrite_hyperparameters(self, hyperparameters):
        with open(os.path.join(self.root, "input", "config", "hyperparameters.json"), "w") as f:
            json.dump({k: str(v) for k, v in hyperparameters.items()}, f)

    def model_bytes(self):
        with open(self.model, "rb") as f:
            return f.read()

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def identical_models(hyperparameters, channels, nps=(1, 2, 3)):
    """Trains at each world size; requires the same model bytes from all and returns them."""
    reference = None
    for np_ in nps:
        job = Job(hyperparameters, channels)
        status, out = job.run(np=np_)
        require(status == 0, "np=%d failed" % np_, out)
        model = job.model_bytes()
        job.cleanup()
        require(reference is None or model == reference, "model at np=%d differs from np=%d" % (np_, nps[0]))
        reference = reference or model
    return reference


def sagemaker_metric(output, name):
    """Values of `name` (e.g. validation-rmse) as SageMaker's regex reads them from the log, where
    tabs arrive as #011."""
    pattern = re.compile(r".*\[[0-9]+\].*#011" + re.escape(name) + r":(\S+)")
    values = []
    for line in output.splitlines():
        match = pattern.match(line.replace("\t", "#011"))
        if match:
            values.append(float(match.group(1)))
    return values
