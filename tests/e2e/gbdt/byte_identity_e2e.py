"""The model file is byte-identical at mpirun -np 1, 2, 3, 4 and nthread 1, 2 (row and column
sampling on, missing values in the data, a validation channel). The few_rows case has fewer rows
than ranks: at np 3 and 4 some ranks hold no training or validation rows and still take part."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require, write_libsvm  # noqa: E402

CASES = {
    "binary": {"objective": "binary:logistic", "num_round": 6, "max_depth": 4, "eta": 0.3,
               "subsample": 0.8, "colsample_bytree": 0.8, "colsample_bynode": 0.7, "seed": 5,
               "eval_metric": "auc"},
    "softprob_lossguide": {"objective": "multi:softprob", "num_class": 3, "num_round": 4,
                           "grow_policy": "lossguide", "max_leaves": 12, "max_depth": 0},
    "few_rows": {"objective": "reg:squarederror", "num_round": 3, "max_depth": 2,
                 "min_child_weight": 0, "eta": 0.5},
    # Leaves refreshed to residual medians gathered over ranks; base_score a gathered median.
    "absoluteerror": {"objective": "reg:absoluteerror", "num_round": 3, "max_depth": 3,
                      "subsample": 0.8, "seed": 2},
    "tweedie": {"objective": "reg:tweedie", "tweedie_variance_power": 1.3, "num_round": 3,
                "max_depth": 3, "eval_metric": "tweedie-nloglik@1.6,gamma-deviance"},
    "pseudohuber": {"objective": "reg:pseudohubererror", "huber_slope": 0.5, "num_round": 3,
                    "max_depth": 3, "eval_metric": "mphe,mae"},
    "hinge": {"objective": "binary:hinge", "num_round": 3, "max_depth": 3,
              "eval_metric": "error@0.7,aucpr"},
}
# (training rows, validation rows): > 2 x 2048 training rows, so that nthread 2 uses both threads
ROWS = {"binary": (6000, 700), "softprob_lossguide": (6000, 700), "few_rows": (3, 2),
        "absoluteerror": (4200, 300), "tweedie": (4200, 300), "pseudohuber": (4200, 300),
        "hinge": (4200, 300)}


def main():
    data = tempfile.mkdtemp(prefix="dpt-gbdt-data-")
    for name, hp in CASES.items():
        train = os.path.join(data, name + "-train.libsvm")
        valid = os.path.join(data, name + "-valid.libsvm")
        write_libsvm(train, ROWS[name][0], 8, 1, hp["objective"])
        write_libsvm(valid, ROWS[name][1], 8, 2, hp["objective"])
        reference = None
        for np in (1, 2, 3, 4):
            for nthread in (1, 2):
                job = Job(dict(hp, nthread=nthread), {"train": [train], "validation": [valid]})
                status, out = job.run(np=np)
                require(status == 0, "%s np=%d nthread=%d failed" % (name, np, nthread), out)
                model = job.model_bytes()
                job.cleanup()
                if reference is None:
                    reference = model
                    require(b'"trees"' in model and len(model) > 1000, "%s: no trees in the model" % name)
                require(model == reference, "%s: model at np=%d nthread=%d differs from np=1 nthread=1"
                        % (name, np, nthread))
                print("%s np=%d nthread=%d: identical (%d bytes)" % (name, np, nthread, len(model)))


if __name__ == "__main__":
    main()
