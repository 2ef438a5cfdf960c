"""For the same seed, Python gives bitwise the numbers of C++: the stream draws, a path with each
method of jumpflow.METHODS ("auto" against simulate_auto), an ensemble mean (against tests/python/reference.cpp, which calls the library
directly), and a convergence study (against the `jumpflow` command's results.json)."""

import json
import os
import subprocess

import numpy as np
import pytest

import jumpflow

SEED = 20261201


def reference_network():
    """The network of reference.cpp: 0 -> A at 10, A -> 0 at 1, 2A -> B at 0.01, B -> 0 at 0.5."""
    net = jumpflow.Network(["A", "B"])
    net.add_reaction([], ["A"], rate=10.0)
    net.add_reaction(["A"], [], rate=1.0)
    net.add_reaction({"A": 2}, {"B": 1}, rate=0.01)
    net.add_reaction(["B"], [], rate=0.5)
    net.initial = [5, 0]
    return net


def test_streams_match_cpp(reference):
    print("seed", SEED)
    out = reference("stream", SEED, 3, 7, 16)
    g = jumpflow.Streams(SEED).engine(3, 7)
    assert g.stream == jumpflow.Streams.stream_id(3, 7) == 3 * 2**32 + 7
    assert g.raw(16).tolist() == [int(v) for v in out[:16]]
    assert g.uniform(16).tolist() == [float(v) for v in out[16:]]


@pytest.mark.parametrize("method", jumpflow.METHODS)
def test_path_matches_cpp(reference, method):
    print("seed", SEED, "method", method)
    traj = reference_network().simulate(5.0, points=11, method=method, seed=SEED, replicate=4)
    expected = np.array([int(v) for v in reference("path", SEED, 4, method)]).reshape(2, 11)
    assert traj.x.dtype == np.int64
    assert np.array_equal(traj.x, expected)
    assert np.array_equal(traj.t, np.arange(11) * 0.5)


def test_ensemble_mean_matches_cpp_and_path(reference):
    print("seed", SEED)
    net = reference_network()
    ens = net.ensemble(5.0, points=11, replicates=50, method="direct", seed=SEED, threads=2)
    expected = np.array([float(v) for v in reference("mean", SEED, 50, "direct")]).reshape(2, 11)
    assert ens.mean.tobytes() == expected.tobytes()
    # Replicate r of the ensemble is simulate(replicate=r), whatever the thread count.
    assert np.array_equal(ens.paths[7], net.simulate(5.0, points=11, method="direct", seed=SEED, replicate=7).x)
    one = net.ensemble(5.0, points=11, replicates=50, method="direct", seed=SEED, threads=1)
    assert one.mean.tobytes() == ens.mean.tobytes() and one.sd.tobytes() == ens.sd.tobytes()


def test_study_matches_command(cli, tmp_path):
    print("seed", SEED)
    args = dict(n=[50, 100, 200], replicates=20, T=1.0, seed=SEED, threads=2)
    result = jumpflow.study("immigration-death", **args, out=tmp_path / "py")
    subprocess.run([cli, "study", "immigration-death", "--n", "50,100,200", "--replicates", "20", "--T", "1",
                    "--seed", str(SEED), "--threads", "1", "--quiet", "--out", str(tmp_path / "cli")],
                   check=True, capture_output=True)
    with open(tmp_path / "cli" / "results.json", encoding="utf-8") as f:
        command = json.load(f)
    for p, q in zip(result.results["points"], command["points"]):
        for key in ("estimate", "standard_error", "ci_low", "ci_high", "events", "K_inf"):
            assert p.get(key) == q.get(key), key
    assert result.rate_in_n[0]["slope"] == command["rate_in_n"][0]["slope"]
    assert np.array_equal(result.table["estimate"], [q["estimate"] for q in command["points"]])
    assert os.path.exists(tmp_path / "py" / "table.csv")
