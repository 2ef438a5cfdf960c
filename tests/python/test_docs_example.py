"""The worked example of docs/python.md runs as it stands (in a folder holding examples/models/),
and its study finds the rate -1/2 of Kurtz's theorem inside its confidence interval."""

import os
import re
import shutil

import pytest


def test_worked_example_runs(source_dir, tmp_path, monkeypatch, capsys):
    import matplotlib
    matplotlib.use("Agg")
    with open(os.path.join(source_dir, "docs", "python.md"), encoding="utf-8") as f:
        page = f.read()
    blocks = re.findall(r"```\{\.py\}\n(.*?)```", page, flags=re.S)
    assert len(blocks) == 1, "docs/python.md holds one worked example"
    models = tmp_path / "examples" / "models"
    models.mkdir(parents=True)
    shutil.copy(os.path.join(source_dir, "examples", "models", "dimerisation.net"), models)
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(blocks[0], "docs/python.md", "exec"), scope)
    out = capsys.readouterr().out
    print(out)
    assert "(200, 3, 51)" in out
    assert (tmp_path / "kurtz.png").stat().st_size > 0
    fit = scope["fit"]
    # Kurtz's theorem: slope -1/2; the fit's interval (95 %) should hold it. A failure here is
    # a 1-in-20 event only if the interval's coverage is right, and the seed is fixed.
    assert fit["ci_low"] <= -0.5 <= fit["ci_high"]
