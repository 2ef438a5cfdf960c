"""The result objects of jumpflow's Python module: paths, ensembles, studies."""

import json
import os

import numpy as np


class _Named:
    """Rows of an array named by species: ``obj["S"]`` or ``obj.species_index["S"]``."""

    def _row(self, array, name):
        try:
            return array[..., self.species_index[name], :]
        except KeyError:
            raise KeyError(f"{name!r} is not a species; the species are {', '.join(self.species)}") from None


class Trajectory(_Named):
    """One path on a time grid.

    Attributes:
        t: the grid times, shape (points,).
        x: the counts, int64, shape (species, points); ``x[i, k]`` is species i at ``t[k]``.
        species: the species names (row order); ``species_index`` maps a name to its row.
        events: the number of events simulated.
        method: the simulator that ran (for ``method="auto"``, the one it picked, e.g.
            ``"dense-direct"``).

    ``traj["S"]`` is the row of species S; ``traj.as_dict()`` maps every name to its row.
    """

    def __init__(self, t, x, species, events, method):
        self.t, self.x, self.species, self.events, self.method = t, x, species, events, method
        self.species_index = {name: i for i, name in enumerate(species)}

    def __getitem__(self, name):
        return self._row(self.x, name)

    def as_dict(self):
        """The rows by species name."""
        return {name: self.x[i] for i, name in enumerate(self.species)}

    def __repr__(self):
        return (f"jumpflow.Trajectory(species={self.species}, points={self.t.size}, events={self.events}, "
                f"method={self.method!r})")


class Ensemble(_Named):
    """Replicates of a network on a time grid.

    Attributes:
        t: the grid times, shape (points,).
        paths: the counts, int64, shape (replicates, species, points).
        mean, sd: float64, shape (species, points): the mean over replicates and the sample
            standard deviation (divisor R - 1), summed in replicate order.
        species, species_index: the names and the name -> row map.
        events: the number of events over all replicates.
        method: the simulator that ran (for ``method="auto"``, the one it picked).

    ``ens["S"]`` is the mean of species S; ``ens.paths[:, ens.species_index["S"], :]`` its paths.
    """

    def __init__(self, t, paths, mean, sd, species, events, method):
        self.t, self.paths, self.mean, self.sd, self.species = t, paths, mean, sd, species
        self.events, self.method = events, method
        self.species_index = {name: i for i, name in enumerate(species)}

    @property
    def replicates(self):
        """The number R of replicates."""
        return self.paths.shape[0]

    @property
    def standard_error(self):
        """The standard error of the mean, sd / sqrt(R), shape (species, points)."""
        return self.sd / np.sqrt(self.replicates)

    def __getitem__(self, name):
        return self._row(self.mean, name)

    def as_dict(self):
        """The mean rows by species name."""
        return {name: self.mean[i] for i, name in enumerate(self.species)}

    def __repr__(self):
        return (f"jumpflow.Ensemble(species={self.species}, replicates={self.replicates}, "
                f"points={self.t.size}, events={self.events}, method={self.method!r})")


class LimitPath:
    """A model's limit at given times (:func:`jumpflow.limit`).

    Attributes:
        t: the times, shape (times,).
        x: the limit, float64, shape (coordinates, times); ``x[j, k]`` is coordinate j at
            ``t[k]``.
        columns: the names of the coordinates (row order).

    ``lim["z0"]`` is the row of coordinate z0.
    """

    def __init__(self, t, x, columns):
        self.t, self.x, self.columns = t, x, list(columns)

    def __getitem__(self, name):
        try:
            return self.x[self.columns.index(name)]
        except ValueError:
            raise KeyError(f"{name!r} is not a coordinate; the coordinates are {', '.join(self.columns)}") from None

    def __repr__(self):
        return f"jumpflow.LimitPath(columns={self.columns}, times={self.t.size})"


class SamplePaths:
    """Sample paths of a built-in model next to its limit.

    Attributes:
        columns: the names of the coordinates.
        paths: a list with one (t, x) per path: t of shape (events,), x of shape
            (coordinates, events), the state after each event.
        limit_t: the grid of the limit; limit: its values, shape (coordinates, grid).
    """

    def __init__(self, columns, rows, limit):
        self.columns = list(columns)
        self.paths = []
        if rows.size:
            for r in np.unique(rows[:, 0]):
                block = rows[rows[:, 0] == r]
                self.paths.append((block[:, 1].copy(), block[:, 2:].T.copy()))
        self.limit_t = limit[:, 0].copy()
        self.limit = limit[:, 1:].T.copy()

    def __repr__(self):
        return f"jumpflow.SamplePaths(columns={self.columns}, paths={len(self.paths)})"


_TABLE_FIELDS = ("n", "d", "estimate", "standard_error", "ci_low", "ci_high", "replicates", "events", "seconds",
                 "scaled_estimate")


