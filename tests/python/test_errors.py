"""Bad input from Python gets a clear exception with the C++ message, and the interpreter
survives: wrong types, negative and NaN rates, wrong shapes, Python propensities that raise or
return NaN, bad study configurations; 10^4 failing calls do not leak memory."""

import math
import resource

import numpy as np
import pytest

import jumpflow


def birth_death():
    net = jumpflow.Network(["A"])
    net.add_reaction([], ["A"], rate=1.0)
    net.add_reaction(["A"], [], rate=0.1)
    return net


def test_negative_and_nan_rates():
    net = jumpflow.Network(["A"])
    with pytest.raises(ValueError, match=r"jumpflow.Network.add_reaction: rate is -1, but must be finite and >= 0"):
        net.add_reaction([], ["A"], rate=-1.0)
    with pytest.raises(ValueError, match="rate is nan"):
        net.add_reaction([], ["A"], rate=float("nan"))
    with pytest.raises(ValueError, match="species is 'B', but must be one of A"):
        net.add_reaction(["B"], [], rate=1.0)
    with pytest.raises(ValueError, match="at least one reaction"):
        net.simulate(1.0)


def test_wrong_types():
    net = birth_death()
    with pytest.raises(TypeError):
        net.add_reaction("A", [], rate=1.0)  # a string, not a list of names
    with pytest.raises(TypeError):
        net.add_reaction([], ["A"], rate="fast")
    with pytest.raises(TypeError):
        net.simulate("ten")
    with pytest.raises(TypeError, match="an integer"):
        net.simulate(1.0, x0=[1.5])
    with pytest.raises(TypeError):
        jumpflow.Network("A")  # pybind11 refuses a str for a list of names
    with pytest.raises(TypeError):
        jumpflow.study("immigration-death", replicates=2.5)


def test_wrong_shapes_and_values():
    net = birth_death()
    with pytest.raises(ValueError, match="the length of x0 is 2, but must be the number of species, 1"):
        net.simulate(1.0, x0=[1, 2])
    with pytest.raises(ValueError, match="count is -3, but must be >= 0"):
        net.simulate(1.0, x0=np.array([-3]))
    with pytest.raises(ValueError, match="t_end is nan"):
        net.simulate(float("nan"))
    with pytest.raises(ValueError, match="points is 1"):
        net.simulate(1.0, points=1)
    with pytest.raises(ValueError, match="method is 'euler', but must be one of auto, direct, "):
        net.simulate(1.0, method="euler")
    with pytest.raises(ValueError, match="replicates is 0"):
        net.ensemble(1.0, replicates=0)
    with pytest.raises(ValueError, match="n is"):
        jumpflow.study("immigration-death", n=[[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="model"):
        jumpflow.study("no-such-model", n=[10, 20])
    with pytest.raises(ValueError):
        jumpflow.study("immigration-death", n=[10, -20], replicates=4)
    with pytest.raises(ValueError, match="unique"):
        jumpflow.Network(["A", "A"])


def test_python_propensity_that_raises_or_returns_nan():
    net = jumpflow.Network(["A"])
    net.add_reaction([], ["A"], rate=1.0)

    def boom(x):
        raise RuntimeError("boom from Python")
    net.add_propensity(boom, change={"A": -1})
    with pytest.raises(RuntimeError, match="boom from Python"):
        net.simulate(1.0)
    nan = jumpflow.Network(["A"])
    nan.add_propensity(lambda x: math.nan, change={"A": 1}, name="bad")
    with pytest.raises(jumpflow.SimulationError, match="bad"):
        nan.simulate(1.0)
    negative = jumpflow.Network(["A"])
    negative.add_propensity(lambda x: -1.0, change={"A": 1})
    with pytest.raises(jumpflow.SimulationError):
        negative.ensemble(1.0, replicates=3)
    wrong = jumpflow.Network(["A"])
    wrong.add_propensity(lambda x: "many", change={"A": 1})
    with pytest.raises(TypeError, match="but must be a float"):
        wrong.simulate(1.0)
    # The interpreter survived, and the network still simulates after a failure.
    assert birth_death().simulate(1.0, x0=[3]).x.shape == (1, 101)


def _rss_kib():
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_failing_calls_do_not_leak():
    net = jumpflow.Network(["A"])
    net.add_propensity(lambda x: math.nan, change={"A": 1})
    good = birth_death()

    def fail_many(count):
        for i in range(count):
            try:
                if i % 2:
                    net.simulate(1.0, points=2)
                else:
                    good.simulate(1.0, x0=[-1])
            except (jumpflow.SimulationError, ValueError):
                pass
    fail_many(1000)  # warm up caches and allocator pools
    before = _rss_kib()
    fail_many(10000)
    grown = _rss_kib() - before
    print(f"RSS grew by {grown} KiB over 10^4 failing calls")
    # A leak of one exception message (~100 bytes) per call would be ~1 MiB; allow 4 MiB of noise.
    assert grown < 4096
