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

The criteria are defined in :mod:`coinnovation.policy.criteria`; how the
conditions are solved in :mod:`coinnovation.policy._solve`. Strict criteria
give open ends; ``"nash"`` and ``"participation"`` give closed ends. The
region is a subset of the real line restricted by the parameter symbol's
assumptions (``positive=True`` gives :math:`(0, \infty)`,
``nonnegative=True`` gives :math:`[0, \infty)`).

References
----------
吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬 (2019), 中国管理科学, "基于三方演化博弈的政产学研协同创新机制研究".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from .._util.validation import positive_float
from ..games.normal_form import NormalFormGame
from ._solve import (
    DEFAULT_GRID,
    SolvedRegion,
    check_bracket,
    check_n_grid,
    empty_region_error,
    set_infimum,
    solve_conditions,
)
from .criteria import (
    as_game,
    as_parameter,
    as_profile,
    check_criterion,
    criterion_conditions,
    reference_profile,
    substitute_values,
)

__all__ = ["stability_region", "threshold"]


def _region(game: Any, parameter: Any, profile: Any, criterion: Any, reference: Any,
            bracket: Any, xtol: float | None, n_grid: Any, values: Any = None
            ) -> tuple[NormalFormGame, sp.Symbol, tuple[int, ...], str, sp.Set, SolvedRegion | None]:
    game = as_game(game)
    criterion = check_criterion(criterion)
    if values:
        game = substitute_values(game, values, keep=parameter)
    p = as_parameter(game, parameter)
    prof = as_profile(game, profile)
    ref = reference_profile(game, reference, criterion)
    n = check_n_grid(n_grid)
    if xtol is not None:
        xtol = positive_float(xtol, "xtol")
    if bracket is not None:
        check_bracket(bracket, p)  # reversed or NaN ends are errors even when unused
    if criterion == "unique_ess":
        own = solve_conditions(criterion_conditions(game, prof, "ess", ref), p, bracket=bracket,
                               xtol=xtol, n_grid=n)
        region = own.to_set()
        for other in game.profiles():
            if other == prof or region is sp.S.EmptySet:
                continue
            r = solve_conditions(criterion_conditions(game, other, "ess", ref), p, bracket=bracket, xtol=xtol,
                       n_grid=n).to_set()
            if r is not sp.S.EmptySet:
                region = sp.Complement(region, r)
        return game, p, prof, criterion, region, None
    solved = solve_conditions(criterion_conditions(game, prof, criterion, ref), p, bracket=bracket, xtol=xtol,
                    n_grid=n)
    return game, p, prof, criterion, solved.to_set(), solved


def stability_region(game: Any, parameter: Any, *, profile: Sequence[int | str],
                     criterion: str = "ess", reference: Sequence[int | str] | None = None,
                     bracket: tuple[float, float] | None = None, xtol: float | None = None,
                     n_grid: int = DEFAULT_GRID) -> sp.Set:
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
        searched in ``bracket`` on a grid of ``n_grid`` points and its ends are
        located by Brent's method: each end is within ``xtol`` (default
        ``1e-12``) plus four machine epsilons (relative) of a true boundary;
        pieces narrower than the grid spacing can be missed, and the result is
        the region *within* the bracket (sympy Floats as ends). Without a
        bracket, ``(-1000, 1000)`` clipped to the parameter's domain is
        searched on the grid and, beyond it, a log-spaced grid out to
        ``±1e12`` wherever the domain is open; a region still holding at
        ``±1e12`` ends there with a
        :class:`~coinnovation.errors.SearchRangeWarning` (it may extend further).
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
              n_grid: int = DEFAULT_GRID) -> sp.Expr:
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
        raise empty_region_error(p)
    return set_infimum(region, p)
