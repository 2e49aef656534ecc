r"""Support enumeration for two-player games, vectorized over supports.

For every pair of supports :math:`I \subseteq [m]`, :math:`J \subseteq [n]` of
equal size :math:`k`, the indifference systems

.. math::

    A_{IJ}\, y_J = v\,\mathbf 1,\ \ \mathbf 1^\top y_J = 1, \qquad
    B_{IJ}^\top x_I = w\,\mathbf 1,\ \ \mathbf 1^\top x_I = 1

are solved for all pairs of one size at once (batched LU), and a solution is
an equilibrium when its probabilities are non-negative and no strategy
outside the supports does better: :math:`(Ay)_i \le v`, :math:`(B^\top x)_j \le w`.
Every one of these comparisons is made with the library tolerance (nashpy
compares probabilities with ``>= 0`` exactly and so misses equilibria whose
computed probabilities round to ``-1e-17``). Reference: Nisan, Roughgarden,
Tardos & Vazirani (2007), *Algorithmic Game Theory*, ch. 3.

In a nondegenerate game every equilibrium has supports of equal size, so the
enumeration is complete; a degenerate game is reported.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from .._util.tolerance import PIVOT, SCREEN_MERGE, SCREEN_TOL, TOL
from ..games.normal_form import NormalFormGame

__all__ = ["support_enumeration"]

_BATCH = 20_000


def _solve_indifference(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``M z = v 1, 1.z = 1`` for a batch of square matrices ``M`` (P, k, k).

    Returns ``(z, v, ok)`` with ``ok`` False for (numerically) singular systems.
    """
    P, k, _ = M.shape
    # scale the payoff block only: the border of ones stays at magnitude one, so the
    # singularity test is the same for a game and for the game times 10**6 (the solution
    # z does not change and the value scales back)
    scale = np.abs(M).max(axis=(1, 2))
    scale = np.where(scale > 0, scale, 1.0)
    K = np.zeros((P, k + 1, k + 1))
    K[:, :k, :k] = M / scale[:, None, None]
    K[:, :k, k] = -1.0
    K[:, k, :k] = 1.0
    rhs = np.zeros((P, k + 1))
    rhs[:, k] = 1.0
    cond_ok = np.abs(np.linalg.det(K)) > PIVOT
    K[~cond_ok] = np.eye(k + 1)
    sol = np.linalg.solve(K, rhs[..., None])[..., 0]
    return sol[:, :k], sol[:, k] * scale, cond_ok


