"""Data sets of the parity tier, each a (train, test) pair of row lists chosen to break a tree
learner's assumptions: one-hot and present-or-absent features, constant and all-missing columns,
two-valued columns, heavy ties, signed zeros, huge magnitudes, denormals, a handful of rows,
unbalanced classes, plus real data (XGBoost's agaricus, scikit-learn's bundled sets; no download).

A row is (label, {feature index: value}); an absent index is a missing value, to XGBoost and to
dptrain alike (libsvm). Generated sets are seeded, so every run sees the same files.
"""
import math
import os
import random

import numpy as np

SOURCE = os.environ.get("DPT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def read_libsvm(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            cells = {}
            for token in parts[1:]:
                index, value = token.split(":")
                cells[int(index)] = float(value)
            rows.append((float(parts[0]), cells))
    return rows


def write_libsvm(path, rows):
    with open(path, "w") as out:
        for label, cells in rows:
            tokens = ["%.9g" % label] + ["%d:%s" % (i, repr_value(v)) for i, v in sorted(cells.items())]
            out.write(" ".join(tokens) + "\n")


def repr_value(v):
    # repr keeps every bit of a double; values are floats already, so the file is exact for both
    # readers (-0.0 stays -0.0, denormals stay denormal).
    return repr(float(v))


def to_dmatrix(rows, num_features):
    """The rows as xgboost sees them: a CSR matrix whose stored entries are exactly the present
    cells (explicit zeros included). xgboost's own libsvm parser is not used: it reads
    subnormal values wrongly (1e-42 becomes 1.18e-38), which would test its parser, not the model."""
    import scipy.sparse
    import xgboost
    data, indices, indptr, labels = [], [], [0], []
    for label, cells in rows:
        for i, v in sorted(cells.items()):
            indices.append(i)
            data.append(v)
        indptr.append(len(indices))
        labels.append(label)
    matrix = scipy.sparse.csr_matrix((np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64),
                                      np.array(indptr, dtype=np.int64)), shape=(len(rows), num_features))
    return xgboost.DMatrix(matrix, label=np.array(labels, dtype=np.float32))


def num_features(*row_sets):
    return 1 + max((max(cells) for rows in row_sets for _, cells in rows if cells), default=0)


def split(rows, test_share=0.25, seed=7):
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cut = int(len(rows) * (1 - test_share))
    return [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]


def from_matrix(x, y):
    """Dense numpy rows; NaN cells become absent."""
    rows = []
    for features, label in zip(x, y):
        rows.append((float(label), {i: float(v) for i, v in enumerate(features) if not math.isnan(v)}))
    return rows


# --- real data ---------------------------------------------------------------------------------

def agaricus():
    folder = os.path.join(SOURCE, "tests", "data", "agaricus")
    return (read_libsvm(os.path.join(folder, "agaricus.txt.train")),
            read_libsvm(os.path.join(folder, "agaricus.txt.test")))


def sklearn_set(name):
    from sklearn import datasets as skd
    loader = {"breast_cancer": skd.load_breast_cancer, "diabetes": skd.load_diabetes,
              "iris": skd.load_iris, "wine": skd.load_wine, "digits": skd.load_digits}[name]
    bunch = loader()
    return split(from_matrix(bunch.data, bunch.target))


# --- generated shapes --------------------------------------------------------------------------

def onehot(n=3000, seed=1):
    """Present-or-absent indicators (value 1 or missing); the label is a rule over presences."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = {i: 1.0 for i in range(40) if rng.random() < 0.15}
        signal = (0 in cells) + (3 in cells and 7 not in cells) + 0.5 * (11 in cells)
        rows.append((1.0 if signal + rng.gauss(0, 0.3) > 0.7 else 0.0, cells))
    return split(rows)


def constant_and_missing(n=2000, seed=2):
    """A constant column, an all-missing column (index 1 never appears but index 3 does), and
    one informative column with a few missing values; regression."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = rng.uniform(-2, 2)
        cells = {0: 5.0, 2: 5.0, 3: rng.uniform(0, 1)}
        if rng.random() > 0.1:
            cells[4] = x
        rows.append((3.0 * x * x + rng.gauss(0, 0.2) if 4 in cells else 1.0, cells))
    return split(rows)


