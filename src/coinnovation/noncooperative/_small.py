r"""Closed forms for games in which every player has two strategies (2x2, 2x2x2).

Write :math:`p_i` for the probability that player :math:`i` plays strategy 0
and :math:`D_i(p_{-i}) = u_i(0, p_{-i}) - u_i(1, p_{-i})` for its gain from
strategy 0 over strategy 1, a multilinear function of the others'
probabilities. A profile is a Nash equilibrium exactly when, for every
player, :math:`p_i = 1 \Rightarrow D_i \ge 0`, :math:`p_i = 0 \Rightarrow
D_i \le 0` and :math:`0 < p_i < 1 \Rightarrow D_i = 0`.

- **2x2**: with :math:`d_j = a_{0j} - a_{1j}` and :math:`e_i = b_{i0} - b_{i1}`
  the pure equilibria are read off the signs, and the mixed one is
  :math:`q = d_1/(d_1-d_0)`, :math:`p = e_1/(e_1-e_0)` when both lie in
  :math:`(0, 1)` (the indifference conditions).
- **2x2x2**: the pure profiles; two players mixing against a pure third
  (two linear equations); all three mixing: eliminating :math:`p_0` and
  :math:`p_1` from :math:`D_0 = D_1 = D_2 = 0` leaves a quadratic in
  :math:`p_2`, so at most two totally mixed equilibria (McKelvey & McLennan
  1997, *The maximal number of regular totally mixed Nash equilibria*, JET 72).

Every function here is vectorized over a leading batch axis. Where the closed
form does not apply - a tie between two pure payoffs (a degenerate game), a
double root, a root on the boundary - the game is flagged and the caller
falls back to the general algorithm, which handles degenerate games and warns
as usual. The callers certify every profile (zero regret).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .._util.tolerance import ROUNDOFF, TOL
from ..errors import SolverError

__all__ = ["binary_equilibria", "three_binary", "two_by_two", "two_by_two_batch", "two_by_two_exact"]

Result = list[tuple[list[np.ndarray], tuple[Any, ...]]]


def _pair(x0: Any, y0: Any, one: Any) -> list[np.ndarray]:
    if isinstance(one, Fraction):
        return [np.array([p, one - p, None], dtype=object)[:-1] for p in (x0, y0)]
    return [np.array([x0, one - x0]), np.array([y0, one - y0])]


def _two_by_two(a: list[list[Any]], b: list[list[Any]], nonzero: Any, one: Any) -> Result | None:
    d0, d1 = a[0][0] - a[1][0], a[0][1] - a[1][1]
    e0, e1 = b[0][0] - b[0][1], b[1][0] - b[1][1]
    if not (nonzero(d0) and nonzero(d1) and nonzero(e0) and nonzero(e1)):
        return None  # a tie: degenerate, the general algorithm decides
    zero = one - one
    out: Result = []
    for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)):
        if ((d0, d1)[j] > 0) == (i == 0) and ((e0, e1)[i] > 0) == (j == 0):
            out.append((_pair(one if i == 0 else zero, one if j == 0 else zero, one),
                        (a[i][j], b[i][j])))
    if (d0 > 0) != (d1 > 0) and (e0 > 0) != (e1 > 0):
        y0 = d1 / (d1 - d0)
        x0 = e1 / (e1 - e0)
        v = a[0][0] * y0 + a[0][1] * (one - y0)
        w = b[0][0] * x0 + b[1][0] * (one - x0)
        out.append((_pair(x0, y0, one), (v, w)))
    if len(out) > 1:
        out.sort(key=lambda e: (-e[0][0][0], -e[0][1][0]))
    return out


def two_by_two(u: np.ndarray, tol: float) -> tuple[Result | None, float]:
    """All equilibria of a float 2x2 game ``u`` (2, 2, 2), None when it is degenerate; and
    the largest regret of the profiles returned (the certificate, in scalar arithmetic).

    ``tol`` is relative to the payoff scale, as in :func:`coinnovation._util.tolerance.atol_for`.
    """
    a, b = u[0].tolist(), u[1].tolist()
    atol = tol * max(1.0, abs(a[0][0]), abs(a[0][1]), abs(a[1][0]), abs(a[1][1]),
                     abs(b[0][0]), abs(b[0][1]), abs(b[1][0]), abs(b[1][1]))
    found = _two_by_two(a, b, lambda v: abs(v) > atol, 1.0)
    worst = 0.0
    for (x, y), _ in found or ():
        x0, y0 = float(x[0]), float(y[0])
        rows = [r[0] * y0 + r[1] * (1 - y0) for r in a]
        cols = [b[0][j] * x0 + b[1][j] * (1 - x0) for j in (0, 1)]
        worst = max(worst, max(rows) - (rows[0] * x0 + rows[1] * (1 - x0)),
                    max(cols) - (cols[0] * y0 + cols[1] * (1 - y0)))
    return found, worst / atol if atol else worst


def two_by_two_exact(U: np.ndarray) -> Result | None:
    """All equilibria of a 2x2 game of Fractions, exactly; None when it is degenerate."""
    a, b = U[0].tolist(), U[1].tolist()
    return _two_by_two(a, b, lambda v: v != 0, Fraction(1))


# ------------------------------------------------------------------ one 2x2x2 game, in scalars
def _gain(g: list[list[float]], p: float, q: float) -> float:
    """``D = sum_ab g[a][b] w(p, a) w(q, b)`` with ``w(p, 0) = p``, ``w(p, 1) = 1 - p``."""
    return (p * (q * g[0][0] + (1 - q) * g[0][1])
            + (1 - p) * (q * g[1][0] + (1 - q) * g[1][1]))


def _roots(qa: float, qb: float, qc: float) -> list[float] | None:
    """Real roots of ``qa t^2 + qb t + qc`` (relative tests); None for a degenerate case."""
    size = abs(qa) + abs(qb) + abs(qc)
    if size <= ROUNDOFF:
        return None  # identically zero: a continuum
    if abs(qa) <= TOL * size:
        return [-qc / qb] if qb != 0 else []
    disc = qb * qb - 4 * qa * qc
    if abs(disc) <= TOL * (qb * qb + abs(4 * qa * qc)):
        return None  # a double root
    if disc < 0:
        return []
    sq = disc ** 0.5
    q = -0.5 * (qb + (sq if qb >= 0 else -sq))
    return [q / qa, qc / q] if q != 0 else [q / qa]


def _worst_regret(U: list[Any], p: list[float]) -> float:
    """Largest regret at ``p`` (each player's probability of strategy 0), from the payoffs."""
    q = [(p[0], 1 - p[0]), (p[1], 1 - p[1]), (p[2], 1 - p[2])]
    worst = 0.0
    for i in range(3):
        w = [0.0, 0.0]
        for a in (0, 1):
            for b in (0, 1):
                for c in (0, 1):
                    prof = (a, b, c)
                    weight = 1.0
                    for j in range(3):
                        if j != i:
                            weight *= q[j][prof[j]]
                    w[prof[i]] += U[i][a][b][c] * weight
        worst = max(worst, max(w) - (q[i][0] * w[0] + q[i][1] * w[1]))
    return worst


def three_binary(u: np.ndarray, atol: float) -> Result | None:
    """All equilibria of a 2x2x2 float game ``u`` (3, 2, 2, 2); None when degenerate.

    Pure Python arithmetic on the 24 payoffs: for one game this is faster than the
    vectorized :func:`binary_equilibria`, which it agrees with (the tests check).
    Each profile is certified here (largest regret at most ``10 * atol``, computed
    from the payoffs, not from the gains used to find it); a failure raises
    :class:`~coinnovation.errors.SolverError`.
    """
    U = u.tolist()
    g = [[[U[0][0][a][b] - U[0][1][a][b] for b in (0, 1)] for a in (0, 1)],
         [[U[1][a][0][b] - U[1][a][1][b] for b in (0, 1)] for a in (0, 1)],
         [[U[2][a][b][0] - U[2][a][b][1] for b in (0, 1)] for a in (0, 1)]]
    if any(abs(v) <= atol for gi in g for r in gi for v in r):
        return None  # a tie between two pure payoffs

    def gain(i: int, p: list[float]) -> float:
        j, k = [q for q in range(3) if q != i]
        return _gain(g[i], p[j], p[k])

    found = []
    for prof in np.ndindex(2, 2, 2):
        p = [1.0 - a for a in prof]
        if all((gain(i, p) > 0) == (prof[i] == 0) for i in range(3)):
            found.append(p)
    for t in range(3):
        i, j = [q for q in range(3) if q != t]
        for s in (1.0, 0.0):
            base = [0.0, 0.0, 0.0]
            base[t] = s
            ends = []
            for me, other in ((i, j), (j, i)):
                lo, hi = list(base), list(base)
                lo[other], hi[other] = 0.0, 1.0
                ends.append((gain(me, lo), gain(me, hi)))
            (i0, i1), (j0, j1) = ends
            if (i0 > 0) == (i1 > 0) or (j0 > 0) == (j1 > 0):
                continue
            p = list(base)
            p[j], p[i] = i0 / (i0 - i1), j0 / (j0 - j1)
            d = gain(t, p)
            if abs(d) <= atol:
                return None
            if (d > 0) == (s == 1.0):
                found.append(p)
    mixed = _three_mixed([[[v / max(1.0, float(np.abs(u).max())) for v in r] for r in gi] for gi in g])
    if mixed is None:
        return None
    found += mixed
    out: Result = []
    for p in sorted(found, key=lambda p: (-p[0], -p[1], -p[2])):
        if _worst_regret(U, p) > 10 * atol:
            raise SolverError(f"internal: a closed-form 2x2x2 profile fails the regret check: {p}")
        sigma = [np.array([q, 1.0 - q]) for q in p]
        pays = tuple(float(sum(U[i][a][b][c] * (p[0] if a == 0 else 1 - p[0])
                               * (p[1] if b == 0 else 1 - p[1]) * (p[2] if c == 0 else 1 - p[2])
                               for a in (0, 1) for b in (0, 1) for c in (0, 1))) for i in range(3))
        out.append((sigma, pays))
    return out


def _three_mixed(g: list[list[list[float]]]) -> list[list[float]] | None:
    """Totally mixed equilibria from the quadratic (gains already divided by the scale)."""
    def lin(c: list[list[float]]) -> tuple[float, float, float, float]:
        return c[1][1], c[0][1] - c[1][1], c[1][0] - c[1][1], c[0][0] - c[0][1] - c[1][0] + c[1][1]

    c0, c1, c2, c3 = lin(g[0])
    e0, e1, e2, e3 = lin(g[1])
    f0, f1, f2, f3 = lin(g[2])
    n0, m0, n1, m1 = (-e0, -e2), (e1, e3), (-c0, -c2), (c1, c3)

    def mul(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, float]:
        return a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1]

    terms = [mul(m0, m1), mul(n0, m1), mul(n1, m0), mul(n0, n1)]
    qc, qb, qa = (f0 * terms[0][r] + f1 * terms[1][r] + f2 * terms[2][r] + f3 * terms[3][r]
                  for r in range(3))
    roots = _roots(qa, qb, qc)
    if roots is None:
        return None
    out = []
    for t in roots:
        d0, d1 = m0[0] + m0[1] * t, m1[0] + m1[1] * t
        if abs(d0) <= ROUNDOFF or abs(d1) <= ROUNDOFF:
            if -TOL <= t <= 1 + TOL:
                return None
            continue
        p = [(n0[0] + n0[1] * t) / d0, (n1[0] + n1[1] * t) / d1, t]
        if all(-TOL <= q <= 1 + TOL for q in p) and any(abs(q) <= TOL or abs(q - 1) <= TOL for q in p):
            return None  # on the boundary: degenerate
        if all(0 < q < 1 for q in p):
            out.append(p)
    return out


