"""Pure-strategy Nash equilibria of n-player games, vectorized over the payoff tensor."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import decide_nonnegative, decide_positive
from .._util.tolerance import atol_for
from ..errors import UndecidableError
from ..games.normal_form import NormalFormGame

__all__ = ["deviation_gains", "pure_equilibrium_mask"]


def pure_equilibrium_mask(game: NormalFormGame, *, strict: bool = False,
                          tol: float | None = None) -> np.ndarray:
    """Boolean array of shape ``game.shape``: which pure profiles are (strict) NE.

    For numeric games a profile is an equilibrium when no player gains more than
    the tolerance by deviating (``strict``: every deviation loses more than the
    tolerance). Symbolic games decide each comparison exactly, and raise
    :class:`~coinnovation.errors.UndecidableError` when the answer at some
    profile depends on an undecidable comparison.
    """
    if not game.is_symbolic:
        u = game.payoff_array()
        atol = atol_for(u, tol)
        mask = np.ones(game.shape, dtype=bool)
        for i in range(game.n_players):
            ui = u[i]
            if not strict:
                best = ui.max(axis=i, keepdims=True)
                mask &= ui >= best - atol
            else:
                gains = deviation_gains(game, i)
                own = np.arange(game.shape[i]).reshape((-1,) + (1,) * game.n_players)
                grid = np.indices(game.shape)[i][None, ...]
                gains = np.where(own == grid, -np.inf, gains)
                mask &= np.all(gains < -atol, axis=0)
        return mask
    return _symbolic_mask(game, strict)


def deviation_gains(game: NormalFormGame, player: int) -> np.ndarray:
    """Array of shape ``(m_i, *shape)``: gain of switching to ``k`` at each profile.

    ``out[k][a] = u_i(k, a_{-i}) - u_i(a)``. Object dtype (sympy) for symbolic games.
    """
    u = game.symbolic_payoff_array(player) if game.is_symbolic else game.payoff_array(player)
    m = game.shape[player]
    return np.stack([np.take(u, [k], axis=player) - u for k in range(m)])


def _symbolic_mask(game: NormalFormGame, strict: bool) -> np.ndarray:
    cache: dict[Any, bool] = {}
    mask = np.ones(game.shape, dtype=bool)
    pending: dict[tuple[int, ...], str] = {}
    for i in range(game.n_players):
        gains = deviation_gains(game, i)
        for prof in game.profiles():
            if not mask[prof]:
                continue
            for k in range(game.shape[i]):
                if k == prof[i]:
                    continue
                loss = sp.expand(-gains[(k, *prof)])
                key = (loss, strict)
                if key not in cache:
                    ctx = (f"pure equilibrium test at profile {prof}, player {game.players[i]!r} "
                           f"deviating to {game.strategies[i][k]!r}")
                    try:
                        cache[key] = (decide_positive(loss, ctx) if strict
                                      else decide_nonnegative(loss, ctx))
                    except UndecidableError as exc:
                        pending.setdefault(prof, str(exc))
                        continue
                if not cache[key]:
                    mask[prof] = False
                    pending.pop(prof, None)
                    break
    for prof, msg in pending.items():
        if mask[prof]:
            raise UndecidableError(msg)
    return mask
