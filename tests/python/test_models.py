"""The built-in models through Python: the registry with the BNN rule's options, a learning
opportunity's path next to the gradient flow, studies of a built-in model and of a model file
(their result objects and plots), and Ctrl-C during a long study."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import jumpflow


def test_registry_lists_bnn_options():
    models = jumpflow.models()
    assert {"bnn", "immigration-death", "sir", "lotka-volterra", "gene-expression"} <= set(models)
    options = {o["name"]: o for o in models["bnn"]["options"]}
    for name in ("loss", "scaling", "scheme", "law", "clock"):
        assert options[name]["choices"], name
    assert models["bnn"]["uses_d"]


def test_bnn_learning_opportunity_and_gradient_flow():
    s = jumpflow.sample_paths("bnn", n=200, d=2, T=1.0, seed=5, paths=2,
                              options={"loss": "isotropic", "law": "rademacher", "clock": "grid"})
    assert len(s.paths) == 2 and len(s.columns) == s.limit.shape[0]
    t, w = s.paths[0]
    assert np.all(np.diff(t) >= 0) and w.shape == (len(s.columns), t.size)
    # The path is close to the gradient flow (sup error of order sqrt(d/n), here < 1).
    nearest = np.array([s.limit[:, np.searchsorted(s.limit_t, u, side="right") - 1] for u in t]).T
    assert np.max(np.abs(w - nearest)) < 1.0
    # Same seed, same paths; the options change the path.
    again = jumpflow.sample_paths("bnn", n=200, d=2, T=1.0, seed=5, paths=2,
                                  options={"loss": "isotropic", "law": "rademacher", "clock": "grid"})
    assert np.array_equal(again.paths[1][1], s.paths[1][1])
    with pytest.raises(ValueError, match="law"):
        jumpflow.sample_paths("bnn", n=200, d=2, options={"law": "cauchy"})


def test_study_result_object_and_plot():
    import matplotlib
    matplotlib.use("Agg")
    r = jumpflow.study("bnn", n=[64, 256, 1024], d=[2], replicates=20, T=0.5, seed=3,
                       options={"loss": "isotropic"})
    assert r.table["n"].tolist() == [64, 256, 1024]
    assert np.all(r.table["ci_low"] <= r.table["estimate"]) and np.all(r.table["estimate"] <= r.table["ci_high"])
    fit = r.rate_in_n[0]
    assert fit["ci_low"] <= fit["slope"] <= fit["ci_high"]
    assert np.isfinite(r.sharp_constant).all()  # the isotropic quadratic loss has K_inf
    assert set(r.as_dict()) >= {"n", "estimate", "K_inf"}
    assert "rate in n" in str(r)
    ax = r.plot()
    assert ax.get_xscale() == "log" and len(ax.lines) >= 3


def test_study_of_a_model_file(dimerisation):
    r = jumpflow.study_model_file(dimerisation, volumes=[0.1, 0.2, 0.4], replicates=10, T=0.5, seed=1)
    assert r.config["model"] == "kurtz"
    assert r.table["n"].tolist() == [0.1, 0.2, 0.4]
    assert np.all(r.table["estimate"] > 0)


def test_ctrl_c_interrupts_a_long_study():
    # SIGINT from another thread 0.3 s into a study that would take minutes.
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        jumpflow.study("immigration-death", n=[1e5, 2e5, 4e5], replicates=100000, T=1.0, threads=1)
    elapsed = time.perf_counter() - start
    timer.join()
    print(f"interrupted after {elapsed:.2f} s")
    assert elapsed < 5.0
    # The module still works afterwards.
    assert jumpflow.Streams(1).engine().raw(1).size == 1
