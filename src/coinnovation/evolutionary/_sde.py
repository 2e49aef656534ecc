"""The engine of the stochastic replicator dynamics: arguments, gains, one Itô step, blocks of paths.

See :mod:`coinnovation.evolutionary.stochastic` for the equations and the integrators.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from scipy.special import expit

from .._util.symbolic import require_numeric
from .._util.tolerance import TOL
from ..errors import InvalidGameError, InvalidInputError, UnknownPlayerError

__all__ = [
    "MAX_VERTEX_POPULATIONS",
    "METHODS",
    "PATH_BLOCK",
    "FixedOthers",
    "Gains",
    "SDEBlocks",
    "check_dynamics",
    "check_method",
    "gain_function",
    "html_cell",
    "initial_states",
    "interval_of",
    "noise_vector",
    "one_population",
    "sde_step",
    "share_of",
    "vertex_codes",
]


PATH_BLOCK = 2048
"""Paths per random stream (fixed: results do not depend on how blocks are scheduled)."""

METHODS = ("euler_maruyama", "milstein")


MAX_VERTEX_POPULATIONS = 12


def check_dynamics(dynamics: Any, what: str) -> None:
    needed = ("state", "gains", "parameters", "populations", "n_strategies", "vertices")
    if not all(hasattr(dynamics, n) for n in needed):
        raise InvalidInputError(
            f"dynamics: expected a coinnovation.ReplicatorDynamics, got {type(dynamics).__name__}")
    require_numeric(dynamics.parameters, what)
    if any(m != 2 for m in dynamics.n_strategies):
        raise InvalidGameError(
            f"dynamics: {what} needs two strategies in every population (one share x_p each), "
            f"got {list(dynamics.n_strategies)} strategies")


def noise_vector(noise: Any, dynamics: Any) -> np.ndarray:
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


def check_method(method: Any) -> str:
    m = "euler_maruyama" if method is None else method
    if m not in METHODS:
        raise InvalidInputError(f"method: expected 'euler_maruyama' or 'milstein', got {method!r}")
    return str(m)


def initial_states(x0: Any, P: int) -> np.ndarray:
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


class Gains:
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


def gain_function(dynamics: Any) -> Gains:
    return Gains(dynamics.state, dynamics.gains)


@dataclass(frozen=True, eq=False)
class FixedOthers:
    """Population ``p``'s gain with the other shares held at ``fixed`` (picklable)."""

    gains: Gains
    fixed: np.ndarray
    p: int

    def __call__(self, x: np.ndarray) -> np.ndarray:
        X = np.repeat(self.fixed[:, None], x.size, axis=1)
        X[self.p] = x
        return self.gains(X)[self.p]


def sde_step(x: np.ndarray, g: np.ndarray, e: np.ndarray, h: float, s2h: np.ndarray | float,
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


def vertex_codes(x: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
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
class SDEBlocks:
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
            n = max(1, math.ceil((t1 - t0) / self.dt - TOL))
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
                x = sde_step(x, self.gains(x), scaled[s], h, s2h, self.milstein)
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


def html_cell(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def one_population(dynamics: Any, population: Any, others: Any, noise: Any, what: str
                    ) -> tuple[int, Any, float]:
    check_dynamics(dynamics, what)
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
                fixed[q] = share_of(v)
                seen.add(q)
            if seen != set(rest):
                raise InvalidInputError(f"others: expected shares for {[names[q] for q in rest]}")
        else:
            vals = list(np.ravel(others))
            if len(vals) != len(rest):
                raise InvalidInputError(f"others: expected {len(rest)} shares (for "
                                        f"{[names[q] for q in rest]}), got {len(vals)}")
            for q, v in zip(rest, vals, strict=True):
                fixed[q] = share_of(v)
    if isinstance(noise, Mapping):
        keys = [k for k in noise if k == names[p] or (isinstance(k, (int, np.integer))
                                                      and not isinstance(k, bool) and k == p)]
        if not keys:
            raise InvalidInputError(f"noise: no intensity for {names[p]!r}")
        sig = _sigma(noise[keys[0]])
    elif isinstance(noise, (Sequence, np.ndarray)) and not isinstance(noise, str):
        sig = float(noise_vector(noise, dynamics)[p])
    else:
        sig = _sigma(noise)
    if sig <= 0:
        raise InvalidInputError(f"noise: the splitting probability needs sigma > 0 for "
                                f"{names[p]!r}, got {sig!r}")
    return p, FixedOthers(gain_function(dynamics), fixed, p), sig


def share_of(v: Any) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"others: expected shares in [0, 1], got {v!r}")
    f = float(v)
    if not 0.0 <= f <= 1.0:
        raise InvalidInputError(f"others: shares must lie in [0, 1], got {v!r}")
    return f


def interval_of(x0: Any, low: Any, high: Any) -> tuple[float, float, float]:
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