# ------------------------------------------------------------------ vectorized kernels
def two_by_two_batch(u: np.ndarray, atol: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`binary_equilibria` for a batch of 2x2 games ``u`` (k, 2, 2, 2), with fewer passes."""
    a = u[:, 0].reshape(-1, 4)
    b = u[:, 1].reshape(-1, 4)
    d0, d1 = a[:, 0] - a[:, 2], a[:, 1] - a[:, 3]  # row 0 minus row 1, against column 0 / 1
    e0, e1 = b[:, 0] - b[:, 1], b[:, 2] - b[:, 3]  # column 0 minus column 1, against row 0 / 1
    ok = (np.abs(d0) > atol) & (np.abs(d1) > atol) & (np.abs(e0) > atol) & (np.abs(e1) > atol)
    p0, p1, q0, q1 = d0 > 0, d1 > 0, e0 > 0, e1 > 0
    games, rows = [], []
    for (i, j), eq in (((0, 0), p0 & q0), ((0, 1), p1 & ~q0), ((1, 0), ~p0 & q1),
                       ((1, 1), ~p1 & ~q1)):
        idx = np.flatnonzero(eq & ok)
        games.append(idx)
        rows.append(np.broadcast_to([1.0 - i, 1.0 - j], (len(idx), 2)))
    idx = np.flatnonzero((p0 != p1) & (q0 != q1) & ok)
    games.append(idx)
    rows.append(np.stack([e1[idx] / (e1[idx] - e0[idx]), d1[idx] / (d1[idx] - d0[idx])], axis=1))
    game = np.concatenate(games)
    P = np.concatenate(rows)
    order = np.lexsort((-P[:, 1], -P[:, 0], game))
    return game[order], P[order], ok


def _gains(u: np.ndarray) -> list[np.ndarray]:
    """``g[i]`` (k, 2, ..., 2): player i's gain of strategy 0 over 1, the others' axes kept."""
    n = u.ndim - 2
    return [np.take(u[:, i], 0, axis=1 + i) - np.take(u[:, i], 1, axis=1 + i) for i in range(n)]


def _at(g: np.ndarray, probs: list[np.ndarray]) -> np.ndarray:
    """A gain array (k, 2, ..., 2) at the others' probabilities of strategy 0 (each (k,))."""
    t = g
    for p in probs:
        t = t[:, 0] * p.reshape((-1,) + (1,) * (t.ndim - 2)) + t[:, 1] * (
            1 - p).reshape((-1,) + (1,) * (t.ndim - 2))
    return t


def binary_equilibria(u: np.ndarray, atol: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equilibria of a batch of 2x2 or 2x2x2 games ``u`` (k, n, 2, ..., 2).

    Returns ``(game, P, ok)``: row ``r`` of ``P`` (each player's probability of
    strategy 0) is an equilibrium of game ``game[r]``, rows sorted per game like
    the general solvers (descending probabilities); ``ok[g]`` is False for a
    game the closed form does not settle (its rows are dropped), to be solved
    by the general algorithm. ``atol`` (k,) is each game's payoff tolerance.
    """
    k, n = u.shape[0], u.shape[1]
    g = _gains(u)
    scale = np.maximum(np.abs(u).reshape(k, -1).max(axis=1), 1.0)
    ok = np.ones(k, dtype=bool)
    games, rows = [], []
    # pure profiles, and the ties that make a game degenerate
    for prof in np.ndindex(*(2,) * n):
        eq = np.ones(k, dtype=bool)
        for i in range(n):
            d = g[i][(slice(None), *(prof[j] for j in range(n) if j != i))]
            ok &= np.abs(d) > atol
            eq &= (d > 0) if prof[i] == 0 else (d < 0)
        games.append(np.flatnonzero(eq))
        rows.append(np.tile([1.0 - p for p in prof], (len(games[-1]), 1)))
    if n == 2:
        _mixed_pairs(g, [0, 1], None, ok, atol, games, rows)
    else:
        for pure in range(3):
            mix = [i for i in range(3) if i != pure]
            for s in (1.0, 0.0):
                _mixed_pairs(g, mix, (pure, s), ok, atol, games, rows)
        _totally_mixed([gi / scale[:, None, None] for gi in g], ok, games, rows)
    game = np.concatenate(games)
    P = np.concatenate(rows) if rows else np.zeros((0, n))
    keep = ok[game]
    game, P = game[keep], P[keep]
    order = np.lexsort((*(-P[:, i] for i in reversed(range(n))), game))
    return game[order], P[order], ok


def _fix(g: np.ndarray, i: int, pure: tuple[int, float] | None) -> np.ndarray:
    """Player i's gain array with the pure player's axis fixed (2x2x2 -> (k, 2))."""
    if pure is None:
        return g
    j, s = pure
    axis = 1 + (j if j < i else j - 1)
    return np.take(g, 0, axis=axis) * s + np.take(g, 1, axis=axis) * (1 - s)


def _mixed_pairs(g: list[np.ndarray], mix: list[int], pure: tuple[int, float] | None,
                 ok: np.ndarray, atol: np.ndarray, games: list[np.ndarray],
                 rows: list[np.ndarray]) -> None:
    """Two players mix (each indifferent), the third (if any) plays ``pure``."""
    i, j = mix
    gi, gj = _fix(g[i], i, pure), _fix(g[j], j, pure)  # (k, 2): along the other one's strategy
    # D_i = gi1 + (gi0 - gi1) p_j = 0; a root in (0, 1) exactly when the ends differ in sign
    pj = gi[:, 1] / (gi[:, 1] - gi[:, 0] + (gi[:, 1] == gi[:, 0]))
    pi = gj[:, 1] / (gj[:, 1] - gj[:, 0] + (gj[:, 1] == gj[:, 0]))
    eq = ((gi[:, 0] > 0) != (gi[:, 1] > 0)) & ((gj[:, 0] > 0) != (gj[:, 1] > 0))
    n = len(g)
    P = np.zeros((len(pi), n))
    P[:, i], P[:, j] = pi, pj
    if pure is not None:
        t, s = pure
        P[:, t] = s
        d = _at(g[t], [P[:, q] for q in range(n) if q != t])
        ok &= ~eq | (np.abs(d) > atol)
        eq &= (d > 0) if s == 1.0 else (d < 0)
    idx = np.flatnonzero(eq)
    games.append(idx)
    rows.append(P[idx])


def _lin(c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``D(p, q) = c0 + c1 p + c2 q + c3 p q`` for a gain array (k, 2, 2) over (p, q)."""
    g00, g01, g10, g11 = c[:, 0, 0], c[:, 0, 1], c[:, 1, 0], c[:, 1, 1]
    return g11, g01 - g11, g10 - g11, g00 - g01 - g10 + g11


def _mul(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1]


def _totally_mixed(g: list[np.ndarray], ok: np.ndarray, games: list[np.ndarray],
                   rows: list[np.ndarray]) -> None:
    """All three players mix: a quadratic in p2 after eliminating p0 and p1.

    ``g`` are the gains divided by the payoff scale, so the tests below are relative.
    """
    c0, c1, c2, c3 = _lin(g[0])  # D_0(p1, p2)
    e0, e1, e2, e3 = _lin(g[1])  # D_1(p0, p2)
    f0, f1, f2, f3 = _lin(g[2])  # D_2(p0, p1)
    # p0 = N0 / M0, p1 = N1 / M1, each N, M linear in t = p2: (constant, slope)
    N0, M0 = (-e0, -e2), (e1, e3)
    N1, M1 = (-c0, -c2), (c1, c3)
    terms = [_mul(M0, M1), _mul(N0, M1), _mul(N1, M0), _mul(N0, N1)]
    qa, qb, qc = (f0 * terms[0][r] + f1 * terms[1][r] + f2 * terms[2][r] + f3 * terms[3][r]
                  for r in (2, 1, 0))
    size = np.abs(qa) + np.abs(qb) + np.abs(qc)
    ok &= size > ROUNDOFF  # identically zero: a continuum, degenerate
    quadratic = np.abs(qa) > TOL * size
    disc = qb * qb - 4 * qa * qc
    ok &= ~quadratic | (np.abs(disc) > TOL * (qb * qb + np.abs(4 * qa * qc)))  # double root
    sq = np.sqrt(np.where(quadratic & (disc > 0), disc, 0.0))
    # stable roots: q = -(b + sign(b) sqrt(disc)) / 2, t = q / a and c / q
    qq = -0.5 * (qb + np.where(qb >= 0, sq, -sq))
    safe = np.where(qq != 0, qq, 1.0)
    lin_root = -qc / np.where(qb != 0, qb, 1.0)
    roots = [np.where(quadratic, qq / np.where(quadratic, qa, 1.0), lin_root),
             np.where(quadratic, qc / safe, np.nan)]
    real = np.where(quadratic, disc > 0, qb != 0)
    for t in roots:
        t = np.where(real & np.isfinite(t), t, np.nan)
        m0, m1 = M0[0] + M0[1] * t, M1[0] + M1[1] * t
        bad_den = (np.abs(m0) <= ROUNDOFF) | (np.abs(m1) <= ROUNDOFF)
        p0 = (N0[0] + N0[1] * t) / np.where(bad_den, 1.0, m0)
        p1 = (N1[0] + N1[1] * t) / np.where(bad_den, 1.0, m1)
        P = np.stack([p0, p1, t], axis=1)
        inside = np.all((P > 0) & (P < 1), axis=1) & ~bad_den
        near = np.all((P >= -TOL) & (P <= 1 + TOL), axis=1)  # NaN rows are not near
        edge = np.any(np.abs(P) <= TOL, axis=1) | np.any(np.abs(P - 1) <= TOL, axis=1)
        ok &= ~(near & edge) & ~(bad_den & (t >= -TOL) & (t <= 1 + TOL))
        idx = np.flatnonzero(inside & ~edge)
        games.append(idx)
        rows.append(P[idx])
