r"""Nash bargaining over a transferable surplus, with asymmetric bargaining powers.

With transferable utility the feasible set is :math:`\{x : \sum_i x_i \le V\}`.
The (asymmetric) Nash bargaining solution (Nash 1950; Kalai 1977) maximises
:math:`\prod_i (x_i - d_i)^{\beta_i}` over it, and in closed form

.. math::
    x_i = d_i + \frac{\beta_i}{\sum_j \beta_j}\Bigl(V - \sum_j d_j\Bigr):

everyone receives its disagreement payoff plus a share of the cooperative
surplus (合作剩余) proportional to its bargaining power. Equal powers give the
equal split of the surplus - for a coalitional game with the stand-alone
worths as disagreement point, the equal surplus division.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.symbolic import convert_array
from .._util.tolerance import ROUNDOFF
from ..errors import InvalidInputError
from ..games.coalitional import CoalitionalGame
from .allocation import Allocation

__all__ = ["bargaining_shares", "nash_bargaining_solution"]


def nash_bargaining_solution(total: Any, disagreement: Any = None, *,
                             powers: Sequence[Any] | None = None,
                             players: Sequence[str] | None = None,
                             exact: bool = False) -> Allocation:
    r"""The (asymmetric) Nash bargaining solution of a TU surplus.

    Parameters
    ----------
    total : number, sympy expression or CoalitionalGame
        ``V``, the value the parties divide if they agree. A
        :class:`~coinnovation.CoalitionalGame` means ``V = v(N)`` with the
        stand-alone worths ``v({i})`` as the default disagreement point.
    disagreement : sequence
        ``d``, what each party gets without agreement (required unless
        ``total`` is a game).
    powers : sequence, optional
        Bargaining powers ``β_i > 0`` (default: equal). Only their ratios matter.
    players : sequence of str, optional
        Names (default: the game's players, or ``"player i"``).
    exact : bool
        :class:`fractions.Fraction` shares for rational inputs.

    Returns
    -------
    Allocation
        ``info["surplus"]`` is ``V − Σ d``.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        when ``V < Σ d`` (no agreement is better for everyone than
        disagreement), or a power is not positive.

    Examples
    --------
    An enterprise (power 2) and a university (power 1) share 12 with
    disagreement payoffs 3 and 0:

    >>> import coinnovation as co
    >>> co.nash_bargaining_solution(12, [3, 0], powers=[2, 1],
    ...                             players=["enterprise", "university"]).to_dict()
    {'enterprise': 9.0, 'university': 3.0}
    """
    if isinstance(total, CoalitionalGame):
        v_total, disagreement, players = _from_game(total, disagreement, players, exact)
    else:
        v_total = total
        if disagreement is None:
            raise InvalidInputError("disagreement: required when total is a number")
    d = convert_array(disagreement, name="disagreement", ndim=1)
    n = d.shape[0]
    if n < 1:
        raise InvalidInputError("disagreement: needs one payoff per party")
    tv = convert_array([v_total], name="total", ndim=1)
    beta = convert_array([1] * n if powers is None else powers, name="powers", ndim=1)
    if beta.shape[0] != n:
        raise InvalidInputError(f"powers: expected {n} bargaining powers, got {beta.shape[0]}")
    if players is None:
        names = tuple(f"player {i}" for i in range(n))
    else:
        names = tuple(players)
        if len(names) != n:
            raise InvalidInputError(f"players: expected {n} names, got {len(names)}")
    symbolic = d.is_symbolic or tv.is_symbolic or beta.is_symbolic
    if symbolic or exact:
        return _exact_solution(d, tv, beta, names, symbolic=symbolic)
    assert d.numeric is not None and beta.numeric is not None and tv.numeric is not None
    if np.any(beta.numeric <= 0):
        raise InvalidInputError(f"powers: must be positive, got {beta.numeric.tolist()}")
    vnum = float(tv.numeric[0])
    surplus_f = vnum - float(d.numeric.sum())
    if surplus_f < -ROUNDOFF * max(1.0, abs(vnum)):
        raise InvalidInputError(f"total: V = {vnum:g} is less than the sum of the disagreement "
                                f"payoffs ({float(d.numeric.sum()):g}); there is no surplus to "
                                "share")
    x_num, _ = bargaining_shares(vnum, d.numeric, beta.numeric)
    return Allocation(np.asarray(x_num, dtype=float), names, "nash_bargaining",
                      info={"surplus": surplus_f})


def bargaining_shares(total: Any, disagreement: Sequence[Any], powers: Sequence[Any]
                      ) -> tuple[list[Any], Any]:
    r"""The formula of the solution, in the arithmetic of its inputs (floats, Fractions, sympy).

    Maximising :math:`\prod_i (x_i - d_i)^{\beta_i}` subject to :math:`\sum_i x_i = V` gives
    :math:`x_i = d_i + \beta_i (V - \sum_j d_j) / \sum_j \beta_j`. No checks: callers validate.
    Returns the shares and the surplus :math:`V - \sum_j d_j`.
    """
    surplus = total - sum(disagreement, start=0 * total)
    bsum = sum(powers, start=0 * powers[0])
    return [d + b * surplus / bsum for d, b in zip(disagreement, powers, strict=True)], surplus


def _from_game(game: CoalitionalGame, disagreement: Any, players: Any, exact: bool
               ) -> tuple[Any, Any, Any]:
    """``v(N)``, the disagreement point (default: the stand-alone worths) and the players."""
    if game.is_cost:
        raise InvalidInputError("total: Nash bargaining divides a surplus; pass the savings "
                                "game (game.savings_game()) of a cost game")
    vals = game.symbolic_values() if (game.is_symbolic or exact) else game.values
    if disagreement is None:
        disagreement = [vals[1 << i] for i in range(game.n_players)]
    return vals[-1], disagreement, game.players if players is None else players


def _exact_solution(d: Any, tv: Any, beta: Any, names: tuple[str, ...], *, symbolic: bool
                    ) -> Allocation:
    """The solution in exact arithmetic: Fractions, or simplified sympy expressions."""
    dd = list(d.symbolic.tolist()) if symbolic else list(d.exact().tolist())
    bb = list(beta.symbolic.tolist()) if symbolic else list(beta.exact().tolist())
    vv = tv.symbolic[0] if symbolic else tv.exact()[0]
    if symbolic:
        for b in bb:
            if sp.sympify(b).is_nonpositive:
                raise InvalidInputError(f"powers: must be positive, got {b}")
    elif any(b <= 0 for b in bb):
        raise InvalidInputError(f"powers: must be positive, got {[str(b) for b in bb]}")
    x, surplus = bargaining_shares(vv, dd, bb)
    if not symbolic and surplus < 0:
        raise InvalidInputError(f"total: V = {vv} is less than the sum of the disagreement "
                                f"payoffs ({sum(dd, start=0)}); there is no surplus to share")
    if symbolic:
        x = [sp.simplify(e) for e in x]
        surplus = sp.simplify(surplus)
    else:
        x = [Fraction(e) for e in x]
    return Allocation(np.array([*x, None], dtype=object)[:-1], names, "nash_bargaining",
                      info={"surplus": surplus})
