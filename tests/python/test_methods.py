"""Every simulator of the library from Python by the names of ``jumpflow simulate --method``:
each runs and simulates the law of the direct method (statistical), ``auto`` (the default) picks
the method the library's rule names for the network's shape and gives bitwise the path and the
ensemble of naming that method, and an unknown name is refused with the list of the valid ones."""

import math

import numpy as np
import pytest

import jumpflow
from test_bitwise import reference_network

SEED = 20261202


# The network of reference.cpp (0 -> A at 10, A -> 0 at 1, 2A -> B at 0.01, B -> 0 at 0.5, from
# (A, B) = (5, 0)): nonlinear (no closed-form mean), every channel mass action with at most two
# reactant molecules, so every method accepts it.
dimerisation = reference_network


def test_methods_are_the_commands():
    assert jumpflow.METHODS == ("auto", "direct", "dense-direct", "sorting-direct", "next-reaction",
                                "composition-rejection", "rejection", "rejection-composition",
                                "partial-propensity-direct", "tau-leaping")
    assert jumpflow.Network.simulate.__defaults__[2] == "auto"  # (points, x0, method, ...)
    assert jumpflow.Network.ensemble.__defaults__[3] == "auto"  # (points, replicates, x0, method, ...)


# Oracle: the direct method's ensemble mean on an independent seed (every exact method simulates
# the same law). Tolerance: 5 combined standard errors, sqrt(se_method^2 + se_direct^2), at every
# grid time t = 1..5 and for both species (A about 7.5, B about 1.1: 5 SE is 2.5 % of E A and
# 7 % of E B).
R = 10000

# Tau-leaping is approximate, but on counts this small Cao, Gillespie and Petzold's leap bound
# (over every reactant species, eq. 33 of their 2006 paper) makes it take exact steps, so it
# agrees too. (A bound over the species of non-critical channels only let immigration run with
# the critical rates of A frozen: E A_1 came out 7.20 against 7.59, -9.7 SE.)


@pytest.fixture(scope="module")
def direct_ensemble():
    print("seed", SEED, "method direct, replicates", R)
    return dimerisation().ensemble(5.0, points=6, replicates=R, method="direct", seed=SEED, threads=2)


@pytest.mark.parametrize("method", jumpflow.METHODS)
def test_every_method_agrees_with_direct(method, direct_ensemble):
    seed = SEED + 1  # independent of the oracle's replicates
    print("seed", seed, "method", method, "replicates", R, "oracle: direct method, seed", SEED)
    ens = dimerisation().ensemble(5.0, points=6, replicates=R, method=method, seed=seed, threads=2)
    assert ens.method == ("dense-direct" if method == "auto" else method)
    assert ens.events > 0
    ref = direct_ensemble
    for i, name in enumerate(ens.species):
        for k in range(1, ens.t.size):
            se = math.hypot(ens.standard_error[i, k], ref.standard_error[i, k])
            diff = ens.mean[i, k] - ref.mean[i, k]
            print(f"{name} t={ens.t[k]:g}: {method} {ens.mean[i, k]:.4f} direct {ref.mean[i, k]:.4f} "
                  f"diff {diff:+.4f} = {diff / se:+.2f} SE")
            assert abs(diff) <= 5 * se


def chain(channels, *, trimolecular=False, python=False):
    """X0 <-> X1 <-> ... (first-order, both ways) with 2 X0 -> X1 first, `channels` channels in
    all; optionally one channel 3 X0 -> 3 X1 (three reactant molecules) or one with a Python
    propensity instead of the last."""
    species = channels // 2 + 1
    net = jumpflow.Network([f"X{i}" for i in range(species)])
    net.add_reaction({"X0": 2}, {"X1": 1}, rate=0.001)
    added = 1
    for i in range(species - 1):
        for a, b in ((i, i + 1), (i + 1, i)):
            if added < channels - 1:
                net.add_reaction([f"X{a}"], [f"X{b}"], rate=1.0)
                added += 1
    if trimolecular:
        net.add_reaction({"X0": 3}, {"X1": 3}, rate=1e-6)
    elif python:
        net.add_propensity(lambda x: 0.5 * x[1], change={"X1": -1, "X0": 1}, reads=["X1"])
    else:
        net.add_reaction(["X1"], ["X0"], rate=0.5)
    assert net.channels == channels
    net.initial = {"X0": 200}
    return net


# The rule of choose_ssa_method (jumpflow/jump/simulate_auto.hpp) on each shape it tells apart.
SHAPES = [
    ("4 channels", lambda: dimerisation(), "dense-direct"),
    ("16 channels", lambda: chain(16), "dense-direct"),
    ("17 bimolecular", lambda: chain(17), "partial-propensity-direct"),
    ("64 with a trimolecular", lambda: chain(64, trimolecular=True), "sorting-direct"),
    ("65 bimolecular", lambda: chain(65), "partial-propensity-direct"),
    ("65 with a trimolecular", lambda: chain(65, trimolecular=True), "rejection-composition"),
    ("1001 bimolecular (no upper cap on PDM)", lambda: chain(1001), "partial-propensity-direct"),
    ("64 with a Python propensity", lambda: chain(64, python=True), "sorting-direct"),
    ("65 with a Python propensity", lambda: chain(65, python=True), "composition-rejection"),
]


@pytest.mark.parametrize("shape,make,picked", SHAPES, ids=[s[0] for s in SHAPES])
def test_auto_is_bitwise_the_method_it_picks(shape, make, picked):
    print("seed", SEED, "shape", shape, "expected", picked)
    net = make()
    auto = net.simulate(2.0, points=21, seed=SEED, replicate=3)
    named = net.simulate(2.0, points=21, method=picked, seed=SEED, replicate=3)
    assert auto.method == named.method == picked
    assert auto.events == named.events > 0
    assert np.array_equal(auto.x, named.x)
    # Another method draws in another order: a different path (so the equality above means
    # something).
    other = net.simulate(2.0, points=21, method="direct", seed=SEED, replicate=3)
    assert not np.array_equal(other.x, named.x)


def test_auto_ensemble_is_bitwise_the_method_it_picks():
    print("seed", SEED)
    net = chain(65)
    auto = net.ensemble(1.0, points=5, replicates=8, seed=SEED, threads=2)
    named = net.ensemble(1.0, points=5, replicates=8, method="partial-propensity-direct", seed=SEED, threads=1)
    assert auto.method == named.method == "partial-propensity-direct"
    assert np.array_equal(auto.paths, named.paths) and auto.mean.tobytes() == named.mean.tobytes()


def test_unknown_method_lists_the_valid_names():
    net = dimerisation()
    valid = ", ".join(jumpflow.METHODS)
    for call in (lambda: net.simulate(1.0, method="gillespie"), lambda: net.ensemble(1.0, method="Direct")):
        with pytest.raises(ValueError) as e:
            call()
        print(e.value)
        assert str(e.value).endswith(f"but must be one of {valid}")
        assert "method is '" in str(e.value)


def test_methods_that_need_mass_action_refuse_a_python_propensity():
    net = chain(5, python=True)
    for method in ("rejection", "rejection-composition", "partial-propensity-direct"):
        with pytest.raises(ValueError, match="mass action"):
            net.simulate(1.0, method=method)
