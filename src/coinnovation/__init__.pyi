"""Type stub of coinnovation's public API: the lazy loader reads the ``from . import`` lines."""

from . import differential, errors, models
from . import plot as plot
from ._util.symbolic import numeric_function
from ._util.tolerance import TOL as TOL
from ._util.tolerance import atol_for as atol_for
from ._util.tolerance import payoff_scale as payoff_scale
from .coalitional.allocation import Allocation, LeastCore
from .coalitional.bargaining import nash_bargaining_solution
from .coalitional.compromise import gately_point, tau_value
from .coalitional.core import cost_of_stability, excesses, in_core, least_core
from .coalitional.nucleolus import nucleolus, per_capita_nucleolus, prenucleolus
from .coalitional.subsidy import stabilizing_subsidy
from .coalitional.values import (
    banzhaf_value,
    equal_surplus_division,
    modified_shapley_value,
    owen_value,
    shapley_value,
    weighted_shapley_value,
)
from .differential.compare import (
    EqualizingSubsidy,
    ModeComparison,
    compare_modes,
    equalizing_subsidy,
    pareto_region,
)
from .differential.equilibrium import feedback_equilibrium
from .differential.game import DifferentialGame
from .differential.results import FeedbackEquilibrium
from .evolutionary.ess import evolutionarily_stable_states
from .evolutionary.finite import FinitePopulation, FiniteSimulation
from .evolutionary.network import NetworkDynamics, NetworkResult
from .evolutionary.replicator import ReplicatorDynamics
from .evolutionary.results import (
    BasinEstimate,
    DerivationCheck,
    RestPoint,
    Stability,
    StabilityTable,
    Trajectories,
)
from .evolutionary.splitting import SplittingEstimate
from .evolutionary.stochastic import StochasticTrajectories
from .games import families
from .games.batch import GameBatch
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
from .io.gambit import read_nfg, write_nfg
from .io.modelfile import Model, load_model, loads_model
from .models.surplus import Actor, Government, SurplusModel
from .noncooperative.batch import BatchEquilibria
from .noncooperative.equilibrium import Equilibria, Equilibrium
from .noncooperative.learning import LearningPath, fictitious_play, stochastic_fictitious_play
from .noncooperative.nash import expected_payoffs, nash_equilibria, pure_nash_equilibria, regrets
from .noncooperative.selection import risk_dominant_equilibrium
from .policy.criteria import nash_conditions
from .policy.regime import RegimeMap, regime_map
from .policy.regions import stability_region, threshold
from .policy.repeated import critical_discount_factor
from .policy.targeting import TargetingResult, subsidy_targeting
from .policy.verify import Tightness, verify_region
from .sweep import ChunkError as ChunkError
from .sweep import SweepResult as SweepResult
from .sweep import sweep as sweep

__version__: str

__all__ = [
    "TOL",
    "Actor",
    "Allocation",
    "BasinEstimate",
    "BatchEquilibria",
    "ChunkError",
    "CoalitionalGame",
    "DerivationCheck",
    "DifferentialGame",
    "EqualizingSubsidy",
    "Equilibria",
    "Equilibrium",
    "FeedbackEquilibrium",
    "FinitePopulation",
    "FiniteSimulation",
    "GameBatch",
    "Government",
    "LearningPath",
    "LeastCore",
    "ModeComparison",
    "Model",
    "NetworkDynamics",
    "NetworkResult",
    "NormalFormGame",
    "RegimeMap",
    "ReplicatorDynamics",
    "RestPoint",
    "SplittingEstimate",
    "Stability",
    "StabilityTable",
    "StochasticTrajectories",
    "SurplusModel",
    "SweepResult",
    "TargetingResult",
    "Tightness",
    "Trajectories",
    "airport",
    "atol_for",
    "bankruptcy",
    "banzhaf_value",
    "compare_modes",
    "cost_of_stability",
    "critical_discount_factor",
    "differential",
    "equal_surplus_division",
    "equalizing_subsidy",
    "errors",
    "evolutionarily_stable_states",
    "excesses",
    "expected_payoffs",
    "families",
    "feedback_equilibrium",
    "fictitious_play",
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
    "numeric_function",
    "owen_value",
    "pareto_region",
    "payoff_scale",
    "per_capita_nucleolus",
    "plot",
    "prenucleolus",
    "pure_nash_equilibria",
    "read_nfg",
    "regime_map",
    "regrets",
    "risk_dominant_equilibrium",
    "shapley_value",
    "stability_region",
    "stabilizing_subsidy",
    "stochastic_fictitious_play",
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
