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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from scipy.special import expit

from .._util.symbolic import require_numeric
from ..errors import ConvergenceError, InvalidGameError, InvalidInputError, UnknownPlayerError
from ._finite_chain import logsumexp
from ._finite_sim import run_blocks

__all__ = ["PATH_BLOCK", "SplittingEstimate", "StochasticTrajectories", "simulate_sde",
           "simulate_splitting", "splitting_probability"]

PATH_BLOCK = 2048
"""Paths per random stream (fixed: results do not depend on how blocks are scheduled)."""

_METHODS = ("euler_maruyama", "milstein")
_MAX_VERTEX_POPULATIONS = 12


# ---------------------------------------------------------------------- validation
def _check_dynamics(dynamics: Any, what: str) -> None:
    needed = ("state", "gains", "parameters", "populations", "n_strategies", "vertices")
    if not all(hasattr(dynamics, n) for n in needed):
        raise InvalidInputError(
            f"dynamics: expected a coinnovation.ReplicatorDynamics, got {type(dynamics).__name__}")
    require_numeric(dynamics.parameters, what)
    if any(m != 2 for m in dynamics.n_strategies):
        raise InvalidGameError(
            f"dynamics: {what} needs two strategies in every population (one share x_p each), "
            f"got {list(dynamics.n_strategies)} strategies")


def _noise(noise: Any, dynamics: Any) -> np.ndarray:
    names = list(dynamics.populations)
    P = len(names)
    if isinstance(noise, Mapping):
        vals = np.zeros(P)
        given = set()
        for key, v in noise.items():
            if isinstance(key, str) and key in names:
                p = names.index(key)
            elif isinstance(key, (int, np.integer)) and not isinstance(key, bool) and 0 <= key < P:
                p = int(key)
            else:
                raise InvalidInputError(f"noise: unknown population {key!r}; populations are "
                                        f"{names}")
            vals[p] = _sigma(v)
            given.add(p)
        if len(given) != P:
            missing = [names[p] for p in range(P) if p not in given]
            raise InvalidInputError(f"noise: no intensity for {missing}")
        return vals
    if isinstance(noise, (Sequence, np.ndarray)) and not isinstance(noise, str):
        vals = list(np.ravel(noise))
        if len(vals) != P:
            raise InvalidInputError(f"noise: expected one intensity per population ({P}), got "
                                    f"{len(vals)}")
        return np.array([_sigma(v) for v in vals])
    return np.full(P, _sigma(noise))


def _sigma(v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"noise: expected a non-negative number (sigma), got {v!r}")
    f = float(v)
    if not np.isfinite(f) or f < 0:
        raise InvalidInputError(f"noise: expected a finite sigma >= 0, got {v!r}")
    return f


def _positive(v: Any, name: str) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"{name}: expected a positive number, got {v!r}")
    f = float(v)
    if not np.isfinite(f) or f <= 0:
        raise InvalidInputError(f"{name}: expected a positive finite number, got {v!r}")
    return f


def _method(method: Any) -> str:
    m = "euler_maruyama" if method is None else method
    if m not in _METHODS:
        raise InvalidInputError(f"method: expected 'euler_maruyama' or 'milstein', got {method!r}")
    return str(m)


def _states(x0: Any, P: int) -> np.ndarray:
    arr = np.asarray(x0)
    if arr.dtype.kind not in "fiu" or arr.dtype == bool:
        raise InvalidInputError(f"x0: expected shares of strategy 0, shape (n, {P}), got {x0!r}")
    arr = np.atleast_2d(arr.astype(float))
    if arr.ndim != 2 or arr.shape[1] != P:
        raise InvalidInputError(f"x0: expected shares of shape (n, {P}) or ({P},), got shape "
                                f"{np.shape(x0)}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
        raise InvalidInputError("x0: shares must be finite numbers in [0, 1]")
    return arr


class _Gains:
    """The payoff gains ``(P, n)`` of shares ``(P, n)`` (picklable: compiled lazily)."""

    def __init__(self, state: Sequence[sp.Symbol], gains: Sequence[sp.Expr]) -> None:
        self.state = tuple(state)
        self.exprs = tuple(gains)
        self._f: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"state": self.state, "exprs": self.exprs, "_f": None}

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if self._f is None:
            self._f = sp.lambdify(self.state, list(self.exprs), "numpy", cse=True)
        out = np.empty(x.shape)
        for i, v in enumerate(self._f(*x)):
            out[i] = v          # broadcasts constant gains
        return out


