"""Data sets of the parity tier, each a (train, test) pair of row lists chosen to break a tree
learner's assumptions: one-hot and present-or-absent features, constant and all-missing columns,
two-valued columns, heavy ties, signed zeros, huge magnitudes, denormals, a handful of rows,
unbalanced classes, plus real data (XGBoost's agaricus, scikit-learn's bundled sets; no download).
For the other objectives: positive skewed targets (reg:gamma), zero-inflated ones (reg:tweedie),
labels just above -1 (reg:squaredlogerror), probabilities with exact 0 and 1 (reg:logistic), heavy
outliers (reg:pseudohubererror, reg:absoluteerror), censored survival times with ties
(survival:cox) and every kind of interval (survival:aft), and query groups of one and two rows,
queries without any relevant row, ties in relevance and fewer groups than ranks (rank:*).

A row is (label, {feature index: value}) or (label, {feature index: value}, qid); an absent index
is a missing value, to XGBoost and to dptrain alike (libsvm). The label is a number, or a pair
(lower, upper) for survival:aft (written `lower,upper`; upper inf = right-censored, lower 0 =
left-censored). Rows with a qid come grouped: consecutive rows with one qid form a query group.
Generated sets are seeded, so every run sees the same files.
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


def label_text(label):
    """A label as float32 written with 9 digits (it reads back as the same float32, the value
    xgboost gets); an interval as `lower,upper`."""
    if isinstance(label, tuple):
        return ",".join(label_text(v) for v in label)
    return "%.9g" % np.float32(label)


def write_libsvm(path, rows):
    with open(path, "w") as out:
        for row in rows:
            label, cells = row[0], row[1]
            tokens = [label_text(label)]
            if len(row) > 2:
                tokens.append("qid:%d" % row[2])
            tokens += ["%d:%s" % (i, repr_value(v)) for i, v in sorted(cells.items())]
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
    data, indices, indptr, labels, groups = [], [], [0], [], []
    for row in rows:
        label, cells = row[0], row[1]
        for i, v in sorted(cells.items()):
            indices.append(i)
            data.append(v)
        indptr.append(len(indices))
        labels.append(label)
        if len(row) > 2:  # query groups: runs of one qid, as dptrain and xgboost's parser form them
            if groups and groups[-1][0] == row[2]:
                groups[-1][1] += 1
            else:
                groups.append([row[2], 1])
    matrix = scipy.sparse.csr_matrix((np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64),
                                      np.array(indptr, dtype=np.int64)), shape=(len(rows), num_features))
    if labels and isinstance(labels[0], tuple):  # survival:aft: the interval is the label
        dmatrix = xgboost.DMatrix(matrix)
        dmatrix.set_float_info("label_lower_bound", np.array([lo for lo, _ in labels], dtype=np.float32))
        dmatrix.set_float_info("label_upper_bound", np.array([up for _, up in labels], dtype=np.float32))
    else:
        dmatrix = xgboost.DMatrix(matrix, label=np.array(labels, dtype=np.float32))
    if groups:
        if len(groups) != len({qid for qid, _ in groups}):
            raise ValueError("a qid comes back after other queries: dptrain refuses that file")
        dmatrix.set_group([size for _, size in groups])
    return dmatrix


def num_features(*row_sets):
    return 1 + max((max(row[1]) for rows in row_sets for row in rows if row[1]), default=0)


def split(rows, test_share=0.25, seed=7):
    """Rows shuffled and cut; for ranking sets use split_groups."""
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


# --- targets of the other objectives -------------------------------------------------------------

def _features(rng, k=5, missing=0.1, digits=2):
    """k features in [-1, 1] rounded to `digits` decimals, about `missing` of them absent. With
    2 digits a feature has at most 201 values, fewer than max_bin: xgboost's cuts are then every
    value, and so are dptrain's (parity.py's same-cuts check); more digits make the cuts differ."""
    return {i: round(rng.uniform(-1, 1), digits) for i in range(k) if rng.random() >= missing}


def _signal(cells):
    v = lambda i: cells.get(i, 0.0)  # noqa: E731
    return v(0) - 0.7 * v(1) + 0.5 * v(2) * v(3)


def skewed_positive(n=3000, seed=13):
    """Positive, right-skewed targets (gamma noise around exp(signal), a few 50x spikes, values
    down to 1e-4): reg:gamma's home, and where a mean-based start is far off."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        y = math.exp(1.0 + 1.5 * _signal(cells)) * rng.gammavariate(2.0, 0.5)
        if rng.random() < 0.01:
            y *= 50.0
        rows.append((max(y, 1e-4), cells))
    return split(rows)


def zero_inflated(n=3000, seed=14):
    """Compound Poisson-gamma targets (reg:tweedie): about half exactly 0, the rest skewed.
    Continuous features (4 digits): the cuts differ from xgboost's."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng, digits=4)
        lam = math.exp(0.8 * _signal(cells) - 0.3)
        k = np.random.default_rng(rng.randint(0, 1 << 30)).poisson(lam)
        rows.append((sum(rng.gammavariate(1.5, 2.0) for _ in range(k)), cells))
    return split(rows)


def near_minus_one(n=3000, seed=15):
    """reg:squaredlogerror's labels must exceed -1: 30% lie in (-0.99, -0.68], scattered among
    rows at 0 and up to about 50, so log1p spans -4.6 .. 4 and many rows sit more than one nat
    below any prediction (XGBoost clamps their negative hessian to 1e-6). Closer to -1 (-0.9999)
    xgboost itself steps below -1 within a few rounds, whatever eta and max_delta_step: rmsle nan."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        r = rng.random()
        if r < 0.3:
            y = -1.0 + 10.0 ** rng.uniform(-2, -0.5) * (1.5 + _signal(cells)) / 2
        elif r < 0.4:
            y = 0.0
        else:
            y = math.expm1(1.5 + 1.5 * _signal(cells) + rng.gauss(0, 0.3))
        rows.append((max(y, -0.9999), cells))
    return split(rows)


