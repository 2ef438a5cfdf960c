#!/usr/bin/env python3
"""Throughput of jumpflow from Python against the same work in C++, and against a plain NumPy
direct-method Gillespie loop (what many users write today).

Run from a build of the `ci` preset:

    PYTHONPATH=build/ci/python python3 benchmarks/python/bench_python.py \\
        --reference build/ci/python/jumpflow_python_reference --cli build/ci/src/tool/jumpflow

It prints, for each case, the events per second of both sides and their ratio (each case is
run `--repeat` times, alternating sides, and the best time of each side is kept, which is the
figure least disturbed by other load on the machine):

1. network: the 4-channel network of tests/python/reference.cpp (0 -> A, A -> 0, 2A -> B,
   B -> 0), direct method, `--replicates` paths on [0, --t-end], one thread: Network.ensemble
   against the same loop in C++ (jumpflow_python_reference bench).
2. bnn: a study of the BNN rule, one thread: jumpflow.study against `jumpflow study bnn` with
   the same configuration (both write the command's files; the C++ side includes the start of
   the process, a few milliseconds).
3. overhead: the fixed cost of one call with almost no event: Network.simulate (run on the
   calling thread) and Network.ensemble of 2 replicates on 2 threads (a worker thread waits
   for the pool while the calling thread polls Ctrl-C), per call.
4. numpy: a NumPy direct-method loop on the same network, events per second, and jumpflow's
   ratio to it.
5. threads: two Python threads simulating at once against the same two calls one after the
   other (each call an ensemble on one thread, --gil-seconds long), medians over --repeat:
   the wall-clock speedup (2 on two free cores); the cores used (process CPU time / wall
   time) of the serial and of the two-thread run, and their ratio, the concurrency (2 when the
   two calls run at once, 1 if the GIL serialised them); and the CPU time of the two-thread
   run over the serial one (1: no time lost to the GIL or to contention). On a loaded machine
   the wall-clock speedup is capped by the free cores; the CPU-time ratios are not.
"""

import argparse
import json
import os
import statistics
import threading
import subprocess
import sys
import tempfile
import time

import numpy as np

import jumpflow

# The network of tests/python/reference.cpp, as the bitwise tests build it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "python"))
from test_bitwise import reference_network  # noqa: E402


def numpy_gillespie(t_end, seed):
    """A plain direct-method loop with NumPy: propensities, an exponential time, a channel."""
    rng = np.random.default_rng(seed)
    rates = np.array([10.0, 1.0, 0.01, 0.5])
    change = np.array([[1, 0], [-1, 0], [-2, 1], [0, -1]])
    x = np.array([5, 0])
    t, events = 0.0, 0
    while True:
        a = rates * np.array([1.0, x[0], x[0] * (x[0] - 1), x[1]])
        a0 = a.sum()
        t += rng.exponential(1.0 / a0)
        if t > t_end:
            return events
        j = np.searchsorted(np.cumsum(a), rng.random() * a0, side="right")
        x += change[min(j, 3)]
        events += 1


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reference", required=True, help="jumpflow_python_reference")
    p.add_argument("--cli", required=True, help="the jumpflow command")
    p.add_argument("--replicates", type=int, default=50)
    p.add_argument("--t-end", type=float, default=1000.0)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--gil-seconds", type=float, default=1.5, help="length of one call of case 5 (>= 1 s)")
    p.add_argument("--only", choices=["network", "bnn", "overhead", "numpy", "threads"], action="append",
                   help="run only these cases (repeatable; default: all)")
    a = p.parse_args()
    cases = set(a.only or ["network", "bnn", "overhead", "numpy", "threads"])
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if "network" in cases or "numpy" in cases:
        py_rate = bench_network(a) if "network" in cases else None
    if "bnn" in cases:
        bench_bnn(a)
    if "overhead" in cases:
        bench_overhead()
    if "numpy" in cases:
        bench_numpy(a, py_rate)
    if "threads" in cases:
        bench_threads(a)


def bench_network(a):
    # 1. A network: Python against C++.
    net = reference_network()
    py_times, cpp_times, events = [], [], 0
    for _ in range(a.repeat):
        start = time.perf_counter()
        ens = net.ensemble(a.t_end, points=11, replicates=a.replicates, method="direct", seed=1, threads=1)
        py_times.append(time.perf_counter() - start)
        out = subprocess.run([a.reference, "bench", "1", str(a.replicates), str(a.t_end)], check=True,
                             capture_output=True, text=True).stdout.split()
        cpp_events, cpp_seconds = int(out[0]), float(out[1])
        cpp_times.append(cpp_seconds)
        events = ens.events
    assert events == cpp_events, (events, cpp_events)  # the same paths
    py_rate, cpp_rate = events / min(py_times), events / min(cpp_times)
    print(f"network: {events} events; Python {py_rate:.3g} events/s, C++ {cpp_rate:.3g} events/s, "
          f"ratio {py_rate / cpp_rate:.3f}")
    return py_rate


