#!/usr/bin/python3
"""Bad input end to end: the real dptrain under `mpirun -np 2` on a temporary /opt/ml-style tree.

usage: bad_input.py CASE      (bad_input.py --list prints the cases)
Each case must end with: a non-zero exit, a message on stderr naming the file/key, the failure
file (whose first line is that message) unless the tree itself is missing, and all of it within
10 seconds (a hang or an MPI_Abort storm would exceed that). On a machine so loaded that merely
starting dptrain under mpirun (`--version`) takes longer, the limit is that start-up time + 5 s.
Environment: DPTRAIN (binary), DPT_MPIRUN (mpirun), DPT_MPIRUN_FLAGS (e.g. --oversubscribe).
"""
import json, os, shlex, subprocess, sys, tempfile, time

LIMIT_S = 10
TRAIN_CSV = "1,0.5,2\n0,1.5,1\n1,2.5,0\n0,3.5,4\n"


def tree(root, config=None, channels=("train",)):
    """A valid gbtree job; `config` maps a config file name to text that replaces its content."""
    files = {
        "resourceconfig.json": json.dumps({"current_host": "algo-1", "hosts": ["algo-1"]}),
        "hyperparameters.json": json.dumps({"num_round": "2", "objective": "\"reg:squarederror\""}),
        "inputdataconfig.json": json.dumps({c: {"ContentType": "text/csv", "TrainingInputMode": "File",
                                                "S3DistributionType": "FullyReplicated"} for c in channels}),
        "checkpointconfig.json": json.dumps({"LocalPath": os.path.join(root, "checkpoints")}),
    }
    files.update(config or {})
    os.makedirs(os.path.join(root, "input", "config"))
    for name, text in files.items():
        with open(os.path.join(root, "input", "config", name), "w") as f:
            f.write(text)
    for c in channels:
        os.makedirs(os.path.join(root, "input", "data", c))
        with open(os.path.join(root, "input", "data", c, "part-0.csv"), "w") as f:
            f.write(TRAIN_CSV)


def hps(**values):
    return {"hyperparameters.json": json.dumps({"num_round": "2", **values})}


# name -> (config overrides, extra dptrain args, strings the message must contain, failure file expected)
CASES = {
    "resourceconfig_malformed": ({"resourceconfig.json": '{"current_host": "algo-1",\n "hosts": [algo-1]}'}, [],
                                 ["resourceconfig.json:2:", "invalid JSON"], True),
    "hyperparameters_malformed": ({"hyperparameters.json": '{"num_round": "2",}'}, [],
                                  ["hyperparameters.json:1:", "invalid JSON"], True),
    "inputdataconfig_malformed": ({"inputdataconfig.json": '{"train": {"ContentType": "text/csv"}'}, [],
                                  ["inputdataconfig.json:1:", "invalid JSON"], True),
    "checkpointconfig_malformed": ({"checkpointconfig.json": '{"LocalPath": }'}, [],
                                   ["checkpointconfig.json:1:", "invalid JSON"], True),
    "wrong_type": (hps(max_depth="abc"), [], ["hyperparameters.json", "max_depth", "expected an integer"], True),
    "out_of_range_eta": (hps(eta="2"), [], ["hyperparameters.json", "eta", "out of range"], True),
    "out_of_range_subsample": (hps(subsample="0"), [], ["hyperparameters.json", "subsample", "out of range"], True),
    "out_of_range_flag": ({}, ["--eta", "2"], ["--eta 2", "out of range"], True),
    "unknown_hyperparameter": (hps(max_detph="3"), [], ["unknown hyperparameter \"max_detph\"",
                                                         "did you mean \"max_depth\""], True),
    "unknown_flag": ({}, ["--max-detph", "3"], ["unknown option --max-detph", "did you mean --max_depth"], True),
    "hosts_without_current_host": ({"resourceconfig.json": json.dumps({"current_host": "algo-3",
                                                                        "hosts": ["algo-1", "algo-2"]})}, [],
                                   ["resourceconfig.json", "current_host \"algo-3\""], True),
    "world_size_mismatch": ({"resourceconfig.json": json.dumps({"current_host": "algo-1",
                                                                 "hosts": ["algo-1", "algo-2"]})}, [],
                            ["world size 2", "2 hosts"], True),
    "missing_sm_root": ({}, ["--sm-root", "/nonexistent/dptrain-root"],
                        ["--sm-root /nonexistent/dptrain-root", "no such directory"], False),
    "missing_channel_dir": ({"inputdataconfig.json": json.dumps({"train": {"ContentType": "text/csv"},
                                                                  "validation": {"ContentType": "text/csv"}})}, [],
                            ["inputdataconfig.json", "channel \"validation\"", "does not exist"], True),
    "unsupported_content_type": ({"inputdataconfig.json": json.dumps(
        {"train": {"ContentType": "application/x-recordio-protobuf"}})}, [],
        ["inputdataconfig.json", "channel \"train\"", "application/x-recordio-protobuf"], True),
    "predict_missing_model": ({}, ["predict", "--model", "/nonexistent/xgboost-model.json", "--data", "{root}/input/data/train"],
                              ["/nonexistent/xgboost-model.json"], True),
    "pipe_mode": ({"inputdataconfig.json": json.dumps({"train": {"ContentType": "text/csv",
                                                                  "TrainingInputMode": "Pipe"}})}, [],
                  ["inputdataconfig.json", "channel \"train\"", "Pipe is not supported yet"], True),
}


def mpirun(*args):
    return [os.environ["DPT_MPIRUN"], *shlex.split(os.environ.get("DPT_MPIRUN_FLAGS", "")), "-np", "2",
            os.environ["DPTRAIN"], *args]


def startup_seconds():
    start = time.monotonic()
    subprocess.run(mpirun("--version"), capture_output=True, timeout=60, check=True)
    return time.monotonic() - start


def run(case):
    config, args, expected, failure_file = CASES[case]
    limit = max(LIMIT_S, startup_seconds() + 5)
    with tempfile.TemporaryDirectory(prefix="dpt-bad-") as root:
        tree(root, config)
        args = [a.replace("{root}", root) for a in args]
        if args[:1] == ["predict"]:  # dptrain predict takes --sm-root for its failure file
            cmd = mpirun("predict", "--sm-root", root, *args[1:])
        else:
            cmd = mpirun("--sm-root", root, *args)
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return [f"hung: no exit within 60 s: {shlex.join(cmd)}"]
        elapsed = time.monotonic() - start
        problems = []
        if p.returncode == 0:
            problems.append("exit status 0")
        for text in expected:
            if text not in p.stderr:
                problems.append(f"stderr lacks {text!r}")
        for rank in (0, 1):  # every rank says why it stops
            if f"[rank {rank}/2] error:" not in p.stderr:
                problems.append(f"rank {rank} printed no error line")
        failure = os.path.join(root, "output", "failure")
        if failure_file:
            if not os.path.exists(failure):
                problems.append("no failure file")
            else:
                first = open(failure).readline()
                missing = [t for t in expected if t not in first]
                if missing:
                    problems.append(f"failure file's first line {first!r} lacks {missing}")
        if elapsed > limit:
            problems.append(f"took {elapsed:.1f} s (limit {limit:.1f} s)")
        print(f"{case}: exit {p.returncode} in {elapsed:.1f} s (limit {limit:.1f} s)")
        if problems:
            print("stderr was:\n" + p.stderr)
        return problems


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    problems = run(sys.argv[1])
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
