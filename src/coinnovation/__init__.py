"""coinnovation: game-theoretic analysis of collaborative innovation (协同创新).

Government, enterprises, universities, research institutes, users and
intermediaries (政产学研用) cooperate when the cooperative surplus (合作剩余)
they create, shared out, beats what each gets alone. coinnovation models such
situations as games and computes Nash equilibria, evolutionarily stable states,
allocations of the surplus and the subsidy thresholds at which cooperation is
stable.

Everything public is re-exported here; use ``import coinnovation as co``.
"""

from . import errors
from ._tolerance import TOL
from .games.normal_form import NormalFormGame
from .results import Equilibrium
from .solvers.nash import expected_payoffs, nash_equilibria, pure_nash_equilibria, regrets

__version__ = "0.1.0.dev0"

__all__ = [
    "TOL",
    "Equilibrium",
    "NormalFormGame",
    "errors",
    "expected_payoffs",
    "nash_equilibria",
    "pure_nash_equilibria",
    "regrets",
]
