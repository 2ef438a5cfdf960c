"""jumpflow from Python: jump processes, reaction networks and convergence studies, in C++.

The simulation loops run in C++ (the extension ``jumpflow._core``) with the GIL released;
results come back as numpy arrays. For the same seed the numbers are bitwise those of the C++
library and of the ``jumpflow`` command (one stream layout: :class:`Streams`).

Main entry points:

* :class:`Network`, :func:`load_model`: reaction networks built in Python or read from SBML /
  BioNetGen files; :meth:`Network.simulate` (one path) and :meth:`Network.ensemble`
  (replicates, mean, sd) with every simulator of the library (:data:`METHODS`: the exact
  methods, tau-leaping, and ``auto``, the default, which picks the fastest exact method for
  the network).
* :func:`models`, :func:`sample_paths`: the built-in models of the ``jumpflow`` command (the
  BNN learning rule, the classic families, the neuron model) and their paths against the limit.
* :func:`limit`: the limit of a built-in model (for ``bnn`` the gradient flow) at any times.
* :func:`study`, :func:`study_model_file`, :func:`study_network`: convergence studies over a
  grid of n (and d) of a built-in model, a model file or a network built in Python,
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
    METHODS,
    SAMPLE_PATH_POINT,
    STREAM_LAYOUT_LIMIT,
    Engine,
    Network,
    SimulationError,
    Streams,
    load_model,
    sbml_available,
)
from .results import Ensemble, LimitPath, StudyResult, Trajectory, SamplePaths

__all__ = [
    "Engine", "Ensemble", "LimitPath", "Network", "SamplePaths", "SimulationError", "Streams", "StudyResult",
    "Trajectory", "limit", "load_model", "models", "sample_paths", "sbml_available", "study",
    "study_model_file", "study_network", "METHODS", "SAMPLE_PATH_POINT", "STREAM_LAYOUT_LIMIT",
]

_METHOD_DOC = """method: the simulator, one of :data:`METHODS` (the names of
            ``jumpflow simulate --method``):

            * ``"auto"`` (the default): the fastest exact method for the network, chosen from
              its size and structure only (never from the state or the seed), as the C++
              ``simulate_auto()`` and the command choose it: ``dense-direct`` up to 16
              channels; above 16, ``partial-propensity-direct`` when every channel is mass
              action with at most two reactant molecules; otherwise ``sorting-direct`` up to 64
              channels, and above 64 ``rejection-composition`` (RSSA-CR) for other mass-action
              networks, ``composition-rejection`` when a channel is not mass action (a
              Python propensity, or a file's other kinetic law); a network read from a file
              with discrete events: ``direct`` up to 64 channels, ``composition-rejection``
              above. The result's ``method`` names the one that ran,
              and the path is bitwise the one of naming it.
            * the exact methods ``"direct"`` (Gillespie), ``"dense-direct"``,
              ``"sorting-direct"``, ``"next-reaction"`` (Gibson-Bruck),
              ``"composition-rejection"``, ``"rejection"`` (RSSA), ``"rejection-composition"``
              (RSSA-CR) and ``"partial-propensity-direct"``. All simulate the same law, but
              each draws its random numbers in its own order, so for the same seed each gives
              a different path (and ensemble); a result is reproducible for a given seed and
              method. ``rejection``, ``rejection-composition`` and
              ``partial-propensity-direct`` need mass-action channels (the last one at most two
              reactant molecules per channel), and raise ValueError otherwise.
            * ``"tau-leaping"``: approximate (Cao-Gillespie-Petzold leaps, accuracy
              ``epsilon``).

            ``dense-direct`` (and so ``auto`` on small networks) recomputes every propensity at
            every event, a Python propensity included, whatever its ``reads``."""


def _simulate(self, t_end, points=101, x0=None, method="auto", seed=1, replicate=0, epsilon=0.03):
    t, x, events, ran = self._simulate(t_end, points, x0, method, seed, replicate, epsilon)
    return Trajectory(t, x, list(self.species), events, ran)


_simulate.__doc__ = """One path of the network on the grid t_k = k * t_end / (points - 1), k < points.

    Args:
        t_end: the end time (finite, > 0).
        points: the number of grid times (>= 2).
        x0: initial counts (a dict {species: count} or a sequence); None: ``self.initial``.
        """ + _METHOD_DOC + """
        seed: the seed; the path draws from ``Streams(seed).engine(0, replicate)``, the stream
            of replicate ``replicate`` of :meth:`ensemble` with the same seed and method.
        replicate: which replicate's stream to use.
        epsilon: the tau-leaping accuracy (Cao-Gillespie-Petzold; ignored by exact methods).

    Returns:
        a :class:`Trajectory` (``t``, ``x`` species x time, ``events``, ``method``: the method
        that ran; ``traj["S"]`` is a row).

    Raises:
        ValueError: a bad argument, e.g. a method not in :data:`METHODS` (the message lists
            them).
    """


def _ensemble(self, t_end, points=101, replicates=100, x0=None, method="auto", seed=1, threads=0,
              epsilon=0.03, progress=None):
    """Independent replicates of the network on a time grid, with their mean and sd.

    Replicate r draws from ``Streams(seed).engine(0, r)``; the result depends on the seed and
    the method (see :meth:`simulate`: ``auto``, the default, picks the fastest exact method for
    the network), never on ``threads`` (0 = all cores). The mean and the sd (divisor R - 1) are
    summed in replicate order. Memory: replicates x species x points int64 counts.

    Args:
        t_end, points, x0, method, epsilon: as :meth:`simulate`.
        replicates: the number R of replicates (>= 1).
        seed: the seed.
        threads: worker threads (0 = all cores; a Python propensity forces 1).
        progress: show progress on stderr, in blocks of replicates (None: only when stderr is
            a terminal, as a bar).

    Returns:
        an :class:`Ensemble` (``t``, ``paths`` R x species x time, ``mean``, ``sd``,
        ``standard_error``, ``events``, ``method``: the method that ran).
    """
    t, paths, mean, sd, events, ran = self._ensemble(t_end, points, replicates, x0, method, seed, threads, epsilon,
                                                     _progress(progress))
    return Ensemble(t, paths, mean, sd, list(self.species), events, ran)


def _network_limit(self, times, x0=None):
    """The reaction rate equation of the network, the limit of Kurtz's theorem in counts, at
    any times.

    dx/dt = sum_j nu_j r_j(x) on real counts from x0, with r_j(x) = k_j prod_i x_i^m_ij for
    a mass-action channel (for a network read from a file: its kinetic laws, as
    ``jumpflow simulate --model`` writes ode.csv), solved once on [0, max(times)] (an implicit
    stepper if it is stiff) with tolerances 1e-10. For a network of first-order reactions it is
    the ensemble mean exactly. A network with a Python propensity has none (ValueError).

    Args:
        times: the times, a 1-D array-like of values >= 0.
        x0: initial counts as in :meth:`simulate` (None: ``self.initial``).

    Returns:
        a :class:`LimitPath` (``t``, ``x``: species x times, ``columns``: the species).
    """
    t, x = self._limit(_times("jumpflow.Network.limit", times), x0)
    return LimitPath(t, x, list(self.species))


_network_limit.__name__, _network_limit.__qualname__ = "limit", "Network.limit"
Network.limit = _network_limit
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


def study_network(network, n=None, x0=None, replicates=None, T=None, seed=1, threads=0, level=None, out=None,
                  progress=None):
    """Kurtz's convergence study of a mass-action network built in Python, over a grid of n.

    The network as built is the member n = 1 of a density-dependent family (Kurtz 1970), read
    as a BioNetGen file is read at volume n (see :func:`load_model`): at scale n the initial
    counts are round(n * x0) and the rate constant of a reaction of order m (its number of
    reactant molecules) is rate * n^(1 - m). Each member is simulated exactly (direct method)
    and X^n / n is compared with the reaction rate equation in concentrations; the error
    should fall like n^(-1/2). The numbers equal those of :func:`study_model_file` of the same
    network written as a .net file, bit for bit.

    Args:
        network: a :class:`Network` built in Python with mass-action channels only (no
            Python propensity; for a model file use :func:`study_model_file`).
        n: the grid of n (None: 10, 100, 1000).
        x0: the initial concentrations (a dict {species: value} or a sequence of values >= 0;
            None: ``network.initial``).
        replicates, T, seed, threads, level, out, progress: as :func:`study`.

    Returns:
        a :class:`StudyResult`.
    """
    from . import _core
    config = _json.dumps(_config(n, None, replicates, T, seed, threads, level, None))
    c0 = _concentrations(network, x0)
    return _run_study(lambda folder: _core._study_network(network, c0, config, folder, _progress(progress)), out)


def _concentrations(network, x0):
    if not isinstance(network, Network):
        raise TypeError(f"jumpflow.study_network: network is {network!r}, but must be a jumpflow.Network")
    species = list(network.species)
    if x0 is None:
        return [float(v) for v in network.initial]
    if isinstance(x0, dict):
        c0 = [0.0] * len(species)
        for name, value in x0.items():
            if name not in species:
                raise ValueError(f"jumpflow.study_network: species is {name!r}, but must be one of "
                                 f"{', '.join(species)}")
            c0[species.index(name)] = _number(value, "x0")
        return c0
    if isinstance(x0, str) or not hasattr(x0, "__len__"):
        raise TypeError(f"jumpflow.study_network: x0 is {x0!r}, but must be a dict {{species: value}} or a sequence")
    return [_number(v, "x0") for v in x0]


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float, _np.integer, _np.floating)):
        raise TypeError(f"jumpflow.study_network: {what} holds {value!r}, but must hold numbers")
    return float(value)


def limit(model="bnn", times=None, n=None, d=None, T=None, options=None):
    """The limit of a built-in model at any times: for ``bnn`` the gradient flow of the loss
    (or the smoothed flow that is the rule's limit, as the study compares with), for the
    classic families the solution of their ODE.

    The limit is solved once on [0, T] (a closed form where the model has one, else the ODE
    solver's dense output) and evaluated at ``times``; at the 401 times of
    :func:`sample_paths` (``limit_t``) it is bitwise the ``limit`` there.

    Args:
        model: a name of :func:`models` (not ``hodgkin-huxley``, whose limit comes only with
            :func:`sample_paths`).
        times: the times, a 1-D array-like of values in [0, T] (None: 101 times on [0, T]).
        n, d: the scale and (for models with a dimension) the dimension (None: the first of
            the model's default grid); the limit does not depend on n for the built-in models.
        T: the horizon of the solution (None: the model's default).
        options: the model's options (see :func:`models`).

    Returns:
        a :class:`LimitPath` (``t``, ``x``: coordinates x times, ``columns``).
    """
    from . import _core
    n, d, T, options = _point("jumpflow.limit", model, n, d, T, options)
    t = _times("jumpflow.limit", _np.linspace(0.0, T, 101) if times is None else times)
    columns, x = _core._limit(model, options, n, d, T, t)
    return LimitPath(t.copy(), x, columns)


def _point(function, model, n, d, T, options):
    """(n, d, T, options as JSON) of one point of a built-in model, None meaning its default."""
    info = models().get(model)
    if info is None:
        raise ValueError(f"{function}: model is '{model}', but must be one of {', '.join(models())}")
    if n is None:
        n = info["default_n"][0]
    if d is None:
        d = info["default_d"][0] if info["uses_d"] else 0.0
    if T is None:
        T = info["default_T"]
    if options is not None and not isinstance(options, dict):
        raise TypeError(f"{function}: options is {options!r}, but must be a dict")
    return float(n), float(d), float(T), _json.dumps(options or {})


def _times(function, times):
    """`times` as a contiguous 1-D float64 array (TypeError / ValueError otherwise)."""
    t = _np.asarray(times)
    if t.dtype.kind not in "iuf":
        raise TypeError(f"{function}: times is {times!r}, but must be numbers")
    if t.ndim != 1:
        raise ValueError(f"{function}: times has shape {t.shape}, but must be 1-D")
    return _np.ascontiguousarray(t, dtype=_np.float64)


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
    n, d, T, options = _point("jumpflow.sample_paths", model, n, d, T, options)
    columns, rows, limit = _core._sample_paths(model, options, n, d, T, seed, paths)
    return SamplePaths(columns, rows, limit)
