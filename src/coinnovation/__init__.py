"""coinnovation: game-theoretic analysis of collaborative innovation (协同创新).

Government, enterprises, universities, research institutes, users and
intermediaries (政产学研用) cooperate when the cooperative surplus (合作剩余)
they create, shared out, beats what each gets alone. coinnovation models such
situations as games and computes Nash equilibria, evolutionarily stable states,
allocations of the surplus and the subsidy thresholds at which cooperation is
stable.

Everything public is re-exported here; use ``import coinnovation as co``.
"""

from . import errors, models
from ._util.tolerance import TOL
from .evolutionary.network import NetworkDynamics, NetworkResult
from .games import families
from .games.coalitional import CoalitionalGame
from .games.families import (
    airport,
    bankruptcy,
    glove,
    symmetric,
    symmetric_quota,
    talmud_rule,
    un_security_council,
    unanimity,
    weighted_voting,
)
from .games.normal_form import NormalFormGame
from .io_gambit import read_nfg, write_nfg
from .modelfile import Model, load_model, loads_model
from .models.surplus import Actor, Government, SurplusModel
from .policy.targeting import TargetingResult, subsidy_targeting
from .results import Allocation, Equilibrium, LeastCore
from .solvers._dynamics_results import (
    BasinEstimate,
    DerivationCheck,
    RestPoint,
    Stability,
    StabilityTable,
    Trajectories,
)
from .solvers._regime import RegimeMap, regime_map
from .solvers.bargaining import nash_bargaining_solution
from .solvers.core import (
    cost_of_stability,
    excesses,
    in_core,
    least_core,
    nucleolus,
    per_capita_nucleolus,
    prenucleolus,
    stabilizing_subsidy,
)
from .solvers.dynamics import ReplicatorDynamics
from .solvers.nash import expected_payoffs, nash_equilibria, pure_nash_equilibria, regrets
from .solvers.regions import (
    Tightness,
    critical_discount_factor,
    nash_conditions,
    stability_region,
    threshold,
    verify_region,
)
from .solvers.stability import evolutionarily_stable_states, risk_dominant_equilibrium
from .solvers.values import (
    banzhaf_value,
    equal_surplus_division,
    gately_point,
    modified_shapley_value,
    owen_value,
    shapley_value,
    tau_value,
    weighted_shapley_value,
)
from .sweep import ChunkError, SweepResult, sweep

__version__ = "0.1.0.dev0"

__all__ = [
    "TOL",
    "Actor",
    "Allocation",
    "BasinEstimate",
    "ChunkError",
    "CoalitionalGame",
    "DerivationCheck",
    "Equilibrium",
    "Government",
    "LeastCore",
    "Model",
    "NetworkDynamics",
    "NetworkResult",
    "NormalFormGame",
    "RegimeMap",
    "ReplicatorDynamics",
    "RestPoint",
    "Stability",
    "StabilityTable",
    "SurplusModel",
    "SweepResult",
    "TargetingResult",
    "Tightness",
    "Trajectories",
    "airport",
    "bankruptcy",
    "banzhaf_value",
    "cost_of_stability",
    "critical_discount_factor",
    "equal_surplus_division",
    "errors",
    "evolutionarily_stable_states",
    "excesses",
    "expected_payoffs",
    "families",
    "gately_point",
    "glove",
    "in_core",
    "least_core",
    "load_model",
    "loads_model",
    "models",
    "modified_shapley_value",
    "nash_bargaining_solution",
    "nash_conditions",
    "nash_equilibria",
    "nucleolus",
    "owen_value",
    "per_capita_nucleolus",
    "prenucleolus",
    "pure_nash_equilibria",
    "read_nfg",
    "regime_map",
    "regrets",
    "risk_dominant_equilibrium",
    "shapley_value",
    "stability_region",
    "stabilizing_subsidy",
    "subsidy_targeting",
    "sweep",
    "symmetric",
    "symmetric_quota",
    "talmud_rule",
    "tau_value",
    "threshold",
    "un_security_council",
    "unanimity",
    "verify_region",
    "weighted_shapley_value",
    "weighted_voting",
    "write_nfg",
]
