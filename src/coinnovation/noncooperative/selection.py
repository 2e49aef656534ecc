r"""Equilibrium selection: Harsanyi–Selten risk dominance in bistable 2x2 games.

References
----------
J. C. Harsanyi, R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press (1988).
"""

from __future__ import annotations

import numpy as np

from .._util.symbolic import require_numeric
from .._util.tolerance import atol_for
from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame
from ._pure import pure_equilibrium_mask

__all__ = ["risk_dominant_equilibrium"]


def risk_dominant_equilibrium(game: NormalFormGame, *, missing: str = "raise"
                              ) -> tuple[int, ...] | None:
    r"""The risk-dominant equilibrium of a bistable 2x2 game (Harsanyi & Selten 1988).

    With two strict equilibria :math:`a` and :math:`b`, :math:`a` risk-dominates
    :math:`b` when the product of the players' deviation losses is larger at
    :math:`a`:

    .. math::

        \bigl(u_1(a) - u_1(b_1, a_2)\bigr)\bigl(u_2(a) - u_2(a_1, b_2)\bigr) >
        \bigl(u_1(b) - u_1(a_1, b_2)\bigr)\bigl(u_2(b) - u_2(b_1, a_2)\bigr).

    In the replicator dynamics of a symmetric coordination game it is the
    equilibrium with the larger basin of attraction.

    Parameters
    ----------
    game : NormalFormGame
        A numeric 2x2 game.
    missing : {"raise", "none"}
        What to do when the game is not bistable (or the products tie).

    Returns
    -------
    tuple of int or None

    Examples
    --------
    Stag hunt: hunting the hare (strategy 1) is risk dominant.

    >>> import coinnovation as co
    >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> co.risk_dominant_equilibrium(stag)
    (1, 1)
    """
    if missing not in ("raise", "none"):
        raise InvalidInputError(f"missing: expected 'raise' or 'none', got {missing!r}")
    if not isinstance(game, NormalFormGame) or game.shape != (2, 2):
        got = game.shape if isinstance(game, NormalFormGame) else type(game).__name__
        raise InvalidInputError(f"game: risk dominance needs a 2x2 NormalFormGame, got {got}")
    require_numeric(game.free_symbols, "risk_dominant_equilibrium")
    mask = pure_equilibrium_mask(game, strict=True)
    strict = [tuple(int(v) for v in p) for p in np.argwhere(mask)]
    if len(strict) != 2 or strict[0][0] == strict[1][0] or strict[0][1] == strict[1][1]:
        if missing == "none":
            return None
        raise InvalidInputError(
            f"game: not a bistable 2x2 game (strict equilibria {strict}); risk dominance "
            "compares two strict equilibria")
    u = game.payoff_array()
    a, b = strict

    def product(p: tuple[int, ...], q: tuple[int, ...]) -> float:
        return float((u[0][p] - u[0][(q[0], p[1])]) * (u[1][p] - u[1][(p[0], q[1])]))

    pa, pb = product(a, b), product(b, a)
    if abs(pa - pb) <= atol_for(u) * max(1.0, abs(pa)):
        if missing == "none":
            return None
        raise InvalidInputError("game: the two equilibria tie in risk (equal Nash products)")
    return a if pa > pb else b
