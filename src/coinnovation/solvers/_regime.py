r"""Regime maps: which equilibrium / ESS set holds at each point of a two-parameter grid.

The conditions of every pure profile (:func:`coinnovation.nash_conditions`)
are compiled once with :func:`sympy.lambdify` and evaluated on the whole grid
with numpy broadcasting — no Python loop per point. Each distinct deviation
gain is evaluated once (a gain and its negative, which the two ends of an
edge of the strategy space share, once together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .._tolerance import TOL
from ..errors import InvalidInputError, SymbolicNotSupported
from ..sweep import sweep
from .regions import _as_game, _as_parameter, _substitute

__all__ = ["RegimeMap", "regime_map"]

_MAP_CRITERIA = ("ess", "strict_nash", "nash")
_MAX_PROFILES = 62


@dataclass(frozen=True, eq=False)
class RegimeMap:
    """Which set of profiles satisfies a criterion at each grid point (a regime map).

    Attributes
    ----------
    x_parameter, y_parameter : sympy.Symbol
        The parameters on the two axes.
    x, y : numpy.ndarray
        The grid values (1-D).
    labels : numpy.ndarray
        Integer array of shape ``(len(y), len(x))``: ``labels[j, i]`` indexes
        :attr:`regimes` at ``(x[i], y[j])`` (rows follow ``y``, as an image).
    regimes : tuple of tuple of tuple of int
        The distinct sets of profiles met on the grid (each a tuple of pure
        profiles in lexicographic order; ``()`` is "none": e.g. no ESS).
    criterion : str
        ``"ess"``, ``"strict_nash"`` or ``"nash"``.
    profiles : tuple of tuple of int
        The profiles tested, in lexicographic order.
    """

    x_parameter: sp.Symbol
    y_parameter: sp.Symbol
    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    regimes: tuple[tuple[tuple[int, ...], ...], ...]
    criterion: str
    profiles: tuple[tuple[int, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        """``(len(y), len(x))``."""
        return (int(self.labels.shape[0]), int(self.labels.shape[1]))

    def regime_at(self, x: float, y: float) -> tuple[tuple[int, ...], ...]:
        """The regime at the grid point nearest to ``(x, y)``."""
        i = int(np.argmin(np.abs(self.x - float(x))))
        j = int(np.argmin(np.abs(self.y - float(y))))
        return self.regimes[int(self.labels[j, i])]

    def mask(self, profile: Sequence[int]) -> np.ndarray:
        """Boolean array (shape :attr:`shape`): where ``profile`` belongs to the regime."""
        prof = tuple(int(a) for a in profile)
        if prof not in self.profiles:
            raise InvalidInputError(f"profile: {prof} is not a profile of the game "
                                    f"(profiles: {list(self.profiles)})")
        inside = np.array([prof in r for r in self.regimes], dtype=bool)
        return inside[self.labels]

    def counts(self) -> dict[tuple[tuple[int, ...], ...], int]:
        """Number of grid points in each regime."""
        c = np.bincount(self.labels.ravel(), minlength=len(self.regimes))
        return {r: int(c[k]) for k, r in enumerate(self.regimes)}

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form (lists)."""
        return {"x_parameter": str(self.x_parameter), "y_parameter": str(self.y_parameter),
                "x": self.x.tolist(), "y": self.y.tolist(), "labels": self.labels.tolist(),
                "regimes": [[list(p) for p in r] for r in self.regimes],
                "criterion": self.criterion}

    def __repr__(self) -> str:
        parts = ", ".join(f"{list(r) or 'none'}: {n}" for r, n in self.counts().items())
        return (f"RegimeMap({self.criterion}; {self.x_parameter} x {self.y_parameter} on a "
                f"{self.shape[1]}x{self.shape[0]} grid; {parts})")


