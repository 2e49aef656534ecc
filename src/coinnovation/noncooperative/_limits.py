r"""Size limits of the two-player enumerations, checked before any work starts.

Vertex enumeration lists every vertex of the two best-response polytopes
:math:`P = \{x \ge 0 : B^\top x \le 1\}` (dimension :math:`m`, :math:`m + n`
facets) and :math:`Q` (dimension :math:`n`, the same number of facets). By
McMullen's upper bound theorem a :math:`d`-polytope with :math:`k` facets has
at most

.. math::
    \binom{k - \lceil d/2 \rceil}{\lfloor d/2 \rfloor}
    + \binom{k - \lfloor d/2 \rfloor - 1}{\lceil d/2 \rceil - 1}

vertices, and the enumeration's time and memory grow with that count (an
18x18 game already takes seconds and most of a gigabyte; a 60x60 game would
need more memory than any machine has). Support enumeration tries every pair
of supports of equal size, :math:`\binom{m+n}{m}` pairs. Above the limits the
solver raises :class:`~coinnovation.errors.InvalidInputError` naming the game's
shape and suggesting ``method="lemke_howson"``, which follows one path of
pivots and finds one equilibrium of any size of game.
"""

from __future__ import annotations

import math

from ..errors import InvalidInputError

__all__ = ["MAX_SUPPORT_PAIRS", "MAX_VERTICES", "check_enumeration_size", "vertex_bound"]

MAX_VERTICES = 10_000_000
"""Largest upper bound (McMullen) on the vertices of a best-response polytope that vertex
enumeration accepts."""

MAX_SUPPORT_PAIRS = 10_000_000
"""Largest number of support pairs of equal size that support enumeration accepts."""


def vertex_bound(d: int, k: int) -> int:
    """McMullen's upper bound on the number of vertices of a ``d``-polytope with ``k`` facets."""
    if d <= 1:
        return 2
    lo, hi = d // 2, (d + 1) // 2
    return math.comb(k - hi, lo) + math.comb(k - lo - 1, hi - 1)


def check_enumeration_size(shape: tuple[int, int], method: str) -> None:
    """Raise when enumerating a game of this shape with ``method`` would not finish."""
    m, n = shape
    if method == "support":
        pairs = math.comb(m + n, m)
        if pairs > MAX_SUPPORT_PAIRS:
            raise InvalidInputError(
                f"game: support enumeration of a {m}x{n} game tries {pairs:.3g} support pairs, "
                f"more than the limit {MAX_SUPPORT_PAIRS:.0e}; use method='lemke_howson' "
                "for one equilibrium")
        return
    bound = max(vertex_bound(m, m + n), vertex_bound(n, m + n))
    if bound > MAX_VERTICES:
        raise InvalidInputError(
            f"game: vertex enumeration of a {m}x{n} game may visit up to {bound:.3g} vertices "
            f"(McMullen's bound), more than the limit {MAX_VERTICES:.0e}, and would exhaust "
            "the memory; use method='lemke_howson' for one equilibrium")
