#!/bin/bash
# The real dptrain at np=2 on bad channel data: the job exits non-zero with the message (file,
# line and column) that all ranks agreed on, the failure file holds it, no model is written. The
# bad rows lie in rank 1's byte range, so rank 0 only knows of them through the agreement. (Once
# one rank has exited, mpirun may kill the other before it prints, so one rank's line is enough.)
# Good channels in the same formats train, so the failures are the data's, not the setup's.
set -u
DPTRAIN=${DPTRAIN:?run through ctest or set DPTRAIN}
MPIRUN=${DPT_MPIRUN:-mpirun}
read -r -a MPIFLAGS <<< "${DPT_MPIRUN_FLAGS:---oversubscribe --bind-to none}"
WORK=$(mktemp -d /tmp/dpt_data_e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# rows N: N good csv rows (label, 3 features).
rows() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%d,%g,%d,3\n", i % 2, i * 0.5, i % 7 }'; }

run_job() {  # ROOT: runs a 2-round boosting job at np=2, output in ROOT/log
  timeout 240 "$MPIRUN" "${MPIFLAGS[@]}" -np 2 "$DPTRAIN" --sm-root "$1" --num_round 2 > "$1/log" 2>&1
}

# expect_failure NAME PATTERN: the job on $WORK/NAME fails on both ranks with PATTERN.
expect_failure() {
  local root=$WORK/$1 pattern=$2
  run_job "$root"
  local rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then fail "$1: expected a failure, got status $rc"; fi
  grep -Eq "error: .*$pattern" "$root/log" || { fail "$1: no rank reported '$pattern'"; cat "$root/log"; }
  grep -Eq "$pattern" "$root/output/failure" 2> /dev/null || fail "$1: failure file lacks '$pattern'"
  [ -e "$root/model/xgboost-model" ] && fail "$1: a model was written"
  echo "$1: status $rc: $(head -1 "$root/output/failure" 2> /dev/null)"
}

channel() { mkdir -p "$WORK/$1/input/data/train" "$WORK/$1/model" && echo "$WORK/$1/input/data/train"; }

# Good data first: csv and gzip-compressed libsvm.
d=$(channel good_csv); rows 400 > "$d/train.csv"
run_job "$WORK/good_csv" || fail "good_csv: status $? $(tail -3 "$WORK/good_csv/log")"
[ -s "$WORK/good_csv/model/xgboost-model" ] || fail "good_csv: no model"
d=$(channel good_libsvm); rows 300 | awk -F, '{ print $1, "0:" $2, "1:" $3, "2:" $4 }' | gzip > "$d/train.libsvm.gz"
run_job "$WORK/good_libsvm" || fail "good_libsvm: status $? $(tail -3 "$WORK/good_libsvm/log")"
[ -s "$WORK/good_libsvm/model/xgboost-model" ] || fail "good_libsvm: no model"

# The bad row is near the end: it lies in rank 1's byte range, rank 0 must fail as well.
d=$(channel non_numeric); { rows 400; echo "1,2,oops,4"; } > "$d/train.csv"
expect_failure non_numeric "train\.csv:401:5: expected a number, got 'oops'"

d=$(channel column_count); { rows 200; echo "1,2"; rows 200; } > "$d/train.csv"
expect_failure column_count "train\.csv:201:1: row has 2 columns, but the first row of the file has 4"

d=$(channel nan_label); { rows 300; echo "nan,1,2,3"; } > "$d/train.csv"
expect_failure nan_label "train\.csv:301:1: label must be a finite number"

d=$(channel libsvm_index); { rows 300 | awk -F, '{ print $1, "0:" $2 }'; echo "1 -4:2"; } > "$d/train.libsvm"
expect_failure libsvm_index "train\.libsvm:301:3: negative feature index"

d=$(channel inf_label); { rows 300; echo "inf,1,2,3"; } > "$d/train.csv"
expect_failure inf_label "train\.csv:301:1: label must be a finite number, got 'inf'"

d=$(channel missing_label); { rows 300; echo ",1,2,3"; } > "$d/train.csv"
expect_failure missing_label "train\.csv:301:1: missing label"

d=$(channel libsvm_colon); { rows 300 | awk -F, '{ print $1, "0:" $2 }'; echo "1 0:1 7"; } > "$d/train.libsvm"
expect_failure libsvm_colon "train\.libsvm:301:7: expected index:value, got '7'"

d=$(channel libsvm_fraction); { rows 300 | awk -F, '{ print $1, "0:" $2 }'; echo "1 2.5:1"; } > "$d/train.libsvm"
expect_failure libsvm_fraction "train\.libsvm:301:3: feature index must be a non-negative integer"

# Binary formats (numpy writes them): the message names the file, as these have no lines.
binary_channel() {  # NAME PYTHON: runs PYTHON with d = the channel folder, numpy as np
  local d; d=$(channel "$1")
  /usr/bin/python3 -c "import sys, numpy as np
d = sys.argv[1]
$2" "$d" || fail "$1: could not write the data"
}
idx_header() {  # the IDX header of unsigned bytes: magic, then the dimensions
  echo "def idx(path, dims, body):
    import struct
    open(path, 'wb').write(bytes([0, 0, 8, len(dims)]) + b''.join(struct.pack('>I', n) for n in dims) + body)"
}
binary_channel idx_size "$(idx_header)
idx(d + '/train-images-idx3-ubyte', [300, 2, 2], bytes(1100))
idx(d + '/train-labels-idx1-ubyte', [300], bytes(300))"
expect_failure idx_size "train-images-idx3-ubyte: IDX header announces 1200 bytes of data but the file holds 1100"

binary_channel idx_counts "$(idx_header)
idx(d + '/train-images-idx3-ubyte', [300, 2, 2], bytes(1200))
idx(d + '/train-labels-idx1-ubyte', [299], bytes(299))"
expect_failure idx_counts "train-labels-idx1-ubyte: holds 299 labels but .*train-images-idx3-ubyte holds 300 records"

binary_channel npy_dtype "np.savez(d + '/train.npz', X_train=np.ones((300, 3), np.complex64), y_train=np.zeros(300))"
expect_failure npy_dtype "unsupported dtype '<c8'"

binary_channel npy_truncated "np.savez(d + '/train.npz', X_train=np.ones((300, 3)), y_train=np.zeros(300))
import zipfile
z = zipfile.ZipFile(d + '/train.npz'); x = z.read('X_train.npy'); y = z.read('y_train.npy'); z.close()
with zipfile.ZipFile(d + '/train.npz', 'w') as z:
    z.writestr('X_train.npy', x[:-800]); z.writestr('y_train.npy', y)"
expect_failure npy_truncated "X_train.*the data is shorter than its header says"

d=$(channel truncated_gzip); rows 20000 | gzip > "$d/full.csv.gz"
head -c 20000 "$d/full.csv.gz" > "$d/train.csv.gz" && rm "$d/full.csv.gz"
expect_failure truncated_gzip "train\.csv\.gz: truncated gzip stream"

d=$(channel empty); touch "$d/_SUCCESS" "$d/.keep"
expect_failure empty "no data files"

d=$(channel binary); head -c 5000 "$DPTRAIN" > "$d/train.csv"
expect_failure binary "train\.csv:1:[0-9]+: binary data in a csv file"

exit $status