def support_enumeration(game: NormalFormGame, *, tol: float | None = None, exact: bool = False
                        ) -> tuple[list[tuple[list[np.ndarray], tuple[Any, ...]]], bool]:
    """Equilibria on equal-size supports; returns ``(equilibria, degenerate)``."""
    t = TOL if tol is None else tol
    u = game.payoff_array()
    A, B = u[0], u[1]
    m, n = A.shape
    atol = t * max(1.0, float(np.abs(u).max()))
    ptol = SCREEN_MERGE if exact else t * 10  # probabilities; exact mode re-solves candidates
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(1, min(m, n) + 1):
        rows = np.array(list(itertools.combinations(range(m), k)))
        cols = np.array(list(itertools.combinations(range(n), k)))
        pairs = np.array(list(itertools.product(range(len(rows)), range(len(cols)))))
        for start in range(0, len(pairs), _BATCH):
            chunk = pairs[start:start + _BATCH]
            I, J = rows[chunk[:, 0]], cols[chunk[:, 1]]
            Asub = A[I[:, :, None], J[:, None, :]]
            Bsub = B[I[:, :, None], J[:, None, :]]
            y_j, v, ok_y = _solve_indifference(Asub)
            x_i, w, ok_x = _solve_indifference(np.transpose(Bsub, (0, 2, 1)))
            ok = ok_x & ok_y & np.all(x_i >= -ptol, axis=1) & np.all(y_j >= -ptol, axis=1)
            if not ok.any():
                continue
            idx = np.flatnonzero(ok)
            X = np.zeros((len(idx), m))
            Y = np.zeros((len(idx), n))
            np.put_along_axis(X, I[idx], np.clip(x_i[idx], 0, None), axis=1)
            np.put_along_axis(Y, J[idx], np.clip(y_j[idx], 0, None), axis=1)
            X /= X.sum(axis=1, keepdims=True)
            Y /= Y.sum(axis=1, keepdims=True)
            br1 = np.all(Y @ A.T <= v[idx, None] + (SCREEN_TOL if exact else atol), axis=1)
            br2 = np.all(X @ B <= w[idx, None] + (SCREEN_TOL if exact else atol), axis=1)
            for a in np.flatnonzero(br1 & br2):
                found.append((X[a], Y[a]))
    found = _dedupe(found, SCREEN_MERGE)
    degenerate = len(found) % 2 == 0
    out: list[tuple[list[np.ndarray], tuple[Any, ...]]] = []
    for x, y in found:
        sx, sy = np.flatnonzero(x > ptol), np.flatnonzero(y > ptol)
        r1, r2 = A @ y, x @ B
        ties = (np.sum(r1 >= r1.max() - atol) > len(sy)) or (np.sum(r2 >= r2.max() - atol) > len(sx))
        degenerate = degenerate or bool(ties)
        if exact:
            sol = _exact_on_supports(game.exact_payoff_array(), sx, sy)
            if sol is not None:
                out.append(sol)
        else:
            out.append(([x, y], (float(x @ A @ y), float(x @ B @ y))))
    if exact:
        uniq: dict[tuple[Any, ...], Any] = {}
        for e in out:
            uniq.setdefault((tuple(e[0][0]), tuple(e[0][1])), e)
        out = list(uniq.values())
    out.sort(key=lambda e: (tuple(-float(v) for v in e[0][0]), tuple(-float(v) for v in e[0][1])))
    return out, degenerate


def _dedupe(found: list[tuple[np.ndarray, np.ndarray]], eps: float
            ) -> list[tuple[np.ndarray, np.ndarray]]:
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for x, y in found:
        if not any(np.allclose(x, a, atol=eps) and np.allclose(y, b, atol=eps) for a, b in out):
            out.append((x, y))
    return out


def _solve_exact(M: list[list[Fraction]]) -> list[Fraction] | None:
    """Solve ``M z = v 1, 1.z = 1`` exactly; None when singular."""
    k = len(M)
    K = [[*list(M[r]), Fraction(-1), Fraction(0)] for r in range(k)]
    K.append([Fraction(1)] * k + [Fraction(0), Fraction(1)])
    size = k + 1
    for c in range(size):
        p = next((r for r in range(c, size) if K[r][c] != 0), None)
        if p is None:
            return None
        K[c], K[p] = K[p], K[c]
        piv = K[c][c]
        K[c] = [v / piv for v in K[c]]
        for r in range(size):
            if r != c and K[r][c] != 0:
                f = K[r][c]
                K[r] = [a - f * b for a, b in zip(K[r], K[c], strict=True)]
    return [K[r][size] for r in range(size)]


def _exact_on_supports(U: np.ndarray, sx: np.ndarray, sy: np.ndarray
                       ) -> tuple[list[np.ndarray], tuple[Fraction, Fraction]] | None:
    A, B = U[0], U[1]
    m, n = A.shape
    if len(sx) != len(sy):
        return None
    ysol = _solve_exact([[A[i, j] for j in sy] for i in sx])
    xsol = _solve_exact([[B[i, j] for i in sx] for j in sy])
    if ysol is None or xsol is None:
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for a, i in enumerate(sx):
        x[i] = xsol[a]
    for b, j in enumerate(sy):
        y[j] = ysol[b]
    if min(x) < 0 or min(y) < 0:
        return None
    r1 = [sum(A[i, j] * y[j] for j in range(n)) for i in range(m)]
    r2 = [sum(x[i] * B[i, j] for i in range(m)) for j in range(n)]
    v, w = ysol[-1], xsol[-1]
    if max(r1) > v or max(r2) > w:
        return None
    obj = [np.array([*x, None], dtype=object)[:-1], np.array([*y, None], dtype=object)[:-1]]
    return obj, (v, w)