def two_valued(n=2000, seed=3):
    """Dense columns holding only {0, 1} or {-1, 1}, zeros written explicitly (present)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        a, b, c = rng.randint(0, 1), rng.choice([-1.0, 1.0]), rng.randint(0, 1)
        y = 1.0 if (a and b > 0) or (c and rng.random() < 0.3) else 0.0
        rows.append((y, {0: float(a), 1: b, 2: float(c), 3: float(rng.randint(0, 1))}))
    return split(rows)


def heavy_ties(n=3000, seed=4):
    """Few distinct values with most rows on one of them."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x0 = 0.0 if rng.random() < 0.8 else rng.choice([1.0, 2.0])
        x1 = rng.choice([7.0] * 9 + [8.0])
        rows.append((2.0 * x0 + (x1 - 7.0) * 3.0 + rng.gauss(0, 0.1), {0: x0, 1: x1}))
    return split(rows)


def signed_zeros(n=2000, seed=5):
    """+0 and -0 (the same value), negatives and positives; the label depends on the sign of x."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = rng.choice([0.0, -0.0, -0.0, rng.uniform(-1, 1)])
        rows.append((1.0 if x > 0 or (x == 0 and rng.random() < 0.5) else 0.0, {0: x, 1: rng.choice([0.0, -0.0])}))
    return split(rows)


def huge_magnitudes(n=2000, seed=6):
    """Values near float's range: 1e30 .. 3e38 and their negatives; regression on their order."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        e = rng.uniform(30, 38.4)
        x = rng.choice([-1, 1]) * 10.0 ** e
        rows.append(((1.0 if x > 0 else -1.0) * (e - 30.0) + rng.gauss(0, 0.1), {0: x, 1: 3.0e38}))
    return split(rows)


def denormals(n=2000, seed=8):
    """Subnormal floats (below 1.2e-38) as the only signal."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        k = rng.randint(1, 1000)
        x = float(np.float32(k * 1e-42))
        rows.append((1.0 if k > 500 else 0.0, {0: x}))
    return split(rows)


def tiny(n=9, seed=9):
    rng = random.Random(seed)
    rows = [(float(i % 3) + rng.gauss(0, 0.05), {0: float(i), 1: float(i % 2)}) for i in range(n)]
    return rows[:7], rows[7:]


def fewer_rows_than_ranks():
    return [(0.0, {0: 1.0}), (2.0, {0: 3.0})], [(0.0, {0: 1.0}), (2.0, {0: 2.5})]


def unbalanced(n=6000, seed=10):
    """About 3% positives."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = {i: round(rng.gauss(0, 1), 3) for i in range(6) if rng.random() > 0.1}
        score = cells.get(0, 0) + 0.5 * cells.get(1, 0) - 2.5
        rows.append((1.0 if score + rng.gauss(0, 0.5) > 0 else 0.0, cells))
    return split(rows)


def mostly_missing(n=4000, seed=11):
    """80% of the cells absent: the learned default direction carries the model."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = {i: rng.uniform(0, 1) for i in range(5) if rng.random() < 0.2}
        y = (2.0 if 0 in cells else -1.0) + cells.get(1, 0.5) + rng.gauss(0, 0.1)
        rows.append((y, cells))
    return split(rows)


def counts(n=3000, seed=12):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = [rng.uniform(0, 1) for _ in range(4)]
        lam = math.exp(1.5 * x[0] - x[1])
        rows.append((float(np.random.default_rng(rng.randint(0, 1 << 30)).poisson(lam)), dict(enumerate(x))))
    return split(rows)
