r"""Stochastic replicator dynamics (随机演化博弈): Itô SDEs, first passages, splitting probabilities.

Policy shocks and noisy decisions are modelled, as in the literature, by
Gaussian white noise on the payoff gain of each population (Foster & Young
1990; Fudenberg & Harris 1992; 徐岩, 胡斌, 钱任 2011):

.. math::

    dx_p = x_p(1 - x_p)\,\bigl[\Delta_p(x)\,dt + \sigma_p\,dW_p\bigr],
    \qquad p = 1, \dots, P,

in the **Itô** sense, with :math:`x_p` the share of population :math:`p`
playing strategy 0 (cooperate / active), :math:`\Delta_p = f_{p0} - f_{p1}` its
payoff gain (``ReplicatorDynamics.gains``), one noise intensity
:math:`\sigma_p` per population and independent Wiener processes
:math:`W_p`. Every population has two strategies.

Integrators (Kloeden & Platen 1992). With :math:`b_p = \sigma_p x_p(1-x_p)`:

- **Euler–Maruyama**: :math:`x_{n+1} = x_n + x_n(1-x_n)\Delta h + b\,\Delta W`,
  strong order 0.5;
- **Milstein**: adds :math:`\tfrac12 b\,b'\,(\Delta W^2 - h)` with
  :math:`b' = \sigma(1-2x)`, strong order 1.0 (the noise is diagonal and each
  :math:`b_p` depends on :math:`x_p` only, so no Lévy areas are needed).

**Staying in [0, 1].** The exact solution never reaches 0 or 1 in finite
time: in log-odds :math:`\xi = \log\frac{x}{1-x}` Itô's formula gives

.. math:: d\xi_p = \bigl[\Delta_p + \tfrac12\sigma_p^2(2x_p - 1)\bigr]dt + \sigma_p\,dW_p,

a diffusion with bounded drift and constant noise. The schemes above are
applied to :math:`x` as written (so they have their textbook orders), and a
step that would leave the open interval :math:`(0, 1)` — an event of
probability :math:`O(e^{-c/(\sigma^2 h)})` that does not affect the strong
order — is replaced, for that path and population, by the Euler step of the
log-odds equation with the same Brownian increment, which always lands inside.
Nothing is clipped. A share that is exactly 0 or 1 (a population at a
vertex) stays there, as in the SDE; a share within :math:`10^{-16}` of 1 is
stored as 1 (float resolution).

Paths are cut into fixed blocks of :data:`PATH_BLOCK`; block :math:`b` draws
its increments from ``default_rng(SeedSequence(seed).spawn(b + 1)[b])``, always
a full block per step, so a path's result depends only on the seed and its
index — not on the executor, the chunking or the number of paths.

References
----------
D. Foster, P. Young, "Stochastic evolutionary game dynamics", Theor. Popul.
Biol. 38 (1990) 219-232.
D. Fudenberg, C. Harris, "Evolutionary dynamics with aggregate shocks",
J. Econ. Theory 57 (1992) 420-441.
L. A. Imhof, "The long-run behavior of the stochastic replicator dynamics",
Ann. Appl. Probab. 15 (2005) 1019-1045.
P. E. Kloeden, E. Platen, *Numerical Solution of Stochastic Differential
Equations*, Springer (1992), ch. 10.
徐岩, 胡斌, 钱任, "基于随机演化博弈的战略联盟稳定性分析和仿真", 系统工程理论与实践
31 (2011) 920-926.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .._util.display import esc, require_pandas
from .._util.naming import profile_text
from .._util.validation import int_at_least, positive_float
from ..errors import InvalidInputError
from ._finite_sim import run_blocks
from ._sde import (
    MAX_VERTEX_POPULATIONS,
    PATH_BLOCK,
    SDEBlocks,
    check_dynamics,
    check_method,
    gain_function,
    html_cell,
    initial_states,
    noise_vector,
    vertex_codes,
)
from .simulation import output_times

MAX_SDE_STEPS = 100_000_000
"""Most time steps of one stochastic path (``t_end / dt``)."""

__all__ = ["PATH_BLOCK", "StochasticTrajectories", "simulate_sde"]




def simulate_sde(dynamics: Any, x0: Any, t_end: float, *, noise: Any, rng: Any = None,
                 method: str | None = None, dt: float | None = None, n_points: int = 201,
                 t_eval: Sequence[float] | None = None, visit_radius: float = 0.05,
                 keep_brownian: bool = False, executor: Any = None, progress: Any = None,
                 paths: int | None = None) -> StochasticTrajectories:
    r"""Simulate the Itô stochastic replicator dynamics, many paths at once (随机演化仿真).

    ``ReplicatorDynamics.simulate(x0, t_end, noise=sigma, ...)`` calls this;
    call it directly for the options it has beyond those (``keep_brownian``,
    ``executor``).

    Parameters
    ----------
    dynamics : ReplicatorDynamics
        Numeric; every population has two strategies.
    x0 : array_like, shape (n, P) or (P,)
        Initial shares of strategy 0, one row per path; with ``paths``, one
        point that every path starts from.
    t_end : float
    noise : float, sequence or mapping
        :math:`\sigma_p \ge 0`: one for all populations, one per population,
        or ``{population name: sigma}``.
    rng : None, int, SeedSequence or Generator
    method : {"euler_maruyama", "milstein"}
        Default Euler–Maruyama.
    dt : float, optional
        Largest step (default ``min(0.01, t_end / 100)``); each output
        interval is split into equal steps no longer than ``dt``.
    n_points, t_eval
        Output times, as for the deterministic ``simulate``.
    visit_radius : float
        A path is *at* a vertex when within this max-norm distance; used for
        the first-passage times (checked after every step) and as the default
        radius of :meth:`StochasticTrajectories.vertex_shares`.
    keep_brownian : bool
        Also return the Brownian paths :math:`W_p(t)` at the output times
        (to compare with a known solution).
    executor : concurrent.futures.Executor or dask client, optional
        Blocks of paths go through :func:`coinnovation.sweep`.
    progress : None, bool or callable
        As for :func:`coinnovation.sweep` (default: no bar).
    paths : int, optional
        Number of paths from the one point ``x0`` (the same as repeating it:
        ``np.tile(x0, (paths, 1))``).

    Returns
    -------
    StochasticTrajectories

    Examples
    --------
    A bistable two-party game with noise: the share of paths ending near
    each vertex.

    >>> import numpy as np, coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> paths = rd.simulate(np.tile([0.6, 0.6], (500, 1)), 30, noise=0.5, rng=1)
    >>> paths
    StochasticTrajectories(500 paths, t in [0, 30], 201 points, euler_maruyama, dt=0.01, noise [0.5, 0.5])
    >>> shares = paths.vertex_shares()
    >>> shares[(0, 0)] > shares[(1, 1)] > 0
    True
    >>> same = rd.simulate([0.6, 0.6], 30, noise=0.5, rng=1, paths=500)
    >>> bool(np.array_equal(same.reduced, paths.reduced))
    True
    """
    check_dynamics(dynamics, "simulate(noise=...)")
    sigma = noise_vector(noise, dynamics)
    m = check_method(method)
    times = output_times(t_end, n_points, t_eval)
    step = min(0.01, float(times[-1]) / 100) if dt is None else positive_float(dt, "dt")
    if times[-1] / step > MAX_SDE_STEPS:
        raise InvalidInputError(f"dt: {times[-1]:g} / {step:g} = {times[-1] / step:.3g} steps per "
                                f"path exceed the limit {MAX_SDE_STEPS:.0e}; use a larger dt")
    radius = positive_float(visit_radius, "visit_radius")
    if radius >= 0.5:
        raise InvalidInputError(f"visit_radius: expected a radius below 0.5, got {visit_radius!r}")
    P = len(dynamics.state)
    x = initial_states(x0, P)
    if paths is not None:
        paths = int_at_least(paths, "paths", 1)
        if x.shape[0] != 1:
            raise InvalidInputError(f"paths: give one starting point x0 (shape ({P},)) with "
                                    f"paths=, got {x.shape[0]} rows")
        x = np.repeat(x, paths, axis=0)
    track = P <= MAX_VERTEX_POPULATIONS
    task = SDEBlocks(gain_function(dynamics), x, sigma, times, step, m == "milstein", radius,
                      track, bool(keep_brownian))
    n = x.shape[0]
    res = run_blocks(task, "path", n, PATH_BLOCK, rng, executor, progress)
    shares = res["x"].reshape(n, times.size, P)
    brown = res["brownian"].reshape(n, times.size, P) if keep_brownian else None
    fp = res["first_passage"] if track else None
    return StochasticTrajectories(times, shares, sigma, m, step, radius,
                                  tuple(str(s) for s in dynamics.state),
                                  tuple(dynamics.populations), tuple(dynamics.vertices()),
                                  fp, brown, labels=dynamics.game.strategies)


@dataclass(frozen=True, eq=False)
class StochasticTrajectories:
    r"""Paths of the stochastic replicator dynamics (随机复制动态的仿真路径).

    Attributes
    ----------
    t : numpy.ndarray, shape (T,)
        Output times.
    reduced : numpy.ndarray, shape (n, T, P)
        Share of strategy 0 (cooperate / active) of each population, per path and time.
    noise : numpy.ndarray, shape (P,)
        :math:`\sigma_p`.
    method : str
        ``"euler_maruyama"`` or ``"milstein"``.
    dt : float
        The largest step used.
    visit_radius : float
        Max-norm distance at which a path counts as at a vertex.
    state_names, populations : tuple of str
    vertices : tuple of tuple
        The pure profiles, in the order of the columns of :attr:`first_passage`.
    first_passage : numpy.ndarray or None, shape (n, 2**P)
        First time each path came within :attr:`visit_radius` of each vertex
        (checked after every step; NaN: never). None for more than 12 populations.
    brownian : numpy.ndarray or None, shape (n, T, P)
        The Brownian paths at the output times (``keep_brownian=True``).
    labels : tuple of tuple of str
        The game's strategy labels: the summary table names each vertex by
        them (column ``label``), as every output does.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> paths = rd.simulate(np.tile([0.9, 0.9], (200, 1)), 20, noise=0.3, rng=0)
    >>> bool(np.all((paths.reduced >= 0) & (paths.reduced <= 1)))
    True
    >>> paths.reached((0, 0)) > 0.9
    True
    """

    t: np.ndarray
    reduced: np.ndarray
    noise: np.ndarray
    method: str
    dt: float
    visit_radius: float
    state_names: tuple[str, ...]
    populations: tuple[str, ...]
    vertices: tuple[tuple[int, ...], ...]
    first_passage: np.ndarray | None = field(default=None, repr=False)
    brownian: np.ndarray | None = field(default=None, repr=False)
    labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self.reduced.shape[0])

    @property
    def final(self) -> np.ndarray:
        """End states, shape ``(n, P)``."""
        return self.reduced[:, -1, :]

    def _vertex(self, vertex: Any) -> int:
        v = tuple(vertex) if isinstance(vertex, (Sequence, np.ndarray)) else None
        if v is None or v not in self.vertices:
            raise InvalidInputError(f"vertex: expected one of {list(self.vertices)}, got {vertex!r}")
        return self.vertices.index(v)

    def vertex_shares(self, radius: float | None = None) -> dict[tuple[int, ...], float]:
        """Share of paths whose end state lies within ``radius`` (max-norm) of each vertex.

        Default radius: :attr:`visit_radius`. The shares of paths near no
        vertex is :meth:`elsewhere`.
        """
        r = self.visit_radius if radius is None else positive_float(radius, "radius")
        if r >= 0.5:
            raise InvalidInputError(f"radius: expected a radius below 0.5, got {radius!r}")
        code, _ = vertex_codes(self.final.T, r)
        counts = np.bincount(code, minlength=len(self.vertices))
        return {v: float(c) / self.n_paths for v, c in zip(self.vertices, counts.tolist(),
                                                           strict=True)}

    def elsewhere(self, radius: float | None = None) -> float:
        """Share of paths whose end state is near no vertex."""
        return 1.0 - sum(self.vertex_shares(radius).values())

    def first_passage_times(self, vertex: Any) -> np.ndarray:
        """First time each path came within :attr:`visit_radius` of ``vertex`` (NaN: never)."""
        if self.first_passage is None:
            raise InvalidInputError("vertex: first passages are tracked for up to 12 populations")
        return self.first_passage[:, self._vertex(vertex)].copy()

    def reached(self, vertex: Any) -> float:
        """Share of paths that came within :attr:`visit_radius` of ``vertex`` by the end."""
        return float(np.mean(~np.isnan(self.first_passage_times(vertex))))

    def quantiles(self, q: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> np.ndarray:
        """Quantiles over paths at every time, shape ``(len(q), T, P)`` (for fan charts)."""
        qs = np.asarray(q, dtype=float)
        if qs.ndim != 1 or np.any((qs < 0) | (qs > 1)):
            raise InvalidInputError(f"q: expected probabilities in [0, 1], got {q!r}")
        return np.quantile(self.reduced, qs, axis=0)

    @cached_property
    def _summary(self) -> list[dict[str, Any]]:
        shares = self.vertex_shares()
        n = self.n_paths
        rows = []
        for v in self.vertices:
            p = shares[v]
            row: dict[str, Any] = {"vertex": v, "label": profile_text(self.labels, v),
                                   "share_at_end": p,
                "standard_error": math.sqrt(p * (1 - p) / n)}
            if self.first_passage is not None:
                fpt = self.first_passage_times(v)
                hit = ~np.isnan(fpt)
                row["reached"] = float(hit.mean())
                row["mean_first_passage"] = float(fpt[hit].mean()) if hit.any() else float("nan")
            rows.append(row)
        return rows

    def to_pandas(self) -> Any:
        """One row per vertex: share at the end, its s.e., share reached, mean first passage."""
        pd = require_pandas("StochasticTrajectories.to_pandas")
        return pd.DataFrame(self._summary)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form: settings and the per-vertex summary (paths are not included)."""
        return {"paths": self.n_paths, "t_end": float(self.t[-1]), "method": self.method,
                "dt": self.dt, "noise": self.noise.tolist(), "visit_radius": self.visit_radius,
                "vertices": [{**r, "vertex": list(r["vertex"])} for r in self._summary],
                "elsewhere": self.elsewhere()}

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{esc(k)}</th>" for k in self._summary[0])
        body = "".join("<tr>" + "".join(f"<td>{esc(html_cell(v))}</td>" for v in r.values())
                       + "</tr>" for r in self._summary)
        return f"<p>{esc(repr(self))}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return (f"StochasticTrajectories({self.n_paths} paths, t in [0, {self.t[-1]:g}], "
                f"{self.t.size} points, {self.method}, dt={self.dt:g}, noise "
                f"{[float(f'{s:.6g}') for s in self.noise]})")