class StudyResult:
    """The outcome of a convergence study (:func:`jumpflow.study`, :func:`jumpflow.study_model_file`,
    :func:`jumpflow.study_network`).

    Attributes:
        table: a dict of numpy arrays, one entry per column, one element per grid point (d
            outer, n inner): ``n``, ``d``, ``estimate`` (s_hat), ``standard_error``,
            ``ci_low``, ``ci_high``, ``replicates``, ``events``, ``seconds``,
            ``scaled_estimate`` (s_hat sqrt(n/d)), and where the model has them ``bound_c``
            (the explicit constant, NaN elsewhere), ``K_inf`` and ``K_inf_standard_error`` (the
            sharp constant of the linear-noise limit) and ``K_inf_over_sqrt_n``.
        rate_in_n: a list of fits of log s_hat against log n (one per d): dicts with
            ``slope``, ``slope_se``, ``ci_low``, ``ci_high``, ``theory``, ... as in the
            command's results.json.
        rate_in_d: the fits against d (one per n; models with a dimension, >= 3 values of d).
        results: the whole results.json of the command, as a dict.
        text: the table the command prints.
        folder: the folder holding the command's files (None when it was temporary).
    """

    def __init__(self, results, text, folder):
        self.results, self.text, self.folder = results, text, folder
        points = results["points"]
        self.table = {k: np.array([float(p[k]) for p in points]) for k in _TABLE_FIELDS}
        self.table["bound_c"] = np.array([p.get("bound_c", np.nan) for p in points], dtype=float)
        self.table["K_inf"] = np.array([p["K_inf"]["value"] if "K_inf" in p else np.nan for p in points])
        self.table["K_inf_standard_error"] = np.array(
            [p["K_inf"]["standard_error"] if "K_inf" in p else np.nan for p in points])
        self.table["K_inf_over_sqrt_n"] = np.array([p.get("K_inf_over_sqrt_n", np.nan) for p in points], dtype=float)
        self.rate_in_n = results.get("rate_in_n", [])
        self.rate_in_d = results.get("rate_in_d", [])

    @classmethod
    def from_folder(cls, folder, text, keep_folder):
        """Reads the command's results.json from `folder`."""
        with open(os.path.join(folder, "results.json"), encoding="utf-8") as f:
            results = json.load(f)
        return cls(results, text, folder if keep_folder else None)

    @property
    def config(self):
        """The study's configuration (config.json)."""
        return self.results["config"]

    @property
    def sharp_constant(self):
        """K_inf per grid point (NaN where the model has no linear-noise constant)."""
        return self.table["K_inf"]

    def as_dict(self):
        """The table as a dict of lists (JSON-friendly)."""
        return {k: v.tolist() for k, v in self.table.items()}

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"jumpflow.StudyResult(model={self.config.get('model')!r}, points={self.table['n'].size})"

    def plot(self, ax=None):
        """Draws the log-log plot of s_hat against n with its confidence bars (one line per d),
        the bound c sqrt(d/n) (dashed) and the sharp prediction K_inf / sqrt(n) (thin) where
        available, and a slope -1/2 reference, with matplotlib.

        Args:
            ax: a matplotlib Axes (None: a new figure).

        Returns:
            the Axes.
        """
        import matplotlib.pyplot as plt
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 5))
        t = self.table
        for i, d in enumerate(np.unique(t["d"])):
            sel = t["d"] == d
            n, s = t["n"][sel], t["estimate"][sel]
            err = np.vstack([s - t["ci_low"][sel], t["ci_high"][sel] - s])
            label = f"d = {d:g}" if d > 0 else "error"
            line = ax.errorbar(n, s, yerr=err, marker="o", capsize=3, label=label)
            color = line[0].get_color()
            f = np.sqrt(d / n) if d > 0 else 1.0 / np.sqrt(n)
            if np.isfinite(t["bound_c"][sel]).any():
                ax.plot(n, t["bound_c"][sel] * f, "--", color=color, label="bound c sqrt(d/n)" if i == 0 else None)
            if np.isfinite(t["K_inf_over_sqrt_n"][sel]).any():
                ax.plot(n, t["K_inf_over_sqrt_n"][sel], "-", lw=0.8, color=color,
                        label="sharp K_inf/sqrt(n)" if i == 0 else None)
        n0, s0 = t["n"][0], t["estimate"][0]
        grid = np.geomspace(t["n"].min(), t["n"].max(), 50)
        ax.plot(grid, 0.5 * s0 * np.sqrt(n0 / grid), ":", color="gray", label="slope -1/2 (reference)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("n")
        ax.set_ylabel("sqrt(E sup_t |X^n_t - x_t|^2)")
        ax.set_title(f"{self.config.get('model')}: error against n, {100 * self.config.get('level', 0.95):g}% CI")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        return ax
