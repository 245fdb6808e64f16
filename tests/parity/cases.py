"""The parity cases: data set, objective, parameters and the held-out metric compared. Every case
runs dptrain at np 1, 2 and 3 unless it says otherwise (parity.py)."""
import datasets as d

BINARY = {"objective": "binary:logistic", "num_round": 10, "max_depth": 4, "eta": 0.3}
REGRESSION = {"objective": "reg:squarederror", "num_round": 10, "max_depth": 4, "eta": 0.3}

CASES = {
    # XGBoost's tutorial job (one-hot, present-or-absent features): the defect this tier guards.
    "agaricus": {"data": d.agaricus, "metric": "logloss",
                 "params": {"objective": "binary:logistic", "num_round": 5, "max_depth": 3}},
    "agaricus_error": {"data": d.agaricus, "metric": "error",
                       "params": {"objective": "binary:logistic", "num_round": 2, "max_depth": 2, "eta": 1}},
    "agaricus_lossguide": {"data": d.agaricus, "metric": "auc",
                           "params": dict(BINARY, grow_policy="lossguide", max_depth=0, max_leaves=8)},
    "onehot": {"data": d.onehot, "metric": "logloss", "params": BINARY},
    "constant_and_missing": {"data": d.constant_and_missing, "metric": "rmse", "params": REGRESSION},
    "two_valued": {"data": d.two_valued, "metric": "logloss", "params": BINARY},
    "heavy_ties": {"data": d.heavy_ties, "metric": "rmse", "params": REGRESSION},
    "signed_zeros": {"data": d.signed_zeros, "metric": "logloss", "params": BINARY},
    "huge_magnitudes": {"data": d.huge_magnitudes, "metric": "rmse", "params": REGRESSION},
    "denormals": {"data": d.denormals, "metric": "logloss", "params": BINARY},
    "tiny": {"data": d.tiny, "metric": "rmse",
             "params": dict(REGRESSION, min_child_weight=0, max_depth=2)},
    "fewer_rows_than_ranks": {"data": d.fewer_rows_than_ranks, "metric": "rmse",
                              "params": dict(REGRESSION, min_child_weight=0, num_round=3)},
    "unbalanced": {"data": d.unbalanced, "metric": "auc", "params": BINARY},
    "mostly_missing": {"data": d.mostly_missing, "metric": "rmse", "params": REGRESSION},
    "counts_poisson": {"data": d.counts, "metric": "poisson-nloglik",
                       "params": dict(REGRESSION, objective="count:poisson", max_delta_step=0.7)},
    "breast_cancer": {"data": lambda: d.sklearn_set("breast_cancer"), "metric": "logloss", "params": BINARY},
    "diabetes": {"data": lambda: d.sklearn_set("diabetes"), "metric": "rmse",
                 "params": dict(REGRESSION, eta=0.1, num_round=30, max_depth=3)},
    "iris": {"data": lambda: d.sklearn_set("iris"), "metric": "mlogloss",
             "params": {"objective": "multi:softprob", "num_class": 3, "num_round": 10, "max_depth": 3}},
    "wine": {"data": lambda: d.sklearn_set("wine"), "metric": "merror",
             "params": {"objective": "multi:softmax", "num_class": 3, "num_round": 10, "max_depth": 3}},
    "digits": {"data": lambda: d.sklearn_set("digits"), "metric": "mlogloss",
               "params": {"objective": "multi:softprob", "num_class": 10, "num_round": 8, "max_depth": 4}},
}
