r"""Deterministic simulation of replicator dynamics: many trajectories at once, in log-weights.

The system is integrated in log-weights :math:`\ell_{pk}=\log x_{pk}` (log-odds
for populations with two strategies), where :math:`\dot\ell_{pk} = f_{pk} -
\bar f_p` is bounded: trajectories stay in the state space and do not stall
near its faces. All initial conditions go through one vectorized
Dormand–Prince 5(4) integration with per-trajectory step control
(:mod:`coinnovation.evolutionary._integrate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._util.tolerance import ROUNDOFF
from .._util.validation import positive_float
from ..errors import InvalidInputError
from ._integrate import integrate_log_weights, log_odds_shares, softmax_blocks
from ._system import ReplicatorSystem

__all__ = ["MAX_OUTPUT_POINTS", "integrate", "output_times"]

MAX_OUTPUT_POINTS = 1_000_000
"""Most output times of one simulation (``n_points`` or ``len(t_eval)``); each costs a row of states."""


def output_times(t_end: Any, n_points: Any, t_eval: Sequence[float] | None) -> np.ndarray:
    """The validated output times: ``n_points`` equally spaced in ``[0, t_end]``, or ``t_eval``."""
    t_end_f = positive_float(t_end, "t_end")
    if t_eval is None:
        if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
            raise InvalidInputError(f"n_points: expected an integer >= 2, got {n_points!r}")
        if n_points > MAX_OUTPUT_POINTS:
            raise InvalidInputError(f"n_points: {n_points} output times exceed the limit "
                                    f"{MAX_OUTPUT_POINTS}")
        return np.linspace(0.0, t_end_f, int(n_points))
    try:
        times = np.asarray(t_eval, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInputError("t_eval: expected a sequence of numbers") from None
    if times.ndim != 1 or times.size < 2 or times[0] != 0.0 or not np.all(np.isfinite(times)) \
            or abs(times[-1] - t_end_f) > ROUNDOFF * t_end_f or np.any(np.diff(times) <= 0):
        raise InvalidInputError("t_eval: expected increasing times starting at 0 and ending at t_end")
    times = times.copy()
    times[-1] = t_end_f
    return times


def integrate(system: ReplicatorSystem, x0: Any, t_end: Any, *, n_points: Any,
              t_eval: Sequence[float] | None, rtol: Any, atol: Any, max_steps: Any, tol: Any,
              visit_radius: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Integrate from every initial condition; returns times, full shares ``(B, T, sum m)``,
    the initially present strategies, and the validated ``tol`` and ``visit_radius``."""
    for nm, v in (("rtol", rtol), ("atol", atol), ("tol", tol), ("visit_radius", visit_radius)):
        positive_float(v, nm)
    times = output_times(t_end, n_points, t_eval)
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
        raise InvalidInputError(f"max_steps: expected a positive integer, got {max_steps!r}")
    full0 = system.full_from_x0(x0)
    alive = full0 > 0
    opts = {"rtol": float(rtol), "atol": float(atol), "max_steps": int(max_steps)}
    if all(m == 2 for m in system.m):
        # log-odds xi = log(x / (1 - x)); a population at a vertex of its simplex is frozen at
        # xi = +-inf
        x = full0[:, 0::2]
        moving = (x > 0) & (x < 1)
        with np.errstate(divide="ignore"):
            xi0 = np.log(x) - np.log1p(-x)
        ell, _ = integrate_log_weights(system.rhs_log_odds, xi0, moving, times, **opts)
        xs = log_odds_shares(ell)
    else:
        with np.errstate(divide="ignore"):
            ell0 = np.where(alive, np.log(np.where(alive, full0, 1.0)), 0.0)
        ell, _ = integrate_log_weights(system.rhs_log, ell0, alive, times, **opts)
        nb, nt, dfull = ell.shape
        flat_alive = np.repeat(alive, nt, axis=0)
        xs = softmax_blocks(ell.reshape(nb * nt, dfull), flat_alive, system.fblocks)
        xs = xs.reshape(nb, nt, dfull)
    return times, xs, alive, float(tol), float(visit_radius)
