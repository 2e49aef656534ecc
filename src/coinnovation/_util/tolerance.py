"""The library's one tolerance policy, and the only place where float tolerances are written.

**The rule.** Two quantities computed from a game's payoffs (or a coalitional
game's worths) are equal when they differ by at most

.. math::  \\text{atol} = \\text{TOL} \\cdot \\max(1, \\max |u|),

where :math:`\\max|u|` is the largest magnitude in the data (:func:`atol_for`).
``TOL = 1e-9``: far above float64 round-off for games of the sizes solved here
(about 1e-16 times the number of operations), far below any difference a
model means. The same ``atol`` decides every comparison in every solver —
"is this deviation gain positive?", "is this probability zero?", "is this
eigenvalue zero?" — and the property tests compare with the same ``atol``.
Scaling every payoff by a constant scales ``atol`` with it, so answers do not
change with the unit of money (above the floor of 1).

Near-ties inside ``atol`` are ties: a deviation gain of ``1e-10`` in a game
with payoffs of order 1 is zero, and the game is then reported as degenerate
(:class:`~coinnovation.errors.DegenerateGameWarning`) rather than as having one
pure equilibrium plus a mixed one a hair away.

Exact data (integers, fractions, sympy rationals, symbols) are compared
exactly (:mod:`coinnovation._util.signs`), never with a tolerance.

The other constants below are not comparison tolerances but numerical
settings (integrator defaults, pivot thresholds of linear algebra); they live
here so that every float constant of the library is in one place.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "BRENT_XTOL",
    "EIGEN_DECIMALS",
    "EIGEN_RECHECK",
    "EIGEN_ZERO",
    "EXACT_DIGITS",
    "EXACT_ZERO_GUARD",
    "FLOAT_EXACT_AGREEMENT",
    "INDEPENDENCE",
    "LP_FEASIBILITY",
    "MAX_MAGNITUDE",
    "MIN_WEIGHT_SUM",
    "NEWTON_TOL",
    "ODE_ATOL",
    "ODE_RTOL",
    "PIVOT",
    "POLISH_AGREEMENT",
    "POLISH_RESIDUAL",
    "ROOT_MERGE",
    "ROOT_RESIDUAL",
    "ROUNDOFF",
    "SCREEN_MERGE",
    "SCREEN_TOL",
    "SEARCH_LIMIT",
    "SIMPLIFY_MAX_OPS",
    "SNAP_DENOMINATOR",
    "SNAP_DIGITS",
    "STEP_FALLBACK",
    "STEP_FLAT",
    "STEP_MIN_RELATIVE",
    "STEP_SMALL_NORM",
    "TINY",
    "TOL",
    "UNSTABLE_COMPONENT",
    "atol_for",
    "payoff_scale",
    "snap_to_rationals",
]

TOL: float = 1e-9
"""The library's tolerance for float comparisons (relative to the payoff scale)."""

ROUNDOFF: float = 1e-12
"""Relative size of accumulated float64 round-off in a few dozen operations (below TOL)."""

PIVOT: float = 1e-12
"""Relative pivot / rank threshold of dense linear algebra (below TOL, above round-off)."""

LP_FEASIBILITY: float = 1e-10
"""Primal/dual feasibility tolerance given to the LP solver (HiGHS)."""

ODE_RTOL: float = 1e-8
"""Default relative local error of the replicator integrator."""

ODE_ATOL: float = 1e-10
"""Default absolute local error of the replicator integrator (log-weights)."""

EIGEN_ZERO: float = 1e-8
"""Real parts of numerically computed eigenvalues (at numerically found rest points) at or below
this times the scale are zero: a root found to 1e-10 moves a simple eigenvalue by about as much, a
double one by its square root."""

EIGEN_RECHECK: float = 1e-6
"""Below this times the scale, the sign of a numerically computed real part is re-decided exactly."""

ROOT_RESIDUAL: float = 1e-10
"""A numerically found root is accepted when its residual is at most this times the payoff scale."""

ROOT_MERGE: float = 1e-7
"""Numerically found roots closer than this (max-norm, in shares) are the same root."""

UNSTABLE_COMPONENT: float = 1e-10
"""A trajectory near a saddle with a component above this along an unstable eigenvector is leaving."""

EIGEN_DECIMALS: int = 12
"""Decimals to which numerically equal eigenvalues of a symmetric matrix are grouped (copositivity)."""

INDEPENDENCE: float = 1e-8
"""A vector is independent of a basis when its residual exceeds this times its norm (rank tests)."""

POLISH_RESIDUAL: float = 1e-7
"""A polished LP solution is accepted when its equations hold to this times the scale."""

POLISH_AGREEMENT: float = 1e-5
"""... and when it moves the LP's own solution by at most this times the scale."""