def _gain_function(dynamics: Any) -> _Gains:
    return _Gains(dynamics.state, dynamics.gains)


@dataclass(frozen=True, eq=False)
class _FixedOthers:
    """Population ``p``'s gain with the other shares held at ``fixed`` (picklable)."""

    gains: _Gains
    fixed: np.ndarray
    p: int

    def __call__(self, x: np.ndarray) -> np.ndarray:
        X = np.repeat(self.fixed[:, None], x.size, axis=1)
        X[self.p] = x
        return self.gains(X)[self.p]


def _times(t_end: Any, n_points: Any, t_eval: Any) -> np.ndarray:
    t_end_f = _positive(t_end, "t_end")
    if t_eval is None:
        if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
            raise InvalidInputError(f"n_points: expected an integer >= 2, got {n_points!r}")
        return np.linspace(0.0, t_end_f, int(n_points))
    times = np.asarray(t_eval, dtype=float)
    if times.ndim != 1 or times.size < 2 or times[0] != 0.0 \
            or abs(times[-1] - t_end_f) > 1e-12 * t_end_f or np.any(np.diff(times) <= 0):
        raise InvalidInputError("t_eval: expected increasing times starting at 0 and ending at t_end")
    times = times.copy()
    times[-1] = t_end_f
    return times


# ---------------------------------------------------------------------- one step
def _step(x: np.ndarray, g: np.ndarray, e: np.ndarray, h: float, s2h: np.ndarray | float,
          milstein: bool) -> np.ndarray:
    r"""One Euler–Maruyama / Milstein step on the shares ``(P, n)``, with the log-odds fallback.

    ``e`` are the scaled increments :math:`\sigma\Delta W` and ``s2h`` is :math:`\sigma^2 h`
    (per population, shape ``(P, 1)``, or a float).
    """
    v = x * (1.0 - x)
    xn = x + v * (g * h + e)
    if milstein:
        xn += 0.5 * v * (1.0 - 2.0 * x) * (e * e - s2h)
    bad = (xn <= 0.0) | (xn >= 1.0)
    if bad.any():
        bad &= v > 0    # a share at exactly 0 or 1 stays there (xn == x)
        if bad.any():
            s2 = np.broadcast_to(np.asarray(s2h, dtype=float), x.shape)[bad] / h
            xb = x[bad]
            xi = np.log(xb) - np.log1p(-xb)
            xi += (g[bad] + 0.5 * s2 * (2.0 * xb - 1.0)) * h + e[bad]
            xn[bad] = expit(xi)
    return xn


