"""One named tolerance and one comparison helper, used everywhere.

``TOL`` is an absolute tolerance scaled by the magnitude of the data: two
quantities ``a`` and ``b`` computed from payoffs whose largest magnitude is
``scale`` are equal when ``|a - b| <= TOL * max(1, scale)``.  The default
(``1e-9``) is far above float64 round-off for games of the sizes solved here
and far below any payoff difference a model means.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["TOL", "atol_for"]

TOL: float = 1e-9
"""The library's tolerance for float comparisons (relative to the payoff scale)."""


def atol_for(data: Any, tol: float | None = None) -> float:
    """Absolute tolerance for comparisons of values computed from ``data``."""
    t = TOL if tol is None else float(tol)
    arr = np.asarray(data, dtype=float)
    scale = float(np.max(np.abs(arr))) if arr.size else 0.0
    return t * max(1.0, scale)
