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

from ..errors import ConvergenceError

__all__ = ["integrate_log_weights", "softmax_blocks"]

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


def _rms(v: np.ndarray) -> np.ndarray:
    return np.sqrt(np.mean(v * v, axis=1))


def integrate_log_weights(rhs: RHS, ell0: np.ndarray, alive: np.ndarray, t_eval: np.ndarray, *,
                          rtol: float, atol: float, max_steps: int) -> tuple[np.ndarray, int]:
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
    scale = atol + rtol * np.abs(y)
    d0 = _rms(y / scale)
    d1 = _rms(f / scale)
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    y1 = y + h0[:, None] * f
    f1 = rhs(y1, alive)
    d2 = _rms((f1 - f) / scale) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= 1e-15, np.maximum(1e-6, h0 * 1e-3), (0.01 / np.maximum(dmax, 1e-300)) ** 0.2)
    h = np.minimum(np.minimum(100 * h0, h1), t_end)
    active = np.ones(nb, dtype=bool)
    steps = np.zeros(nb, dtype=np.intp)
    iterations = 0
    k = np.empty((7, nb, d))
    while True:
        ia = np.flatnonzero(active)
        if ia.size == 0:
            break
        iterations += 1
        ya, fa, ta, alive_a = y[ia], f[ia], t[ia], alive[ia]
        hh = np.minimum(h[ia], t_end - ta)
        hcol = hh[:, None]
        ka = k[:, : ia.size]
        ka[0] = fa
        for s in range(1, 6):
            dy = np.tensordot(_A[s], ka[:s], axes=(0, 0))
            ka[s] = rhs(ya + hcol * dy, alive_a)
        y_new = ya + hcol * np.tensordot(_B, ka[:6], axes=(0, 0))
        f_new = rhs(y_new, alive_a)
        ka[6] = f_new
        err = hcol * np.tensordot(_E, ka, axes=(0, 0))
        sc = atol + rtol * np.maximum(np.abs(ya), np.abs(y_new))
        err_norm = _rms(np.where(alive_a, err / sc, 0.0))
        ok = err_norm < 1.0
        steps[ia] += 1
        if np.any(steps[ia] > max_steps):
            bad = int(ia[np.argmax(steps[ia])])
            raise ConvergenceError(
                f"max_steps: trajectory {bad} needed more than {max_steps} steps before "
                f"t={t_end:g} (reached t={t[bad]:.6g}); raise max_steps or loosen rtol/atol")
        acc = np.flatnonzero(ok)
        if acc.size:
            gi = ia[acc]
            t_old = ta[acc]
            t_new = np.where(hh[acc] >= t_end - t_old, t_end, t_old + hh[acc])
            # dense output for the output times inside (t_old, t_new]
            q = np.einsum("sbd,sj->bjd", ka[:, acc], _P)  # (b, 4, d)
            y_old = ya[acc]
            h_acc = hh[acc]
            while True:
                idx = nxt[gi]
                pending = idx < nt
                te = t_eval[np.minimum(idx, nt - 1)]
                pending &= te <= t_new + 1e-12 * max(1.0, t_end)
                if not pending.any():
                    break
                sel = np.flatnonzero(pending)
                theta = (te[sel] - t_old[sel]) / h_acc[sel]
                pw = np.stack([theta, theta**2, theta**3, theta**4], axis=1)  # (s, 4)
                val = y_old[sel] + h_acc[sel, None] * np.einsum("bjd,bj->bd", q[sel], pw)
                out[gi[sel], idx[sel], :] = val
                nxt[gi[sel]] += 1
            y[gi] = y_new[acc]
            f[gi] = f_new[acc]
            t[gi] = t_new
        with np.errstate(divide="ignore"):
            factor = np.where(err_norm == 0, 10.0, 0.9 * err_norm ** -0.2)
        factor = np.clip(factor, 0.2, 10.0)
        factor = np.where(ok, factor, np.minimum(factor, 1.0))
        h[ia] = hh * factor
        if np.any(h[ia] < 1e-14 * max(1.0, t_end)):
            bad = int(ia[np.argmin(h[ia])])
            raise ConvergenceError(
                f"rtol: the step size of trajectory {bad} underflowed at t={t[bad]:.6g}; "
                "the payoffs may be too large for the requested tolerances")
        active[ia] = t[ia] < t_end
    # the last output time is t_end itself: write the exact end points
    out[:, -1, :] = y
    return out, iterations