def probabilities(n=3000, seed=16):
    """reg:logistic: targets in [0, 1] that are probabilities, with many exact 0 and 1."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        p = 1.0 / (1.0 + math.exp(-3.0 * _signal(cells) + rng.gauss(0, 0.3)))
        rows.append((0.0 if p < 0.1 else 1.0 if p > 0.9 else p, cells))
    return split(rows)


def outliers(n=3000, seed=17, center=0.0):
    """Targets around `center` (the signal plus a little noise); 5% of the training rows are gross
    outliers (+-1e3 .. 1e4), the test rows are clean: a robust loss keeps the fit of the clean
    rows, squared error does not, and neither does a start at the label mean (-16.5 here)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        rows.append((center + 5.0 * _signal(cells) + rng.gauss(0, 0.5), cells))
    train, test = split(rows)
    for i, (_, cells) in enumerate(train):
        if rng.random() < 0.05:
            train[i] = (rng.choice([-1.0, 1.0]) * 10.0 ** rng.uniform(3, 4), cells)
    return train, test


def outliers_around_20():
    """The same around 20: no test label near 0 (mape)."""
    return outliers(center=20.0)


def cox_censored(n=2500, seed=18):
    """Survival times for survival:cox, rounded to 0.1 (many ties), about 60% right-censored
    (negative labels), one censored and one event time tied at the same |label|."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        t = rng.expovariate(1.0) / (0.1 * math.exp(_signal(cells)))
        c = rng.uniform(0, 12)
        rows.append((max(round(t, 1), 0.1) if t <= c else -max(round(c, 1), 0.1), cells))
    rows += [(5.0, {0: 0.5}), (-5.0, {0: -0.5})]
    return split(rows)


def aft_intervals(n=2500, seed=19, censored=0.5):
    """(lower, upper) for survival:aft: exact times, right-censored (upper inf), left-censored
    (lower 0) and interval-censored rows; `censored` is the share that is not exact."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        cells = _features(rng)
        t = float(np.float32(math.exp(2.0 + _signal(cells) + 0.4 * rng.gauss(0, 1))))
        kind = rng.random() / max(censored, 1e-9)
        if kind >= 1:
            interval = (t, t)
        elif kind < 0.5:
            interval = (t * rng.uniform(0.3, 1.0), math.inf)
        elif kind < 0.7:
            interval = (0.0, t * rng.uniform(1.0, 2.0))
        else:
            interval = (t * rng.uniform(0.6, 1.0), t * rng.uniform(1.0, 1.6))
        lower, upper = (float(np.float32(v)) for v in interval)
        rows.append(((lower, max(upper, lower)), cells))
    return split(rows)


def aft_heavily_censored():
    return aft_intervals(seed=20, censored=0.9)


# --- query groups ---------------------------------------------------------------------------------

def ranking(groups=200, sizes=(1, 30), grades=4, seed=21, k=5):
    """Query groups for rank:*: sizes drawn from `sizes` (a (min, max) range or a list), grades
    0..grades from the features plus a per-query level, so some queries have no relevant row and
    most have ties; qids ascend with gaps. The first 75% of the groups train, the rest test."""
    rng = random.Random(seed)
    weights = [rng.uniform(-1, 1) for _ in range(k)]
    rows, qid = [], 0
    cut = None
    for g in range(groups):
        if g == int(groups * 0.75):
            cut = len(rows)
        size = rng.choice(sizes) if isinstance(sizes, list) else rng.randint(*sizes)
        qid += rng.randint(1, 3)
        level = rng.gauss(0, 0.7)
        for _ in range(size):
            cells = _features(rng, k, missing=0.05)
            score = sum(w * cells.get(i, 0.0) for i, w in enumerate(weights)) + level + rng.gauss(0, 0.4)
            grade = max(0, min(grades, int(round(score * grades / 2.5 + grades / 2.0))))
            rows.append((float(grade), cells, qid))
    return rows[:cut], rows[cut:]


def rank_graded():
    """Groups of 1..30 rows, grades 0..4."""
    return ranking()


def rank_small_groups():
    """Mostly groups of one and two rows (a few of three), grades 0..2: ties, single-row queries,
    queries where nothing is relevant (ndcg- / map- score those 0), and for auc by query groups
    of fewer than three rows, which XGBoost leaves out of the mean (all of them would make it nan)."""
    return ranking(groups=600, sizes=[1, 2, 2, 3], grades=2, seed=22)


def rank_binary():
    """Relevant or not (rank:map's and map's notion), groups of 2..20 rows."""
    return ranking(groups=250, sizes=(2, 20), grades=1, seed=23)


def rank_two_groups():
    """Two training groups of 150 rows (and one test group): at np 3 a rank holds no group."""
    return ranking(groups=3, sizes=(150, 150), grades=3, seed=24)
