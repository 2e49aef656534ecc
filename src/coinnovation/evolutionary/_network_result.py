"""The result of :meth:`NetworkDynamics.run <coinnovation.NetworkDynamics.run>`: shares, final states,
absorption and cluster statistics of every run."""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sps

from .._util.display import esc, require_pandas
from .._util.validation import int_at_least
from ..errors import InvalidInputError

__all__ = ["NetworkResult"]


@dataclass(frozen=True, eq=False)
class NetworkResult:
    r"""Runs of network dynamics: shares over time, final states, absorption, clusters.

    Attributes
    ----------
    shares : numpy.ndarray, shape (runs, steps + 1, populations)
        Share of each population playing strategy 0 (cooperate / active) after
        each step (column order: :attr:`populations`, the game's players).
    final : numpy.ndarray of int8, shape (runs, nodes)
        Final strategy index of every node (columns: :attr:`nodes`).
    absorption_time : numpy.ndarray of int, shape (runs,)
        First step from which the state can no longer change (every
        imitation tie joins equal strategies for the Fermi rule; nobody can
        gain by imitating or best-responding for the deterministic rules),
        or -1 when the run has not been absorbed by its last step. Logit
        best responses never settle.
    nodes : tuple
        Node labels in graph order.
    populations : tuple of str
    strategies : tuple of tuple of str
        Strategy labels of each population.
    update, schedule : str

    Examples
    --------
    The prisoner's dilemma of Nowak & May (temptation 1.2) on a 10 x 10 torus:
    cooperators survive in compact clusters.

    >>> import networkx as nx, coinnovation as co
    >>> pd = co.NormalFormGame([[[1, 0], [1.2, 0]], [[1, 1.2], [0, 0]]])
    >>> torus = nx.grid_2d_graph(10, 10, periodic=True)
    >>> res = co.NetworkDynamics(pd, torus, update="imitate_best").run(40, initial=0.9, runs=3,
    ...                                                                 rng=3)
    >>> res  # doctest: +ELLIPSIS
    NetworkResult(3 runs x 40 steps, 100 nodes; imitate_best, synchronous; final share of s0: ...)
    >>> res.final_share.tolist(), res.absorption_time.tolist()
    ([0.61, 0.66, 0.71], [6, 6, 5])
    >>> res.largest_cluster.tolist(), res.assortment.round(3).tolist()
    ([61, 61, 71], [0.348, 0.332, 0.466])
    """

    shares: np.ndarray
    final: np.ndarray
    absorption_time: np.ndarray
    nodes: tuple[Any, ...]
    populations: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    update: str
    schedule: str
    _adjacency: sps.csr_array = field(repr=False)
    _population_of: np.ndarray = field(repr=False)

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.shares.shape[0])

    @property
    def steps(self) -> int:
        """Number of steps."""
        return int(self.shares.shape[1] - 1)

    @property
    def absorbed(self) -> np.ndarray:
        """``(runs,)``: whether each run was absorbed."""
        return self.absorption_time >= 0

    @property
    def final_share(self) -> np.ndarray:
        """``(runs,)``: share of all nodes playing strategy 0 at the end."""
        return np.count_nonzero(self.final == 0, axis=1) / self.final.shape[1]

    @property
    def mean_shares(self) -> np.ndarray:
        """``(steps + 1, populations)``: the shares averaged over runs."""
        return self.shares.mean(axis=0)

    def band(self, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """Central ``level`` quantile band of the shares over runs: ``(low, high)``."""
        if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
            raise InvalidInputError(f"level: expected a number in (0, 1), got {level!r}")
        q = (1 - float(level)) / 2
        return np.quantile(self.shares, q, axis=0), np.quantile(self.shares, 1 - q, axis=0)

    def cooperator_clusters(self, run: int = 0) -> np.ndarray:
        """Sizes of the connected components of nodes playing strategy 0 (largest first).

        The components are those of the subgraph of all edges between nodes
        that play strategy 0 at the end of run ``run``.
        """
        from scipy.sparse.csgraph import connected_components

        r = int_at_least(run, "run", 0)
        if r >= self.runs:
            raise InvalidInputError(f"run: expected an index below {self.runs}, got {r}")
        coop = np.flatnonzero(self.final[r] == 0)
        if coop.size == 0:
            return np.zeros(0, dtype=np.int64)
        sub = self._adjacency[coop][:, coop]
        _, labels = connected_components(sub, directed=False)
        return np.sort(np.bincount(labels))[::-1].astype(np.int64)

    @cached_property
    def largest_cluster(self) -> np.ndarray:
        """``(runs,)``: size of the largest connected cluster of strategy-0 nodes (0 if none)."""
        out = np.zeros(self.runs, dtype=np.int64)
        for r in range(self.runs):
            sizes = self.cooperator_clusters(r)
            out[r] = sizes[0] if sizes.size else 0
        return out

    @cached_property
    def assortment(self) -> np.ndarray:
        r"""``(runs,)``: assortativity of strategy 0 across edges (Newman 2003), NaN if undefined.

        With :math:`x_i = 1` for a node playing strategy 0, the Pearson
        correlation of :math:`x` at the two ends of an edge:

        .. math::

            r = \frac{\langle x_i x_j\rangle - \langle x_i\rangle^2}
                     {\langle x_i\rangle - \langle x_i\rangle^2},

        averages over both directions of every edge. 1: cooperators link only
        to cooperators; 0: as random; negative: they avoid each other. NaN when
        every edge end plays the same (no variance).

        M. E. J. Newman (2003), "Mixing patterns in networks", Phys. Rev. E 67, 026126.
        """
        a = self._adjacency
        x = (self.final == 0).astype(np.float64).T           # (N, runs)
        ax = a @ x
        deg = np.diff(a.indptr).astype(np.float64)
        m = float(a.nnz)
        s = deg @ x                                          # sum over edge ends of x
        sxy = np.einsum("ir,ir->r", x, ax)
        mean = s / m
        out = np.full(self.runs, np.nan)
        ok = (s > 0) & (s < m)
        out[ok] = (sxy[ok] / m - mean[ok] ** 2) / (mean[ok] - mean[ok] ** 2)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"shares": self.shares.tolist(), "final": self.final.tolist(),
                "absorption_time": self.absorption_time.tolist(), "nodes": list(self.nodes),
                "populations": list(self.populations),
                "strategies": [list(s) for s in self.strategies], "update": self.update,
                "schedule": self.schedule}

    def to_pandas(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: columns run, step, population, share."""
        pd = require_pandas("NetworkResult.to_pandas")
        r, t, p = self.shares.shape
        return pd.DataFrame({
            "run": np.repeat(np.arange(r), t * p),
            "step": np.tile(np.repeat(np.arange(t), p), r),
            "population": np.tile(np.asarray(self.populations, dtype=object), r * t),
            "share": self.shares.reshape(-1)})

    def _summary(self) -> list[tuple[str, float, float, float]]:
        end = self.shares[:, -1, :]
        return [(name, float(end[:, k].mean()), float(end[:, k].min()), float(end[:, k].max()))
                for k, name in enumerate(self.populations)]

    def __repr__(self) -> str:
        s0 = self.strategies[0][0] if self.strategies and self.strategies[0] else "strategy 0"
        parts = []
        for name, _mean, lo, hi in self._summary():
            parts.append(f"{name} {lo:.3g}" if lo == hi else f"{name} {lo:.3g}-{hi:.3g}")
        return (f"NetworkResult({self.runs} runs x {self.steps} steps, {self.final.shape[1]} nodes; "
                f"{self.update}, {self.schedule}; final share of {s0}: {', '.join(parts)}; "
                f"absorbed {int(self.absorbed.sum())}/{self.runs})")

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{esc(name)}</td><td>{mean:.4g}</td><td>{lo:.4g}</td><td>{hi:.4g}</td></tr>"
                       for name, mean, lo, hi in self._summary())
        return (f"<p>NetworkResult: {self.runs} runs x {self.steps} steps, {self.final.shape[1]} "
                f"nodes ({esc(self.update)}, {esc(self.schedule)}); absorbed {int(self.absorbed.sum())}/"
                f"{self.runs}</p><table><tr><th>population</th><th>final share (mean)</th>"
                f"<th>min</th><th>max</th></tr>{rows}</table>")