def _vertex_codes(x: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """For shares ``(P, n)``: which paths are within ``radius`` of a vertex, and its index.

    Returns ``(code, cols)``: the columns (paths) near a vertex and the index of
    that vertex among the lexicographic profiles (strategy index 0 is share 1).
    """
    near = np.minimum(x, 1.0 - x).max(axis=0) <= radius
    cols = np.flatnonzero(near)
    P = x.shape[0]
    weights = (2 ** np.arange(P - 1, -1, -1))[:, None]
    code = ((x[:, cols] < 0.5) * weights).sum(axis=0)
    return code, cols


@dataclass(frozen=True, eq=False)
class _SDEBlocks:
    """One block of paths integrated together (picklable). Shares are stored as ``(P, n)``."""

    gains: Any
    x0: np.ndarray
    sigma: np.ndarray
    times: np.ndarray
    dt: float
    milstein: bool
    radius: float
    track_vertices: bool
    keep_brownian: bool

    def __call__(self, path: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        k = path.size
        P = self.x0.shape[1]
        x = np.ascontiguousarray(self.x0[path].T)
        sigma = self.sigma[:, None]
        nt = self.times.size
        out = np.empty((nt, P, k))
        out[0] = x
        W = np.zeros((P, k))
        brown = np.zeros((nt, P, k)) if self.keep_brownian else None
        fp = None
        last = np.full(k, -1)
        weights = (2 ** np.arange(P - 1, -1, -1)).astype(float)
        if self.track_vertices:
            fp = np.full((2 ** P, k), np.nan)
            last = self._passage(fp, x, 0.0, last, weights)
        for i in range(1, nt):
            t0, t1 = self.times[i - 1], self.times[i]
            n = max(1, math.ceil((t1 - t0) / self.dt - 1e-9))
            h = (t1 - t0) / n
            # a full block of increments per step: a path's noise depends only on its index
            noise = rng.standard_normal((n, P, PATH_BLOCK))[:, :, :k]
            noise *= math.sqrt(h)
            if brown is not None:
                scaled = noise * sigma[None]
            else:
                noise *= sigma[None]
                scaled = noise
            s2h = sigma * sigma * h
            for s in range(n):
                x = _step(x, self.gains(x), scaled[s], h, s2h, self.milstein)
                if brown is not None:
                    W += noise[s]
                if fp is not None:
                    last = self._passage(fp, x, t0 + (s + 1) * h, last, weights)
            out[i] = x
            if brown is not None:
                brown[i] = W
        res = {"x": out.transpose(2, 0, 1).reshape(k, -1)}
        if fp is not None:
            res["first_passage"] = fp.T
        if brown is not None:
            res["brownian"] = brown.transpose(2, 0, 1).reshape(k, -1)
        return res

    def _passage(self, fp: np.ndarray, x: np.ndarray, t: float, last: np.ndarray,
                 weights: np.ndarray) -> np.ndarray:
        """Record first entries into a vertex's box; ``last``: each path's box before (-1: none).

        Only paths whose box changed are looked at, so converged paths cost nothing.
        """
        near = np.minimum(x, 1.0 - x).max(axis=0) <= self.radius
        code = weights @ (x < 0.5)
        cur = np.where(near, code, -1.0).astype(np.int64)
        moved = np.flatnonzero((cur != last) & near)
        if moved.size:
            rows = cur[moved]
            new = np.isnan(fp[rows, moved])
            fp[rows[new], moved[new]] = t
        return cur


def simulate_sde(dynamics: Any, x0: Any, t_end: float, *, noise: Any, rng: Any = None,
                 method: str | None = None, dt: float | None = None, n_points: int = 201,
                 t_eval: Sequence[float] | None = None, visit_radius: float = 0.05,
                 keep_brownian: bool = False, executor: Any = None, progress: Any = None
                 ) -> StochasticTrajectories:
    r"""Simulate the Itô stochastic replicator dynamics, many paths at once (随机演化仿真).

    ``ReplicatorDynamics.simulate(x0, t_end, noise=sigma, ...)`` calls this;
    call it directly for the options it has beyond those (``keep_brownian``,
    ``executor``).

    Parameters
    ----------
    dynamics : ReplicatorDynamics
        Numeric; every population has two strategies.
    x0 : array_like, shape (n, P) or (P,)
        Initial shares of strategy 0, one row per path (repeat a row for many
        paths from one point: ``np.tile(x, (10_000, 1))``).
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
    """
    _check_dynamics(dynamics, "simulate(noise=...)")
    sigma = _noise(noise, dynamics)
    m = _method(method)
    times = _times(t_end, n_points, t_eval)
    step = min(0.01, float(times[-1]) / 100) if dt is None else _positive(dt, "dt")
    radius = _positive(visit_radius, "visit_radius")
    if radius >= 0.5:
        raise InvalidInputError(f"visit_radius: expected a radius below 0.5, got {visit_radius!r}")
    P = len(dynamics.state)
    x = _states(x0, P)
    track = P <= _MAX_VERTEX_POPULATIONS
    task = _SDEBlocks(_gain_function(dynamics), x, sigma, times, step, m == "milstein", radius,
                      track, bool(keep_brownian))
    n = x.shape[0]
    res = run_blocks(task, "path", n, PATH_BLOCK, rng, executor, progress)
    shares = res["x"].reshape(n, times.size, P)
    brown = res["brownian"].reshape(n, times.size, P) if keep_brownian else None
    fp = res["first_passage"] if track else None
    return StochasticTrajectories(times, shares, sigma, m, step, radius,
                                  tuple(str(s) for s in dynamics.state),
                                  tuple(dynamics.populations), tuple(dynamics.vertices()),
                                  fp, brown)


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
        r = self.visit_radius if radius is None else _positive(radius, "radius")
        if r >= 0.5:
            raise InvalidInputError(f"radius: expected a radius below 0.5, got {radius!r}")
        code, _ = _vertex_codes(self.final.T, r)
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
            row: dict[str, Any] = {"vertex": v, "paper": "(" + ", ".join(str(1 - a) for a in v[
                :len(self.populations)]) + ")", "share_at_end": p,
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
        try:
            import pandas as pd  # optional dependency, imported only for this table
        except ImportError as exc:  # pragma: no cover - pandas is in the dev extra
            raise ImportError("StochasticTrajectories.to_pandas needs pandas") from exc
        return pd.DataFrame(self._summary)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form: settings and the per-vertex summary (paths are not included)."""
        return {"paths": self.n_paths, "t_end": float(self.t[-1]), "method": self.method,
                "dt": self.dt, "noise": self.noise.tolist(), "visit_radius": self.visit_radius,
                "vertices": [{**r, "vertex": list(r["vertex"])} for r in self._summary],
                "elsewhere": self.elsewhere()}

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{k}</th>" for k in self._summary[0])
        body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in r.values()) + "</tr>"
                       for r in self._summary)
        return f"<p>{self!r}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return (f"StochasticTrajectories({self.n_paths} paths, t in [0, {self.t[-1]:g}], "
                f"{self.t.size} points, {self.method}, dt={self.dt:g}, noise "
                f"{[float(f'{s:.6g}') for s in self.noise]})")


def _cell(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


# ---------------------------------------------------------------------- one population, others fixed
def _one_population(dynamics: Any, population: Any, others: Any, noise: Any, what: str
                    ) -> tuple[int, Any, float]:
    _check_dynamics(dynamics, what)
    names = list(dynamics.populations)
    P = len(names)
    if isinstance(population, str) and population in names:
        p = names.index(population)
    elif isinstance(population, (int, np.integer)) and not isinstance(population, bool) \
            and 0 <= population < P:
        p = int(population)
    else:
        raise UnknownPlayerError(f"population: unknown population {population!r}; populations "
                                 f"are {names}")
    fixed = np.zeros(P)
    rest = [q for q in range(P) if q != p]
    if not rest:
        if others is not None:
            raise InvalidInputError("others: a single population has no other populations")
    else:
        if others is None:
            raise InvalidInputError(f"others: give the shares at which {[names[q] for q in rest]} "
                                    "are held fixed")
        if isinstance(others, Mapping):
            seen = set()
            for key, v in others.items():
                q = names.index(key) if isinstance(key, str) and key in names else (
                    [str(s) for s in dynamics.state].index(str(key))
                    if str(key) in [str(s) for s in dynamics.state] else None)
                if q is None and isinstance(key, (int, np.integer)) and not isinstance(key, bool):
                    q = int(key) if 0 <= key < P else None
                if q is None or q == p:
                    raise InvalidInputError(f"others: {key!r} is not another population")
                fixed[q] = _share(v)
                seen.add(q)
            if seen != set(rest):
                raise InvalidInputError(f"others: expected shares for {[names[q] for q in rest]}")
        else:
            vals = list(np.ravel(others))
            if len(vals) != len(rest):
                raise InvalidInputError(f"others: expected {len(rest)} shares (for "
                                        f"{[names[q] for q in rest]}), got {len(vals)}")
            for q, v in zip(rest, vals, strict=True):
                fixed[q] = _share(v)
    if isinstance(noise, Mapping):
        keys = [k for k in noise if k == names[p] or (isinstance(k, (int, np.integer))
                                                      and not isinstance(k, bool) and k == p)]
        if not keys:
            raise InvalidInputError(f"noise: no intensity for {names[p]!r}")
        sig = _sigma(noise[keys[0]])
    elif isinstance(noise, (Sequence, np.ndarray)) and not isinstance(noise, str):
        sig = float(_noise(noise, dynamics)[p])
    else:
        sig = _sigma(noise)
    if sig <= 0:
        raise InvalidInputError(f"noise: the splitting probability needs sigma > 0 for "
                                f"{names[p]!r}, got {sig!r}")
    return p, _FixedOthers(_gain_function(dynamics), fixed, p), sig


def _share(v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"others: expected shares in [0, 1], got {v!r}")
    f = float(v)
    if not 0.0 <= f <= 1.0:
        raise InvalidInputError(f"others: shares must lie in [0, 1], got {v!r}")
    return f


def _interval(x0: Any, low: Any, high: Any) -> tuple[float, float, float]:
    vals = []
    for name, v in (("x0", x0), ("low", low), ("high", high)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer,
                                                                 np.floating)):
            raise InvalidInputError(f"{name}: expected a share in (0, 1), got {v!r}")
        vals.append(float(v))
    x, lo, hi = vals
    if not 0.0 < lo < hi < 1.0:
        raise InvalidInputError(f"low, high: expected 0 < low < high < 1, got low={low!r}, "
                                f"high={high!r}")
    if not lo <= x <= hi:
        raise InvalidInputError(f"x0: expected low <= x0 <= high, got {x0!r}")
    return x, lo, hi


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(16)


def _log_scale_integral(gain: Any, c: float, a: float, b: float, panels: int) -> tuple[float, float]:
    r"""``log S(b)`` and ``log S(c)`` in log-odds, ``a < c < b``, with ``panels`` per side."""
    def side(lo: float, hi: float, phi0: float) -> tuple[np.ndarray, float]:
        edges = np.linspace(lo, hi, panels + 1)
        half = (edges[1:] - edges[:-1]) / 2
        mid = (edges[1:] + edges[:-1]) / 2
        nodes = mid[:, None] + half[:, None] * _GL_NODES[None, :]            # (M, 16)
        dphi = 2.0 * gain(expit(nodes.ravel())).reshape(nodes.shape)          # phi' in xi
        panel_int = (half[:, None] * _GL_WEIGHTS[None, :] * dphi).sum(axis=1)
        starts = phi0 + np.concatenate(([0.0], np.cumsum(panel_int)[:-1]))
        # phi at each node: its panel's start plus the integral from the start to the node
        sub_half = (nodes - edges[:-1, None]) / 2                             # (M, 16)
        sub_nodes = (edges[:-1, None, None] + sub_half[:, :, None]
                     * (1.0 + _GL_NODES[None, None, :]))                      # (M, 16, 16)
        sub = 2.0 * gain(expit(sub_nodes.ravel())).reshape(sub_nodes.shape)
        phi = starts[:, None] + (sub_half[:, :, None] * _GL_WEIGHTS[None, None, :] * sub).sum(
            axis=2)
        # log of exp(-phi) * x(1 - x) times the weights
        logx = -np.logaddexp(0.0, -nodes)
        log1mx = -np.logaddexp(0.0, nodes)
        with np.errstate(divide="ignore"):   # a zero-width panel (rounding) contributes 0
            terms = np.log(half[:, None] * _GL_WEIGHTS[None, :]) - phi + logx + log1mx
        return terms.ravel(), float(phi0 + panel_int.sum())

    left, phi_c = side(a, c, 0.0) if c > a else (np.array([-np.inf]), 0.0)
    right, _ = side(c, b, phi_c) if b > c else (np.array([-np.inf]), phi_c)
    log_sc = float(logsumexp(left))
    log_sb = float(np.logaddexp(log_sc, logsumexp(right)))
    return log_sb, log_sc


def splitting_probability(dynamics: Any, x0: float, low: float, high: float, *, noise: Any,
                          population: Any = 0, others: Any = None) -> float:
    r"""Probability that :math:`x` reaches ``high`` before ``low`` (分岔/逃逸概率), from the scale function.

    For one two-strategy population :math:`p` with the other populations
    held at the shares ``others``, the diffusion
    :math:`dx = x(1-x)[\Delta(x)\,dt + \sigma\,dW]` (Itô) has scale density
    :math:`s'(x) = \exp\bigl(-\int^x 2\Delta(y)/(\sigma^2 y(1-y))\,dy\bigr)`, and
    (Karlin & Taylor 1981, ch. 15)

    .. math::

        P_{x_0}(\tau_{high} < \tau_{low}) = \frac{S(x_0) - S(low)}{S(high) - S(low)},
        \qquad S(x) = \int^x s'(u)\,du .

    Both integrals are computed in log-odds :math:`\xi`, where
    :math:`\int 2\Delta/(\sigma^2 y(1-y))\,dy = \int 2\Delta/\sigma^2\,d\xi`, by
    composite 16-point Gauss–Legendre quadrature with the panels doubled until
    the probability changes by less than :math:`10^{-12}`; the outer
    integral is summed in log space, so strong selection or weak noise
    (:math:`2\Delta/\sigma^2` in the hundreds) neither overflows nor loses
    digits.

    Parameters
    ----------
    dynamics : ReplicatorDynamics
        Numeric, two strategies per population.
    x0, low, high : float
        ``0 < low <= x0 <= high < 1``.
    noise : float, sequence or mapping
        :math:`\sigma` of the population (or one per population, as for
        :func:`simulate_sde`); must be positive.
    population : int or str
    others : sequence or mapping, optional
        Shares of strategy 0 of the other populations (required when there are any).

    Examples
    --------
    With no payoff gain the share is a martingale: the probability is linear.

    >>> import coinnovation as co
    >>> flat = co.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]])
    >>> rd = co.ReplicatorDynamics(flat, population="single")
    >>> round(rd.splitting_probability(0.4, 0.2, 0.8, noise=0.5), 12)
    0.333333333333
    """
    x, lo, hi = _interval(x0, low, high)
    _, gain, sig = _one_population(dynamics, population, others, noise, "splitting_probability")
    if x == lo:
        return 0.0
    if x == hi:
        return 1.0
    a, c, b = (math.log(v) - math.log1p(-v) for v in (lo, x, hi))

    def g(u: np.ndarray) -> np.ndarray:
        return gain(u) / (sig * sig)

    prev = None
    panels = 8
    while panels <= 4096:
        log_sb, log_sc = _log_scale_integral(g, c, a, b, panels)
        prob = math.exp(log_sc - log_sb)
        if prev is not None and abs(prob - prev) <= 1e-12:
            return prob
        prev = prob
        panels *= 2
    raise ConvergenceError("splitting_probability: the quadrature did not settle to 1e-12 with "
                           "4096 panels (is the gain function smooth on [low, high]?)")


# ---------------------------------------------------------------------- simulated exits
@dataclass(frozen=True, eq=False)
class _ExitBlocks:
    gain: Any
    x0: float
    low: float
    high: float
    sigma: float
    dt: float
    milstein: bool
    t_max: float

    def __call__(self, path: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        k = path.size
        hit = np.zeros(k, dtype=np.int8)          # +1 high, -1 low, 0 inside
        when = np.full(k, np.nan)
        idx = np.arange(k)                        # paths still inside
        xa = np.full(k, self.x0)
        h = self.dt
        sq = math.sqrt(h)
        n_steps = 0
        chunk = 64
        while idx.size and n_steps * h < self.t_max:
            # increments for a full block and a chunk of steps: independent of which paths remain
            Z = rng.standard_normal((chunk, PATH_BLOCK))
            U = rng.random((chunk, 2, PATH_BLOCK))
            for s in range(chunk):
                if not idx.size or n_steps * h >= self.t_max:
                    break
                e = Z[s, idx] * (self.sigma * sq)
                xn = _step(xa[None, :], self.gain(xa)[None, :], e[None, :], h,
                           self.sigma * self.sigma * h, self.milstein)[0]
                n_steps += 1
                up = xn >= self.high
                down = xn <= self.low
                # Brownian-bridge check for a crossing between the step ends (local noise b)
                b2 = (self.sigma * xa * (1.0 - xa)) ** 2 * h
                with np.errstate(over="ignore", under="ignore", divide="ignore"):
                    p_up = np.exp(-2.0 * (self.high - xa) * (self.high - xn) / b2)
                    p_dn = np.exp(-2.0 * (xa - self.low) * (xn - self.low) / b2)
                up |= ~down & (U[s, 0, idx] < p_up)
                down |= ~up & (U[s, 1, idx] < p_dn)
                out = up | down
                if out.any():
                    t = n_steps * h
                    hit[idx[up]] = 1
                    hit[idx[down]] = -1
                    when[idx[out]] = t
                    keep = ~out
                    idx = idx[keep]
                    xa = xn[keep]
                else:
                    xa = xn
        if idx.size:
            raise ConvergenceError(f"t_max: {idx.size} of {k} paths had not left ({self.low:g}, "
                                   f"{self.high:g}) by t = {self.t_max:g}; raise t_max")
        return {"high": hit == 1, "time": when}


@dataclass(frozen=True, eq=False)
class SplittingEstimate:
    r"""Monte-Carlo estimate of a splitting probability (with its standard error).

    Attributes
    ----------
    probability : float
        Share of paths that reached ``high`` before ``low``.
    standard_error : float
        :math:`\sqrt{p(1-p)/n}`.
    paths : int
    mean_exit_time : float
        Mean time to leave ``(low, high)``.
    x0, low, high : float
    population : str
    method : str
    dt : float

    Examples
    --------
    >>> import coinnovation as co
    >>> flat = co.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]])
    >>> rd = co.ReplicatorDynamics(flat, population="single")
    >>> from coinnovation.evolutionary.stochastic import simulate_splitting
    >>> est = simulate_splitting(rd, 0.4, 0.2, 0.8, noise=2.0, paths=2000, dt=0.01, rng=3)
    >>> abs(est.probability - 1 / 3) < 3 * est.standard_error
    True
    """

    probability: float
    standard_error: float
    paths: int
    mean_exit_time: float
    x0: float
    low: float
    high: float
    population: str
    method: str
    dt: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {k: getattr(self, k) for k in ("probability", "standard_error", "paths",
                                              "mean_exit_time", "x0", "low", "high",
                                              "population", "method", "dt")}

    def __repr__(self) -> str:
        return (f"SplittingEstimate(P(high first) = {self.probability:.4f} ± "
                f"{self.standard_error:.4f}, {self.paths} paths, mean exit time "
                f"{self.mean_exit_time:.4g})")


def simulate_splitting(dynamics: Any, x0: float, low: float, high: float, *, noise: Any,
                       population: Any = 0, others: Any = None, paths: int = 10_000,
                       dt: float = 1e-3, method: str | None = "milstein", rng: Any = None,
                       t_max: float = 1e4, executor: Any = None, progress: Any = None
                       ) -> SplittingEstimate:
    r"""Simulate the exit of one population's share from ``(low, high)``, others fixed.

    The Monte-Carlo counterpart of :func:`splitting_probability`: paths of
    :math:`dx = x(1-x)[\Delta(x)dt + \sigma dW]` (Milstein by default) from
    ``x0`` until they leave the interval; a crossing between two steps is
    detected with the Brownian-bridge probability
    :math:`\exp(-2 d_0 d_1 / (b^2 h))` (distances :math:`d` to the barrier at the
    two step ends, local noise :math:`b = \sigma x(1-x)`; Glasserman 2004,
    §6.4), which removes the :math:`O(\sqrt h)` bias of checking only at the
    steps.

    Parameters
    ----------
    paths : int
    dt : float
        Step size.
    t_max : float
        Paths still inside at ``t_max`` raise
        :class:`~coinnovation.errors.ConvergenceError`.
    rng, executor, progress
        As for :func:`simulate_sde` (paths in seeded blocks).

    Returns
    -------
    SplittingEstimate
    """
    x, lo, hi = _interval(x0, low, high)
    p, gain, sig = _one_population(dynamics, population, others, noise, "simulate_splitting")
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)) or paths < 1:
        raise InvalidInputError(f"paths: expected a positive integer, got {paths!r}")
    m = _method(method)
    if x in (lo, hi):
        return SplittingEstimate(float(x == hi), 0.0, int(paths), 0.0, x, lo, hi,
                                 str(dynamics.populations[p]), m, float(dt))
    task = _ExitBlocks(gain, x, lo, hi, sig, _positive(dt, "dt"), m == "milstein",
                       _positive(t_max, "t_max"))
    res = run_blocks(task, "path", int(paths), PATH_BLOCK, rng, executor, progress)
    prob = float(np.mean(res["high"]))
    return SplittingEstimate(prob, math.sqrt(prob * (1 - prob) / int(paths)), int(paths),
                             float(np.mean(res["time"])), x, lo, hi,
                             str(dynamics.populations[p]), m, float(dt))
