r"""Vertex enumeration of two-player games in floating point (qhull).

The vertices of the best-response polytopes

.. math::

    P = \{x \ge 0 : B^\top x \le 1\},\qquad Q = \{y \ge 0 : A y \le 1\}

(payoffs shifted to be positive) are found as the facets of the convex hull of
the polar points, computed by qhull (Barber, Dobkin & Huhdanpaa 1996); each
vertex is labelled with its tight constraints, and complementary pairs (labels
covering every pure strategy of both players) other than the origin are the
equilibria (von Stengel 2002; Avis et al. 2010).

A vertex with more tight labels than the dimension means the game is
degenerate; then, and whenever qhull reports a precision problem or the
number of equilibria found is even (impossible for a nondegenerate game), the
enumeration is redone exactly by :mod:`._exact_vertex`, so that every extreme
equilibrium is returned.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from .._util.tolerance import TOL
from ..games.normal_form import NormalFormGame
from ._exact_vertex import exact_vertex_enumeration

__all__ = ["vertex_enumeration"]

# qhull's cost grows steeply with the dimension and it has crashed on random
# 35-dimensional polytopes; above this the exact enumeration is used instead.
_QHULL_MAX_DIM = 18


def _polytope_vertices(M: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Vertices of ``{z >= 0 : M z <= 1}`` (``M > 0``) and their tight-constraint masks.

    Returns ``(points, tight)`` with ``tight[v, j]`` for ``z_j = 0`` (``j < d``)
    and row ``j - d`` tight, or None when qhull fails or a vertex is degenerate.
    """
    k, d = M.shape
    if d > _QHULL_MAX_DIM:
        return None
    c = np.full(d, 0.5 / M.sum(axis=1).max())
    normals = np.vstack([-np.eye(d), M])
    offsets = np.concatenate([np.zeros(d), np.ones(k)]) - normals @ c  # all > 0
    dual = normals / offsets[:, None]
    try:
        hull = ConvexHull(dual)
    except QhullError:
        return None
    eq = hull.equations  # n . p + o = 0, o < 0 for the interior origin
    pts = c + eq[:, :-1] / (-eq[:, -1:])
    slack = np.concatenate([pts, 1.0 - pts @ M.T], axis=1)
    tight = np.abs(slack) <= tol * max(1.0, float(np.abs(pts).max()))
    # a simple polytope has a simplicial polar: one facet per vertex, exactly d tight
    # constraints; anything else (a degenerate vertex, split by qhull's triangulation
    # into several facets) sends the caller to the exact enumeration
    if np.any(slack < -tol) or np.any(tight.sum(axis=1) != d):
        return None
    return pts, tight


def vertex_enumeration(game: NormalFormGame, *, tol: float | None = None
                       ) -> tuple[list[tuple[list[np.ndarray], tuple[Any, ...]]], bool]:
    """All extreme equilibria of a two-player game; see the module docstring.

    Returns ``(equilibria, degenerate)`` with equilibria as ``(strategies, payoffs)``.
    """
    t = TOL if tol is None else tol
    u = game.payoff_array()
    A, B = u[0], u[1]
    m, n = A.shape
    result = None
    if min(m, n) >= 2:
        scale = max(1.0, float(np.abs(u).max()))
        As = (A - A.min() + 1.0) / scale
        Bs = (B - B.min() + 1.0) / scale
        pv = _polytope_vertices(Bs.T, t)
        qv = _polytope_vertices(As, t) if pv is not None else None
        if pv is not None and qv is not None:
            result = _match(A, B, pv, qv)
            if len(result) % 2 == 0:
                result = None
    if result is not None:
        return result, False
    exact, degenerate = exact_vertex_enumeration(game.exact_payoff_array())
    out = [([np.array([float(v) for v in s]) for s in strat], tuple(float(p) for p in pay))
           for strat, pay in exact]
    return out, degenerate


def _match(A: np.ndarray, B: np.ndarray, pv: tuple[np.ndarray, np.ndarray],
           qv: tuple[np.ndarray, np.ndarray]) -> list[tuple[list[np.ndarray], tuple[Any, ...]]]:
    m, n = A.shape
    xs, xt = pv
    ys, yt = qv
    # P labels: x_i = 0 -> i (columns 0..m-1), row j of B^T x tight -> m + j: already in order
    p_lab = xt
    # Q labels: y_j = 0 -> m + j (columns 0..n-1), row i of A y tight -> i (columns n..)
    q_lab = np.concatenate([yt[:, n:], yt[:, :n]], axis=1)
    keep_p = ~np.all(xt[:, :m], axis=1)  # drop the origin
    keep_q = ~np.all(yt[:, :n], axis=1)
    xs, p_lab = xs[keep_p], p_lab[keep_p]
    ys, q_lab = ys[keep_q], q_lab[keep_q]
    # nondegenerate: a vertex of P has exactly m labels and one of Q exactly n, so a
    # pair is complementary exactly when Q's label set is the complement of P's
    if m + n <= 62:
        weights = np.left_shift(np.int64(1), np.arange(m + n, dtype=np.int64))
        key_p = (~p_lab).astype(np.int64) @ weights
        key_q = q_lab.astype(np.int64) @ weights
        _, ii, jj = np.intersect1d(key_p, key_q, assume_unique=True, return_indices=True)
    else:
        index_q = {row.tobytes(): j for j, row in enumerate(np.packbits(q_lab, axis=1))}
        pairs = [(a, index_q[row.tobytes()]) for a, row in enumerate(np.packbits(~p_lab, axis=1))
                 if row.tobytes() in index_q]
        ii = np.array([a for a, _ in pairs], dtype=int)
        jj = np.array([b for _, b in pairs], dtype=int)
    out = []
    for a, b in zip(ii, jj, strict=True):
        x = np.where(p_lab[a, :m], 0.0, np.clip(xs[a], 0.0, None))
        y = np.where(q_lab[b, m:], 0.0, np.clip(ys[b], 0.0, None))
        x /= x.sum()
        y /= y.sum()
        out.append(([x, y], (float(x @ A @ y), float(x @ B @ y))))
    out.sort(key=lambda e: (tuple(-e[0][0]), tuple(-e[0][1])))
    return out

