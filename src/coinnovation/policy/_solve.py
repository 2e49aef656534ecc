r"""Solving a list of conditions ``g(p) > 0`` / ``g(p) >= 0`` for one parameter ``p``.

Every condition is :math:`g(p) > 0` (or :math:`\ge 0`). When :math:`g` is
affine in :math:`p`, :math:`g = c\,p + d`, and the sign of :math:`c` is
decided (from numbers or the symbols' assumptions), the condition is the bound
:math:`p > -d/c` or :math:`p < -d/c`; the region is the interval from the
``Max`` of the lower bounds to the ``Min`` of the upper bounds. A condition
free of :math:`p` whose truth depends on other symbols becomes the guard of a
:class:`~sympy.sets.conditionset.ConditionSet`. A non-affine condition with no
other symbols is solved exactly by :func:`sympy.solve_univariate_inequality`
when it can, and otherwise numerically on a bracket.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from .._util.signs import sign
from .._util.tolerance import BRENT_XTOL, ROUNDOFF, SEARCH_LIMIT
from ..errors import InvalidInputError, SearchRangeWarning, UndecidableError

__all__ = ["DEFAULT_BRACKET", "DEFAULT_GRID", "SolvedRegion", "check_bracket", "check_n_grid", "domain_set",
           "empty_region_error", "region_of_conditions", "set_infimum", "solve_conditions"]


DEFAULT_BRACKET = (-1.0e3, 1.0e3)


DEFAULT_GRID = 4001


@dataclass
class SolvedRegion:
    """Solved conditions: bounds, guards and leftovers (internal)."""

    p: sp.Symbol
    lowers: list[tuple[sp.Expr, bool]] = field(default_factory=list)
    uppers: list[tuple[sp.Expr, bool]] = field(default_factory=list)
    guards: list[sp.Basic] = field(default_factory=list)
    unsolved: list[sp.Basic] = field(default_factory=list)
    solved_sets: list[sp.Set] = field(default_factory=list)
    empty: bool = False
    far: bool = False   # a numerically searched condition still held at ±SEARCH_LIMIT

    def base(self) -> sp.Set:
        lows, ups = _dedupe(self.lowers), _dedupe(self.uppers)
        if all(e.is_number for e, _ in lows + ups):
            lo, lo_open = _extreme(lows, max) if lows else (sp.S.NegativeInfinity, True)
            hi, hi_open = _extreme(ups, min) if ups else (sp.S.Infinity, True)
            return sp.Interval(lo, hi, lo_open, hi_open)
        by_strict: dict[bool, sp.Set] = {}
        for s in (True, False):
            lo_s = [e for e, st in lows if st == s]
            hi_s = [e for e, st in ups if st == s]
            if not lo_s and not hi_s:
                continue
            lo = sp.Max(*lo_s) if lo_s else sp.S.NegativeInfinity
            hi = sp.Min(*hi_s) if hi_s else sp.S.Infinity
            by_strict[s] = sp.Interval(lo, hi, s or not lo_s, s or not hi_s)
        if not by_strict:
            return sp.S.Reals
        if len(by_strict) == 1:
            return next(iter(by_strict.values()))
        return sp.Intersection(by_strict[False], by_strict[True], evaluate=False)

    def to_set(self) -> sp.Set:
        if self.empty:
            return sp.S.EmptySet
        out = self.base()
        for s in self.solved_sets:
            out = sp.Intersection(out, s)
        cond = sp.And(*self.guards, *self.unsolved)
        if cond is sp.false:
            return sp.S.EmptySet
        if cond is not sp.true and out is not sp.S.EmptySet:
            try:
                out = sp.ConditionSet(self.p, cond, out)
            except TypeError:  # sympy proved that no admissible value lies in the base set
                return sp.S.EmptySet
        if self.far:
            _warn_far(self.p, out)
        return out

    def infimum(self) -> sp.Expr:
        if self.empty:
            raise empty_region_error(self.p)
        region = self.to_set()
        if region is sp.S.EmptySet:
            raise empty_region_error(self.p)
        if not self.solved_sets and not self.unsolved:
            lows = _dedupe(self.lowers)
            if not lows:
                return sp.S.NegativeInfinity
            if all(e.is_number for e, _ in lows):
                return _extreme(lows, max)[0]
            return sp.Max(*(e for e, _ in lows))
        return set_infimum(region, self.p)


def set_infimum(region: sp.Set, p: sp.Symbol) -> sp.Expr:
    if region.has(sp.ConditionSet):
        conds = [c.condition for c in region.atoms(sp.ConditionSet)] \
            if not isinstance(region, sp.ConditionSet) else [region.condition]
        if any(c.has(p) for c in conds):
            raise UndecidableError(
                f"threshold: the conditions {', '.join(map(str, conds))} could not be solved for "
                f"{p} (a coefficient of unknown sign or a non-affine condition with other "
                "symbols); give the symbols sign assumptions (positive=True) or substitute numbers")
    base = region.base_set if isinstance(region, sp.ConditionSet) else region
    try:
        out = base.inf
    except (NotImplementedError, TypeError, ValueError) as exc:
        raise UndecidableError(f"threshold: cannot compute the infimum of {region}") from exc
    if not isinstance(out, sp.Expr):
        raise UndecidableError(f"threshold: cannot compute the infimum of {region}")
    return out


def _warn_far(p: sp.Symbol, region: sp.Set) -> None:
    """Announce a region whose numerically found end is only the end of the searched range."""
    try:
        ends = [e for e in (region.inf, region.sup) if e.is_number and abs(float(e)) >= SEARCH_LIMIT]
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        ends = []
    if ends:
        warnings.warn(
            f"region of {p}: a condition solved numerically still holds at {p} = "
            f"{float(ends[0]):g}, the end of the range searched (±{SEARCH_LIMIT:g}), so the region "
            "given ends there but may extend further; give bracket= or assumptions on "
            f"{p} to decide", SearchRangeWarning, stacklevel=4)


def empty_region_error(p: sp.Symbol) -> InvalidInputError:
    return InvalidInputError(
        f"parameter: no value of {p} satisfies the criterion (the stability region is empty), "
        "so there is no threshold")


def _dedupe(items: list[tuple[sp.Expr, bool]]) -> list[tuple[sp.Expr, bool]]:
    seen: dict[tuple[sp.Expr, bool], None] = {}
    for it in items:
        seen.setdefault(it, None)
    return list(seen)


def _extreme(items: list[tuple[sp.Expr, bool]], pick: Any) -> tuple[sp.Expr, bool]:
    best = pick(e for e, _ in items)
    opened = any(st for e, st in items if sp.Eq(e, best) is sp.true)
    return best, opened


def _sign(c: sp.Expr) -> int | None:
    """+1, -1 or 0 when the sign of ``c`` is decided (numbers, assumptions), else None."""
    return {"+": 1, "-": -1, "0": 0}.get(sign(c))


def _domain_bounds(p: sp.Symbol) -> tuple[list[tuple[sp.Expr, bool]], list[tuple[sp.Expr, bool]]]:
    lows: list[tuple[sp.Expr, bool]] = []
    ups: list[tuple[sp.Expr, bool]] = []
    if p.is_positive:
        lows.append((sp.S.Zero, True))
    elif p.is_nonnegative:
        lows.append((sp.S.Zero, False))
    if p.is_negative:
        ups.append((sp.S.Zero, True))
    elif p.is_nonpositive:
        ups.append((sp.S.Zero, False))
    return lows, ups


def domain_set(p: sp.Symbol) -> sp.Set:
    lows, ups = _domain_bounds(p)
    return SolvedRegion(p, lows, ups).base()


def solve_conditions(conds: list[tuple[sp.Expr, bool]], p: sp.Symbol, *, bracket: Any, xtol: float | None,
           n_grid: int) -> SolvedRegion:
    lows, ups = _domain_bounds(p)
    reg = SolvedRegion(p, lows, ups)
    for g, strict in conds:
        if not g.has(p):
            if g.is_number:
                s = _sign(g)
                if s is None or s < 0 or (strict and s == 0):
                    reg.empty = True
                continue
            rel = (g > 0) if strict else (g >= 0)
            if rel is sp.false:
                reg.empty = True
            elif rel is not sp.true:
                reg.guards.append(rel)
            continue
        degree = -1
        if g.is_polynomial(p):
            poly = sp.Poly(g, p)
            degree = poly.degree()
        if degree == 1:
            c = poly.coeff_monomial(p)
            d = poly.coeff_monomial(1)
            if not (c.has(p) or d.has(p)):
                s = _sign(c)
                if s is not None and s != 0:
                    bound = sp.expand(-d / c) if c.is_number else sp.cancel(-d / c)
                    (reg.lowers if s > 0 else reg.uppers).append((bound, strict))
                    continue
        rel = (g > 0) if strict else (g >= 0)
        if g.free_symbols == {p}:
            solved, far = _solve_univariate(g, strict, p, bracket=bracket, xtol=xtol, n_grid=n_grid)
            reg.solved_sets.append(solved)
            reg.far = reg.far or far
        else:
            reg.unsolved.append(rel)
    return reg


def region_of_conditions(conditions: Sequence[Any], parameter: sp.Symbol, *, bracket: Any = None,
                         xtol: float | None = None, n_grid: int = 2001) -> sp.Set:
    """The set of values of ``parameter`` where every relational in ``conditions`` holds.

    The same solver as :func:`stability_region`: affine conditions become
    bounds (closed forms with the other symbols), univariate ones are solved
    exactly or numerically, the rest are kept as a ``ConditionSet``; the
    parameter's sign assumptions restrict the domain.

    Parameters
    ----------
    conditions : sequence of sympy relationals
        ``a > b``, ``a >= b``, ``a < b`` or ``a <= b`` (``sympy.true`` is skipped,
        ``sympy.false`` gives the empty set).
    parameter : sympy.Symbol
    """
    if not isinstance(parameter, sp.Symbol):
        raise InvalidInputError(f"parameter: expected a sympy Symbol, got {parameter!r}")
    items: list[tuple[sp.Expr, bool]] = []
    for c in conditions:
        c = sp.sympify(c)
        if c is sp.true:
            continue
        if c is sp.false:
            return sp.S.EmptySet
        if isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)):
            items.append((sp.expand(c.lhs - c.rhs), isinstance(c, sp.StrictGreaterThan)))
        elif isinstance(c, (sp.StrictLessThan, sp.LessThan)):
            items.append((sp.expand(c.rhs - c.lhs), isinstance(c, sp.StrictLessThan)))
        else:
            raise InvalidInputError(f"conditions: expected inequalities, got {c}")
    solved = solve_conditions(items, parameter, bracket=bracket, xtol=xtol, n_grid=check_n_grid(n_grid))
    return solved.to_set()


def _solve_univariate(g: sp.Expr, strict: bool, p: sp.Symbol, *, bracket: Any,
                      xtol: float | None, n_grid: int) -> tuple[sp.Set, bool]:
    """The set where ``g > 0`` (``>= 0``), and whether a numeric search reached its far end."""
    rel = (g > 0) if strict else (g >= 0)
    if g.is_polynomial(p) or g.is_rational_function(p):
        try:
            out = sp.solve_univariate_inequality(rel, p, relational=False, domain=sp.S.Reals)
            if not isinstance(out, sp.ConditionSet):
                return out, False
        except (NotImplementedError, ValueError, TypeError):
            pass
    return _numeric_region(g, strict, p, bracket=bracket, xtol=xtol, n_grid=n_grid)


def _numeric_region(g: sp.Expr, strict: bool, p: sp.Symbol, *, bracket: Any, xtol: float | None,
                    n_grid: int) -> tuple[sp.Set, bool]:
    lo, hi = check_bracket(bracket, p)
    f_vec = sp.lambdify(p, g, modules="numpy")
    xs, outer = _search_grid(lo, hi, n_grid, p, bracket is None)
    with np.errstate(all="ignore"):
        vals = np.asarray(f_vec(xs), dtype=complex) * np.ones_like(xs)
    ok = np.isfinite(vals) & (np.abs(vals.imag) <= ROUNDOFF * np.maximum(1.0, np.abs(vals.real)))
    re = np.where(ok, vals.real, np.nan)

    def f(x: float) -> float:
        with np.errstate(all="ignore"):
            v = complex(f_vec(x))
        return v.real

    tol = BRENT_XTOL if xtol is None else float(xtol)
    holds = (re > 0) if strict else (re >= 0)
    holds &= ok
    pieces: list[sp.Set] = []
    far = False
    k = 0
    while k < len(xs):
        if not holds[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(xs) and holds[j + 1]:
            j += 1
        left = xs[k] if k == 0 else _edge(f, xs[k - 1], xs[k], ok[k - 1], tol)
        right = xs[j] if j == len(xs) - 1 else _edge(f, xs[j], xs[j + 1], ok[j + 1], tol)
        pieces.append(sp.Interval(sp.Float(left), sp.Float(right),
                                  strict and k > 0, strict and j < len(xs) - 1))
        far = far or bool(outer[k] or outer[j])
        k = j + 1
    return (sp.Union(*pieces) if pieces else sp.S.EmptySet), far


def _search_grid(lo: float, hi: float, n_grid: int, p: sp.Symbol, default: bool
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The points searched, and which of them end a range nobody chose (the far ends).

    With a user ``bracket`` the grid is ``n_grid`` points in it. Without one, ``n_grid``
    points in the default bracket are followed on each side the domain leaves open by a
    log-spaced grid out to ``±SEARCH_LIMIT``, so that a region beginning at ``S = 1609``
    is found instead of being cut off at 1000.
    """
    xs = np.linspace(lo, hi, n_grid)
    outer = np.zeros(n_grid, dtype=bool)
    if not default:
        return xs, outer
    dom = domain_set(p)
    parts, marks = [xs], [outer]
    tail = np.logspace(np.log10(DEFAULT_BRACKET[1]), np.log10(SEARCH_LIMIT), n_grid // 2)[1:]
    if not dom.sup.is_finite and hi >= DEFAULT_BRACKET[1]:
        parts.append(tail)
        marks.append(np.arange(tail.size) == tail.size - 1)
    if not dom.inf.is_finite and lo <= DEFAULT_BRACKET[0]:
        parts.insert(0, -tail[::-1])
        marks.insert(0, np.arange(tail.size) == 0)
    return np.concatenate(parts), np.concatenate(marks)


def _edge(f: Any, a: float, b: float, finite: bool, tol: float) -> float:
    if not finite:
        return float(b) if np.isfinite(f(b)) else float(a)
    fa, fb = f(a), f(b)
    if fa == 0:
        return float(a)
    if fb == 0:
        return float(b)
    if np.sign(fa) == np.sign(fb) or not (np.isfinite(fa) and np.isfinite(fb)):
        return float((a + b) / 2)
    return float(brentq(f, a, b, xtol=tol, rtol=4 * np.finfo(float).eps))


def check_bracket(bracket: Any, p: sp.Symbol) -> tuple[float, float]:
    if bracket is None:
        lo, hi = DEFAULT_BRACKET
        dom = domain_set(p)
        lo = max(lo, float(dom.inf)) if dom.inf.is_finite else lo
        hi = min(hi, float(dom.sup)) if dom.sup.is_finite else hi
        return lo, hi
    try:
        lo, hi = (float(v) for v in bracket)
    except (TypeError, ValueError):
        raise InvalidInputError(f"bracket: expected two numbers (low, high), got {bracket!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InvalidInputError(f"bracket: expected finite low < high, got {bracket!r}")
    return lo, hi


def check_n_grid(n_grid: Any) -> int:
    if isinstance(n_grid, (bool, np.bool_)) or not isinstance(n_grid, (int, np.integer)) or n_grid < 3:
        raise InvalidInputError(f"n_grid: expected an integer >= 3, got {n_grid!r}")
    return int(n_grid)
