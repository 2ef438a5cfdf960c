#!/usr/bin/env python3
"""Two threads against two processes: how much of a second core jumpflow's threads get, next to
what the machine gives two independent processes.

Run from a build of the `ci` preset (Python with numpy: /usr/bin/python3 on Debian):

    PYTHONPATH=build/ci/python /usr/bin/python3 benchmarks/scaling/two_cores.py \\
        --limit-bench build/ci/benchmarks/limit/limit_bench

Two workloads, each in three cases of the same single-threaded unit of work W:

* C++ ensemble: BM_EnsemblePairs' ensemble (immigration-death, n = 4000, direct method with a
  sup_distance_observer against the dense limit), run by `limit_bench --scaling-worker`;
  W = a number of replicates sized to about --seconds on one thread.
* Python threads: Network.ensemble(method="direct", threads=1) of the 4-channel network of
  tests/python/reference.cpp, from Python (this script as a worker); W = one call of about
  --seconds.

  1 process:   one process runs W on one thread (the baseline);
  2 processes: two processes, started together, each run W on one thread: the hardware
               ceiling for two threads (nothing is shared but the machine);
  2 threads:   one process runs 2W on two threads (C++: run_ensemble on 2 threads; Python: two
               threading.Threads, each one call of W);
  2 sessions:  as "2 processes", but each in its own session (setsid).

Linux's autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled) gives each session one
share of a busy machine, however many threads or processes it runs: under load from other
sessions, two threads and two processes of one session get the share of one, and only "2
sessions" can take two. The first three cases run in this script's session, so they compete
alike; compare "2 threads" with "2 processes", and read "2 sessions" as what two programs
started from two terminals would get from the same load.

Each worker does its setup first, then waits for a start signal, so that process start-up is not
timed and two processes start together; each reports its CLOCK_MONOTONIC start and end (the
same clock in every process) and its CPU time. A case's wall time runs from the first start to
the last end. Printed per case, medians over --repeat rounds (the cases of a round run
interleaved, in a rotating order, so that a load that drifts hits them alike):

  speed-up   throughput over the 1-process case of the same round: (work / wall) / (W / wall_1)
             (2 on two free cores);
  cpu/work   CPU seconds per W over the 1-process case (1: a core does the same work in the same
             CPU time when the other core is busy too);
  steal      the share of the cores' time the hypervisor gave to others during the case
             (/proc/stat);
  others     the share of the cores' time other processes of this machine used during the
             case (/proc/stat busy time less the workers' CPU time): about 0 on a quiet machine.

and, per workload, the throughput and the CPU time per work of "2 threads" over "2 processes",
medians of the per-round ratios: 1 when threads lose nothing that processes do not.

If "2 threads" matches "2 processes", what is lost is the machine's (shared caches, memory
bandwidth, the host's other guests); if it is clearly below, it is lost in our code.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time


def proc_stat():
    """(steal, busy, total) seconds of all CPUs, from /proc/stat (busy: neither idle, iowait nor
    stolen)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) / os.sysconf("SC_CLK_TCK") for v in f.readline().split()[1:9]]
    steal, total = fields[7], sum(fields)
    return steal, total - fields[3] - fields[4] - steal, total


# ----------------------------------------------------------------------------- Python worker

def python_worker(calls, t_end, seed):
    """Prepares `calls` threads, each one call of W; after "go" on stdin runs them at once and
    prints start, end, CPU seconds, events."""
    import jumpflow  # noqa: F401  (imported before the start signal)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "python"))
    from test_bitwise import reference_network
    net = reference_network()
    net.ensemble(1.0, points=2, replicates=2, method="direct", threads=1)  # first call's set-up
    events = [0] * calls

    def call(i):
        events[i] = net.ensemble(t_end, points=2, replicates=10, method="direct", seed=seed + i, threads=1).events

    print("ready", flush=True)
    sys.stdin.readline()
    start, cpu0 = time.clock_gettime(time.CLOCK_MONOTONIC), time.process_time()
    if calls == 1:
        call(0)
    else:
        threads = [threading.Thread(target=call, args=(i,)) for i in range(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    end, cpu1 = time.clock_gettime(time.CLOCK_MONOTONIC), time.process_time()
    print(f"{start:.9f} {end:.9f} {cpu1 - cpu0:.9f} {sum(events)}", flush=True)


# ----------------------------------------------------------------------------- driver

def run_together(commands, sessions=False):
    """Starts the workers (each in its own session when `sessions`), waits until each is ready,
    signals them all, and returns (wall, cpu, steal share, others' share): wall from the first
    start to the last end, CPU summed."""
    procs = [subprocess.Popen(c, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=sessions)
             for c in commands]
    for p in procs:
        line = p.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"worker {p.args} said {line!r}")
    s0, b0, t0 = proc_stat()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outs = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"worker {p.args} failed")
        outs.append([float(v) for v in out.split()])
    s1, b1, t1 = proc_stat()
    wall = max(o[1] for o in outs) - min(o[0] for o in outs)
    cpu = sum(o[2] for o in outs)
    # The cores' time other processes used meanwhile (the workers' own CPU time taken out).
    others = max(0.0, (b1 - b0) - cpu) / max(t1 - t0, 1e-9)
    return wall, cpu, (s1 - s0) / max(t1 - t0, 1e-9), others


