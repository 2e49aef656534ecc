r"""The stabilizing subsidy (政府补贴): the least payment that puts a given rule's division in the core.

Compare :func:`coinnovation.cost_of_stability` (Bachrach et al. 2009), the
least payment making the core non-empty whatever rule then divides it.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import decide_nonnegative, decide_positive
from .._util.subsets import subset_sums
from .._util.tolerance import TOL
from .._util.validation import check_bool
from ..errors import InvalidGameError, InvalidInputError
from ..games.coalitional import CoalitionalGame
from ._common import as_vector, check_game, profit_table, slacks, worth_atol
from .core import cost_of_stability, in_core
from .rules import resolve_rule, rule_function

__all__ = ["stabilizing_subsidy"]


def _subsidised(game: CoalitionalGame, d: Any) -> CoalitionalGame:
    if isinstance(d, (Fraction, sp.Basic)):
        vn = game.symbolic_values()[-1]
        d = sp.Rational(d.numerator, d.denominator) if isinstance(d, Fraction) else d
    else:
        vn = game.grand_value()
    return game.with_grand_value(vn - d if game.is_cost else vn + d)


def stabilizing_subsidy(game: CoalitionalGame, rule: Any = "shapley", *,
                        exact: bool = False, backend: str | None = None,
                        tol: float | None = None, **rule_kwargs: Any) -> Any:
    r"""The least payment that makes a given allocation rule's division stable.

    The least :math:`D \ge 0` such that ``rule`` applied to the game with
    :math:`v(N) + D` gives an allocation in that game's core (for a cost game:
    with the cost of the grand coalition reduced by ``D``). Always at least
    :func:`cost_of_stability` (no allocation is stable while the core is
    empty); equal to it for the nucleolus-type rules, and possibly much larger
    for rules that ignore the core, such as the Shapley value of a non-convex
    game.

    Parameters
    ----------
    rule : str or callable
        ``"shapley"``, ``"weighted_shapley"`` (pass ``weights=``), ``"owen"``
        (``unions=``), ``"equal_surplus_division"``, ``"modified_shapley"``
        (``factor_weights=``, ``factor_importance=``), ``"nucleolus"``,
        ``"prenucleolus"``, ``"per_capita_nucleolus"``, ``"least_core"``,
        ``"banzhaf"`` (normalized), ``"tau"``, ``"gately"`` (the names of
        :data:`coinnovation.coalitional.rules.RULES`), or a callable
        ``rule(game, **rule_kwargs) -> allocation``.
    exact : bool
        Linear rules on rational games: return a :class:`fractions.Fraction`.
    **rule_kwargs
        Passed to the rule.

    Returns
    -------
    float, Fraction or sympy expression
        For the rules that are affine in ``v(N)`` (Shapley, weighted Shapley,
        Owen, equal surplus division, modified Shapley) the answer is exact:
        :math:`\max(0, \max_S (v(S) - x_0(S)) / g(S))` over the proper
        coalitions, where :math:`x(D) = x_0 + D g`; symbolic games get it as a
        sympy ``Max``. For the nucleolus-type rules it is the cost of
        stability. For the others (and callables) it is found by bisection
        from the cost of stability upwards, which returns the least stabilising
        ``D`` when the rule, once in the core, stays there for larger
        subsidies; the allocation at the returned ``D`` is checked.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when no subsidy makes the rule's allocation stable (e.g. a coalition
        whose members' shares do not grow with ``D`` and are already too small).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 0, 0, 6, 0, 6, 0, 6])   # 0 and 1, or 0 and 2, make 6
    >>> co.cost_of_stability(g), co.stabilizing_subsidy(g, "shapley")
    (0.0, 1.5)
    """
    game = check_game(game, "stabilizing_subsidy")
    exact = check_bool(exact, "exact")
    if isinstance(rule, str):
        spec = resolve_rule(rule)
    elif callable(rule):
        spec = None
    else:
        raise InvalidInputError(f"rule: expected a rule name or a callable, got {rule!r}")
    fn = rule_function(rule, rule_kwargs, exact=exact and not game.is_symbolic)
    if spec is not None and spec.family == "nucleolus":
        return cost_of_stability(game, backend=backend, tol=tol)
    if spec is not None and spec.family == "affine":
        return _affine_subsidy(game, fn, rule_function(rule, rule_kwargs, exact=True), spec.name)
    return _search_subsidy(game, fn, backend=backend, tol=tol)


def _affine_subsidy(game: CoalitionalGame, fn: Callable[[CoalitionalGame], Any],
                    slope_fn: Callable[[CoalitionalGame], Any], name: str) -> Any:
    """Least D for a rule with x(D) = x(0) + D g, where g = rule(u_N).

    For a linear rule, raising v(N) by D adds D times the unanimity game of N,
    so ``g`` is the rule's allocation of that game (computed exactly); for the
    modified Shapley value ``g = w``. A cost game's cost shares fall by ``D g``.
    """
    n = game.n_players
    full = (1 << n) - 1
    symbolic = game.is_symbolic
    x0 = as_vector(game, fn(game))
    s0, _ = slacks(game, x0)
    probe = CoalitionalGame(np.r_[np.zeros(full, dtype=np.int64), 1], players=game.players)
    g = slope_fn(probe).values
    sym_slope = any(isinstance(e, sp.Basic) and e.free_symbols for e in g.tolist())
    slope = subset_sums(g, n, dtype=object)[1:full]
    s0p = s0[1:full]
    if s0.dtype != object and not sym_slope:
        slope_f = np.array([float(e) for e in slope.tolist()])
        v = np.asarray(game.values, dtype=float)
        atol = worth_atol(v, None)
        grows = slope_f > 0
        stuck = ~grows & (s0p < -atol)
        if stuck.any():
            m = int(np.flatnonzero(stuck)[0]) + 1
            raise InvalidGameError(
                f"stabilizing_subsidy: no subsidy makes the {name} allocation stable: coalition "
                f"{sorted(game.coalition(m))} is short by {-s0p[m - 1]:g} and its share does not "
                "grow with the subsidy")
        need = np.where(grows, -s0p / np.where(grows, slope_f, 1.0), 0.0)
        d = float(np.max(need, initial=0.0))
        return 0.0 if d <= atol else d
    cands: list[Any] = []
    for a, b, m in zip(s0p.tolist(), slope.tolist(), range(1, full), strict=True):
        if symbolic or sym_slope:
            a, b = sp.expand(sp.sympify(a)), sp.expand(sp.sympify(b))
            if decide_positive(b, "stabilizing_subsidy: slope"):
                cands.append(sp.simplify(-a / b))
            elif not decide_nonnegative(a, "stabilizing_subsidy"):
                raise InvalidGameError(f"stabilizing_subsidy: no subsidy makes the {name} "
                                       f"allocation stable (coalition {sorted(game.coalition(m))})")
        else:
            if b > 0:
                cands.append(Fraction(-a) / b)
            elif a < 0:
                raise InvalidGameError(f"stabilizing_subsidy: no subsidy makes the {name} "
                                       f"allocation stable (coalition {sorted(game.coalition(m))})")
    if symbolic or sym_slope:
        return sp.Max(sp.Integer(0), *cands)
    return max([Fraction(0), *cands])


def _search_subsidy(game: CoalitionalGame, fn: Callable[[CoalitionalGame], Any], *,
                    backend: str | None, tol: float | None) -> float:
    v = profit_table(game, "stabilizing_subsidy")
    scale = max(1.0, float(np.max(np.abs(v))))
    step_tol = (TOL if tol is None else float(tol)) * scale

    def ok(d: float) -> bool:
        g = _subsidised(game, d)
        try:
            x = fn(g)
        except InvalidGameError:
            return False
        return in_core(g, x, tol=tol)

    lo = cost_of_stability(game, backend=backend, tol=tol)
    if ok(lo):
        return lo
    hi = max(lo, scale) * 2
    while not ok(hi):
        hi *= 2
        if hi > 1e9 * scale:
            raise InvalidGameError("stabilizing_subsidy: no subsidy up to 1e9 times the largest "
                                   "worth makes the rule's allocation stable")
    while hi - lo > step_tol:
        mid = 0.5 * (lo + hi)
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return float(hi)
