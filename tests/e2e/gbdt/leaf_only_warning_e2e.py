"""A job whose trees never split exits 0 but warns, naming the likely cause; a job that learns
does not warn."""
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require, write_libsvm  # noqa: E402

WARNING = "is a single leaf"


def main():
    work = tempfile.mkdtemp(prefix="dpt-leaf-only-")
    data = os.path.join(work, "train.libsvm")
    write_libsvm(data, 400, 4, 1, "binary:logistic")
    constant = os.path.join(work, "constant.libsvm")
    rng = random.Random(3)
    with open(constant, "w") as f:
        for _ in range(300):
            f.write("1 0:%g 1:%g\n" % (rng.random(), rng.random()))
    cases = [
        ({"objective": "reg:squarederror"}, constant, "the training label is constant"),
        ({"objective": "binary:logistic", "min_child_weight": 200}, data, "min_child_weight=200"),
        ({"objective": "binary:logistic", "gamma": 1e6}, data, "gamma=1e+06"),
        ({"objective": "binary:logistic"}, data, None),
    ]
    for extra, path, cause in cases:
        job = Job(dict({"num_round": 5, "max_depth": 3}, **extra), {"train": [path]})
        status, out = job.run(np=2)
        require(status == 0, "%s failed" % extra, out)
        if cause is None:
            require(WARNING not in out, "%s: a job that learns was warned about" % extra, out)
        else:
            require(WARNING in out and cause in out, "%s: no warning naming %r" % (extra, cause), out)
            require(out.count(WARNING) == 1, "%s: the warning comes more than once" % extra, out)
        job.cleanup()
        print("%s: %s" % (extra, "warned: " + cause if cause else "no warning"))


if __name__ == "__main__":
    main()