def wait_quiet(threshold, timeout):
    """Waits (up to `timeout` seconds) until the cores were busy less than `threshold` of the
    time over one second; returns that share."""
    end = time.monotonic() + timeout
    while True:
        _, b0, t0 = proc_stat()
        time.sleep(1.0)
        _, b1, t1 = proc_stat()
        share = (b1 - b0) / max(t1 - t0, 1e-9)
        if share < threshold or time.monotonic() > end:
            return share


def workloads(a):
    """{name: (one-thread command, two-thread command)} with W sized to about --seconds (only
    the workload --only names, if given)."""
    here = os.path.abspath(__file__)
    py = [sys.executable, here, "--python-worker"]
    out = {}
    # Size W from the CPU time of a short run of each (robust to the load of the machine).
    if a.only in (None, "cpp"):
        _, cpu, _, _ = run_together([[a.limit_bench, "--scaling-worker", "1", "64", "1"]])
        replicates = max(16, int(64 * a.seconds / cpu))
        out["C++ ensemble"] = (
            lambda s: [a.limit_bench, "--scaling-worker", "1", str(replicates), str(s)],
            lambda s: [a.limit_bench, "--scaling-worker", "2", str(2 * replicates), str(s)],
            f"W = {replicates} replicates")
    if a.only in (None, "python"):
        _, cpu, _, _ = run_together([py + ["1", "1000", "1"]])
        t_end = 1000.0 * a.seconds / cpu
        out["Python threads"] = (lambda s: py + ["1", f"{t_end:.6g}", str(s)],
                                 lambda s: py + ["2", f"{t_end:.6g}", str(s)],
                                 f"W = one call of 10 replicates on [0, {t_end:.4g}]")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--limit-bench", help="build/ci/benchmarks/limit/limit_bench")
    p.add_argument("--repeat", type=int, default=7, help="rounds (medians are printed)")
    p.add_argument("--seconds", type=float, default=1.5, help="length of W on one free core")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                   help="before each case, wait up to this long for a second in which the cores are less "
                        "than 10%% busy (0: do not wait)")
    p.add_argument("--only", choices=("cpp", "python"),
                   help="run one workload only: the C++ ensemble or the Python threads")
    p.add_argument("--python-worker", nargs=3, metavar=("CALLS", "T_END", "SEED"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.python_worker:
        return python_worker(int(a.python_worker[0]), float(a.python_worker[1]), int(a.python_worker[2]))
    if not a.limit_bench and a.only != "python":
        p.error("--limit-bench is required (unless --only python)")

    cases = ("1 process", "2 processes", "2 threads", "2 sessions")
    loads = [os.getloadavg()[0]]
    work = workloads(a)
    rows = {(w, c): [] for w in work for c in cases}
    for rnd in range(a.repeat):
        loads.append(os.getloadavg()[0])
        order = [(w, c) for w in work for c in cases]
        order = order[rnd % len(order):] + order[:rnd % len(order)]
        for w, c in order:
            one, two, _ = work[w]
            seed = 1 + 100 * rnd
            commands = {"1 process": [one(seed)], "2 processes": [one(seed), one(seed + 50)],
                        "2 threads": [two(seed)], "2 sessions": [one(seed), one(seed + 50)]}[c]
            if a.wait_quiet > 0:
                wait_quiet(0.1, a.wait_quiet)
            rows[(w, c)].append(run_together(commands, sessions=c == "2 sessions"))
        print(f"round {rnd + 1}/{a.repeat} done, load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    loads.append(os.getloadavg()[0])

    print(f"two_cores: {os.cpu_count()} cores; load average (1 min) {min(loads):.2f} to {max(loads):.2f} "
          f"over the run; medians of {a.repeat} interleaved rounds")
    print(f"{'workload':<16} {'case':<12} {'wall s':>7} {'speed-up':>9} {'cpu/work':>9} {'steal':>6} {'others':>7}"
          "   speed-ups")
    for w, (_, _, what) in work.items():
        base = rows[(w, "1 process")]
        for c in cases:
            units = 1 if c == "1 process" else 2
            speedups = [units * b[0] / r[0] for r, b in zip(rows[(w, c)], base)]
            cpu = [r[1] / units / b[1] for r, b in zip(rows[(w, c)], base)]
            print(f"{w:<16} {c:<12} {statistics.median(r[0] for r in rows[(w, c)]):>7.3f} "
                  f"{statistics.median(speedups):>8.2f}x {statistics.median(cpu):>9.3f} "
                  f"{100 * statistics.median(r[2] for r in rows[(w, c)]):>5.1f}% "
                  f"{100 * statistics.median(r[3] for r in rows[(w, c)]):>6.1f}%   "
                  f"{' '.join(f'{s:.2f}' for s in speedups)}")
        # The comparison the load hits least: two threads against two processes of the same
        # session, round by round.
        ratio = [p[0] / t[0] for t, p in zip(rows[(w, "2 threads")], rows[(w, "2 processes")])]
        cpu = [t[1] / p[1] for t, p in zip(rows[(w, "2 threads")], rows[(w, "2 processes")])]
        print(f"{'':<16} 2 threads / 2 processes: throughput {statistics.median(ratio):.3f}, CPU per work "
              f"{statistics.median(cpu):.3f} (medians of per-round ratios; {what})")


if __name__ == "__main__":
    sys.exit(main())
