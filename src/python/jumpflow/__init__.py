"""jumpflow from Python: jump processes, reaction networks and convergence studies, in C++.

The simulation loops run in C++ (the extension ``jumpflow._core``) with the GIL released;
results come back as numpy arrays. For the same seed the numbers are bitwise those of the C++
library and of the ``jumpflow`` command (one stream layout: :class:`Streams`).

Main entry points:

* :class:`Network`, :func:`load_model`: reaction networks built in Python or read from SBML /
  BioNetGen files; :meth:`Network.simulate` (one path) and :meth:`Network.ensemble`
  (replicates, mean, sd) with the methods ``direct``, ``next-reaction``,
  ``composition-rejection`` and ``tau-leaping``.
* :func:`models`, :func:`sample_paths`: the built-in models of the ``jumpflow`` command (the
  BNN learning rule, the classic families, the neuron model) and their paths against the limit.
* :func:`study`, :func:`study_model_file`: convergence studies over a grid of n (and d),
  returning a :class:`StudyResult` (table, rate fits with confidence intervals, the sharp
  constant K_inf, ``plot()``).

Errors: bad arguments raise ``ValueError`` (or ``TypeError`` for a wrong type) with the C++
message; a simulation that fails mid-run raises :class:`SimulationError`; Ctrl-C raises
``KeyboardInterrupt``.
"""

import json as _json
import os as _os
import sys as _sys
import tempfile as _tempfile

import numpy as _np

from ._core import (  # noqa: F401  (re-exported)
    SAMPLE_PATH_POINT,
    STREAM_LAYOUT_LIMIT,
    Engine,
    Network,
    SimulationError,
    Streams,
    load_model,
    sbml_available,
)
from .results import Ensemble, StudyResult, Trajectory, SamplePaths

__all__ = [
    "Engine", "Ensemble", "Network", "SamplePaths", "SimulationError", "Streams", "StudyResult",
    "Trajectory", "load_model", "models", "sample_paths", "sbml_available", "study",
    "study_model_file", "METHODS", "SAMPLE_PATH_POINT", "STREAM_LAYOUT_LIMIT",
]

METHODS = ("direct", "next-reaction", "composition-rejection", "tau-leaping")


def _simulate(self, t_end, points=101, x0=None, method="direct", seed=1, replicate=0, epsilon=0.03):
    """One path of the network on the grid t_k = k * t_end / (points - 1), k < points.

    Args:
        t_end: the end time (finite, > 0).
        points: the number of grid times (>= 2).
        x0: initial counts (a dict {species: count} or a sequence); None: ``self.initial``.
        method: ``"direct"``, ``"next-reaction"``, ``"composition-rejection"`` or
            ``"tau-leaping"``.
        seed: the seed; the path draws from ``Streams(seed).engine(0, replicate)``, the stream
            of replicate ``replicate`` of :meth:`ensemble` with the same seed.
        replicate: which replicate's stream to use.
        epsilon: the tau-leaping accuracy (Cao-Gillespie-Petzold; ignored by exact methods).

    Returns:
        a :class:`Trajectory` (``t``, ``x`` species x time, ``events``; ``traj["S"]`` is a row).
    """
    t, x, events = self._simulate(t_end, points, x0, method, seed, replicate, epsilon)
    return Trajectory(t, x, list(self.species), events)


def _ensemble(self, t_end, points=101, replicates=100, x0=None, method="direct", seed=1, threads=0,
              epsilon=0.03):
    """Independent replicates of the network on a time grid, with their mean and sd.

    Replicate r draws from ``Streams(seed).engine(0, r)``; the result does not depend on
    ``threads`` (0 = all cores). The mean and the sd (divisor R - 1) are summed in replicate
    order. Memory: replicates x species x points int64 counts.

    Args:
        t_end, points, x0, method, epsilon: as :meth:`simulate`.
        replicates: the number R of replicates (>= 1).
        seed: the seed.
        threads: worker threads (0 = all cores; a Python propensity forces 1).

    Returns:
        an :class:`Ensemble` (``t``, ``paths`` R x species x time, ``mean``, ``sd``,
        ``standard_error``, ``events``).
    """
    t, paths, mean, sd, events = self._ensemble(t_end, points, replicates, x0, method, seed, threads, epsilon)
    return Ensemble(t, paths, mean, sd, list(self.species), events)


_simulate.__name__, _simulate.__qualname__ = "simulate", "Network.simulate"
_ensemble.__name__, _ensemble.__qualname__ = "ensemble", "Network.ensemble"
Network.simulate = _simulate
Network.ensemble = _ensemble


def models():
    """The built-in models of the ``jumpflow`` command, by name.

    Returns:
        a dict name -> description (``summary``, ``uses_d``, ``default_n``, ``default_d``,
        ``default_replicates``, ``default_T`` and ``options``: a list of dicts with ``name``,
        ``help``, ``default`` and ``choices``). The BNN rule's options include ``loss``,
        ``scaling``, ``scheme``, ``law`` and ``clock``.
    """
    return {m["name"]: m for m in _core_models()}


def _core_models():
    from . import _core
    return _core._models()


def _grid(values, what):
    if values is None:
        return None
    arr = _np.atleast_1d(_np.asarray(values))
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"jumpflow.study: {what} is {values!r}, but must be a non-empty 1-D list of numbers")
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"jumpflow.study: {what} is {values!r}, but must be numbers")
    return [float(v) for v in arr]


