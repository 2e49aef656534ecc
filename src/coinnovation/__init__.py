"""coinnovation: game-theoretic analysis of collaborative innovation (协同创新).

Government, enterprises, universities, research institutes, users and
intermediaries (政产学研用) cooperate when the cooperative surplus (合作剩余)
they create, shared out, beats what each gets alone. coinnovation models such
situations as games and computes Nash equilibria, evolutionarily stable states,
allocations of the surplus and the subsidy thresholds at which cooperation is
stable.

Everything public is re-exported here; use ``import coinnovation as co``.
"""

from ._util.lazy import attach_stub
from ._util.tolerance import TOL as TOL

# co.sweep is a function named like its module: bound eagerly (sweep loads numpy only), so that
# importing the module later cannot replace the function on the package
from .sweep import ChunkError as ChunkError
from .sweep import SweepResult as SweepResult
from .sweep import sweep as sweep

__getattr__, __dir__, __all__ = attach_stub(__name__, __file__)

__version__ = "0.1.0.dev0"