def _axis(values: Any, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name}: expected a 1-D array of numbers") from None
    if arr.ndim != 1 or arr.size < 1:
        raise InvalidInputError(f"{name}: expected a non-empty 1-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidInputError(f"{name}: values must be finite")
    return arr


def _positive(value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"chunk_size: expected a positive integer, got {value!r}")
    return int(value)


def _pair(axis: Any, name: str) -> tuple[Any, Any]:
    if not isinstance(axis, (tuple, list)) or len(axis) != 2:
        raise InvalidInputError(f"{name}: expected a pair (parameter, values)")
    return axis[0], axis[1]


_COMPILED: dict[tuple[sp.Expr, sp.Symbol, sp.Symbol], Any] = {}


def _compiled(e: sp.Expr, px: sp.Symbol, py: sp.Symbol) -> Any:
    """``lambdify`` once per expression and process (chunks on a worker share it)."""
    key = (e, px, py)
    f = _COMPILED.get(key)
    if f is None:
        if len(_COMPILED) >= 4096:
            _COMPILED.clear()
        f = _COMPILED[key] = sp.lambdify((px, py), e, modules="numpy")
    return f


@dataclass(frozen=True)
class _RegimeCodes:
    """Bit ``b`` of the code of a point: profile ``b`` meets the criterion there.

    Picklable (sympy payoffs, no compiled code), so that :func:`coinnovation.sweep`
    can ship it to workers; called by the sweep on chunks of rows (values of
    ``y``), each evaluated on the broadcast grid ``rows x xs``.
    """

    u: np.ndarray
    shape: tuple[int, ...]
    profiles: tuple[tuple[int, ...], ...]
    px: sp.Symbol
    py: sp.Symbol
    criterion: str
    tol: float
    code_type: type
    xs: np.ndarray

    def __call__(self, y: np.ndarray) -> dict[str, np.ndarray]:
        """Run-length encoded codes of whole rows of the grid, one ``(codes, lengths)`` per row.

        Regions are contiguous, so a row has few runs: workers send back a few
        numbers per row instead of one code per point.
        """
        nx = self.xs.size
        flat = self.codes(self.xs[None, :], y[:, None], (y.size, nx)).ravel()
        brk = np.ones(flat.size, dtype=bool)
        np.not_equal(flat[1:], flat[:-1], out=brk[1:])
        brk[::nx] = True
        starts = np.flatnonzero(brk)
        lengths = np.diff(np.append(starts, flat.size))
        cut = np.searchsorted(starts, np.arange(1, y.size) * nx)
        runs = np.empty(y.size, dtype=object)
        for r, (v, n) in enumerate(zip(np.split(flat[starts], cut), np.split(lengths, cut),
                                       strict=True)):
            runs[r] = (v, n)
        return {"runs": runs}

    def __post_init__(self) -> None:
        # The evaluation plan, built once here (in the calling process) and pickled with the
        # object: the distinct expanded expressions, those that set the tolerance scale, and
        # for each profile the (expression, sign) of every deviation loss. Chunks on workers
        # then run numpy only — no sympy work per chunk, so threads and processes scale.
        exprs: list[sp.Expr] = []
        index: dict[sp.Expr, int] = {}

        def ref(expr: sp.Expr) -> tuple[int, int]:
            e = sp.expand(expr)
            if e in index:
                return index[e], 1
            if -e in index:
                return index[-e], -1
            index[e] = len(exprs)
            exprs.append(e)
            return index[e], 1

        u = self.u
        scale_idx = tuple(sorted({ref(v)[0] for v in u.ravel().tolist()}))
        plan = []
        for prof in self.profiles:
            losses = []
            for i in range(len(self.shape)):
                own = u[(i, *prof)]
                for k in range(self.shape[i]):
                    if k != prof[i]:
                        losses.append(ref(own - u[(i, *prof[:i], k, *prof[i + 1:])]))
            plan.append(tuple(losses))
        object.__setattr__(self, "_exprs", tuple(exprs))
        object.__setattr__(self, "_scale_idx", scale_idx)
        object.__setattr__(self, "_plan", tuple(plan))

    def codes(self, X: np.ndarray, Y: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        """Codes on the points ``(X, Y)`` (arrays broadcasting to ``shape``)."""
        px, py, code_type = self.px, self.py, self.code_type
        exprs: tuple[sp.Expr, ...] = self._exprs  # type: ignore[attr-defined]
        values: dict[int, np.ndarray] = {}

        def evaluate(k: int) -> np.ndarray:
            out = values.get(k)
            if out is None:
                e = exprs[k]
                if e.is_number:
                    out = np.full((1,) * len(shape), float(e))
                else:
                    out = np.asarray(_compiled(e, px, py)(X, Y), dtype=float)  # broadcasts
                values[k] = out
            return out

        scale = np.ones(shape)
        for k in self._scale_idx:  # type: ignore[attr-defined]
            np.maximum(scale, np.abs(evaluate(k)), out=scale)
        atol = self.tol * scale
        if self.criterion == "nash":
            atol = -atol
        neg_atol = -atol
        # loss = sign * value; "nash": loss >= atol (atol <= 0 here), else loss > atol
        above = np.greater_equal if self.criterion == "nash" else np.greater
        below = np.less_equal if self.criterion == "nash" else np.less
        codes = np.zeros(shape, dtype=code_type)
        ok = np.empty(shape, dtype=bool)
        tmp = np.empty(shape, dtype=bool)
        for b, losses in enumerate(self._plan):  # type: ignore[attr-defined]
            ok.fill(True)
            for k, sign in losses:
                if sign > 0:
                    above(evaluate(k), atol, out=tmp)
                else:
                    below(evaluate(k), neg_atol, out=tmp)
                ok &= tmp
            codes |= ok.view(np.uint8).astype(code_type) << code_type(b)
        return codes


def regime_map(game: Any, x: tuple[Any, Any], y: tuple[Any, Any], *, criterion: str = "ess",
               values: Mapping[Any, Any] | None = None, tol: float | None = None,
               executor: Any = None, chunk_size: int | None = None,
               progress: Any = None) -> RegimeMap:
    r"""Regime map: the set of ESS (or pure equilibria) at every point of a 2-parameter grid.

    At each grid point :math:`(x_i, y_j)` the pure profile :math:`a` is in
    the regime when, for every player :math:`p` and strategy :math:`k \ne a_p`,

    .. math::

        u_p(a) - u_p(k, a_{-p}) > \tau \quad (\text{"ess"}, \text{"strict\_nash"}),\qquad
        u_p(a) - u_p(k, a_{-p}) \ge -\tau \quad (\text{"nash"}),

    with the library tolerance :math:`\tau = \mathrm{TOL}\cdot\max(1, \max|u|)`
    at that point — the same decision as :func:`coinnovation.pure_nash_equilibria`
    and :func:`coinnovation.evolutionarily_stable_states` on the substituted
    game. In multi-population replicator dynamics the ESS are exactly the
    strict equilibria (演化稳定策略; Selten 1980), so the "ess" map shows
    where cooperation, defection, or nothing (wandering, 周期振荡) is stable.

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
        Its free symbols must be the two parameters (others: pass ``values``).
    x, y : (parameter, values)
        A parameter (symbol or name) and its 1-D grid values.
    criterion : {"ess", "strict_nash", "nash"}
    values : mapping, optional
        Numbers for the other symbols.
    tol : float, optional
        Relative tolerance (default :data:`coinnovation.TOL`).
    executor, chunk_size, progress : optional
        Given any of them, the grid is evaluated by
        :func:`coinnovation.sweep` in chunks of whole rows (values of ``y``) of
        about ``chunk_size`` points on ``executor`` (any
        :class:`concurrent.futures.Executor` or a dask.distributed client);
        a ``progress(done_points, total_points)`` callable is called after each
        chunk. The map is the same as the one-process map.

    Returns
    -------
    RegimeMap

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when symbols other than the two parameters are left (named).

    Examples
    --------
    The tripartite government–enterprise–university game (政产学研) over the
    two subsidies: cooperation is an ESS inside the window
    :math:`S_E > 1, S_U > 1, S_E + S_U < 6`; far above it no profile is an
    ESS (the government withdraws, firms defect, the government returns...).

    >>> import numpy as np, coinnovation as co
    >>> from coinnovation.models import TRIPARTITE_TYPICAL
    >>> g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)
    >>> m = co.regime_map(g, ("S_E", np.linspace(0, 6, 61)), ("S_U", np.linspace(0, 6, 61)))
    >>> m.regime_at(2, 2), m.regime_at(0.5, 0.5), m.regime_at(4.5, 4.5)
    (((0, 0, 0), (1, 1, 0)), ((1, 1, 0),), ())
    >>> bool(m.mask((0, 0, 0))[20, 20]), bool(m.mask((0, 0, 0))[40, 30])
    (True, False)

    The same map in chunks of 500 points on two threads:

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as ex:
    ...     m2 = co.regime_map(g, ("S_E", np.linspace(0, 6, 61)), ("S_U", np.linspace(0, 6, 61)),
    ...                        executor=ex, chunk_size=500)
    >>> bool(np.array_equal(m2.labels, m.labels)) and m2.regimes == m.regimes
    True
    """
    g = _as_game(game)
    if not isinstance(criterion, str) or criterion not in _MAP_CRITERIA:
        raise InvalidInputError(
            f"criterion: regime maps take one of {', '.join(_MAP_CRITERIA)}, got {criterion!r}")
    (px_in, xv), (py_in, yv) = _pair(x, "x"), _pair(y, "y")
    if values:
        if isinstance(values, Mapping) and any(str(k) == str(py_in) for k in values):
            raise InvalidInputError(f"values: sets the parameter {py_in} itself")
        g = _substitute(g, values, keep=px_in)
    px = _as_parameter(g, px_in)
    py = _as_parameter(g, py_in)
    if px == py:
        raise InvalidInputError(f"y: the same parameter as x ({px})")
    others = g.free_symbols - {px, py}
    if others:
        raise SymbolicNotSupported(
            "regime_map is numeric only, but symbols other than the two parameters are left: "
            + ", ".join(sorted(map(str, others))) + "; pass numbers for them with values={...}")
    xs, ys = _axis(xv, "x"), _axis(yv, "y")
    profiles = tuple(g.profiles())
    if len(profiles) > _MAX_PROFILES:
        raise InvalidInputError(
            f"game: {len(profiles)} pure profiles; regime maps support up to {_MAX_PROFILES}")
    t = TOL if tol is None else float(tol)
    shape = (ys.size, xs.size)
    code_type = next(d for d in (np.uint8, np.uint16, np.uint32, np.uint64)
                     if len(profiles) <= 8 * np.dtype(d).itemsize)
    codes_of = _RegimeCodes(g.symbolic_payoff_array(), tuple(g.shape), profiles, px, py,
                            criterion, t, code_type, xs)
    if executor is None and chunk_size is None and progress is None:
        codes = codes_of.codes(xs[None, :], ys[:, None], shape)
    else:
        rows = None if chunk_size is None else max(1, _positive(chunk_size) // xs.size)
        report = progress
        if callable(progress) and not isinstance(progress, bool):
            def report(done: int, total: int) -> None:
                progress(done * xs.size, total * xs.size)
        runs = sweep(codes_of, {"y": ys}, executor=executor, chunk_size=rows,
                     progress=report)["runs"]
        values = np.concatenate([r[0] for r in runs])
        uniq = np.unique(values)
        inv = np.repeat(np.searchsorted(uniq, values), np.concatenate([r[1] for r in runs]))
        regimes = tuple(tuple(p for b, p in enumerate(profiles) if int(c) >> b & 1) for c in uniq)
        return RegimeMap(px, py, xs, ys, inv.reshape(shape), regimes, criterion, profiles)
    if len(profiles) <= 20:
        present = np.flatnonzero(np.bincount(codes.ravel().astype(np.intp),
                                             minlength=1 << len(profiles)))
        lookup = np.zeros(1 << len(profiles), dtype=np.intp)
        lookup[present] = np.arange(present.size)
        uniq, inv = present, lookup[codes]
    else:
        uniq, inv = np.unique(codes, return_inverse=True)
    regimes = tuple(tuple(p for b, p in enumerate(profiles) if int(c) >> b & 1) for c in uniq)
    return RegimeMap(px, py, xs, ys, inv.reshape(shape), regimes, criterion, profiles)
