r"""Vectorized, boundary-safe integration of replicator dynamics (复制动态 数值仿真).

The replicator equation of population :math:`p`,

.. math::

    \dot x_{pk} = x_{pk}\,\bigl(f_{pk}(x) - \bar f_p(x)\bigr),
    \qquad \bar f_p = \sum_j x_{pj} f_{pj},

becomes, in the log-weights :math:`\ell_{pk} = \log x_{pk}`,

.. math::

    \dot\ell_{pk} = f_{pk}(x) - \bar f_p(x), \qquad
    x_{pk} = \frac{e^{\ell_{pk}}}{\sum_j e^{\ell_{pj}}} .

The right-hand side is bounded, so trajectories approaching a face do not
stall (the factor :math:`x(1-x)` that vanishes on the boundary is gone), and
the state recovered by the softmax is always a point of the simplex: a
trajectory can never leave the state space. For two strategies the
difference :math:`\ell_{p0}-\ell_{p1}` is the log-odds of the share ``x``.
Strategies absent at the start stay absent (faces are invariant); they are
masked.

All initial conditions are integrated at once with the Dormand–Prince 5(4)
pair (Dormand & Prince 1980; the coefficients and the free 4th-order dense
output of Shampine 1986, as in :func:`scipy.integrate.solve_ivp` ``RK45``).
Each trajectory has its own step size and error control; one loop iteration
advances every unfinished trajectory by one step, with numpy operations over
the whole batch.

References
----------
J. R. Dormand, P. J. Prince, "A family of embedded Runge-Kutta formulae",
J. Comput. Appl. Math. 6 (1980) 19-26.
L. F. Shampine, "Some Practical Runge-Kutta Formulas", Math. Comp. 46 (1986).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.special import expit

from .._util.tolerance import ROUNDOFF, STEP_FALLBACK, STEP_FLAT, STEP_MIN_RELATIVE, STEP_SMALL_NORM, TINY
from ..errors import ConvergenceError

__all__ = ["integrate_log_weights", "log_odds_shares", "softmax_blocks"]

_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0])
_A = [
    np.array([]),
    np.array([1 / 5]),
    np.array([3 / 40, 9 / 40]),
    np.array([44 / 45, -56 / 15, 32 / 9]),
    np.array([19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729]),
    np.array([9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656]),
]
_B = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84])
_E = np.array([-71 / 57600, 0.0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40])
_P = np.array([
    [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
    [0, 0, 0, 0],
    [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
    [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
    [0, 127303824393 / 49829197408, -318862633887 / 49829197408,
     701980252875 / 199316789632],
    [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
    [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
])

_PT = np.ascontiguousarray(_P.T)

RHS = Callable[[np.ndarray, np.ndarray], np.ndarray]


def softmax_blocks(ell: np.ndarray, alive: np.ndarray, blocks: list[slice]) -> np.ndarray:
    """Shares from log-weights, block by block (one block per population).

    ``ell`` and ``alive`` have shape ``(B, D)``; masked entries get share 0.
    """
    x = np.empty_like(ell)
    for sl in blocks:
        e = np.where(alive[:, sl], ell[:, sl], -np.inf)
        mx = e.max(axis=1, keepdims=True)
        w = np.exp(e - mx)
        x[:, sl] = w / w.sum(axis=1, keepdims=True)
    return x


def log_odds_shares(xi: np.ndarray) -> np.ndarray:
    """Shares ``(x_0, 1 - x_0)`` per population from log-odds, interleaved on the last axis.

    ``xi = +inf`` / ``-inf`` (a population fixed at a vertex of its simplex)
    gives exactly 1 / 0.
    """
    out = np.empty((*xi.shape[:-1], 2 * xi.shape[-1]))
    out[..., 0::2] = expit(xi)
    out[..., 1::2] = expit(-xi)
    return out


def _rms(v: np.ndarray) -> np.ndarray:
    return np.sqrt(np.mean(v * v, axis=1))


def integrate_log_weights(rhs: RHS, ell0: np.ndarray, alive: np.ndarray, t_eval: np.ndarray, *,
                          rtol: float, atol: float, max_steps: int) -> tuple[np.ndarray, int]:
    # long: one vectorized Dormand-Prince loop over all trajectories; split into functions, every
    # step would pass (and re-index) a dozen per-trajectory state arrays in the hot loop
    """Integrate ``d ell/dt = rhs(ell, alive)`` for every row of ``ell0``.

    Parameters
    ----------
    rhs : callable
        ``rhs(ell, alive) -> dell`` for a batch (rows are trajectories).
    ell0 : ndarray, shape (B, D)
        Initial log-weights (finite; masked entries are ignored).
    alive : ndarray of bool, shape (B, D)
        Strategies present at the start.
    t_eval : ndarray, shape (T,)
        Increasing output times, ``t_eval[0] == 0``.
    rtol, atol : float
        Error control of each trajectory (in log-weights).
    max_steps : int
        Cap on accepted + rejected steps per trajectory.

    Returns
    -------
    (ndarray of shape (B, T, D), int)
        The log-weights at ``t_eval`` and the number of loop iterations.

    Raises
    ------
    coinnovation.errors.ConvergenceError
        when a trajectory needs more than ``max_steps`` steps or the step size
        underflows; nothing partial is returned.
    """
    nb, d = ell0.shape
    nt = t_eval.size
    out = np.empty((nb, nt, d))
    out[:, 0, :] = ell0
    t_end = float(t_eval[-1])
    y = ell0.copy()
    f = rhs(y, alive)
    t = np.zeros(nb)
    nxt = np.ones(nb, dtype=np.intp)  # next output index per trajectory
    if nt == 1 or t_end == 0.0:
        return out, 0
    # initial step (Hairer, Norsett & Wanner, II.4), vectorized
    ym = np.where(alive, y, 0.0)
    scale = atol + rtol * np.abs(ym)
    d0 = _rms(ym / scale)
    d1 = _rms(f / scale)
    h0 = np.where((d0 < STEP_SMALL_NORM) | (d1 < STEP_SMALL_NORM), STEP_FALLBACK,
                  0.01 * d0 / np.maximum(d1, TINY))
    y1 = y + h0[:, None] * f
    f1 = rhs(y1, alive)
    d2 = _rms((f1 - f) / scale) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= STEP_FLAT, np.maximum(STEP_FALLBACK, h0 * 1e-3),
                  (0.01 / np.maximum(dmax, TINY)) ** 0.2)
    h = np.minimum(np.minimum(100 * h0, h1), t_end)
    active = np.ones(nb, dtype=bool)
    steps = np.zeros(nb, dtype=np.intp)
    iterations = 0
    ia: np.ndarray | slice = slice(None)
    n_act = nb
    while n_act:
        iterations += 1
        ya, fa, ta, alive_a = y[ia], f[ia], t[ia], alive[ia]
        hh = np.minimum(h[ia], t_end - ta)
        hcol = hh[:, None]
        ks = [fa]
        for s in range(1, 6):
            dy = ks[0] * _A[s][0]
            for j in range(1, s):
                if _A[s][j] != 0.0:
                    dy = dy + ks[j] * _A[s][j]
            ks.append(rhs(ya + hcol * dy, alive_a))
        inc = ks[0] * _B[0]
        for j in range(2, 6):
            inc = inc + ks[j] * _B[j]
        y_new = ya + hcol * inc
        f_new = rhs(y_new, alive_a)
        ks.append(f_new)
        err = ks[0] * _E[0]
        for j in range(2, 7):
            err = err + ks[j] * _E[j]
        sc = atol + rtol * np.maximum(np.abs(ya), np.abs(y_new))
        with np.errstate(invalid="ignore"):
            ratio = np.where(alive_a, hcol * err / sc, 0.0)
        err_norm = np.sqrt(np.mean(ratio * ratio, axis=1))
        ok = err_norm < 1.0
        steps[ia] += 1
        if steps.max() > max_steps:
            bad = int(np.argmax(steps))
            raise ConvergenceError(
                f"max_steps: trajectory {bad} needed more than {max_steps} steps before "
                f"t={t_end:g} (reached t={t[bad]:.6g}); raise max_steps or loosen rtol/atol")
        all_ok = bool(ok.all())
        acc: np.ndarray | slice = slice(None) if all_ok else np.flatnonzero(ok)
        gi = (np.arange(nb)[ia] if all_ok else np.arange(nb)[ia][acc])
        if gi.size:
            t_old = ta[acc]
            h_acc = hh[acc]
            t_new = np.where(h_acc >= t_end - t_old, t_end, t_old + h_acc)
            # dense output for the output times inside (t_old, t_new]
            upto = np.searchsorted(t_eval, t_new + ROUNDOFF * max(1.0, t_end), side="right")
            first = nxt[gi]
            count = upto - first
            cmax = int(count.max())
            if cmax > 0:
                if cmax == 1 and bool(np.all(count == 1)):
                    has: np.ndarray | slice = slice(None)
                else:
                    has = np.flatnonzero(count > 0)
                kk = np.stack(ks)  # (7, b_active, d)
                if not all_ok:
                    kk = kk[:, acc]
                if not isinstance(has, slice):
                    kk = kk[:, has]
                q = np.tensordot(_PT, kk, axes=(1, 0))  # (4, b, d)
                y_old = ya[acc][has]
                count_h = count[has]
                # one row per (trajectory, output time) pair inside this step
                rows = np.repeat(np.arange(count_h.size), count_h)
                starts = np.cumsum(count_h) - count_h
                idx = first[has][rows] + (np.arange(rows.size) - starts[rows])
                hs = h_acc[has][rows]
                theta = (t_eval[idx] - t_old[has][rows]) / hs
                th = theta[:, None]
                qr = q[:, rows]
                poly = qr[3]
                for j in (2, 1, 0):
                    poly = qr[j] + th * poly
                out[gi[has][rows], idx, :] = y_old[rows] + (hs * theta)[:, None] * poly
                nxt[gi] = np.maximum(first, upto)
            y[gi] = y_new[acc]
            f[gi] = f_new[acc]
            t[gi] = t_new
        with np.errstate(divide="ignore"):
            factor = np.where(err_norm == 0, 10.0, 0.9 * err_norm ** -0.2)
        factor = np.clip(factor, 0.2, 10.0)
        if not all_ok:
            factor = np.where(ok, factor, np.minimum(factor, 1.0))
        h_new = hh * factor
        h[ia] = h_new
        if np.any(h_new < STEP_MIN_RELATIVE * max(1.0, t_end)):
            bad = int(np.arange(nb)[ia][np.argmin(h_new)])
            raise ConvergenceError(
                f"rtol: the step size of trajectory {bad} underflowed at t={t[bad]:.6g}; "
                "the payoffs may be too large for the requested tolerances")
        active = t < t_end
        n_new = int(active.sum())
        if n_new != n_act:
            n_act = n_new
            ia = np.flatnonzero(active)
    # the last output time is t_end itself: write the exact end points
    out[:, -1, :] = y
    return out, iterations
