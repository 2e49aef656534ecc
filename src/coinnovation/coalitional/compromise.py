r"""Compromise values: the τ-value (Tijs 1981) and the Gately point (Gately 1974).

Both start from what each player could claim at most (the utopia payoff
:math:`M_i = v(N) - v(N\setminus\{i\})`) and at least; the τ-value is numeric,
the Gately point a closed form that accepts symbols. The τ-value and Gately
point of a cost game are those of its savings game, turned back into cost
shares.

References
----------
S. H. Tijs, "Bounds for the core and the τ-value", in *Game Theory and
Mathematical Economics*, North-Holland (1981) 123-132.
D. Gately, "Sharing the gains from regional cooperation", Int. Econ. Rev. 15
(1974) 195-208. S. C. Littlechild, K. G. Vaidya, "The propensity to disrupt
and the disruption nucleolus", Int. J. Game Theory 5 (1976) 151-161.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .._util.subsets import fold_max, subset_sums
from .._util.tolerance import TOL
from ..errors import InvalidGameError
from ..games.coalitional import CoalitionalGame
from ._common import alloc, check_game, osum, profit_table, table, to_cost
from .allocation import Allocation

__all__ = ["gately_point", "tau_value"]


def tau_value(game: CoalitionalGame) -> Allocation:
    r"""The τ-value (compromise value) of Tijs (1981).

    With the utopia payoffs :math:`M_i = v(N) - v(N\setminus\{i\})` and the
    minimal rights :math:`m_i = \max_{S\ni i}\bigl(v(S) - \sum_{j\in S\setminus\{i\}} M_j\bigr)`,
    the τ-value is the efficient point on the segment from ``m`` to ``M``:
    :math:`\tau = m + \alpha (M - m)`. It is defined for quasi-balanced games
    (:math:`m \le M` and :math:`\sum m \le v(N) \le \sum M`); other games raise
    :class:`~coinnovation.errors.InvalidGameError`. ``info`` holds
    ``utopia`` (M) and ``minimal_rights`` (m). Numeric games only.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.tau_value(co.glove(1, 2)).to_dict()
    {'L1': 1.0, 'R1': 0.0, 'R2': 0.0}
    """
    game = check_game(game, "tau_value")
    v = profit_table(game, "tau_value")
    n = game.n_players
    full = (1 << n) - 1
    big_m = v[full] - v[full ^ (1 << np.arange(n))]
    slack = v - subset_sums(big_m, n)
    small_m = big_m + fold_max(slack, n)
    atol = TOL * max(1.0, float(np.max(np.abs(v))))
    if np.any(small_m > big_m + atol) or small_m.sum() > v[full] + atol \
            or v[full] > big_m.sum() + atol:
        raise InvalidGameError(
            "tau_value: the game is not quasi-balanced (minimal rights m must satisfy m <= M "
            f"and sum(m) <= v(N) <= sum(M); m = {np.round(small_m, 12).tolist()}, "
            f"M = {np.round(big_m, 12).tolist()}, v(N) = {v[full]:g})")
    gap = big_m.sum() - small_m.sum()
    if abs(gap) <= atol:
        x = small_m.copy()
    else:
        x = small_m + (v[full] - small_m.sum()) / gap * (big_m - small_m)
    return Allocation(np.asarray(to_cost(game, x), dtype=float), game.players, "tau",
                      cost=game.is_cost, info={"utopia": big_m, "minimal_rights": small_m})


def gately_point(game: CoalitionalGame) -> Allocation:
    r"""The Gately point (Gately 1974; Littlechild & Vaidya 1976).

    A player's *propensity to disrupt* the grand coalition at ``x`` is
    :math:`d_i(x) = \frac{x(N\setminus i) - v(N\setminus i)}{x_i - v(\{i\})}`:
    what the others lose if ``i`` walks out, over what ``i`` loses. The
    Gately point is the efficient allocation at which every propensity is the
    same; in closed form

    .. math::
        x_i = v(\{i\}) + \frac{M_i - v(\{i\})}{\sum_j (M_j - v(\{j\}))}
              \Bigl(v(N) - \sum_j v(\{j\})\Bigr),\qquad M_i = v(N) - v(N\setminus\{i\}).

    Needs :math:`\sum_j (M_j - v(\{j\})) \ne 0`. Symbolic games give the closed form.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.gately_point(co.CoalitionalGame([0, 0, 0, 3, 0, 2, 1, 6])).to_dict()
    {'player 0': 2.5, 'player 1': 2.0, 'player 2': 1.5}
    """
    game = check_game(game, "gately_point")
    pg = game.profit_game()
    v, kind = table(pg, False)
    n = game.n_players
    full = (1 << n) - 1
    single = [v[1 << i] for i in range(n)]
    big_m = [v[full] - v[full ^ (1 << i)] for i in range(n)]
    denom = osum([big_m[i] - single[i] for i in range(n)])
    surplus = v[full] - osum(single)
    if kind == "float":
        if abs(denom) <= TOL * max(1.0, float(np.max(np.abs(v)))):
            raise InvalidGameError("gately_point: sum of (v(N) − v(N∖i) − v({i})) is 0; the "
                                   "propensities to disrupt are undefined")
        x = np.array(single) + (np.array(big_m) - np.array(single)) * (surplus / denom)
        return Allocation(np.asarray(to_cost(game, x), dtype=float), game.players, "gately",
                          cost=game.is_cost)
    if sp.simplify(denom) == 0:
        raise InvalidGameError("gately_point: sum of (v(N) − v(N∖i) − v({i})) is 0")
    x = np.array([single[i] + (big_m[i] - single[i]) * surplus / denom for i in range(n)]
                 + [None], dtype=object)[:-1]
    return alloc(game, to_cost(game, x), kind, "gately")
