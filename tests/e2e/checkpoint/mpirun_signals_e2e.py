"""Pins down what Open MPI's mpirun does with signals, which the stop design relies on (see
worker/stop_signal.h): SIGUSR1 to mpirun reaches every rank at once and mpirun ends with their
143; SIGTERM to mpirun is not forwarded -- the ranks get SIGTERM only after
odls_base_sigkill_timeout -- and mpirun exits non-zero; a SIGKILLed rank ends the whole job
within about twice that timeout. Runs mpirun_signal_probe (argv[1]) under mpirun -np 2.
"""
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_job import MPIRUN, MPIRUN_FLAGS, RunningJob, require  # noqa: E402

TIMEOUT_S = 3  # odls_base_sigkill_timeout for this test: large enough to tell the cases apart


def start(probe):
    job = RunningJob([MPIRUN] + MPIRUN_FLAGS + ["--mca", "odls_base_sigkill_timeout", str(TIMEOUT_S),
                                               "-np", "2", probe])
    for rank in (0, 1):
        job.wait_for_line(r"^rank %d pid \d+ ready" % rank)
    return job


def signal_delays(output, sent_at):
    """Seconds from sending to each rank noticing, by rank."""
    return {int(m.group(1)): float(m.group(3)) - sent_at
            for m in re.finditer(r"^rank (\d) got signal (\d+) at ([0-9.]+)", output, re.M)}


def signal_mpirun(probe, signum, name):
    """Starts the probe, sends `signum` to mpirun; returns (job, status, seconds, delays)."""
    job = start(probe)
    sent = time.time()
    os.kill(job.proc.pid, signum)
    status, seconds = job.wait(30)
    delays = signal_delays(job.output(), sent)
    print("%s to mpirun: ranks noticed after %s s, mpirun ended with %d after %.2f s"
          % (name, sorted(round(d, 2) for d in delays.values()), status, seconds))
    return job, status, seconds, delays


def main():
    probe = sys.argv[1]

    job, status, seconds, delays = signal_mpirun(probe, signal.SIGUSR1, "SIGUSR1")
    require(len(delays) == 2 and max(delays.values()) < 1.5, "SIGUSR1 was not forwarded at once", job.output())
    require(status == 143, "mpirun did not end with the ranks' 143", job.output())

    job, status, seconds, delays = signal_mpirun(probe, signal.SIGTERM, "SIGTERM")
    require(delays and min(delays.values()) > TIMEOUT_S - 0.5,
            "ranks got SIGTERM before odls_base_sigkill_timeout: mpirun now forwards it", job.output())
    require(status != 0 and seconds < 2 * TIMEOUT_S + 4, "unexpected end of a SIGTERMed mpirun", job.output())

    job = start(probe)
    victim = int(re.search(r"^rank 1 pid (\d+)", job.output(), re.M).group(1))
    os.kill(victim, signal.SIGKILL)
    status, seconds = job.wait(30)
    print("SIGKILL of rank 1: mpirun ended with %d after %.2f s" % (status, seconds))
    require(status == 128 + signal.SIGKILL, "mpirun did not report the killed rank", job.output())
    require(seconds < 2 * TIMEOUT_S + 4, "a killed rank left the job running", job.output())


if __name__ == "__main__":
    main()
