#!/usr/bin/python3
"""Scores a dptrain boosting model on the Fashion-MNIST test set with XGBoost itself.

usage: fmnist_accuracy.py MODEL_FILE
Loads the model with xgboost.Booster (the proof that XGBoost reads our file) and prints
test_accuracy=... for the 10 000 test images of Debian's dataset-fashion-mnist.
"""
import gzip, sys

import numpy as np
import xgboost

SRC = "/usr/share/datasets/fashion-mnist/"


def read(name, offset):
    with gzip.open(SRC + name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def main(model_file):
    images = read("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32)
    labels = read("t10k-labels-idx1-ubyte.gz", 8)
    booster = xgboost.Booster(model_file=model_file)
    predicted = booster.predict(xgboost.DMatrix(images))
    if predicted.ndim == 2:  # multi:softprob
        predicted = predicted.argmax(axis=1)
    print(f"test_accuracy={np.mean(predicted.astype(int) == labels):.4f} (xgboost {xgboost.__version__} "
          f"loaded {model_file})")


if __name__ == "__main__":
    main(sys.argv[1])
