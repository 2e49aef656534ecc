r"""Vertex enumeration of two-player games in floating point (one qhull call).

The vertices of the best-response polytopes

.. math::

    P = \{x \ge 0 : B^\top x \le 1\},\qquad Q = \{y \ge 0 : A y \le 1\}

(payoffs shifted to be positive) give the equilibria: a pair of vertices whose
labels (tight constraints) cover every pure strategy of both players, other
than the origin, is an extreme equilibrium (von Stengel 2002; Avis et al.
2010). The vertices of the polytope of the player with fewer strategies, say
:math:`P`, are found as the facets of the convex hull of its polar points,
computed by qhull (Barber, Dobkin & Huhdanpaa 1996). In a nondegenerate game a
vertex :math:`x` of :math:`P` has exactly :math:`m` labels, so its partner in
:math:`Q` must make the other :math:`n` constraints tight: it is the solution
of one :math:`n \times n` linear system, accepted when it lies in :math:`Q`
with exactly those :math:`n` tight constraints. All these systems are solved
in one batched LAPACK call, which at 4 to 16 strategies costs less than a
second convex hull and its label matching.

A vertex with more tight labels than the dimension means the game is
degenerate; then, and whenever qhull reports a precision problem, a system is
singular, a candidate lies within ten tolerances of :math:`Q` without
being in it, or the number of equilibria found is even (impossible for a
nondegenerate game), the enumeration is redone exactly by
:mod:`._exact_vertex`, so that every extreme equilibrium is returned.

When :math:`P` and every partner found are nondegenerate, the equilibria are
isolated and all found: an extreme equilibrium's :math:`x` is a vertex of
:math:`P` and its :math:`y` is then determined by the complementary labels;
two extreme equilibria sharing a strategy would need two vertices with the
same simple label set.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.spatial import ConvexHull, QhullError

from .._util.tolerance import atol_for, snap_to_rationals
from ..games.normal_form import NormalFormGame
from ._exact_vertex import exact_vertex_enumeration

__all__ = ["vertex_enumeration"]

# qhull's cost grows steeply with the dimension and it has crashed on random
# 35-dimensional polytopes; above this the exact enumeration is used instead.
_QHULL_MAX_DIM = 18
# partner systems solved per LAPACK call: 4096 systems of 16 x 16 take 8 MB
_SOLVE_BLOCK = 4096


def _polytope_vertices(M: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Vertices of ``{z >= 0 : M z <= 1}`` (``M > 0``) and their tight-constraint masks.

    Returns ``(points, tight)`` with ``tight[v, j]`` for ``z_j = 0`` (``j < d``)
    and row ``j - d`` tight, or None when qhull fails or a vertex is degenerate.
    """
    k, d = M.shape
    if d > _QHULL_MAX_DIM:
        return None
    # the polar of the polytope about the interior point c = (c0, ..., c0): the constraint
    # n.z <= b becomes the point n / (b - n.c); for z_j >= 0 that is -e_j / c0
    rows = M.sum(axis=1)
    c0 = 0.5 / rows.max()
    dual = np.zeros((d + k, d))
    dual.reshape(-1)[: d * d : d + 1] = -1.0 / c0
    np.divide(M, (1.0 - c0 * rows)[:, None], out=dual[d:])
    try:
        eq = ConvexHull(dual).equations  # n . p + o = 0, o < 0 for the interior origin
    except QhullError:
        return None
    pts = eq[:, :-1] / (-eq[:, -1:]) + c0
    slack = np.empty((len(pts), d + k))
    slack[:, :d] = pts
    np.subtract(1.0, pts @ M.T, out=slack[:, d:])
    bound = tol * max(1.0, float(np.abs(pts).max()))
    tight = np.abs(slack) <= bound
    # a simple polytope has a simplicial polar: one facet per vertex, exactly d tight
    # constraints; anything else (a degenerate vertex, split by qhull's triangulation
    # into several facets) sends the caller to the exact enumeration
    if slack.min() < -tol or not (tight.sum(axis=1) == d).all():
        return None
    return pts, tight


