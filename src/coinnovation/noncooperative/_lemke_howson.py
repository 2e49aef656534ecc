r"""The Lemke-Howson algorithm: one equilibrium of a two-player game.

Complementary pivoting on the tableaux of the best-response polytopes
(Lemke & Howson 1964, *Equilibrium points of bimatrix games*, SIAM J. Appl.
Math. 12; presentation of von Stengel 2002, Handbook of Game Theory vol. 3,
ch. 45). Labels ``0..m-1`` are player 0's strategies and ``m..m+n-1`` player
1's. Starting from the artificial equilibrium (the origin), the variable
carrying ``initial_dropped_label`` enters; each leaving variable's complement
enters the other tableau, until the dropped label is picked up again.

The ratio test is lexicographic (on the rows of the basis inverse), so the
path is well defined and finite on degenerate games too. ``exact=True`` pivots
in rational arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .._util.tolerance import ROUNDOFF
from ..errors import ConvergenceError, InvalidInputError
from ..games.normal_form import NormalFormGame

__all__ = ["lemke_howson"]


class _Tableau:
    """``M z + s = 1`` with ``z`` the strategy variables and ``s`` the slacks."""

    def __init__(self, M: np.ndarray, var_labels: list[int], slack_labels: list[int],
                 exact: bool) -> None:
        k, d = M.shape
        dtype = object if exact else float
        one = Fraction(1) if exact else 1.0
        zero = Fraction(0) if exact else 0.0
        T = np.empty((k, d + k + 1), dtype=dtype)
        T[:, :d] = M
        T[:, d:d + k] = zero
        for r in range(k):
            T[r, d + r] = one
        T[:, -1] = one
        self.T = T
        self.k, self.d = k, d
        self.labels = var_labels + slack_labels  # label of each column variable
        self.basis = [d + r for r in range(k)]
        self.exact = exact
        self.eps = 0 if exact else ROUNDOFF * max(1.0, float(np.abs(M).max()))

    def column_of_label(self, label: int) -> int:
        return self.labels.index(label)

    def pivot(self, col: int) -> int:
        """Enter ``col``; returns the label of the leaving variable."""
        T = self.T
        cand = [r for r in range(self.k) if T[r, col] > self.eps]
        if not cand:
            raise ConvergenceError("lemke_howson: unbounded pivot column (numerical breakdown)")
        # lexicographic minimum ratio: (rhs, basis-inverse columns) / pivot entry
        keys = {r: [T[r, -1] / T[r, col]] + [T[r, self.d + c] / T[r, col] for c in range(self.k)]
                for r in cand}
        best = cand[0]
        for r in cand[1:]:
            if _lex_less(keys[r], keys[best], self.eps):
                best = r
        leaving = self.basis[best]
        piv = T[best, col]
        T[best] = T[best] / piv
        for r in range(self.k):
            if r != best and T[r, col] != 0:
                T[r] = T[r] - T[r, col] * T[best]
        self.basis[best] = col
        return self.labels[leaving]

    def strategy(self) -> list[Any]:
        z = [Fraction(0) if self.exact else 0.0] * self.d
        for r, var in enumerate(self.basis):
            if var < self.d:
                z[var] = self.T[r, -1]
        return z


def _lex_less(a: list[Any], b: list[Any], eps: float) -> bool:
    for x, y in zip(a, b, strict=True):
        if x < y - eps:
            return True
        if x > y + eps:
            return False
    return False


def lemke_howson(game: NormalFormGame, *, initial_dropped_label: int = 0, max_iter: int = 10_000,
                 exact: bool = False) -> tuple[list[np.ndarray], tuple[Any, ...]]:
    """One equilibrium of a two-player game; see the module docstring."""
    m, n = game.shape
    if isinstance(initial_dropped_label, bool) or not isinstance(initial_dropped_label,
                                                                 (int, np.integer)):
        raise InvalidInputError(
            f"initial_dropped_label: expected an integer, got {initial_dropped_label!r}")
    if not 0 <= initial_dropped_label < m + n:
        raise InvalidInputError(
            f"initial_dropped_label: must be in 0..{m + n - 1} for a {m}x{n} game, "
            f"got {initial_dropped_label}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise InvalidInputError(f"max_iter: expected a positive integer, got {max_iter!r}")
    if exact:
        U = game.exact_payoff_array()
        A, B = U[0], U[1]
        shift_a, shift_b = 1 - min(A.ravel()), 1 - min(B.ravel())
        As, Bs = A + shift_a, B + shift_b
    else:
        U = game.payoff_array()
        A, B = U[0], U[1]
        As, Bs = A - A.min() + 1.0, B - B.min() + 1.0
    # P: B^T x + r = 1 (rows: player 1's strategies); x_i has label i, r_j has label m + j
    P = _Tableau(Bs.T, list(range(m)), [m + j for j in range(n)], exact)
    # Q: A y + s = 1 (rows: player 0's strategies); y_j has label m + j, s_i has label i
    Q = _Tableau(As, [m + j for j in range(n)], list(range(m)), exact)
    label = initial_dropped_label
    tab = P if label < m else Q
    entering = label
    for _ in range(max_iter):
        leaving = tab.pivot(tab.column_of_label(entering))
        if leaving == initial_dropped_label:
            break
        entering = leaving
        tab = Q if tab is P else P
    else:
        raise ConvergenceError(
            f"lemke_howson: no equilibrium after max_iter={max_iter} pivots; raise max_iter")
    x, y = P.strategy(), Q.strategy()
    sx, sy = sum(x), sum(y)
    xs = [v / sx for v in x]
    ys = [v / sy for v in y]
    if exact:
        X = np.array([*xs, None], dtype=object)[:-1]
        Y = np.array([*ys, None], dtype=object)[:-1]
        pay = (sum(X[i] * A[i, j] * Y[j] for i in range(m) for j in range(n)),
               sum(X[i] * B[i, j] * Y[j] for i in range(m) for j in range(n)))
        return [X, Y], (Fraction(pay[0]), Fraction(pay[1]))
    X = np.clip(np.array(xs, dtype=float), 0, None)
    Y = np.clip(np.array(ys, dtype=float), 0, None)
    X /= X.sum()
    Y /= Y.sum()
    return [X, Y], (float(X @ A @ Y), float(X @ B @ Y))
