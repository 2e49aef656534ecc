r"""Repeated games: the least discount factor at which grim trigger sustains a profile.

References
----------
J. W. Friedman, "A non-cooperative equilibrium for supergames", Rev. Econ.
Stud. 38 (1971) 1-12 (grim trigger).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidInputError, UndecidableError
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import pure_equilibrium_mask
from .criteria import as_game, as_profile, nash_conditions

__all__ = ["critical_discount_factor"]


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
    game = as_game(game)
    prof = as_profile(game, profile)
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
    pun = as_profile(game, punishment, "punishment")
    for c in nash_conditions(game, profile=pun):
        if c is sp.false:
            raise InvalidInputError(f"punishment: {pun} is not a Nash equilibrium of the stage game")
    return pun
