"""Kurtz's convergence study of a network built in Python (jumpflow.study_network): bitwise the
study of the same network written as a BioNetGen .net file (jumpflow.study_model_file, i.e.
`jumpflow study kurtz --model`), and on a small nonlinear network the fitted rate's interval
holds Kurtz's -1/2."""

import numpy as np
import pytest

import jumpflow
from test_bitwise import reference_network

SEED = 20261201

# The network of test_bitwise.reference_network() (0 -> A at 10, A -> 0 at 1, 2A -> B at 0.01,
# B -> 0 at 0.5, from (5, 0)) as BioNetGen's generate_network would write it.
REFERENCE_NET = """begin parameters
end parameters
begin species
    1 A 5
    2 B 0
end species
begin reactions
    1 0 1 10
    2 1 0 1
    3 1,1 2 0.01
    4 2 0 0.5
end reactions
"""


def test_study_network_matches_model_file(tmp_path, capfd):
    print("seed", SEED)
    path = tmp_path / "reference.net"
    path.write_text(REFERENCE_NET)
    args = dict(replicates=20, T=1.0, seed=SEED, threads=2)
    ours = jumpflow.study_network(reference_network(), n=[2, 4, 8], **args)
    theirs = jumpflow.study_model_file(path, volumes=[2, 4, 8], **args)
    assert ours.config["model"] == "kurtz" and ours.table["n"].tolist() == [2, 4, 8]
    for p, q in zip(ours.results["points"], theirs.results["points"]):
        for key in ("estimate", "standard_error", "ci_low", "ci_high", "events"):
            assert p[key] == q[key], key
    assert ours.rate_in_n[0]["slope"] == theirs.rate_in_n[0]["slope"]
    # x0 (concentrations) is the family's start: x0 = the initial counts gives the same study.
    again = jumpflow.study_network(reference_network(), n=[2, 4, 8], x0={"A": 5.0}, **args)
    assert again.table["estimate"].tobytes() == ours.table["estimate"].tobytes()
    # Progress is off when stderr is not a terminal (pytest's is a file).
    assert capfd.readouterr().err == ""


def test_study_network_rate_holds_minus_one_half():
    # Oracle: Kurtz (1970), sqrt(E sup_t |X^n_t/n - x_t|^2) ~ K / sqrt(n), on an SIR network
    # (S + I -> 2 I at 2, I -> R at 1, from densities 0.9, 0.1): the rate fit's 95% interval
    # (from the standard errors of the points) holds -1/2. Seed fixed.
    print("seed", SEED)
    net = jumpflow.Network(["S", "I", "R"])
    net.add_reaction(["S", "I"], {"I": 2}, rate=2.0, name="infection")
    net.add_reaction(["I"], ["R"], rate=1.0, name="recovery")
    r = jumpflow.study_network(net, n=[100, 400, 1600, 6400], x0={"S": 0.9, "I": 0.1}, replicates=100, T=2.0,
                               seed=SEED)
    fit = r.rate_in_n[0]
    print(r)
    assert fit["ci_low"] <= -0.5 <= fit["ci_high"]
    assert np.all(r.table["ci_low"] <= r.table["estimate"])
    assert np.isnan(r.sharp_constant).all()  # no linear-noise constant for a network's study


def test_study_network_refuses_what_has_no_family(dimerisation):
    python = jumpflow.Network(["A"])
    python.add_propensity(lambda x: 1.0, change={"A": 1})
    with pytest.raises(ValueError, match="a Python propensity has no scaling in n"):
        jumpflow.study_network(python, n=[10, 20])
    with pytest.raises(ValueError, match="study_model_file"):
        jumpflow.study_network(jumpflow.load_model(dimerisation), n=[10, 20])
    with pytest.raises(ValueError, match="the length of x0 is 1, but must be the number of species, 2"):
        jumpflow.study_network(reference_network(), n=[10, 20], x0=[1.0])
    with pytest.raises(ValueError, match="initial concentration of A is -1"):
        jumpflow.study_network(reference_network(), n=[10, 20], x0=[-1.0, 0.0])
    with pytest.raises(TypeError):
        jumpflow.study_network("not a network", n=[10, 20])
