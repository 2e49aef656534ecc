"""An independent exact reference for two-player equilibria (tests only).

Brute force over bases: every choice of ``d`` tight constraints among the
``d + k`` of a best-response polytope ``{z >= 0 : M z <= 1}`` is screened in
batched floating point, and every candidate is re-solved and re-checked in
exact rational arithmetic. Extreme equilibria are the complementary pairs of
exact vertices (other than the origin). No code is shared with the library.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np


def _solve(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    n = len(M)
    K = [[*list(row), bb] for row, bb in zip(M, b, strict=True)]
    for c in range(n):
        p = next((r for r in range(c, n) if K[r][c] != 0), None)
        if p is None:
            return None
        K[c], K[p] = K[p], K[c]
        inv = 1 / K[c][c]
        K[c] = [v * inv for v in K[c]]
        for r in range(n):
            if r != c and K[r][c] != 0:
                f = K[r][c]
                K[r] = [a - f * bb for a, bb in zip(K[r], K[c], strict=True)]
    return [K[r][n] for r in range(n)]


def polytope_vertices(M: list[list[Fraction]]) -> dict[tuple[Fraction, ...], frozenset[int]]:
    """Exact vertices of {z >= 0 : M z <= 1} with their tight constraints (z_j: j, row r: d + r)."""
    k, d = len(M), len(M[0])
    G = np.vstack([np.eye(d), np.array(M, dtype=float)])
    h = np.concatenate([np.zeros(d), np.ones(k)])
    subsets = np.array(list(itertools.combinations(range(d + k), d)))
    mats = G[subsets]
    rhs = h[subsets]
    dets = np.linalg.det(mats)
    ok = np.abs(dets) > 1e-10
    sol = np.zeros((len(subsets), d))
    sol[ok] = np.linalg.solve(mats[ok], rhs[ok][..., None])[..., 0]
    feasible = ok & np.all(sol >= -1e-6, axis=1) & np.all(sol @ G[d:].T <= 1 + 1e-6, axis=1)
    rows = [[Fraction(1) if c == j else Fraction(0) for c in range(d)] for j in range(d)] + \
        [list(r) for r in M]
    rhs_exact = [Fraction(0)] * d + [Fraction(1)] * k
    out: dict[tuple[Fraction, ...], frozenset[int]] = {}
    for s in subsets[feasible]:
        z = _solve([rows[i] for i in s], [rhs_exact[i] for i in s])
        if z is None:
            continue
        slack = [z[j] for j in range(d)] + [1 - sum(a * b for a, b in zip(r, z, strict=True))
                                            for r in M]
        if min(slack) < 0:
            continue
        out[tuple(z)] = frozenset(i for i, v in enumerate(slack) if v == 0)
    return out


def extreme_equilibria(A: np.ndarray, B: np.ndarray
                       ) -> tuple[set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """All extreme equilibria of (A, B) exactly, and whether the game is degenerate."""
    A = [[Fraction(v) for v in row] for row in np.asarray(A).tolist()]
    B = [[Fraction(v) for v in row] for row in np.asarray(B).tolist()]
    m, n = len(A), len(A[0])
    lo_a = min(min(r) for r in A)
    lo_b = min(min(r) for r in B)
    As = [[v - lo_a + 1 for v in r] for r in A]
    BsT = [[B[i][j] - lo_b + 1 for i in range(m)] for j in range(n)]
    P = polytope_vertices(BsT)  # x in R^m: x_i = 0 -> label i; row j -> label m + j
    Q = polytope_vertices(As)  # y in R^n: y_j = 0 -> label m + j (index j); row i -> label i (n + i)
    degenerate = any(len(t) > m for t in P.values()) or any(len(t) > n for t in Q.values())
    q_labels = {y: frozenset((m + j) if j < n else (j - n) for j in t) for y, t in Q.items()}
    out = set()
    for x, lx in P.items():
        if not any(x):
            continue
        for y, ly in q_labels.items():
            if not any(y) or len(lx | ly) != m + n:
                continue
            sx, sy = sum(x), sum(y)
            out.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return out, degenerate


def all_quasi_strict(A: np.ndarray, B: np.ndarray,
                     equilibria: set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]) -> bool:
    """Whether every equilibrium uses every pure best response (is quasi-strict, Harsanyi 1973).

    The library warns of a degenerate game exactly when some extreme equilibrium is not:
    only then can equilibria form continua or have supports of unequal size.
    """
    A = [[Fraction(v) for v in row] for row in np.asarray(A).tolist()]
    B = [[Fraction(v) for v in row] for row in np.asarray(B).tolist()]
    m, n = len(A), len(A[0])
    for x, y in equilibria:
        rows = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
        cols = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
        if {i for i in range(m) if rows[i] == max(rows)} != {i for i in range(m) if x[i] > 0}:
            return False
        if {j for j in range(n) if cols[j] == max(cols)} != {j for j in range(n) if y[j] > 0}:
            return False
    return True