def _config(n, d, replicates, T, seed, threads, level, options):
    c = {}
    for key, value in (("n", _grid(n, "n")), ("d", _grid(d, "d"))):
        if value is not None:
            c[key] = value
    for key, value in (("replicates", replicates), ("seed", seed), ("threads", threads)):
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, _np.integer)):
                raise TypeError(f"jumpflow.study: {key} is {value!r}, but must be an integer")
            c[key] = int(value)
    for key, value in (("T", T), ("level", level)):
        if value is not None:
            c[key] = float(value)
    if options:
        if not isinstance(options, dict):
            raise TypeError(f"jumpflow.study: options is {options!r}, but must be a dict")
        c["options"] = options
    return c


def _progress(progress):
    return _sys.stderr.isatty() if progress is None else bool(progress)


def _run_study(run, out):
    if out is None:
        with _tempfile.TemporaryDirectory(prefix="jumpflow-study-") as tmp:
            table = run(tmp)
            return StudyResult.from_folder(tmp, table, keep_folder=False)
    _os.makedirs(out, exist_ok=True)
    table = run(str(out))
    return StudyResult.from_folder(str(out), table, keep_folder=True)


def study(model="bnn", n=None, d=None, replicates=None, T=None, seed=1, threads=0, level=None, options=None,
          out=None, progress=None):
    """A convergence study of a built-in model over a grid of n (and d): ``jumpflow study``.

    At each grid point, ``replicates`` paths of X^n are simulated and the error
    s_hat = sqrt(E sup_t |X^n_t - x_t|^2) against the limit x is estimated with its standard
    error and confidence interval; the rate in n (and d) is fitted. Row k of the table draws
    from ``Streams(seed).engine(k, r)``; the numbers equal those of
    ``jumpflow study <model> --seed <seed>`` with the same configuration, bit for bit, and do
    not depend on ``threads``.

    Args:
        model: a name of :func:`models` (``"bnn"``, ``"birth-death"``, ``"sir"``, ...).
        n, d: the grid (lists of numbers; None: the model's default; d only for models with a
            dimension).
        replicates: replicates per grid point (>= 2; None: the model's default).
        T: the time horizon (None: the model's default).
        seed: the seed.
        threads: worker threads (0 = all cores; never changes the results).
        level: the confidence level of the intervals (default 0.95).
        options: the model's options as a dict (see :func:`models`), e.g. for ``bnn``
            ``{"loss": ..., "scaling": ..., "scheme": ..., "law": ..., "clock": ...}``.
        out: a folder to keep the command's files in (config.json, results.json, table.csv,
            plots); None: a temporary folder, removed afterwards.
        progress: show progress on stderr (None: only when stderr is a terminal).

    Returns:
        a :class:`StudyResult`.
    """
    from . import _core
    config = _json.dumps(_config(n, d, replicates, T, seed, threads, level, options))
    return _run_study(lambda folder: _core._study(model, config, folder, _progress(progress)), out)


def study_model_file(path, volumes=None, replicates=None, T=None, seed=1, threads=0, level=None, format="auto",
                     out=None, progress=None):
    """Kurtz's convergence study of the network of a model file: ``jumpflow study kurtz``.

    At each volume V the file is read at that size (see :func:`load_model`), simulated exactly,
    and X^V / V is compared with the reaction rate equation in concentrations; the error
    should fall like V^(-1/2).

    Args:
        path: an SBML file or a BioNetGen .net file.
        volumes: the grid of volumes (None: 10, 100, 1000).
        replicates, T, seed, threads, level, out, progress: as :func:`study`.
        format: ``"auto"``, ``"sbml"`` or ``"bionetgen"``.

    Returns:
        a :class:`StudyResult`.
    """
    from . import _core
    config = _json.dumps(_config(volumes, None, replicates, T, seed, threads, level, None))
    path = _os.fspath(path)
    return _run_study(lambda folder: _core._study_model_file(path, format, config, folder, _progress(progress)),
                      out)


def sample_paths(model="bnn", n=1000, d=None, T=None, seed=1, paths=3, options=None):
    """Sample paths of a built-in model against its limit: ``jumpflow simulate <model>``.

    For the BNN rule this is one learning opportunity: the weights along the path of the
    spike-triggered updates, next to the gradient flow of the loss evaluated on a fine grid.
    Path r draws from ``Streams(seed).engine(SAMPLE_PATH_POINT, r)``.

    Args:
        model: a name of :func:`models`.
        n, d: the scale and (for models with a dimension) the dimension (None: the first of
            the model's default grid).
        T: the time horizon (None: the model's default).
        seed: the seed.
        paths: the number of paths (1 to 1000).
        options: the model's options (see :func:`models`).

    Returns:
        a :class:`SamplePaths` (``columns``, ``paths``: a list of (t, x) with x of shape
        coordinates x rows, ``limit_t``, ``limit``: coordinates x grid). As in the command's
        paths.csv, a path is thinned so that memory stays bounded: of the events in each of
        500 equal time buckets it keeps the first and the last (a sparse path is kept whole).
    """
    from . import _core
    info = models().get(model)
    if info is None:
        raise ValueError(f"jumpflow.sample_paths: model is '{model}', but must be one of {', '.join(models())}")
    if d is None:
        d = info["default_d"][0] if info["uses_d"] else 0.0
    if T is None:
        T = info["default_T"]
    if options is not None and not isinstance(options, dict):
        raise TypeError(f"jumpflow.sample_paths: options is {options!r}, but must be a dict")
    columns, rows, limit = _core._sample_paths(model, _json.dumps(options or {}), float(n), float(d), float(T),
                                               seed, paths)
    return SamplePaths(columns, rows, limit)
