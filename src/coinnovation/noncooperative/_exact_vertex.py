"""Exact vertex enumeration of two-player games in rational arithmetic.

The best-response polytopes (von Stengel 2002, *Computing equilibria for
two-person games*, Handbook of Game Theory vol. 3, ch. 45)

.. math::

    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\ B^\\top x \\le 1\\},\\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\ y \\ge 0\\}

(payoffs shifted to be positive) are enumerated by a breadth-first search over
their feasible bases, pivoting a fraction-free integer tableau (Bareiss /
Edmonds elimination, as in Avis' lrs). Every feasible basis is reached: all
tied leaving rows of a degenerate ratio test are followed, and the graph of
feasible bases of a polytope is connected. A pair of vertices whose labels
cover all ``m + n`` strategies, other than the origin, is an extreme Nash
equilibrium (Avis, Rosenberg, Savani & von Stengel 2010, *Enumeration of Nash
equilibria for two-player games*, Economic Theory 42).
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from math import lcm

import numpy as np

__all__ = ["exact_vertex_enumeration", "polytope_vertices_exact"]


def _integer_matrix(M: np.ndarray) -> list[list[int]]:
    """Scale a positive Fraction matrix by the lcm of its denominators."""
    den = 1
    for v in M.ravel():
        den = lcm(den, v.denominator)
    return [[int(v * den) for v in row] for row in M]


def polytope_vertices_exact(M: np.ndarray) -> list[tuple[tuple[Fraction, ...], frozenset[int]]]:
    """Vertices of ``{z >= 0 : M z <= c}`` for a positive integer-valued matrix.

    Parameters
    ----------
    M : array of Fraction, shape (k, d), every entry positive
        The constraint matrix; the right-hand side is the all-ones vector.

    Returns
    -------
    list of (vertex, zeros)
        ``vertex`` is the exact point ``z``; ``zeros`` holds the indices of its
        tight constraints: ``j < d`` for ``z_j = 0`` and ``d + r`` for row ``r``
        of ``M z <= 1`` holding with equality.
    """
    k, d = M.shape
    den = 1
    for v in M.ravel():
        den = lcm(den, v.denominator)
    rows = [[int(v * den) for v in row] for row in M]
    # tableau columns: z_0..z_{d-1}, s_0..s_{k-1}, rhs; rows: (den M) z + s' = den with the
    # scaled slack s' = den * s, so that the starting basis matrix is the identity (D = 1)
    # and every later entry is an integer minor (the invariant of integer pivoting)
    ncol = d + k + 1
    tab0 = [rows[r] + [1 if c == r else 0 for c in range(k)] + [den] for r in range(k)]
    basis0 = tuple(d + r for r in range(k))  # basic variable of each row
    start = (tab0, basis0, 1)
    seen: set[frozenset[int]] = {frozenset(basis0)}
    queue: deque[tuple[list[list[int]], tuple[int, ...], int]] = deque([start])
    vertices: dict[tuple[Fraction, ...], frozenset[int]] = {}
    while queue:
        tab, basis, D = queue.popleft()
        # the vertex of this basis
        values = [Fraction(0)] * (d + k)
        for r, var in enumerate(basis):
            values[var] = Fraction(tab[r][-1], D)
        point = tuple(values[:d])
        if point not in vertices:
            vertices[point] = frozenset(j for j, v in enumerate(values) if v == 0)
        basic = set(basis)
        for q in range(d + k):
            if q in basic:
                continue
            best: list[int] = []
            num_b, den_b = 0, 1
            for r in range(k):
                a = tab[r][q]
                if a > 0:
                    rhs = tab[r][-1]
                    if not best:
                        best, num_b, den_b = [r], rhs, a
                    else:
                        lhs_cmp = rhs * den_b - num_b * a
                        if lhs_cmp < 0:
                            best, num_b, den_b = [r], rhs, a
                        elif lhs_cmp == 0:
                            best.append(r)
            for p in best:
                new_basis = (*basis[:p], q, *basis[p + 1:])
                key = frozenset(new_basis)
                if key in seen:
                    continue
                seen.add(key)
                piv = tab[p][q]
                prow = tab[p]
                new_tab = []
                for r in range(k):
                    if r == p:
                        new_tab.append(list(prow))
                        continue
                    row = tab[r]
                    f = row[q]
                    if f == 0:
                        new_tab.append([_exact_div(piv * row[c], D) for c in range(ncol)])
                    else:
                        new_tab.append([_exact_div(piv * row[c] - f * prow[c], D) for c in range(ncol)])
                # keep the determinant positive so that the ratio tests keep their sign
                queue.append((new_tab, new_basis, piv))
    return list(vertices.items())


def _exact_div(a: int, b: int) -> int:
    q, r = divmod(a, b)
    if r:  # the invariant of integer pivoting guarantees exact division
        raise ArithmeticError("internal: inexact division in integer pivoting")
    return q


def _positive_shift(U: np.ndarray) -> np.ndarray:
    low = min(U.ravel())
    return U + (1 - low)


def exact_vertex_enumeration(payoffs: np.ndarray
                             ) -> tuple[list[tuple[list[np.ndarray], tuple[Fraction, Fraction]]], bool]:
    """All extreme equilibria of a bimatrix game in exact rational arithmetic.

    Parameters
    ----------
    payoffs : object array of Fraction, shape (2, m, n)

    Returns
    -------
    (equilibria, degenerate)
        ``equilibria`` is a list of ``(strategies, payoffs)`` with Fraction
        entries, sorted lexicographically by player 0's strategy (descending);
        ``degenerate`` tells whether some extreme equilibrium is not
        quasi-strict: a label of both its vertices, that is, a pure best
        response played with probability zero (only then can equilibria form
        continua or have supports of unequal size; a vertex with surplus labels
        that is in no equilibrium does not count).
    """
    A, B = payoffs[0], payoffs[1]
    m, n = A.shape
    As, Bs = _positive_shift(A), _positive_shift(B)
    # P: x in R^m, rows of B^T x <= 1; labels: x_i = 0 -> i, row j tight -> m + j
    p_vertices = polytope_vertices_exact(Bs.T)
    # Q: y in R^n, rows of A y <= 1; labels: row i tight -> i, y_j = 0 -> m + j
    q_vertices = polytope_vertices_exact(As)
    full = (1 << (m + n)) - 1
    p_items = []
    for x, zeros in p_vertices:
        if all(v == 0 for v in x):
            continue
        mask = 0
        for j in zeros:
            mask |= 1 << j  # j < m: x_j = 0 -> label j ; j >= m: row j-m tight -> label j
        p_items.append((x, mask))
    q_items = []
    for y, zeros in q_vertices:
        if all(v == 0 for v in y):
            continue
        mask = 0
        for j in zeros:
            mask |= (1 << (m + j)) if j < n else (1 << (j - n))
        q_items.append((y, mask))
    out = []
    degenerate = False
    for x, mx in p_items:
        sx = sum(x)
        for y, my in q_items:
            if mx | my == full:
                degenerate = degenerate or bool(mx & my)
                sy = sum(y)
                xs = [v / sx for v in x]
                ys = [v / sy for v in y]
                u0 = sum(xs[i] * A[i, j] * ys[j] for i in range(m) for j in range(n) if xs[i] and ys[j])
                u1 = sum(xs[i] * B[i, j] * ys[j] for i in range(m) for j in range(n) if xs[i] and ys[j])
                out.append(([_obj(xs), _obj(ys)], (Fraction(u0), Fraction(u1))))
    out.sort(key=lambda e: (tuple(-v for v in e[0][0]), tuple(-v for v in e[0][1])))
    return out, degenerate


def _obj(values: list[Fraction]) -> np.ndarray:
    return np.array([*values, None], dtype=object)[:-1]
