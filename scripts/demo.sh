#!/usr/bin/env bash
# Installs what is missing, builds, then trains on Fashion-MNIST with 2 local ranks:
#   1. boosted trees (multi:softmax, 10 classes) from the IDX files of Debian's
#      dataset-fashion-mnist; XGBoost itself then loads the model and scores the test set;
#   2. the built-in CNN (when built with LibTorch), one epoch capped at DEMO_CNN_STEPS steps.
# Knobs: DEMO_ROUNDS (default 10), DEMO_CNN_STEPS (default 300), DPT_JOBS (build parallelism).
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
ROUNDS=${DEMO_ROUNDS:-10}
CNN_STEPS=${DEMO_CNN_STEPS:-300}
FMNIST=/usr/share/datasets/fashion-mnist

dpt_install_packages
dpt_build "$DPT_ROOT/build"
export DPTRAIN=$DPT_ROOT/build/worker/dptrain

work=$(mktemp -d /tmp/dptrain-demo.XXXXXX)
mkdir -p "$work/train" "$work/test"
ln -s "$FMNIST"/train-*-ubyte.gz "$work/train/"
ln -s "$FMNIST"/t10k-*-ubyte.gz "$work/test/"

echo "== boosted trees on Fashion-MNIST, 2 ranks, $ROUNDS rounds"
"$DPT_ROOT/scripts/local_cluster.sh" 2 --root "$work/gbtree" \
  --channel train="$work/train":application/x-idx --channel validation="$work/test":application/x-idx \
  --model gbtree --objective multi:softmax --num_class 10 --num_round "$ROUNDS" --max_depth 6 \
  --eval_metric merror
/usr/bin/python3 "$DPT_ROOT/scripts/lib/fmnist_accuracy.py" "$work/gbtree/model/xgboost-model"

if grep -q '^DPT_WITH_TORCH:BOOL=ON' "$DPT_ROOT/build/CMakeCache.txt"; then
  echo "== CNN on Fashion-MNIST, 2 ranks, 1 epoch of at most $CNN_STEPS steps"
  "$DPT_ROOT/scripts/local_cluster.sh" 2 --root "$work/cnn" \
    --channel train="$work/train":application/x-idx --channel test="$work/test":application/x-idx \
    --model cnn --epochs 1 --max_steps "$CNN_STEPS" --batch_size 100 --learning_rate 0.05 --momentum 0.9
fi
echo "== demo finished; job trees (models, outcome files) under $work"
