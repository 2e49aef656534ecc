r"""Regime maps: which equilibrium / ESS set holds at each point of a two-parameter grid.

The conditions of every pure profile (:func:`coinnovation.nash_conditions`)
are compiled once with :func:`sympy.lambdify` and evaluated with numpy
broadcasting on cache-sized blocks of the grid — no Python loop per point.
Each distinct deviation gain is evaluated once (a gain and its negative, which
the two ends of an edge of the strategy space share, once together), and each
distinct condition is compared once per block. Chunks of rows go through
:func:`coinnovation.sweep`, so a map runs the same way in one process, on a
thread or process pool, or on a dask cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
import sympy as sp

from .._util.display import TableDisplay, require_pandas
from .._util.naming import profile_text
from .._util.tolerance import TOL
from .._util.validation import finite_float
from ..errors import InvalidInputError, SymbolicNotSupported
from ..sweep import _positive_int, _worker_count, sweep
from .criteria import as_game as _as_game
from .criteria import as_parameter as _as_parameter
from .criteria import substitute_values as _substitute

__all__ = ["UNDEFINED", "RegimeMap", "regime_map"]

_MAP_CRITERIA = ("ess", "strict_nash", "nash")
_BLOCK = 1 << 15   # points per evaluation block: the temporaries of a block stay in cache
_DEFAULT_CHUNK = 1 << 20   # points per chunk (whole rows) in one process, by default
_MAX_CHUNK = 1 << 23   # at most this many points per chunk on an executor, by default
_MAX_PROFILES = 62
UNDEFINED = "undefined"
"""The regime of grid points where a payoff is undefined (NaN or infinite: log of a negative
number, a division by zero): not "no ESS", which would be a claim about the game there."""


@dataclass(frozen=True, eq=False)
class RegimeMap(TableDisplay):
    """Which set of profiles satisfies a criterion at each grid point (a regime map).

    Attributes
    ----------
    x_parameter, y_parameter : sympy.Symbol
        The parameters on the two axes.
    x, y : numpy.ndarray
        The grid values (1-D).
    labels : numpy.ndarray
        Array of shape ``(len(y), len(x))`` of the smallest unsigned integer
        type that holds the regime numbers (``uint8`` for up to 256 regimes):
        ``labels[j, i]`` indexes :attr:`regimes` at ``(x[i], y[j])`` (rows
        follow ``y``, as an image).
    regimes : tuple
        The distinct sets of profiles met on the grid (each a tuple of pure
        profiles in lexicographic order; ``()`` is "none": e.g. no ESS), and
        the string ``"undefined"`` (:data:`UNDEFINED`) for points where some
        payoff is not a finite number (``log`` of a negative number, ``1/0``).
    criterion : str
        ``"ess"``, ``"strict_nash"`` or ``"nash"``.
    profiles : tuple of tuple of int
        The profiles tested, in lexicographic order.
    strategy_labels : tuple of tuple of str
        The game's strategy labels, per player: outputs name a profile by
        them (:attr:`regime_names`), ``(cooperate, cooperate, active)``.
    """

    x_parameter: sp.Symbol
    y_parameter: sp.Symbol
    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    regimes: tuple[tuple[tuple[int, ...], ...], ...]
    criterion: str
    profiles: tuple[tuple[int, ...], ...]
    strategy_labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def regime_names(self) -> tuple[str, ...]:
        """Each regime in words: its profiles by strategy labels, ``"none"`` for the empty set."""
        return tuple(UNDEFINED if r == UNDEFINED else
                     ", ".join(profile_text(self.strategy_labels, p) for p in r) or "none"
                     for r in self.regimes)

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
        inside = np.array([r != UNDEFINED and prof in r for r in self.regimes], dtype=bool)
        return inside[self.labels]

    def counts(self) -> dict[tuple[tuple[int, ...], ...], int]:
        """Number of grid points in each regime."""
        c = np.bincount(self.labels.ravel(), minlength=len(self.regimes))
        return {r: int(c[k]) for k, r in enumerate(self.regimes)}

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form (lists)."""
        return {"x_parameter": str(self.x_parameter), "y_parameter": str(self.y_parameter),
                "x": self.x.tolist(), "y": self.y.tolist(), "labels": self.labels.tolist(),
                "regimes": [r if r == UNDEFINED else [list(p) for p in r] for r in self.regimes],
                "regime_names": list(self.regime_names), "criterion": self.criterion}

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        counts = np.bincount(self.labels.ravel(), minlength=len(self.regimes))
        title = (f"Regime map ({self.criterion}) over {self.x_parameter} x {self.y_parameter}, "
                 f"{self.shape[1]}x{self.shape[0]} grid")
        rows = [[name, int(n), int(n) / self.labels.size]
                for name, n in zip(self.regime_names, counts, strict=True)]
        return title, ["regime", "grid points", "share of the grid"], rows[:limit]

    def to_pandas(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: one row per grid point, the two parameters and the
        regime in words (``regime``) and as its number (``label``)."""
        pd = require_pandas("RegimeMap.to_pandas")
        X, Y = np.meshgrid(self.x, self.y)
        names = np.asarray(self.regime_names, dtype=object)
        return pd.DataFrame({str(self.x_parameter): X.ravel(), str(self.y_parameter): Y.ravel(),
                             "regime": names[self.labels.ravel()],
                             "label": self.labels.ravel().astype(int)})

    def __repr__(self) -> str:
        counts = np.bincount(self.labels.ravel(), minlength=len(self.regimes))
        parts = "; ".join(f"{name}: {int(n)}" for name, n in zip(self.regime_names, counts,
                                                                 strict=True))
        return (f"RegimeMap({self.criterion}; {self.x_parameter} x {self.y_parameter} on a "
                f"{self.shape[1]}x{self.shape[0]} grid; {parts})")


MAX_GRID_POINTS = 25_000_000
"""Most points a regime map may have (a few bytes of labels each; larger grids exhaust memory)."""


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

    Picklable (its plan holds sympy expressions, no compiled code), so that
    :func:`coinnovation.sweep` can ship it to workers, which compile each
    expression once per process; called by the sweep on chunks of rows
    (values of ``y``) of the grid ``y x xs``.
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
        """Run-length encoded codes of whole rows of the grid: one ``bytes`` per row.

        Regions are contiguous, so a row has few runs: workers send back a few
        numbers per row instead of one code per point. A row is the ``int64``
        pairs ``(code, length)`` of its runs, as bytes: an object array of
        ``bytes`` pickles in a blink, unlike one of small arrays.

        The grid is evaluated in groups of whole rows of about ``_BLOCK``
        points (cut into blocks of ``_BLOCK`` columns when a row is longer),
        each encoded while it is in the processor cache: no array of the
        chunk's size is ever written, so two processes on two cores do not
        wait on each other's memory traffic. Payoffs undefined at a point (NaN,
        infinite) are expected there (the "undefined" regime), not warned about.
        """
        with np.errstate(all="ignore"):
            return self._rows(y)

    def _rows(self, y: np.ndarray) -> dict[str, np.ndarray]:
        xs = self.xs
        nx = xs.size
        cols = min(nx, _BLOCK)
        rows = max(1, _BLOCK // nx)
        work = _Workspace(min(rows, y.size) * cols, len(self._conditions),  # type: ignore[attr-defined]
                          self.code_type)
        group = np.empty((min(rows, y.size), nx), dtype=self.code_type)
        brk = np.empty(group.shape, dtype=bool)
        parts, sx, sy = self._axes(y)
        found: list[np.ndarray] = []
        counts = np.empty(y.size, dtype=np.int64)
        for r0 in range(0, y.size, rows):
            rs = slice(r0, r0 + rows)
            codes = group[:y[rs].size]
            codes.fill(0)
            for c0 in range(0, nx, cols):
                cs = slice(c0, c0 + cols)
                self._block(parts, cs, rs, xs[None, cs], y[rs, None], sx[:, cs], sy[rs], work,
                            codes[:, cs])
            b = brk[:codes.shape[0]]
            b[:, 0] = True   # every row starts a run
            np.not_equal(codes[:, 1:], codes[:, :-1], out=b[:, 1:])
            starts = np.flatnonzero(b)
            pairs = np.empty((starts.size, 2), dtype=np.int64)
            pairs[:, 0] = codes.ravel()[starts]
            pairs[:-1, 1] = np.diff(starts)
            pairs[-1, 1] = codes.size - starts[-1]
            counts[rs] = np.bincount(starts // nx, minlength=codes.shape[0])
            found.append(pairs)
        allpairs = np.concatenate(found)
        cut = np.concatenate(([0], np.cumsum(counts))).tolist()
        runs = np.empty(y.size, dtype=object)
        runs[:] = [allpairs[a:b].tobytes() for a, b in pairwise(cut)]
        return {"runs": runs}

    def __post_init__(self) -> None:
        # The evaluation plan, built once here (in the calling process) and pickled with the
        # object, so that chunks on workers run numpy only (no sympy work per chunk):
        # - the distinct expanded expressions (a gain and its negative share one), each with
        #   its kind: "c" constant, "x" / "y" a function of one parameter (evaluated on one
        #   row / column of a block), "sep" a sum f(x) + g(y) (the two parts), "xy" the rest;
        # - the constant part of the tolerance scale and the payoffs of each kind;
        # - the distinct conditions (expression, sign), grouped by expression (a block
        #   evaluates each expression once for both signs), and for each profile the indices
        #   of the conditions of its deviation losses.
        px, py = self.px, self.py
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
        scale_idx = sorted({ref(v)[0] for v in u.ravel().tolist()})
        conditions: dict[tuple[int, int], int] = {}
        plan = []
        for prof in self.profiles:
            losses = []
            for i in range(len(self.shape)):
                own = u[(i, *prof)]
                for k in range(self.shape[i]):
                    if k != prof[i]:
                        cond = ref(own - u[(i, *prof[:i], k, *prof[i + 1:])])
                        losses.append(conditions.setdefault(cond, len(conditions)))
            plan.append(tuple(dict.fromkeys(losses)))   # a repeated condition once
        kinds: list[tuple[Any, ...]] = []
        for e in exprs:
            free = e.free_symbols
            if not free:
                kinds.append(("c", float(e)))
            elif free == {px}:
                kinds.append(("x", e))
            elif free == {py}:
                kinds.append(("y", e))
            else:
                xpart, ypart = [], []
                for term in sp.Add.make_args(e):
                    (ypart if py in term.free_symbols else xpart).append(term)
                separable = all(px not in t.free_symbols for t in ypart)
                kinds.append(("sep", sp.Add(*xpart), sp.Add(*ypart)) if separable else ("xy", e))
        object.__setattr__(self, "_kinds", tuple(kinds))
        object.__setattr__(self, "_scale_const",
                           max([1.0, *(abs(kinds[k][1]) for k in scale_idx if kinds[k][0] == "c")]))
        object.__setattr__(self, "_scale_idx", {
            name: tuple(k for k in scale_idx if kinds[k][0] in group)
            for name, group in (("x", ("x",)), ("y", ("y",)), ("xy", ("sep", "xy")))})
        object.__setattr__(self, "_conditions", tuple(conditions))
        groups: dict[int, list[tuple[int, int]]] = {}
        for c, (k, sign) in enumerate(conditions):
            groups.setdefault(k, []).append((c, sign))
        object.__setattr__(self, "_condition_groups",
                           tuple((k, tuple(uses)) for k, uses in groups.items()))
        object.__setattr__(self, "_plan", tuple(plan))

    def _axes(self, y: np.ndarray) -> tuple[list[Any], np.ndarray, np.ndarray]:
        """Per expression, what a block needs; and the scale's row and column factors.

        An expression of ``x`` alone is evaluated once on the whole row ``xs``,
        one of ``y`` alone once on the chunk's column ``y``, the two parts of
        a sum ``f(x) + g(y)`` likewise; a block then takes slices. Only the
        other expressions ("xy") are evaluated per block.
        """
        px, py = self.px, self.py
        X, Y = self.xs[None, :], y[:, None]

        def on(e: sp.Expr, axis: np.ndarray) -> np.ndarray:
            v = np.asarray(_compiled(e, px, py)(X, Y), dtype=float)
            return np.broadcast_to(v, axis.shape)   # a constant part: a read-only broadcast

        parts: list[Any] = []
        for kind, *exprs in self._kinds:  # type: ignore[attr-defined]
            if kind == "c":
                parts.append(exprs[0])
            elif kind == "x":
                parts.append(on(exprs[0], X))
            elif kind == "y":
                parts.append(on(exprs[0], Y))
            elif kind == "sep":
                parts.append((on(exprs[0], X), on(exprs[1], Y)))
            else:
                parts.append(_compiled(exprs[0], px, py))
        const = self._scale_const  # type: ignore[attr-defined]
        idx = self._scale_idx  # type: ignore[attr-defined]
        sx = np.full(X.shape, const)
        for k in idx["x"]:
            np.maximum(sx, np.abs(parts[k]), out=sx)
        sy = np.full(Y.shape, const)
        for k in idx["y"]:
            np.maximum(sy, np.abs(parts[k]), out=sy)
        return parts, sx, sy

    def _block(self, parts: list[Any], cs: slice, rs: slice, X: np.ndarray, Y: np.ndarray,
               sx: np.ndarray, sy: np.ndarray, work: _Workspace, out: np.ndarray) -> None:
        """OR the codes of the block (rows ``rs``, columns ``cs``) into ``out`` (zeros)."""
        shape = out.shape
        kinds = self._kinds  # type: ignore[attr-defined]
        value = work.view("value", shape)

        def evaluate(k: int) -> Any:
            kind, p = kinds[k][0], parts[k]
            if kind == "c":
                return p
            if kind == "x":
                return p[:, cs]
            if kind == "y":
                return p[rs]
            if kind == "sep":
                return np.add(p[0][:, cs], p[1][rs], out=value)
            return np.asarray(p(X, Y), dtype=float)   # "xy": a new array

        # scale = max(1, max |u|) at each point: the payoffs of x alone and y alone are
        # reduced on the row and the column (sx, sy), the others on the block.
        scale = np.maximum(sx, sy, out=work.view("scale", shape))
        for k in self._scale_idx["xy"]:  # type: ignore[attr-defined]
            np.abs(evaluate(k), out=value)
            np.maximum(scale, value, out=scale)
        # a payoff NaN or infinite (np.maximum propagates NaN) leaves the scale non-finite:
        # those points get the bit of no profile, the "undefined" regime
        undefined = ~np.isfinite(scale)
        # loss = sign * value; "nash": loss >= -tol * scale, else loss > tol * scale
        atol = np.multiply(scale, self.tol if self.criterion != "nash" else -self.tol, out=scale)
        neg_atol = np.negative(atol, out=work.view("neg", shape))
        above = np.greater_equal if self.criterion == "nash" else np.greater
        below = np.less_equal if self.criterion == "nash" else np.less
        met = work.conditions(shape)
        for k, uses in self._condition_groups:  # type: ignore[attr-defined]
            v = evaluate(k)   # once for both signs (the two ends of an edge)
            for c, sign in uses:
                if sign > 0:
                    above(v, atol, out=met[c])
                else:
                    below(v, neg_atol, out=met[c])
        ok = work.view("ok", shape)
        bit = work.view("bit", shape)
        code_type = self.code_type
        for b, losses in enumerate(self._plan):  # type: ignore[attr-defined]
            if not losses:
                ok.fill(True)
            else:
                np.copyto(ok, met[losses[0]])
                for c in losses[1:]:
                    np.logical_and(ok, met[c], out=ok)
            np.copyto(bit, ok)
            np.left_shift(bit, code_type(b), out=bit)
            np.bitwise_or(out, bit, out=out)
        if undefined.any():
            out[undefined] = code_type(1) << code_type(len(self._plan))  # type: ignore[attr-defined]


class _Workspace:
    """Flat buffers for one block, reused for every block of a chunk (views cached by shape).

    All buffers are cut from one allocation, each starting at a different
    offset modulo 4 KiB. Separate large allocations are often page-aligned
    (always so on dask workers, whose ``MALLOC_TRIM_THRESHOLD_`` makes each
    a fresh ``mmap``), and arrays that one ufunc reads and writes at equal
    offsets modulo 4 KiB stall the processor's load/store ordering ("4K
    aliasing").
    """

    def __init__(self, size: int, n_conditions: int, code_type: type) -> None:
        specs = [("value", np.dtype(np.float64), 1), ("scale", np.dtype(np.float64), 1),
                 ("neg", np.dtype(np.float64), 1), ("ok", np.dtype(np.bool_), 1),
                 ("bit", np.dtype(code_type), 1), ("met", np.dtype(np.bool_), n_conditions)]
        starts, end = [], 0
        for i, (_, dtype, rows) in enumerate(specs):
            start = -(-end // 4096) * 4096 + 320 * (i + 1)   # 5 cache lines more each
            starts.append(start)
            end = start + rows * size * dtype.itemsize
        arena = np.empty(end + 4096, dtype=np.uint8)
        base = (-arena.ctypes.data) % 4096   # offsets are counted from a page boundary
        self.buffers: dict[str, np.ndarray] = {}
        for (name, dtype, rows), start in zip(specs, starts, strict=True):
            lo = base + start
            self.buffers[name] = arena[lo:lo + rows * size * dtype.itemsize].view(dtype)
        self.met = self.buffers.pop("met").reshape(n_conditions, size)
        self.views: dict[tuple[Any, ...], Any] = {}

    def view(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        key = (name, shape)
        v = self.views.get(key)
        if v is None:
            v = self.views[key] = self.buffers[name][:shape[0] * shape[1]].reshape(shape)
        return v

    def conditions(self, shape: tuple[int, ...]) -> list[np.ndarray]:
        key = ("met", shape)
        v = self.views.get(key)
        if v is None:
            n = shape[0] * shape[1]
            v = self.views[key] = [row[:n].reshape(shape) for row in self.met]
        return v


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
        Relative tolerance, a finite number >= 0 (default :data:`coinnovation.TOL`).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the chunks run (default: in this process). The map is evaluated
        by :func:`coinnovation.sweep` in chunks of whole rows (values of
        ``y``); it is the same whatever the executor and the chunking.
    chunk_size : int, optional
        About this many points per chunk (whole rows). Default: :math:`2^{20}`
        in this process; on an executor, the fewest chunks of at most
        :math:`2^{23}` points that give every worker the same number (each
        chunk costs a round trip to a worker, and a map is cheap per point).
    progress : None, bool or callable
        As in :func:`coinnovation.sweep`; a callable gets
        ``progress(done_points, total_points)`` after each chunk.

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
    if xs.size * ys.size > MAX_GRID_POINTS:
        raise InvalidInputError(f"x, y: a {xs.size}x{ys.size} grid has {xs.size * ys.size} points, "
                                f"more than the limit {MAX_GRID_POINTS}; use coarser axes")
    profiles = tuple(g.profiles())
    if len(profiles) > _MAX_PROFILES:
        raise InvalidInputError(
            f"game: {len(profiles)} pure profiles; regime maps support up to {_MAX_PROFILES}")
    t = TOL if tol is None else finite_float(tol, "tol")
    if t < 0:
        raise InvalidInputError(f"tol: expected a relative tolerance >= 0, got {tol!r}")
    shape = (ys.size, xs.size)
    # one bit per profile, and one more: the "undefined" code
    code_type = next(d for d in (np.uint8, np.uint16, np.uint32, np.uint64)
                     if len(profiles) + 1 <= 8 * np.dtype(d).itemsize)
    codes_of = _RegimeCodes(g.symbolic_payoff_array(), tuple(g.shape), profiles, px, py,
                            criterion, t, code_type, xs)
    # Whole rows of about chunk_size points per task; in this process (one chunk after the
    # other) unless an executor is given. Default: chunks of 2^20 points in this process; on an
    # executor, as few chunks of at most 2^23 points as fill every worker equally (each chunk
    # costs a round trip to the worker; a map is cheap per point).
    if chunk_size is not None:
        rows = max(1, _positive_int(chunk_size, "chunk_size") // xs.size)
    elif executor is None:
        rows = max(1, _DEFAULT_CHUNK // xs.size)
    else:
        workers = _worker_count(executor) or 1
        n_chunks = workers * -(-ys.size * xs.size // (workers * _MAX_CHUNK))
        rows = -(-ys.size // min(n_chunks, ys.size))
    report = progress
    if callable(progress) and not isinstance(progress, bool):
        def report(done: int, total: int) -> None:
            progress(done * xs.size, total * xs.size)
    runs = sweep(codes_of, {"y": ys}, executor=executor, chunk_size=rows, progress=report)["runs"]
    pairs = np.frombuffer(b"".join(runs.tolist()), dtype=np.int64).reshape(-1, 2)
    uniq = np.unique(pairs[:, 0])
    label_type = np.min_scalar_type(max(uniq.size - 1, 0))
    inv = np.repeat(np.searchsorted(uniq, pairs[:, 0]).astype(label_type), pairs[:, 1])
    regimes = tuple(UNDEFINED if int(c) == 1 << len(profiles) else
                    tuple(p for b, p in enumerate(profiles) if int(c) >> b & 1) for c in uniq)
    return RegimeMap(px, py, xs, ys, inv.reshape(shape), regimes, criterion, profiles,
                     strategy_labels=g.strategies)