FLOAT_EXACT_AGREEMENT: float = 1e-6
"""An exact (rational) re-solve must agree with the float solve to this times the scale."""

SCREEN_TOL: float = 1e-6
"""Loose screening of candidates that are then re-solved and certified exactly."""

SCREEN_MERGE: float = 1e-7
"""Candidates closer than this (max-norm) are the same candidate before exact re-solving."""

NEWTON_TOL: float = 1e-15
"""Termination tolerance of Newton polishing of polynomial-system roots."""

BRENT_XTOL: float = 1e-12
"""Default absolute tolerance of Brent's method locating the end of a region."""

MIN_WEIGHT_SUM: float = 1e-6
"""Random weight vectors (hypothesis strategies) with a smaller sum are redrawn before normalising."""

TINY: float = 1e-300
"""Guards divisions by a quantity that may underflow to zero (step-size formulas)."""

STEP_SMALL_NORM: float = 1e-5
"""Hairer–Nørsett–Wanner initial step: norms below this are 'small' ..."""

STEP_FALLBACK: float = 1e-6
"""... and the initial step is then this."""

STEP_FLAT: float = 1e-15
"""... a second-derivative estimate below this means a flat right-hand side."""

STEP_MIN_RELATIVE: float = 1e-14
"""An adaptive step smaller than this times the horizon has stalled (a ConvergenceError)."""

EXACT_DIGITS: int = 60
"""Digits of the high-precision evaluation that decides the sign of an exact number."""

EXACT_ZERO_GUARD: float = 1e-50
"""A 60-digit value this small is not trusted for a sign: the number is tested for zero exactly."""

SEARCH_LIMIT: float = 1e12
"""Without a ``bracket``, a numerically solved region is searched out to ``±SEARCH_LIMIT``
(log-spaced beyond the default bracket); a region still holding there is announced."""

SIMPLIFY_MAX_OPS: int = 2000
"""Expressions larger than this (``count_ops``) are not passed to ``sympy.simplify`` (cost bound)."""

MAX_MAGNITUDE: float = 1e100
"""Largest accepted magnitude of a payoff or worth. Solvers form differences, products and
determinants of payoffs in float64 (largest about 1.8e308); above this bound they overflow to
inf or NaN (qhull: "Points cannot contain NaN"). Rescale the unit of money instead."""


SNAP_DIGITS: int = 6
"""Float data within round-off of a decimal with at most this many digits after the point
stand for that decimal in exact arithmetic (:func:`snap_to_rationals`)."""

SNAP_DENOMINATOR: int = 10**6
"""... or, failing that, for the nearest fraction with at most this denominator."""


def snap_to_rationals(exact: np.ndarray) -> np.ndarray:
    """The rationals that float data stand for, as an object array of Fractions.

    ``exact`` holds the data's exact values (Fractions). An entry that came from a
    float (a dyadic fraction with a denominator of at least ``2**20``) and lies within
    ``ROUNDOFF * max(1, max |data|)`` of a decimal with at most :data:`SNAP_DIGITS`
    digits after the point (``0.3`` for ``3 * 0.1 = 0.30000000000000004``) or of a
    fraction with denominator at most :data:`SNAP_DENOMINATOR` (``1/3``) becomes that
    number; every other entry is kept. Ties the data meant are then ties in exact
    arithmetic too, as they are for the float comparisons (a difference far below
    ``TOL``). Used when a float computation falls back to exact arithmetic, never
    for ``exact=True``, which takes floats at their binary value.
    """
    flat = exact.ravel().tolist()
    if not flat:
        return exact.copy()
    eps = ROUNDOFF * max(1.0, max(abs(float(f)) for f in flat))
    out = []
    for f in flat:
        den = f.denominator
        if den < 2**20 or den & (den - 1):  # not from a float: an exact number, kept
            out.append(f)
            continue
        v = float(f)
        snapped = None
        for k in range(SNAP_DIGITS + 1):
            c = round(v * 10**k)
            if abs(c / 10**k - v) <= eps:
                snapped = Fraction(c, 10**k)
                break
        if snapped is None:
            near = f.limit_denominator(SNAP_DENOMINATOR)
            snapped = near if abs(float(near) - v) <= eps else f
        out.append(snapped)
    return np.array([*out, None], dtype=object)[:-1].reshape(exact.shape)


def payoff_scale(data: Any) -> float:
    """``max(1, max |data|)``: the scale every tolerance is multiplied by."""
    arr = np.asarray(data, dtype=float)
    scale = float(np.max(np.abs(arr))) if arr.size else 0.0
    return max(1.0, scale)


def atol_for(data: Any, tol: float | None = None) -> float:
    """Absolute tolerance for comparisons of values computed from ``data``: ``tol * payoff_scale``."""
    t = TOL if tol is None else float(tol)
    return t * payoff_scale(data)
