"""Spot interruption under `mpirun -np 2`: SIGTERM to mpirun, to one rank, to every rank, SIGUSR1
to mpirun and SIGKILL of one rank, each at a random round. One job is interrupted in every way in
turn, each rerun of the same command resuming from the newest checkpoint; every run must end
within 10 s of its signal, and the model finally written must be byte-identical to the one of an
uninterrupted run. The seed is printed: DPT_E2E_SEED=<n> replays it.
"""
import os
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_job import (JobTree, RunningJob, STOP_LIMIT_S, make_data_dir, metric_rounds, require,  # noqa: E402
                     run_to_end, seeded_rng, write_data)

HYPERPARAMETERS = {
    "max_depth": 5, "eta": 0.1, "objective": "reg:squarederror",
    # Row and column sampling: resuming must continue their random streams exactly.
    "subsample": 0.8, "colsample_bytree": 0.8, "seed": 7,
    # Early-stopping state (best round, best score, rounds without improvement) must survive too.
    "early_stopping_rounds": 40,
}

# case -> (what receives the signal, the signal, the status mpirun must end with: None = non-zero)
CASES = {
    # Open MPI 4.1: mpirun does not forward SIGTERM; it SIGTERMs the ranks itself after
    # odls_base_sigkill_timeout and exits 1, so only "non-zero" is asserted for its status.
    "sigterm-mpirun": ("mpirun", signal.SIGTERM, None),
    "sigterm-one-rank": ("one", signal.SIGTERM, 143),
    "sigterm-all-ranks": ("all", signal.SIGTERM, 143),
    # mpirun forwards SIGUSR1 at once; the launch scripts turn their SIGTERM into it.
    "sigusr1-mpirun": ("mpirun", signal.SIGUSR1, 143),
    "sigkill-one-rank": ("one", signal.SIGKILL, None),
}


def rounds_for_this_machine(data_dir):
    """Enough rounds that every case finds training still running: mpirun passes its SIGTERM on
    only after 1 s, and the ranks go on training meanwhile (100 rounds on a fast idle machine,
    30 on a loaded one). Timed from a short run's metric lines, with a 2.5x margin."""
    tree = JobTree(data_dir, dict(HYPERPARAMETERS, num_round=40))
    try:
        job = RunningJob(tree.command())
        job.wait_for_line(r"^\[0\]\t")
        start = time.monotonic()
        job.wait_for_line(r"^\[39\]\t")
        seconds_per_round = (time.monotonic() - start) / 39
        status, _ = job.wait(60)
        require(status == 0, "timing run failed (%d)" % status, job.output())
    finally:
        tree.remove()
    # At most 450: early stopping ends this job after round 510 (best iteration 470).
    return max(120, min(450, int(2.5 / seconds_per_round) + 60)), seconds_per_round


def interrupt(case, tree, rng, resume_from, num_round):
    """Runs the job (resuming when `resume_from` > 0), signals it; returns the newest checkpoint."""
    target, signum, expected_status = CASES[case]
    job = RunningJob(tree.command())
    if resume_from:
        job.wait_for_line(r"resuming from round %d\b" % resume_from)
    # SIGTERM to mpirun reaches the ranks only after odls_base_sigkill_timeout (1 s): signal it
    # early so that on a fast machine training is still running by then.
    at_round = rng.randint(resume_from, min(resume_from + (1 if case == "sigterm-mpirun" else 6), num_round - 10))
    job.wait_for_line(r"^\[%d\]\t" % at_round)
    ranks = job.rank_pids()
    require(len(ranks) == 2, "%s: expected 2 dptrain ranks, found %s" % (case, ranks))
    victims = {"mpirun": [job.proc.pid], "one": [rng.choice(ranks)], "all": ranks}[target]
    for pid in victims:
        os.kill(pid, signum)
    status, seconds = job.wait(STOP_LIMIT_S + 20)
    out = job.output()
    print("%s: signalled after round %d, mpirun ended with status %d %.2f s later"
          % (case, at_round, status, seconds))
    require(seconds <= STOP_LIMIT_S, "%s: took %.2f s to stop" % (case, seconds), out)
    if expected_status is None:
        require(status != 0, "%s: ended with status 0" % case, out)
    else:
        require(status == expected_status, "%s: status %d, expected %d" % (case, status, expected_status), out)
    rounds = metric_rounds(out)
    require(rounds and rounds[0] == resume_from, "%s: first metric round %s, expected %d"
            % (case, rounds[:1], resume_from), out)
    written = tree.checkpoint_steps()
    # A kill can land between a checkpoint and its checksum file (seen here when mpirun SIGKILLed
    # rank 0 mid-save): that one is skipped on resume, the newest complete one is used.
    complete = tree.complete_checkpoint_steps()
    newest = max(complete or [0])
    if signum != signal.SIGKILL:
        require(newest == max(written), "%s: newest checkpoint %d has no checksum" % (case, max(written)), out)
        require("training stopped after round %d" % newest in out,
                "%s: no 'training stopped after round %d' line" % (case, newest), out)
    require(resume_from < newest < num_round,
            "%s: newest checkpoint %d, expected one after round %d and before the end"
            % (case, newest, resume_from), out)
    return newest


def main():
    rng = seeded_rng()
    data_dir = make_data_dir(["train", "validation"])
    # Enough rows that a round takes milliseconds even on a fast, idle machine; the number of
    # rounds is then chosen from the measured speed (rounds_for_this_machine).
    write_data(os.path.join(data_dir, "train", "train.csv"), rows=200000, features=8, seed=11)
    write_data(os.path.join(data_dir, "validation", "validation.csv"), rows=2000, features=8, seed=12)

    num_round, seconds_per_round = rounds_for_this_machine(data_dir)
    print("%.1f ms per round here: %d rounds" % (seconds_per_round * 1000, num_round))
    hyperparameters = dict(HYPERPARAMETERS, num_round=num_round)
    reference_tree = JobTree(data_dir, hyperparameters)
    status, out = run_to_end(reference_tree.command())
    require(status == 0, "uninterrupted run failed (%d)" % status, out)
    require(metric_rounds(out) == list(range(num_round)), "uninterrupted run: metric lines", out)
    reference = reference_tree.model_bytes()
    reference_tree.remove()

    cases = sys.argv[1:] or list(CASES)
    rng.shuffle(cases)
    cases.sort(key=lambda case: case != "sigterm-mpirun")  # first: the most rounds still to go
    tree = JobTree(data_dir, hyperparameters)
    try:
        resume_from = 0
        for case in cases:
            resume_from = interrupt(case, tree, rng, resume_from, num_round)
        status, out = run_to_end(tree.command())
        require(status == 0, "final resumed run failed (%d)" % status, out)
        require("resuming from round %d" % resume_from in out, "no 'resuming from round %d'" % resume_from, out)
        require(metric_rounds(out) == list(range(resume_from, num_round)),
                "final run: metric rounds should continue at %d" % resume_from, out)
        require(tree.model_bytes() == reference, "the resumed model differs from the uninterrupted one")
        print("%d interruptions (%s), resumed each time: model byte-identical to the uninterrupted run"
              % (len(cases), ", ".join(cases)))
    finally:
        tree.remove()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
