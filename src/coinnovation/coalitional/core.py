"""Stability of the grand coalition: core membership, least core and the cost of stability.

All linear programs run on HiGHS (through ``highspy`` when installed, else
``scipy.optimize.linprog(method="highs")``) with constraint generation: they
start from the one-player coalitions and their complements and add the most
violated coalitions until none is violated, so the solved LPs stay small even
when the game has tens of thousands of coalitions (:mod:`._cover`,
:mod:`._nucleolus`). The nucleolus family is in
:mod:`coinnovation.coalitional.nucleolus`, the subsidy that stabilizes a
given rule in :mod:`coinnovation.coalitional.subsidy`.

LP-based concepts are numeric: a symbolic game raises
:class:`~coinnovation.errors.SymbolicNotSupported` naming its free symbols.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import decide_nonnegative
from ..errors import InvalidGameError
from ..games.coalitional import CoalitionalGame
from ._common import as_vector, check_game, imputations_exist, profit_table, slacks, worth_atol
from ._cover import min_cover
from .allocation import LeastCore
from .nucleolus import nucleolus, prenucleolus

__all__ = ["cost_of_stability", "excesses", "in_core", "least_core"]


def excesses(game: CoalitionalGame, allocation: Any) -> np.ndarray:
    """The excess ``e(S, x) = v(S) − x(S)`` of every coalition, in bitmask order.

    For a cost game: ``x(S) − c(S)`` (how much more ``S`` pays than it would
    alone). ``x`` is in the core when it is efficient and no excess is positive.
    """
    game = check_game(game, "excesses")
    slack, _ = slacks(game, as_vector(game, allocation))
    return -slack


def in_core(game: CoalitionalGame, allocation: Any, *, tol: float | None = None) -> bool:
    r"""Whether ``allocation`` lies in the core of ``game``.

    The core (Gillies 1959) is the set of efficient allocations that no
    coalition can improve upon: :math:`x(N) = v(N)` and :math:`x(S) \ge v(S)`
    for every ``S`` (for a cost game :math:`x(S) \le c(S)`). Floats are
    compared with the tolerance ``tol`` (default :data:`coinnovation.TOL`)
    relative to the worths; Fractions exactly; symbolic games and shares are
    decided from the symbols' assumptions (else
    :class:`~coinnovation.errors.UndecidableError`).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 1, 2, 6])
    >>> co.in_core(g, [2.5, 3.5]), co.in_core(g, [0.5, 5.5])
    (True, False)
    """
    game = check_game(game, "in_core")
    x = as_vector(game, allocation)
    slack, eff = slacks(game, x)
    if slack.dtype != object:
        atol = worth_atol(np.asarray(game.values, dtype=float), tol)
        return bool(abs(eff) <= atol and np.all(slack >= -atol))
    if not all(isinstance(e, (Fraction, int)) for e in slack.tolist()):
        if sp.simplify(sp.sympify(eff)) != 0:
            return False
        return all(decide_nonnegative(e, "in_core") for e in slack.tolist()[1:])
    return bool(eff == 0 and all(e >= 0 for e in slack.tolist()))


def least_core(game: CoalitionalGame, *, backend: str | None = None) -> LeastCore:
    r"""The least core (Maschler, Peleg & Shapley 1979).

    ``epsilon`` is the least :math:`\varepsilon` such that some ``x`` with
    :math:`x(N) = v(N)` satisfies :math:`x(S) \ge v(S) - \varepsilon` for every
    non-empty proper coalition ``S`` (cost games: :math:`x(S) \le c(S) + \varepsilon`).
    It may be negative: then the core has interior and :math:`-\varepsilon`
    is how much every coalition can be guaranteed beyond its worth. The core is
    non-empty exactly when :math:`\varepsilon \le 0`. ``allocation`` is the
    nucleolus (a point of the least core whenever the core is non-empty), or
    the prenucleolus when the nucleolus misses the least core.

    Examples
    --------
    >>> import coinnovation as co
    >>> lc = co.least_core(co.CoalitionalGame([0, 0, 0, 1, 0, 1, 1, 1]))
    >>> round(lc.epsilon, 12), lc.core_is_empty
    (0.333333333333, True)
    """
    game = check_game(game, "least_core")
    v = profit_table(game, "least_core")
    n = game.n_players
    if n < 2:
        raise InvalidGameError("least_core: a one-player game has no proper coalition")
    pre = prenucleolus(game, backend=backend)
    assert pre.levels is not None
    eps = float(pre.levels[0])
    atol = worth_atol(v, None) * 10
    alloc = pre
    if imputations_exist(v, n):
        nuc = nucleolus(game, backend=backend)
        worst = float(np.max(excesses(game, nuc)[1:-1]))
        if worst <= eps + atol:
            alloc = nuc
    return LeastCore(eps, alloc, cost=game.is_cost)


def cost_of_stability(game: CoalitionalGame, *, backend: str | None = None,
                      tol: float | None = None) -> float:
    r"""The cost of stability (Bachrach et al. 2009): the least external payment
    that makes the grand coalition stable.

    The least :math:`\Delta \ge 0` such that the game with :math:`v(N) + \Delta`
    (and every other worth unchanged) has a non-empty core. By LP duality
    (Bondareva–Shapley) it is

    .. math::
        \mathrm{CoS}(v) = \max\Bigl(0,\ \min\{x(N) : x(S) \ge v(S)\ \forall S \ne \emptyset, N\}
                          - v(N)\Bigr).

    Zero exactly when the core is non-empty. For a cost game: the least amount
    by which the grand coalition's cost must be reduced (covered by a subsidy).
    It is a property of the game, whatever rule then divides ``v(N) + Δ``;
    compare :func:`stabilizing_subsidy`, which asks what it takes for one
    given rule's allocation to be stable. With ``ε`` the least-core value and
    ``ε >= 0``: :math:`\tfrac{n}{n-1}\varepsilon \le \mathrm{CoS} \le n\,\varepsilon`.

    Examples
    --------
    Three partners, any two of which can create 1 on their own, the three 1.2:

    >>> import coinnovation as co
    >>> g = co.symmetric_quota(3, 2)
    >>> round(co.cost_of_stability(g.with_grand_value(1.2)), 12)
    0.3
    """
    game = check_game(game, "cost_of_stability")
    v = profit_table(game, "cost_of_stability")
    n = game.n_players
    obj, _ = min_cover(v, n, backend, tol)
    cos = obj - float(v[-1])
    return 0.0 if cos <= worth_atol(v, tol) else float(cos)