def _partners(As: np.ndarray, Bs: np.ndarray, tol_a: float, tol_b: float
              ) -> tuple[np.ndarray, np.ndarray] | None:
    """Equilibria ``(X, Y)`` (rows) of the positive game ``(As, Bs)``, qhull on ``P`` only.

    ``tol_a`` and ``tol_b`` are the tolerances in the units of ``As`` and ``Bs``. None
    when the game is degenerate or too close to it for floating point (see the module
    docstring); the caller then enumerates exactly.
    """
    m, n = As.shape
    pv = _polytope_vertices(Bs.T, tol_b)
    if pv is None:
        return None
    xs, p_lab = pv  # labels: x_i = 0 -> i, row j of B^T x tight -> m + j
    keep = ~p_lab[:, :m].all(axis=1)  # drop the origin
    xs, p_lab = xs[keep], p_lab[keep]
    # the partner in Q makes the complementary labels tight: label i < m is row i of
    # A y <= 1, label m + j is y_j = 0; each row of ~p_lab has exactly n of them
    cols = np.nonzero(~p_lab)[1].reshape(len(xs), n)
    G = np.zeros((m + n, n))
    G[:m] = As
    G[m:].reshape(-1)[:: n + 1] = 1.0
    ys = np.empty((len(cols), n))
    for start in range(0, len(cols), _SOLVE_BLOCK):  # bounded memory: blocks of systems
        block = cols[start:start + _SOLVE_BLOCK]
        try:
            ys[start:start + len(block)] = np.linalg.solve(
                G[block], (block < m).astype(float)[..., None])[..., 0]
        except np.linalg.LinAlgError:
            return None
    if not np.isfinite(ys).all():
        return None
    slack = np.empty((len(ys), m + n))  # in label order: rows of A y, then y_j
    np.subtract(1.0, ys @ As.T, out=slack[:, :m])
    slack[:, m:] = ys
    low = slack.min(axis=1)
    # each candidate at its own size (a far-off candidate must not loosen the others)
    bound = tol_a * np.maximum(1.0, np.abs(ys).max(axis=1))
    inside = low >= -bound
    if np.any((low < -bound) & (low >= -10 * bound)):
        return None  # too close to call in floating point
    slack, xs, p_lab, ys = slack[inside], xs[inside], p_lab[inside], ys[inside]
    q_lab = np.abs(slack) <= bound[inside, None]
    if not (q_lab.sum(axis=1) == n).all():
        return None  # a degenerate vertex of Q
    X = np.where(p_lab[:, :m], 0.0, np.maximum(xs, 0.0))
    Y = np.where(q_lab[:, m:], 0.0, np.maximum(ys, 0.0))
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    return X, Y


def vertex_enumeration(game: NormalFormGame, *, tol: float | None = None
                       ) -> tuple[list[tuple[list[np.ndarray], tuple[Any, ...]]], bool]:
    """All extreme equilibria of a two-player game; see the module docstring.

    Returns ``(equilibria, degenerate)`` with equilibria as ``(strategies, payoffs)``,
    sorted by the strategies in decreasing lexicographic order.
    """
    u = game.payoff_array()
    A, B = u[0], u[1]
    m, n = A.shape
    found = None
    if min(m, n) >= 2:
        # each player's payoffs mapped onto [1, 2] (equilibria do not change under a
        # positive affine map of one player's payoffs): the polytopes' vertices are then
        # of size at most 1, whatever the unit or offset of the money; the library's
        # tolerance, TOL * max(1, max |u|) in payoff units, is carried into these units
        atol = atol_for(u, tol)
        span_a = max(float(A.max() - A.min()), atol)
        span_b = max(float(B.max() - B.min()), atol)
        As = 1.0 + (A - A.min()) / span_a
        Bs = 1.0 + (B - B.min()) / span_b
        tol_a, tol_b = atol / span_a, atol / span_b
        if m <= n:
            found = _partners(As, Bs, tol_a, tol_b)
        else:  # the hull in the smaller dimension: the game seen from the column player
            swapped = _partners(Bs.T, As.T, tol_b, tol_a)
            found = None if swapped is None else (swapped[1], swapped[0])
        if found is not None and len(found[0]) % 2 == 0:
            found = None
    if found is not None:
        X, Y = found
        order = np.lexsort(np.concatenate([-Y[:, ::-1], -X[:, ::-1]], axis=1).T)
        X, Y = X[order], Y[order]
        pay_a = ((X @ A) * Y).sum(axis=1).tolist()
        pay_b = ((X @ B) * Y).sum(axis=1).tolist()
        return [([X[e], Y[e]], (pay_a[e], pay_b[e])) for e in range(len(order))], False
    # the float path's ties are ties within the tolerance: 3 * 0.1 and 0.3 tie here too
    exact, degenerate = exact_vertex_enumeration(snap_to_rationals(game.exact_payoff_array()))
    out = [([np.array([float(v) for v in s]) for s in strat], tuple(float(p) for p in pay))
           for strat, pay in exact]
    return out, degenerate