def bench_bnn(a):

    # 2. The BNN rule: jumpflow.study against `jumpflow study bnn`.
    grid = dict(n=[4096, 16384], d=[8], replicates=40, T=1.0, seed=1, threads=1)
    py_bnn, cpp_bnn = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(a.repeat):
            start = time.perf_counter()
            r = jumpflow.study("bnn", **grid, progress=False)
            py_bnn.append(time.perf_counter() - start)
            out = os.path.join(tmp, f"cli{i}")
            start = time.perf_counter()
            subprocess.run([a.cli, "study", "bnn", "--n", "4096,16384", "--d", "8", "--replicates", "40", "--T", "1",
                            "--seed", "1", "--threads", "1", "--quiet", "--out", out], check=True, capture_output=True)
            cpp_bnn.append(time.perf_counter() - start)
            with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
                cli_events = sum(q["events"] for q in json.load(f)["points"])
    bnn_events = int(r.table["events"].sum())
    assert bnn_events == cli_events
    print(f"bnn: {bnn_events} events; Python {bnn_events / min(py_bnn):.3g} events/s, "
          f"C++ {bnn_events / min(cpp_bnn):.3g} events/s, ratio {min(cpp_bnn) / min(py_bnn):.3f}")

def bench_overhead():
    # 3. The fixed cost of a call.
    tiny = jumpflow.Network(["A"])
    tiny.add_reaction([], ["A"], rate=1e-9)
    calls = 2000
    seconds, _ = best(lambda: [tiny.simulate(1.0, points=2) for _ in range(calls)], 3)
    pooled, _ = best(lambda: [tiny.ensemble(1.0, points=2, replicates=2, threads=2) for _ in range(calls)], 3)
    print(f"overhead: {1e6 * seconds / calls:.1f} us per Network.simulate call (no events, on the calling "
          f"thread); {1e6 * pooled / calls:.1f} us per Network.ensemble call on 2 threads (worker thread + pool)")


def bench_numpy(a, py_rate):
    # 4. NumPy's direct method on the same network.
    np_seconds, np_events = best(lambda: numpy_gillespie(a.t_end / 10, 1), 1)
    np_rate = np_events / np_seconds
    ratio = f"; jumpflow from Python is {py_rate / np_rate:.0f}x faster" if py_rate else ""
    print(f"numpy: {np_events} events; {np_rate:.3g} events/s{ratio}")


def bench_threads(a):
    # 5. Two Python threads at once against the same two calls in series.
    net = reference_network()

    def call(seed, t_end):
        return net.ensemble(t_end, points=2, replicates=10, method="direct", seed=seed, threads=1).mean

    # Size one call to about --gil-seconds.
    start = time.perf_counter()
    call(0, 100.0)
    t_end = 100.0 * a.gil_seconds / max(time.perf_counter() - start, 1e-3)
    speedups, cores, serial_cores, cpu_ratios, walls = [], [], [], [], []
    for rep in range(a.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        serial = [call(2 * rep, t_end), call(2 * rep + 1, t_end)]
        w1, c1 = time.perf_counter(), time.process_time()
        parallel = [None, None]

        def work(i):
            parallel[i] = call(2 * rep + i, t_end)
        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        w2, c2 = time.perf_counter(), time.process_time()
        assert all(np.array_equal(x, y) for x, y in zip(serial, parallel))  # the same numbers
        speedups.append((w1 - w0) / (w2 - w1))
        cores.append((c2 - c1) / (w2 - w1))
        serial_cores.append((c1 - c0) / (w1 - w0))
        cpu_ratios.append((c2 - c1) / (c1 - c0))
        walls.append(((w1 - w0) / 2, w2 - w1))
    print(f"threads: one call {statistics.median(w for w, _ in walls):.2f} s (median); two threads at once "
          f"against in series, medians of {a.repeat}: wall-clock speedup {statistics.median(speedups):.2f}, "
          f"cores used {statistics.median(serial_cores):.2f} in series and {statistics.median(cores):.2f} in two "
          f"threads, concurrency {statistics.median(c / s for c, s in zip(cores, serial_cores)):.2f}, CPU time ratio "
          f"{statistics.median(cpu_ratios):.3f} (speedups {', '.join(f'{x:.2f}' for x in speedups)})")


if __name__ == "__main__":
    main()
