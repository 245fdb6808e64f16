"""csv_weights=1 at mpirun -np 2: the second csv column is the instance weight.
* unit weights give the byte-identical model of the same rows without a weight column;
* other weights reach training: for reg:squarederror every row's hessian is its weight, so each
  tree's root sum_hessian equals the sum of the weights, and the model differs from the unweighted.
"""
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gbdt_e2e import Job, require  # noqa: E402


def write_csv(path, rows, weight_of):
    rng = random.Random(11)
    total = 0.0
    with open(path, "w") as out:
        for _ in range(rows):
            x = [round(rng.uniform(-1, 1), 4) for _ in range(3)]
            label = 2 * x[0] - x[1] * x[2] + rng.gauss(0, 0.2)
            w = weight_of(x)
            total += w if w is not None else 1.0
            cells = ["%.4f" % label] + ([] if w is None else ["%g" % w]) + ["%g" % v for v in x]
            out.write(",".join(cells) + "\n")
    return total


def train(csv_file, csv_weights):
    hp = {"objective": "reg:squarederror", "num_round": 5, "max_depth": 3, "csv_weights": csv_weights}
    job = Job(hp, {"train": [csv_file]})
    with open(os.path.join(job.root, "input", "config", "inputdataconfig.json"), "w") as f:
        json.dump({"train": {"ContentType": "text/csv"}}, f)
    status, out = job.run(np=2)
    require(status == 0, "training with csv_weights=%d failed" % csv_weights, out)
    model = job.model_bytes()
    job.cleanup()
    return model


def main():
    work = tempfile.mkdtemp()
    plain, unit, weighted = (os.path.join(work, n) for n in ("plain.csv", "unit.csv", "weighted.csv"))
    write_csv(plain, 3000, lambda x: None)
    write_csv(unit, 3000, lambda x: 1)
    total = write_csv(weighted, 3000, lambda x: 4 if x[0] > 0 else 0.25)

    reference = train(plain, 0)
    require(train(unit, 1) == reference, "unit weights changed the model")
    model = train(weighted, 1)
    require(model != reference, "weights had no effect on the model")
    trees = json.loads(model)["learner"]["gradient_booster"]["model"]["trees"]
    for t in trees:
        root = t["sum_hessian"][0]
        require(abs(root - total) <= 1e-4 * total,
                "tree %d: root sum_hessian %g, expected the weight sum %g" % (t["id"], root, total))
    print("csv_weights: unit weights identical, weighted root hessian %g = weight sum %g" % (
        trees[0]["sum_hessian"][0], total))


if __name__ == "__main__":
    main()
