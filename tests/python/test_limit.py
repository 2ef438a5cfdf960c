"""The limit of a built-in model at a user's times (jumpflow.limit): bitwise the limit that
sample_paths gives on its 401 times, and against closed forms: the gradient flow of an
isotropic quadratic loss (the BNN rule) and the immigration-death ODE, solved numerically."""

import numpy as np
import pytest

import jumpflow


def test_limit_equals_sample_paths_limit_bitwise():
    # Under fixed amplitude with the log-cosh loss the limit is the smoothed flow, which the
    # ODE solver computes: the same solution, evaluated at the same times, gives the same bits.
    options = {"loss": "logcosh", "scaling": "fixed"}
    s = jumpflow.sample_paths("bnn", n=64, d=3, T=1.0, seed=1, paths=1, options=options)
    lim = jumpflow.limit("bnn", s.limit_t, n=64, d=3, T=1.0, options=options)
    assert lim.columns == s.columns == ["z0", "z1", "z2"]
    assert lim.x.tobytes() == s.limit.tobytes()
    # Any times, in any order: each is the solution's value there.
    times = np.array([0.7, 0.05, 1.0, 0.0])
    again = jumpflow.limit("bnn", times, n=64, d=3, T=1.0, options=options)
    assert again.x.shape == (3, 4) and np.array_equal(again.t, times)
    assert again.x[:, 2].tobytes() == s.limit[:, -1].tobytes()
    assert np.array_equal(again["z1"], again.x[1])


@pytest.mark.parametrize("law,h", [("uniform", 1.5), ("rademacher", 0.5)])
def test_bnn_gradient_flow_closed_form(law, h):
    # L(z) = h/2 |z|^2: the gradient flow is z_t = z_0 exp(-kappa h t), kappa = 2 s2 alpha A^2
    # (two-sided scheme), s2 = 1/3 for the uniform law on [-1, 1], 1 for Rademacher; here
    # kappa h = 1 in both cases. Tolerance: rounding of the closed form (1e-13 relative).
    t = np.linspace(0.0, 2.0, 37)
    lim = jumpflow.limit("bnn", t, d=5, T=2.0, options={"loss": "isotropic", "h": h, "law": law})
    expected = lim.x[:, :1] * np.exp(-t)
    assert np.allclose(lim.x, expected, rtol=1e-13, atol=0)


def test_immigration_death_ode_closed_form():
    # dx/dt = k - g x, x_0 = 0.5 (k = g = 1): x_t = 1 - 0.5 exp(-t). The limit is solved by the
    # ODE solver (adaptive Dormand-Prince, tolerances 1e-10): 1e-8 holds it with room.
    t = np.random.default_rng(3).uniform(0.0, 3.0, 50)
    lim = jumpflow.limit("immigration-death", t, T=3.0)
    assert lim.columns == ["x"]
    assert np.max(np.abs(lim.x[0] - (1.0 - 0.5 * np.exp(-t)))) < 1e-8


def test_limit_bad_input():
    with pytest.raises(ValueError, match=r"a time is 2.5, but must be in \[0, T\]"):
        jumpflow.limit("sir", [0.0, 2.5], T=2.0)
    with pytest.raises(ValueError, match="1-D"):
        jumpflow.limit("sir", [[0.0, 1.0]], T=2.0)
    with pytest.raises(TypeError):
        jumpflow.limit("sir", ["soon"], T=2.0)
    with pytest.raises(ValueError, match="hodgkin-huxley"):
        jumpflow.limit("hodgkin-huxley", [0.0])
    with pytest.raises(ValueError, match="law"):
        jumpflow.limit("bnn", [0.0], options={"law": "cauchy"})


def test_network_limit_is_the_reaction_rate_equation():
    # 0 -> A at 100, A -> 0 at 1 * A from A = 0: dx/dt = 100 - x, x_t = 100 (1 - exp(-t)), also
    # the exact mean of the jump process (first-order reactions). ODE tolerances 1e-10: 1e-7
    # relative holds it with room.
    net = jumpflow.Network(["A"])
    net.add_reaction([], ["A"], rate=100.0)
    net.add_reaction(["A"], [], rate=1.0)
    t = np.array([0.0, 0.1, 1.0, 2.5, 5.0])
    lim = net.limit(t)
    assert lim.columns == ["A"] and lim.x.shape == (1, 5) and np.array_equal(lim.t, t)
    assert np.allclose(lim["A"], 100.0 * (1.0 - np.exp(-t)), rtol=1e-7, atol=1e-9)
    # A second-order channel uses k x^2 (the rate equation), not the falling factorial x (x - 1).
    dimer = jumpflow.Network(["A", "B"])
    dimer.add_reaction({"A": 2}, ["B"], rate=0.5)
    x = dimer.limit([0.0, 1.0], x0=[10, 0])["A"]
    assert abs(x[1] - 10.0 / (1.0 + 10.0)) < 1e-7  # dx/dt = -2 * 0.5 x^2: x_t = x_0 / (1 + x_0 t)
    python = jumpflow.Network(["A"])
    python.add_propensity(lambda c: 1.0, change={"A": 1})
    with pytest.raises(ValueError, match="no reaction rate equation"):
        python.limit([1.0])
