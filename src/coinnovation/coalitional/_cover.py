"""The least total payment covering every coalition's worth, by constraint generation.

``min x(N) s.t. x(S) >= v(S)`` for every non-empty proper ``S``: by
Bondareva–Shapley duality the core of ``v`` is non-empty exactly when this
minimum is at most ``v(N)``. Works on value tables (arrays) only, so that the
game classes can ask for balancedness without depending on the solvers.
"""

from __future__ import annotations

import numpy as np

from .._util.subsets import subset_sums
from .._util.tolerance import atol_for, payoff_scale
from ._lp import CoalitionLP

__all__ = ["min_cover"]


def min_cover(v: np.ndarray, n: int, backend: str | None = None, tol: float | None = None
              ) -> tuple[float, np.ndarray]:
    """min x(N) s.t. x(S) >= v(S) for every non-empty proper S (constraint generation)."""
    full = (1 << n) - 1
    singles = v[1 << np.arange(n)]
    if n == 1:
        return float(singles[0]), singles.copy()
    atol = atol_for(v, tol)
    lp = CoalitionLP(n, singles, np.full(n, np.inf), with_t=False, cost=np.ones(n),
                     backend=backend, scale=payoff_scale(v))
    bits = np.int64(1) << np.arange(n, dtype=np.int64)
    in_lp = np.zeros(1 << n, dtype=bool)
    in_lp[0] = in_lp[full] = True
    in_lp[bits] = True  # bounds

    def add(masks: np.ndarray) -> None:
        masks = np.unique(masks[~in_lp[masks]])
        if masks.size:
            lp.add_rows((masks[:, None] & bits) != 0, v[masks], np.full(masks.size, np.inf))
            in_lp[masks] = True

    add(full ^ bits)
    batch = max(2 * n, 32)
    while True:
        z, obj, _, _ = lp.solve()
        viol = v - subset_sums(z, n)
        viol[in_lp] = -np.inf
        cand = np.flatnonzero(viol > atol)
        if cand.size == 0:
            return obj, z
        if cand.size > batch:
            cand = cand[np.argpartition(viol[cand], -batch)[-batch:]]
        add(cand)
