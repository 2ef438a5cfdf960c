"""The module's surface: every public name has a docstring and help() shows the signatures; every
choice of every BNN option (loss, scaling, scheme, law, clock, limit) runs through Python; the
README's three-line example runs as it stands."""

import os
import pydoc
import re

import numpy as np
import pytest

import jumpflow


def test_every_public_name_is_documented():
    for name in jumpflow.__all__:
        obj = getattr(jumpflow, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name
    for cls in (jumpflow.Network, jumpflow.Streams, jumpflow.Engine, jumpflow.StudyResult, jumpflow.Ensemble):
        for attr, member in vars(cls).items():
            if not attr.startswith("_") and callable(member):
                assert member.__doc__ and member.__doc__.strip(), f"{cls.__name__}.{attr}"
    text = pydoc.render_doc(jumpflow.Network, renderer=pydoc.plaintext)
    for signature in ("simulate(self, t_end, points=101", "ensemble(self, t_end, points=101",
                      "add_reaction(self: jumpflow._core.Network, reactants: object, products: object, rate: float"):
        assert signature in text, signature
    assert "study_network(network, n=None, x0=None" in pydoc.render_doc(jumpflow.study_network,
                                                                        renderer=pydoc.plaintext)


BNN_CHOICES = [(o["name"], c) for o in jumpflow.models()["bnn"]["options"] for c in o["choices"]]


@pytest.mark.parametrize("option,choice", BNN_CHOICES, ids=[f"{o}={c}" for o, c in BNN_CHOICES])
def test_every_bnn_option_runs(option, choice):
    # One learning opportunity and the flow with each choice of each option, the others at
    # their defaults; the path starts at the flow's start and the limit is finite.
    s = jumpflow.sample_paths("bnn", n=64, d=4, T=0.2, seed=2, paths=1, options={option: choice})
    t, w = s.paths[0]
    assert t.size > 0 and np.isfinite(s.limit).all()
    assert np.array_equal(jumpflow.limit("bnn", s.limit_t, n=64, d=4, T=0.2, options={option: choice}).x, s.limit)


def test_readme_example_runs(source_dir, monkeypatch, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    with open(os.path.join(source_dir, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"## From Python\n\n```python\n(.*?)```", f.read(), flags=re.S)
    assert len(blocks) == 1 and len(blocks[0].strip().splitlines()) == 3
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(blocks[0], "README.md", "exec"), scope)
    assert scope["r"].table["estimate"].size == 3
