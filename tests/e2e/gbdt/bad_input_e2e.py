"""Bad input at mpirun -np 2: every case ends non-zero, quickly, with the failure file and a
message that says what is wrong."""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require, write_libsvm  # noqa: E402

BASE = {"num_round": 3, "max_depth": 3}
# case -> (hyperparameters, label file objective, validation has an extra feature, expected text)
CASES = {
    "multi_without_num_class": ({"objective": "multi:softmax"}, "multi:softmax", False, "num_class"),
    "label_not_below_num_class": ({"objective": "multi:softmax", "num_class": 2}, "multi:softmax", False,
                                  "class index 0..1"),
    "binary_label_outside_0_1": ({"objective": "binary:logistic"}, "reg:squarederror", False, "[0, 1]"),
    "poisson_negative_label": ({"objective": "count:poisson"}, "reg:squarederror", False, "non-negative"),
    "early_stopping_without_validation": ({"early_stopping_rounds": 3}, None, False, "'validation' channel"),
    "max_depth_0_depthwise": ({"max_depth": 0}, "reg:squarederror", False, "lossguide"),
    "gradient_based_sampling": ({"sampling_method": "gradient_based"}, "reg:squarederror", False, "gpu_hist"),
    "validation_feature_not_in_train": ({}, "reg:squarederror", True, "never seen in training"),
}


def main():
    data = tempfile.mkdtemp(prefix="dpt-gbdt-bad-")
    for name, (hp, label_objective, extra_feature, expected) in CASES.items():
        train = os.path.join(data, name + "-train.libsvm")
        write_libsvm(train, 400, 5, 1, label_objective or "reg:squarederror", missing=0.0)
        channels = {"train": [train]}
        if label_objective is not None:
            valid = os.path.join(data, name + "-valid.libsvm")
            write_libsvm(valid, 100, 7 if extra_feature else 5, 2, label_objective or "reg:squarederror",
                         missing=0.0)
            channels["validation"] = [valid]
        job = Job(dict(BASE, **hp), channels)
        start = time.time()
        status, out = job.run(np=2, timeout=60)
        seconds = time.time() - start
        require(status != 0, "%s: exit status 0" % name, out)
        require(os.path.exists(job.failure), "%s: no failure file" % name, out)
        with open(job.failure) as f:
            reason = f.read()
        require(expected in reason, "%s: failure file says %r, expected it to mention %r"
                % (name, reason.strip(), expected), out)
        require(expected in out, "%s: the log does not say %r" % (name, expected), out)
        require(not os.path.exists(job.model), "%s: a model was written" % name)
        print("%s: exit %d in %.1f s: %s" % (name, status, seconds, reason.splitlines()[0]))
        job.cleanup()


if __name__ == "__main__":
    main()
