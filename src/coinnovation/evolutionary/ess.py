r"""Evolutionarily stable states (演化稳定策略, ESS): the public front-end.

The algorithms are in :mod:`coinnovation.evolutionary._ess`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import pure_equilibrium_mask
from ..noncooperative.equilibrium import Equilibria, Equilibrium
from ._ess import pure_equilibrium, single_population_ess
from ._system import POPULATIONS
from .replicator import ReplicatorDynamics

__all__ = ["evolutionarily_stable_states"]


def evolutionarily_stable_states(game: Any, *, population: str = "multi") -> list[Equilibrium]:
    r"""Evolutionarily stable states (演化稳定策略, ESS) of a game.

    ``population="multi"`` (default; one population per player, as in the
    government–enterprise–university game 政产学研三方演化博弈): the ESS are
    the strict Nash equilibria,

    .. math::

        u_p(a) > u_p(k, a_{-p}) \quad\text{for every player } p
        \text{ and every } k \ne a_p ,

    which are pure (Selten 1980) and coincide with the sink vertices of the
    multi-population replicator dynamics. Symbolic payoffs are decided
    exactly from the symbols' assumptions.

    ``population="single"``: a symmetric two-player game played within one
    population; Maynard Smith's ESS test, mixed ESS included. Candidates are
    the symmetric equilibria found by support enumeration; the second-order
    condition :math:`u(\sigma,\tau) > u(\tau,\tau)` for every alternative best
    reply :math:`\tau` is a quadratic form that must be negative on a
    polyhedral cone, decided by negative definiteness on the support and a
    strict-copositivity test (Kaplan 2000) on the other best replies.

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
        With dynamics whose payoffs depend on the state, the ESS are its sink
        vertices.
    population : {"multi", "single"}

    Returns
    -------
    list of Equilibrium
        Multi-population: pure profiles in lexicographic order. Single: one
        symmetric profile :math:`(\sigma, \sigma)` per ESS.

    Raises
    ------
    coinnovation.errors.UndecidableError
        for symbolic games where a sign cannot be decided.
    coinnovation.errors.SymbolicNotSupported
        for the single-population test on symbolic payoffs.

    Examples
    --------
    Hawk–dove (V=2, C=4) has the mixed ESS (1/2, 1/2) in one population, but
    two pure ESS with two populations:

    >>> import coinnovation as co
    >>> hd = co.NormalFormGame([[[-1, 2], [0, 1]], [[-1, 0], [2, 1]]])
    >>> [e.strategies[0].tolist() for e in co.evolutionarily_stable_states(hd, population="single")]
    [[0.5, 0.5]]
    >>> [e.profile for e in co.evolutionarily_stable_states(hd)]
    [(0, 1), (1, 0)]
    """
    if population not in POPULATIONS:
        raise InvalidInputError(f"population: expected 'multi' or 'single', got {population!r}")
    rd: ReplicatorDynamics | None = None
    if isinstance(game, ReplicatorDynamics):
        rd = game
        if rd.population != population:
            raise InvalidInputError(
                f"population: the dynamics are {rd.population!r}-population, got {population!r}")
        game = rd.game
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(
            f"game: expected a NormalFormGame or ReplicatorDynamics, got {type(game).__name__}")
    if rd is not None and rd.is_state_dependent:
        return Equilibria(rd.evolutionarily_stable_states())
    if population == "single":
        return Equilibria(single_population_ess(game))
    mask = pure_equilibrium_mask(game, strict=True)
    return Equilibria(pure_equilibrium(game, tuple(int(a) for a in prof)) for prof in np.argwhere(mask))
