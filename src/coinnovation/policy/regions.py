r"""Stability regions and thresholds of a parameter (政府补贴阈值): the policy question.

At which values of one parameter — a government subsidy (政府补贴), a fine, a
benefit share (收益分配系数), a discount factor — is a pure profile stable?

- :func:`nash_conditions`: the inequalities (sympy relationals) under which a
  pure profile is a (strict) Nash equilibrium.
- :func:`stability_region`: the set of parameter values at which the profile
  satisfies a criterion, as a sympy :class:`~sympy.sets.sets.Set` — a closed
  form (``Max``/``Min`` of the bounds, guarded by a ``ConditionSet`` when the
  answer depends on other symbols) or, for a numeric game, an interval or a
  union of intervals with the right open and closed ends.
- :func:`threshold`: the infimum of that set (the 阈值 papers report).
- :func:`verify_region`: an independent tightness check — the criterion
  holds just inside every end of the region and fails just outside.
- :func:`critical_discount_factor`: the least discount factor at which grim
  trigger sustains a profile in the infinitely repeated game.

Criteria (on a pure profile :math:`a`; :math:`u_i` the payoffs):

``"nash"``
    :math:`u_i(a) \ge u_i(k, a_{-i})` for every player :math:`i` and strategy :math:`k`.
``"strict_nash"``
    :math:`u_i(a) > u_i(k, a_{-i})` for every :math:`k \ne a_i`.
``"ess"``
    An evolutionarily stable state (演化稳定策略) of the multi-population
    replicator dynamics: a strict Nash equilibrium (Selten 1980), i.e. an
    asymptotically stable vertex (Ritzberger & Weibull 1995).
``"unique_ess"``
    ``a`` is an ESS and no other pure profile is.
``"dominant"``
    :math:`u_i(a_i, b_{-i}) > u_i(k, b_{-i})` for every player, every
    :math:`k \ne a_i` and every :math:`b_{-i}`.
``"participation"``
    :math:`u_i(a) \ge u_i(r)` for every player, ``r`` the ``reference``
    profile (default: every player on its last strategy, i.e. everybody
    defects / stays passive) — the cooperative-surplus test (合作剩余). It is
    *weaker* than stability: it ignores the temptation to free-ride.

Strict criteria give open ends; ``"nash"`` and ``"participation"`` give
closed ends. The region is a subset of the real line restricted by the
parameter symbol's assumptions (``positive=True`` gives :math:`(0, \infty)`,
``nonnegative=True`` gives :math:`[0, \infty)`).

How conditions are solved. Every condition is :math:`g(p) > 0` (or
:math:`\ge 0`). When :math:`g` is affine in :math:`p`, :math:`g = c\,p + d`,
and the sign of :math:`c` is decided (from numbers or the symbols'
assumptions), the condition is the bound :math:`p > -d/c` or
:math:`p < -d/c`; the region is the interval from the ``Max`` of the lower
bounds to the ``Min`` of the upper bounds. A condition free of :math:`p`
whose truth depends on other symbols becomes the guard of a
:class:`~sympy.sets.conditionset.ConditionSet`. A non-affine condition of a
game with no other symbols is solved exactly by
:func:`sympy.solve_univariate_inequality` when it can, and otherwise
numerically (see :func:`stability_region`, ``bracket``).

References
----------
R. Selten, "A note on evolutionarily stable strategies in asymmetric animal
conflicts", J. Theor. Biol. 84 (1980) 93-101.
K. Ritzberger, J. W. Weibull, "Evolutionary selection in normal-form games",
Econometrica 63 (1995) 1371-1399.
J. W. Friedman, "A non-cooperative equilibrium for supergames", Rev. Econ.
Stud. 38 (1971) 1-12 (grim trigger).
吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬 (2019), 中国管理科学, "基于三方演化博弈的政产学研协同创新机制研究".
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from .._util.symbolic import require_numeric
from ..errors import InvalidInputError, SymbolicNotSupported, UndecidableError
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import deviation_gains, pure_equilibrium_mask

__all__ = [
    "CRITERIA",
    "Tightness",
    "criterion_holds",
    "critical_discount_factor",
    "nash_conditions",
    "stability_region",
    "threshold",
    "verify_region",
]

CRITERIA: tuple[str, ...] = ("nash", "strict_nash", "ess", "unique_ess", "dominant", "participation")
"""The criteria understood by :func:`stability_region` and :func:`threshold`."""

_DEFAULT_BRACKET = (-1.0e3, 1.0e3)
_DEFAULT_GRID = 4001


# ---------------------------------------------------------------------------- validation
def _as_game(game: Any, what: str = "game") -> NormalFormGame:
    from ..evolutionary.replicator import ReplicatorDynamics

    if isinstance(game, ReplicatorDynamics):
        if game.population != "multi":
            raise InvalidInputError(
                f"{what}: regions are defined on pure profiles of multi-population dynamics; got "
                "single-population dynamics (pass the NormalFormGame for 'nash' criteria)")
        if game.is_state_dependent:
            raise InvalidInputError(
                f"{what}: the dynamics have state-dependent payoffs; the criteria are defined on "
                "a NormalFormGame with fixed payoffs")
        return game.game
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(
            f"{what}: expected a coinnovation.NormalFormGame (or multi-population "
            f"ReplicatorDynamics), got {type(game).__name__}")
    return game


def _as_parameter(game: NormalFormGame, parameter: Any) -> sp.Symbol:
    names = sorted(str(s) for s in game.free_symbols)
    if isinstance(parameter, str):
        for s in game.free_symbols:
            if str(s) == parameter:
                return s
        raise InvalidInputError(
            f"parameter: {parameter!r} is not a symbol of the game (free symbols: {names})")
    if not isinstance(parameter, sp.Symbol):
        raise InvalidInputError(
            f"parameter: expected a sympy Symbol or its name, got {type(parameter).__name__} "
            f"{parameter!r}")
    if parameter not in game.free_symbols:
        same = [s for s in game.free_symbols if str(s) == str(parameter)]
        hint = (" (a symbol of that name with different assumptions is; use the game's own "
                "symbol or its name)") if same else ""
        raise InvalidInputError(
            f"parameter: {parameter} is not a symbol of the game{hint} (free symbols: {names})")
    return parameter


def _check_criterion(criterion: Any) -> str:
    if not isinstance(criterion, str) or criterion not in CRITERIA:
        raise InvalidInputError(
            f"criterion: unknown criterion {criterion!r}; choose one of {', '.join(CRITERIA)}")
    return criterion


def _as_profile(game: NormalFormGame, profile: Any, name: str = "profile") -> tuple[int, ...]:
    try:
        return game.profile_index(profile)
    except InvalidInputError as exc:
        msg = str(exc)
        for prefix in ("profile: ", "strategy: "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        raise type(exc)(f"{name}: {msg}") from None


def _reference(game: NormalFormGame, reference: Any, criterion: str) -> tuple[int, ...]:
    if reference is None:
        return tuple(m - 1 for m in game.shape)
    if criterion != "participation":
        raise InvalidInputError(
            f"reference: only used by criterion='participation', not {criterion!r}")
    return _as_profile(game, reference, "reference")


# ---------------------------------------------------------------------------- conditions
def _conditions(game: NormalFormGame, profile: tuple[int, ...], criterion: str,
                reference: tuple[int, ...], *, dedupe: bool = True) -> list[tuple[sp.Expr, bool]]:
    """Conditions ``(g, strict)`` meaning ``g > 0`` (strict) or ``g >= 0``.

    With ``dedupe`` repeated conditions are listed once.
    """
    out: list[tuple[sp.Expr, bool]] = []
    seen: set[tuple[sp.Expr, bool]] = set()

    def add(expr: Any, strict: bool) -> None:
        e = sp.expand(sp.sympify(expr))
        key = (e, strict)
        if not dedupe:
            out.append(key)
        elif key not in seen:
            seen.add(key)
            out.append(key)

    if criterion == "participation":
        u = game.symbolic_payoff_array()
        for i in range(game.n_players):
            add(u[(i, *profile)] - u[(i, *reference)], False)
        return out
    strict = criterion != "nash"
    for i in range(game.n_players):
        gains = deviation_gains(game, i) if game.is_symbolic else _sym_gains(game, i)
        for k in range(game.shape[i]):
            if k == profile[i]:
                continue
            if criterion == "dominant":
                others = [range(m) if j != i else [profile[i]] for j, m in enumerate(game.shape)]
                for b in itertools.product(*others):
                    add(-gains[(k, *b)], True)
            else:
                add(-gains[(k, *profile)], strict)
    return out


def _sym_gains(game: NormalFormGame, player: int) -> np.ndarray:
    u = game.symbolic_payoff_array(player)
    return np.stack([np.take(u, [k], axis=player) - u for k in range(game.shape[player])])


def nash_conditions(game: Any, *, profile: Sequence[int | str], strict: bool = False
                    ) -> tuple[sp.Basic, ...]:
    r"""The inequalities under which a pure profile is a Nash equilibrium (纳什均衡条件).

    For every player :math:`i` and every other strategy :math:`k`,

    .. math::

        u_i(a) - u_i(k, a_{-i}) \ge 0 \qquad (> 0 \text{ with } ``strict=True``),

    one relational per deviation, expanded, in the order players × strategies;
    conditions that hold identically are dropped and a condition that fails
    identically is kept as ``sympy.false``. ``strict=True`` gives the
    conditions of a strict equilibrium — in multi-population replicator
    dynamics, of an evolutionarily stable state (演化稳定策略).

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
    profile : tuple
        One strategy (index or label) per player.
    strict : bool

    Returns
    -------
    tuple of sympy relationals

    Examples
    --------
    The two-party industry–university game (方炜 et al. 2019): mutual
    cooperation is a strict equilibrium iff each party's share of the
    surplus, the breach compensation and its subsidy beat its cost and its
    free-riding gain.

    >>> import coinnovation as co
    >>> g = co.models.industry_university()
    >>> for c in co.nash_conditions(g, profile=(0, 0), strict=True):
    ...     print(c)
    -C_E + F + S_E - T_E + alpha*dR > 0
    -C_U + F + S_U - T_U - alpha*dR + dR > 0
    """
    game = _as_game(game)
    prof = _as_profile(game, profile)
    if not isinstance(strict, (bool, np.bool_)):
        raise InvalidInputError(f"strict: expected True or False, got {strict!r}")
    conds = _conditions(game, prof, "strict_nash" if strict else "nash", prof, dedupe=False)
    out: list[sp.Basic] = []
    for g, s in conds:
        rel = (g > 0) if s else (g >= 0)
        if rel is sp.true:
            continue
        out.append(rel)
    return tuple(out)


# ---------------------------------------------------------------------------- solving
@dataclass
class _Region:
    """Solved conditions: bounds, guards and leftovers (internal)."""

    p: sp.Symbol
    lowers: list[tuple[sp.Expr, bool]] = field(default_factory=list)
    uppers: list[tuple[sp.Expr, bool]] = field(default_factory=list)
    guards: list[sp.Basic] = field(default_factory=list)
    unsolved: list[sp.Basic] = field(default_factory=list)
    solved_sets: list[sp.Set] = field(default_factory=list)
    empty: bool = False

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
        return out

    def infimum(self) -> sp.Expr:
        if self.empty:
            raise _empty_error(self.p)
        region = self.to_set()
        if region is sp.S.EmptySet:
            raise _empty_error(self.p)
        if not self.solved_sets and not self.unsolved:
            lows = _dedupe(self.lowers)
            if not lows:
                return sp.S.NegativeInfinity
            if all(e.is_number for e, _ in lows):
                return _extreme(lows, max)[0]
            return sp.Max(*(e for e, _ in lows))
        return _set_infimum(region, self.p)


def _set_infimum(region: sp.Set, p: sp.Symbol) -> sp.Expr:
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


def _empty_error(p: sp.Symbol) -> InvalidInputError:
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
    if c.is_number:
        v = c.evalf(30)
        return 1 if v > 0 else (-1 if v < 0 else 0)
    if c.is_positive:
        return 1
    if c.is_negative:
        return -1
    if c.is_zero:
        return 0
    return None


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


def _domain_set(p: sp.Symbol) -> sp.Set:
    lows, ups = _domain_bounds(p)
    return _Region(p, lows, ups).base()


def _solve(conds: list[tuple[sp.Expr, bool]], p: sp.Symbol, *, bracket: Any, xtol: float | None,
           n_grid: int) -> _Region:
    lows, ups = _domain_bounds(p)
    reg = _Region(p, lows, ups)
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
            reg.solved_sets.append(_solve_univariate(g, strict, p, bracket=bracket, xtol=xtol,
                                                     n_grid=n_grid))
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
    return _solve(items, parameter, bracket=bracket, xtol=xtol, n_grid=_check_n_grid(n_grid)).to_set()


def _solve_univariate(g: sp.Expr, strict: bool, p: sp.Symbol, *, bracket: Any,
                      xtol: float | None, n_grid: int) -> sp.Set:
    rel = (g > 0) if strict else (g >= 0)
    if g.is_polynomial(p) or g.is_rational_function(p):
        try:
            out = sp.solve_univariate_inequality(rel, p, relational=False, domain=sp.S.Reals)
            if not isinstance(out, sp.ConditionSet):
                return out
        except (NotImplementedError, ValueError, TypeError):
            pass
    return _numeric_region(g, strict, p, bracket=bracket, xtol=xtol, n_grid=n_grid)


def _numeric_region(g: sp.Expr, strict: bool, p: sp.Symbol, *, bracket: Any, xtol: float | None,
                    n_grid: int) -> sp.Set:
    lo, hi = _check_bracket(bracket, p)
    f_vec = sp.lambdify(p, g, modules="numpy")
    xs = np.linspace(lo, hi, n_grid)
    with np.errstate(all="ignore"):
        vals = np.asarray(f_vec(xs), dtype=complex) * np.ones_like(xs)
    ok = np.isfinite(vals) & (np.abs(vals.imag) <= 1e-12 * np.maximum(1.0, np.abs(vals.real)))
    re = np.where(ok, vals.real, np.nan)

    def f(x: float) -> float:
        with np.errstate(all="ignore"):
            v = complex(f_vec(x))
        return v.real

    tol = 1e-12 if xtol is None else float(xtol)
    holds = (re > 0) if strict else (re >= 0)
    holds &= ok
    pieces: list[sp.Set] = []
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
        k = j + 1
    return sp.Union(*pieces) if pieces else sp.S.EmptySet


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


def _check_bracket(bracket: Any, p: sp.Symbol) -> tuple[float, float]:
    if bracket is None:
        lo, hi = _DEFAULT_BRACKET
        dom = _domain_set(p)
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


def _check_n_grid(n_grid: Any) -> int:
    if isinstance(n_grid, (bool, np.bool_)) or not isinstance(n_grid, (int, np.integer)) or n_grid < 3:
        raise InvalidInputError(f"n_grid: expected an integer >= 3, got {n_grid!r}")
    return int(n_grid)


def _region(game: Any, parameter: Any, profile: Any, criterion: Any, reference: Any,
            bracket: Any, xtol: float | None, n_grid: Any, values: Any = None
            ) -> tuple[NormalFormGame, sp.Symbol, tuple[int, ...], str, sp.Set, _Region | None]:
    game = _as_game(game)
    criterion = _check_criterion(criterion)
    if values:
        game = _substitute(game, values, keep=parameter)
    p = _as_parameter(game, parameter)
    prof = _as_profile(game, profile)
    ref = _reference(game, reference, criterion)
    n = _check_n_grid(n_grid)
    if criterion == "unique_ess":
        own = _solve(_conditions(game, prof, "ess", ref), p, bracket=bracket, xtol=xtol, n_grid=n)
        region = own.to_set()
        for other in game.profiles():
            if other == prof or region is sp.S.EmptySet:
                continue
            r = _solve(_conditions(game, other, "ess", ref), p, bracket=bracket, xtol=xtol,
                       n_grid=n).to_set()
            if r is not sp.S.EmptySet:
                region = sp.Complement(region, r)
        return game, p, prof, criterion, region, None
    solved = _solve(_conditions(game, prof, criterion, ref), p, bracket=bracket, xtol=xtol,
                    n_grid=n)
    return game, p, prof, criterion, solved.to_set(), solved


def _substitute(game: NormalFormGame, values: Mapping[Any, Any], keep: Any) -> NormalFormGame:
    if not isinstance(values, Mapping):
        raise InvalidInputError(f"values: expected a mapping symbol -> number, got {values!r}")
    if any(str(k) == str(keep) for k in values):
        raise InvalidInputError(f"values: sets the parameter {keep} itself")
    try:
        return game.subs(dict(values))
    except InvalidInputError as exc:
        raise InvalidInputError(f"values: {exc}") from None


def stability_region(game: Any, parameter: Any, *, profile: Sequence[int | str],
                     criterion: str = "ess", reference: Sequence[int | str] | None = None,
                     bracket: tuple[float, float] | None = None, xtol: float | None = None,
                     n_grid: int = _DEFAULT_GRID) -> sp.Set:
    r"""The set of values of ``parameter`` at which ``profile`` satisfies ``criterion``.

    Each criterion is a finite set of conditions :math:`g_j(p) > 0` (strict
    criteria) or :math:`g_j(p) \ge 0` (``"nash"``, ``"participation"``);
    see the module documentation for their definitions. Affine conditions
    :math:`c_j p + d_j` with decidable :math:`\operatorname{sign} c_j` give
    the interval

    .. math::

        \max_{c_j > 0} \Bigl(-\frac{d_j}{c_j}\Bigr) < p <
        \min_{c_j < 0} \Bigl(-\frac{d_j}{c_j}\Bigr),

    intersected with the domain of ``parameter``'s assumptions. A subsidy
    *window* (a lower and an upper bound) is common: in the tripartite
    government–enterprise–university game the upper bound comes from the
    government's own payoff.

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
        Symbolic in ``parameter``; other symbols may stay free (then the answer
        is a closed form in them).
    parameter : sympy.Symbol or str
        A free symbol of the game (or its name).
    profile : tuple
        The pure profile (indices or labels); in the built-in models strategy 0
        is cooperate / active, so "everybody cooperates" is ``(0, ..., 0)``.
    criterion : {"ess", "nash", "strict_nash", "unique_ess", "dominant", "participation"}
    reference : tuple, optional
        The comparison profile of ``"participation"`` (default: every player
        on its last strategy).
    bracket : (float, float), optional
        Numeric fallback only — for a condition that is neither affine nor
        solvable by :func:`sympy.solve_univariate_inequality` (non-polynomial
        in ``parameter``) and has no other free symbols. The region is then
        searched in ``bracket`` (default ``(-1000, 1000)`` clipped to the
        parameter's domain) on a grid of ``n_grid`` points and its ends are
        located by Brent's method: each end is within ``xtol`` (default
        ``1e-12``) plus four machine epsilons (relative) of a true boundary;
        pieces narrower than the grid spacing can be missed, and the result is
        the region *within* the bracket (sympy Floats as ends).
    xtol : float, optional
    n_grid : int

    Returns
    -------
    sympy.Set
        ``Interval`` (possibly empty or unbounded), a ``Union`` of intervals,
        an ``Intersection`` of a closed and an open interval (symbolic bounds of
        mixed strictness), or a ``ConditionSet`` whose condition involves only
        other symbols (a guard: the region is empty where it fails).

    Raises
    ------
    coinnovation.errors.InvalidInputError
        when ``parameter`` is not a symbol of the game, ``profile`` has the
        wrong length or an unknown strategy, or ``criterion`` is unknown.

    Examples
    --------
    How large must the subsidy to a cooperating enterprise be before mutual
    cooperation in the industry–university game (产学研合作) is an
    evolutionarily stable state? With numbers:

    >>> import coinnovation as co
    >>> g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=6, C_U=2,
    ...                                   T_E=3, T_U=3, F=1, S_U=0)
    >>> co.stability_region(g, "S_E", profile=(0, 0))
    Interval.open(3, oo)
    >>> co.stability_region(g, "S_E", profile=(0, 0), criterion="nash")
    Interval(3, oo)

    Symbolically, the threshold is :math:`S_E^* = C_E + T_E - F - \alpha\Delta R`
    (and ``S_E >= 0`` because the symbol is nonnegative):

    >>> gs = co.models.industry_university()
    >>> region = co.stability_region(gs, "S_E", profile=(0, 0))
    >>> region.base_set
    Intersection(Interval(0, oo), Interval.open(C_E - F + T_E - alpha*dR, oo))
    >>> region.condition
    -C_U + F + S_U - T_U - alpha*dR + dR > 0
    """
    return _region(game, parameter, profile, criterion, reference, bracket, xtol, n_grid)[4]


def threshold(game: Any, parameter: Any, *, profile: Sequence[int | str], criterion: str = "ess",
              reference: Sequence[int | str] | None = None,
              bracket: tuple[float, float] | None = None, xtol: float | None = None,
              n_grid: int = _DEFAULT_GRID) -> sp.Expr:
    r"""The infimum of :func:`stability_region`: the threshold (阈值) of ``parameter``.

    For a symbolic answer this is the ``Max`` of the lower bounds, valid
    wherever the region is non-empty (its guard holds and the lower bound is
    below the upper bound); ``-oo`` when there is no lower bound. Whether the
    threshold itself belongs to the region depends on the criterion (strict
    criteria: no — a subsidy exactly at its threshold makes the game
    degenerate).

    Raises
    ------
    coinnovation.errors.InvalidInputError
        when the region is empty (no threshold exists), with the arguments
        checked as in :func:`stability_region`.
    coinnovation.errors.UndecidableError
        when a condition could not be solved for ``parameter`` (a coefficient
        of unknown sign, or a non-affine condition with other symbols), or
        sympy cannot take the infimum of a symbolic set difference
        (``"unique_ess"`` with other free symbols): give the symbols sign
        assumptions or substitute numbers.

    Examples
    --------
    >>> import sympy as sp, coinnovation as co
    >>> g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=6, C_U=2,
    ...                                   T_E=3, T_U=3, F=1, S_U=0)
    >>> co.threshold(g, "S_E", profile=(0, 0))
    3
    >>> S_E = sp.Symbol("S_E", real=True)       # no sign assumption: the bare hand formula
    >>> gs = co.models.industry_university(S_E=S_E, S_U=100)
    >>> co.threshold(gs, S_E, profile=(0, 0), criterion="nash")
    C_E - F + T_E - alpha*dR
    """
    _, p, _, _, region, solved = _region(game, parameter, profile, criterion, reference, bracket,
                                         xtol, n_grid)
    if solved is not None:
        return solved.infimum()
    if region is sp.S.EmptySet:
        raise _empty_error(p)
    return _set_infimum(region, p)


# ---------------------------------------------------------------------------- verification
def criterion_holds(game: Any, profile: Sequence[int | str], criterion: str = "ess", *,
                    reference: Sequence[int | str] | None = None) -> bool:
    r"""Whether a pure profile of a numeric game satisfies ``criterion``, decided exactly.

    The direct definition, evaluated on the payoff table in exact arithmetic
    (sympy numbers), independently of the region solver: used by
    :func:`verify_region` and by property tests.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when the game still has free symbols (named in the message).

    Examples
    --------
    >>> import coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> criterion_holds(pd, (1, 1), "dominant"), criterion_holds(pd, (0, 0), "participation")
    (True, True)
    """
    game = _as_game(game)
    criterion = _check_criterion(criterion)
    require_numeric(game.free_symbols, f"criterion_holds (criterion {criterion!r})")
    prof = _as_profile(game, profile)
    ref = _reference(game, reference, criterion)
    return _holds(game.symbolic_payoff_array(), game.shape, prof, criterion, ref)


def _sign_exact(d: sp.Expr) -> int:
    d = sp.expand(d)
    if isinstance(d, sp.Float):
        d = sp.nsimplify(d, rational=True)
    if d.is_zero:
        return 0
    if d.is_positive:
        return 1
    if d.is_negative:
        return -1
    v = d.evalf(60)
    if v.is_comparable and abs(v) > sp.Float(10) ** -50:
        return 1 if v > 0 else -1
    if sp.simplify(d) == 0:
        return 0
    raise UndecidableError(f"criterion_holds: cannot decide the sign of {d}")


def _holds(u: np.ndarray, shape: tuple[int, ...], prof: tuple[int, ...], criterion: str,
           ref: tuple[int, ...]) -> bool:
    """The criterion decided exactly on an object array of payoffs (sympy numbers)."""
    n = len(shape)
    profiles = list(itertools.product(*(range(m) for m in shape)))

    def cmp(i: int, a: tuple[int, ...], b: tuple[int, ...]) -> int:
        return _sign_exact(sp.sympify(u[(i, *a)]) - sp.sympify(u[(i, *b)]))

    def dev(a: tuple[int, ...], i: int, k: int) -> tuple[int, ...]:
        return (*a[:i], k, *a[i + 1:])

    def strict_ne(a: tuple[int, ...]) -> bool:
        return all(cmp(i, a, dev(a, i, k)) > 0 for i in range(n)
                   for k in range(shape[i]) if k != a[i])

    if criterion == "nash":
        return all(cmp(i, prof, dev(prof, i, k)) >= 0 for i in range(n) for k in range(shape[i]))
    if criterion in ("strict_nash", "ess"):
        return strict_ne(prof)
    if criterion == "unique_ess":
        return strict_ne(prof) and not any(strict_ne(b) for b in profiles if b != prof)
    if criterion == "dominant":
        return all(cmp(i, dev(b, i, prof[i]), dev(b, i, k)) > 0
                   for i in range(n) for b in profiles for k in range(shape[i]) if k != prof[i])
    return all(cmp(i, prof, ref) >= 0 for i in range(n))


@dataclass(frozen=True)
class Tightness:
    """Result of :func:`verify_region`: the criterion checked around every end of a region.

    Attributes
    ----------
    region : sympy.Set
        The region checked.
    checks : tuple of (value, in_region, holds)
        Each probe point (sympy number), whether it lies in the region, and
        whether the criterion holds there (decided exactly by
        :func:`criterion_holds`).
    eps : sympy.Rational
        Distance of the probes from each end.
    """

    region: sp.Set
    checks: tuple[tuple[sp.Expr, bool, bool], ...]
    eps: sp.Expr

    @property
    def ok(self) -> bool:
        """True when the criterion holds exactly at the probes inside the region."""
        return all(inside == holds for _, inside, holds in self.checks)

    @property
    def failures(self) -> tuple[tuple[sp.Expr, bool, bool], ...]:
        """The probes where region and criterion disagree."""
        return tuple(c for c in self.checks if c[1] != c[2])

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"region": str(self.region), "ok": self.ok, "eps": str(self.eps),
                "checks": [(str(v), i, h) for v, i, h in self.checks]}


def verify_region(game: Any, parameter: Any, *, profile: Sequence[int | str],
                  criterion: str = "ess", region: sp.Set | None = None,
                  values: Mapping[Any, Any] | None = None,
                  reference: Sequence[int | str] | None = None, eps: Any = None,
                  probes_at_ends: bool = True,
                  bracket: tuple[float, float] | None = None) -> Tightness:
    r"""Check that a stability region is tight: the criterion holds just inside, fails just outside.

    For every finite end :math:`e` of every interval of the region, the
    criterion is decided exactly (:func:`criterion_holds`) at :math:`e-\epsilon`,
    :math:`e` (when ``probes_at_ends``) and :math:`e+\epsilon`, and compared
    with membership of the region; one probe is added inside every interval.
    A threshold is a sign change (STYLE.md): stable just above it, not just
    below, and open or closed as the criterion says.

    Parameters
    ----------
    game, parameter, profile, criterion, reference
        As in :func:`stability_region`.
    region : sympy.Set, optional
        The region to check (default: :func:`stability_region`'s answer).
        Must be a numeric set (intervals with number ends).
    values : mapping, optional
        Numbers for the game's other symbols.
    eps : number, optional
        Probe distance (default ``1e-6`` times ``max(1, |e|)``, exact rational).
    probes_at_ends : bool
        Also decide the criterion exactly at each end (checks open/closed ends;
        switch off for numerically located ends, which are not exact).
    bracket : (float, float), optional
        The search bracket of a numeric region: passed to
        :func:`stability_region`, and probes outside it are skipped (its ends
        are not boundaries of the criterion).

    Returns
    -------
    Tightness
        ``bool(result)`` is the verdict; ``result.failures`` lists disagreements.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when symbols other than ``parameter`` are left (pass ``values``).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=6, C_U=2,
    ...                                   T_E=3, T_U=3, F=1, S_U=0)
    >>> check = co.verify_region(g, "S_E", profile=(0, 0))
    >>> check.ok, [(str(v), inside) for v, inside, _ in check.checks][:3]
    (True, [('2999997/1000000', False), ('3', False), ('3000003/1000000', True)])
    """
    game = _as_game(game)
    if values:
        game = _substitute(game, values, keep=parameter)
    p = _as_parameter(game, parameter)
    others = game.free_symbols - {p}
    if others:
        raise SymbolicNotSupported(
            "verify_region is numeric only, but symbols other than the parameter are left: "
            + ", ".join(sorted(map(str, others))) + "; pass numbers for them with values={...}")
    if region is None:
        region = stability_region(game, p, profile=profile, criterion=criterion,
                                  reference=reference, bracket=bracket)
    window = sp.Interval(*_check_bracket(bracket, p)) if bracket is not None else sp.S.Reals
    if not isinstance(region, sp.Set):
        raise InvalidInputError(f"region: expected a sympy Set, got {type(region).__name__}")
    if region.free_symbols - {p}:
        raise SymbolicNotSupported(
            "region: verify_region needs a numeric region, got free symbols "
            + ", ".join(sorted(map(str, region.free_symbols))))
    pieces = _pieces(region)
    probes: list[sp.Expr] = []
    for piece in pieces:
        ends = [e for e in (piece.inf, piece.sup) if e.is_finite]
        for e in ends:
            d = _eps(e, eps)
            probes.extend([e - d, e + d])
            if probes_at_ends:
                probes.append(e)
        lo, hi = piece.inf, piece.sup
        if lo.is_finite and hi.is_finite:
            probes.append((lo + hi) / 2)
        elif lo.is_finite:
            probes.append(lo + 1)
        elif hi.is_finite:
            probes.append(hi - 1)
        else:
            probes.append(sp.S.Zero)
    if not pieces:
        probes.append(sp.S.Zero)
    domain = _domain_set(p)
    prof = _as_profile(game, profile)
    ref = _reference(game, reference, _check_criterion(criterion))
    u = game.symbolic_payoff_array()
    checks = []
    for v in sorted(set(probes), key=lambda z: float(z)):
        if domain.contains(v) is not sp.true or window.contains(v) is not sp.true:
            continue
        uv = np.array([*(sp.sympify(x).xreplace({p: v}) for x in u.ravel().tolist()), None],
                      dtype=object)[:-1].reshape(u.shape)
        inside = bool(region.contains(v) is sp.true)
        checks.append((v, inside, _holds(uv, game.shape, prof, criterion, ref)))
    d0 = _eps(pieces[0].inf if pieces and pieces[0].inf.is_finite else sp.S.Zero, eps)
    return Tightness(region, tuple(checks), d0)


def _eps(e: sp.Expr, eps: Any) -> sp.Expr:
    if eps is not None:
        d = sp.nsimplify(eps, rational=True)
        if not (d.is_number and d > 0):
            raise InvalidInputError(f"eps: expected a positive number, got {eps!r}")
        return d
    return sp.Rational(1, 10**6) * sp.Max(1, sp.Abs(sp.nsimplify(e, rational=True)))


def _pieces(region: sp.Set) -> list[sp.Interval]:
    if region is sp.S.EmptySet:
        return []
    if isinstance(region, sp.Interval):
        return [region]
    if isinstance(region, sp.FiniteSet):
        return [sp.Interval(v, v) for v in region]
    if isinstance(region, sp.Union):
        out: list[sp.Interval] = []
        for a in region.args:
            out.extend(_pieces(a))
        return out
    raise InvalidInputError(f"region: expected intervals with number ends, got {region}")


# ---------------------------------------------------------------------------- repeated game
def critical_discount_factor(game: Any, *, profile: Sequence[int | str],
                             punishment: Sequence[int | str] | None = None) -> Any:
    r"""The least discount factor at which grim trigger sustains ``profile`` (重复博弈).

    In the infinitely repeated game every player plays ``profile`` until
    someone deviates, then the stage Nash equilibrium ``punishment`` forever
    (Friedman 1971). With :math:`R_i = u_i(a)` (reward),
    :math:`T_i = \max_{k \ne a_i} u_i(k, a_{-i})` (temptation) and
    :math:`P_i` the payoff at the punishment profile, player :math:`i` keeps to
    the profile iff :math:`R_i/(1-\delta) \ge T_i + \delta P_i/(1-\delta)`,
    i.e. :math:`\delta \ge (T_i - R_i)/(T_i - P_i)` when :math:`T_i > R_i`;
    so

    .. math::

        \delta^* = \max\Bigl(0,\ \max_i \frac{T_i - R_i}{T_i - P_i}\Bigr).

    Parameters
    ----------
    game : NormalFormGame
    profile : tuple
        The cooperative profile to sustain.
    punishment : tuple, optional
        A pure Nash equilibrium of the stage game; required when the stage
        game does not have exactly one pure equilibrium (or when that cannot be
        decided for symbolic payoffs).

    Returns
    -------
    float or sympy expression
        A float for numeric games; a closed form (``Max`` of the players'
        ratios, valid where the punishment is a threat, :math:`R_i > P_i`, for
        every player) for symbolic ones.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        when ``punishment`` is missing and not unique, is not a stage-game Nash
        equilibrium, or (numeric games) the reversion is no threat to some
        player (:math:`R_i < P_i`, or :math:`R_i = P_i < T_i`): then patient
        players are not kept at the profile by grim trigger.

    Examples
    --------
    The prisoner's dilemma (T, R, P) = (5, 3, 1): :math:`\delta^* = (5-3)/(5-1) = 1/2`.

    >>> import sympy as sp, coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> co.critical_discount_factor(pd, profile=(0, 0))
    0.5
    >>> T, R, P, S = sp.symbols("T R P S", positive=True)
    >>> spd = co.NormalFormGame([[[R, S], [T, P]], [[R, T], [S, P]]])
    >>> co.critical_discount_factor(spd, profile=(0, 0), punishment=(1, 1))
    Max(0, (R - T)/(P - T))
    """
    game = _as_game(game)
    prof = _as_profile(game, profile)
    pun = _punishment(game, punishment)
    u = game.symbolic_payoff_array()
    ratios: list[sp.Expr] = []
    for i in range(game.n_players):
        reward = u[(i, *prof)]
        devs = [u[(i, *prof[:i], k, *prof[i + 1:])] for k in range(game.shape[i]) if k != prof[i]]
        if not devs:
            continue
        pun_pay = u[(i, *pun)]
        if not game.is_symbolic:
            tempt = max(devs, key=lambda z: float(z))
            if reward < pun_pay or (reward == pun_pay and tempt > reward):
                # the reversion is no threat: deviating then being "punished" beats the profile
                raise InvalidInputError(
                    f"profile: {game.players[i]!r} is not kept at {prof} by grim trigger for "
                    f"discount factors up to 1 (reward {reward}, punishment payoff {pun_pay}, "
                    f"temptation {tempt}): the punishment must pay less than the profile")
            if tempt <= reward:
                ratios.append(sp.S.Zero)
                continue
            ratios.append((tempt - reward) / (tempt - pun_pay))
        else:
            tempt = sp.Max(*devs) if len(devs) > 1 else devs[0]
            ratios.append(sp.cancel((tempt - reward) / (tempt - pun_pay)))
    if not game.is_symbolic:
        return float(max(ratios, default=sp.S.Zero))
    return sp.Max(0, *ratios)


def _punishment(game: NormalFormGame, punishment: Any) -> tuple[int, ...]:
    if punishment is None:
        try:
            mask = pure_equilibrium_mask(game)
        except UndecidableError as exc:
            raise InvalidInputError(
                "punishment: required — the stage game's pure equilibria cannot be decided for "
                f"symbolic payoffs ({exc})") from None
        eqs = [tuple(int(a) for a in x) for x in np.argwhere(mask)]
        if len(eqs) != 1:
            raise InvalidInputError(
                f"punishment: required — the stage game has {len(eqs)} pure Nash equilibria "
                f"({eqs}); pass the one to revert to")
        return eqs[0]
    pun = _as_profile(game, punishment, "punishment")
    for c in nash_conditions(game, profile=pun):
        if c is sp.false:
            raise InvalidInputError(f"punishment: {pun} is not a Nash equilibrium of the stage game")
    return pun
