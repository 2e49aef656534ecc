r"""All Nash equilibria of small n-player games: support enumeration + polynomial solving.

For each support profile :math:`(S_0,\dots,S_{n-1})` an equilibrium with
exactly these supports solves the indifference equations

.. math::

    u_i(s, \sigma_{-i}) = u_i(s_i^0, \sigma_{-i}) \quad (s\in S_i),\qquad
    \sum_{s\in S_i}\sigma_i(s) = 1,

a system of multilinear polynomial equations, and satisfies
:math:`\sigma_i(s) > 0` on :math:`S_i` and :math:`u_i(t,\sigma_{-i}) \le
u_i(s_i^0,\sigma_{-i})` off it (McKelvey & McLennan 1996, *Computation of
equilibria in finite games*, Handbook of Computational Economics vol. 1;
the method of Gambit's ``enumpoly``).

Supports in which a strategy is strictly dominated given the opponents'
supports are skipped (conditional dominance, Porter, Nudelman & Shoham 2008,
Games and Economic Behavior 63). Each remaining system is solved exactly over
the rationals: a Gröbner basis (sympy, graded order, then FGLM to
lexicographic order) decides whether it has no solution, finitely many, or a
continuum (a degenerate game: reported with a
:class:`~coinnovation.errors.DegenerateGameWarning`); finitely many solutions
are computed from the lexicographic basis with 50-digit root finding and
certified by the caller's regret check.
"""

from __future__ import annotations

import itertools
import math
import threading
import warnings
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from .._util.tolerance import NEWTON_TOL, ROOT_MERGE, ROUNDOFF, TOL, snap_to_rationals
from ..errors import DegenerateGameWarning, InvalidInputError
from ..games.normal_form import NormalFormGame
from ._pure import pure_equilibrium_mask

__all__ = ["perturbed_equilibria", "polynomial_support_enumeration"]

_DPS = 50


def _subsets(m: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, m + 1) for c in itertools.combinations(range(m), k)]


def _dominated(U: np.ndarray, supports: tuple[tuple[int, ...], ...], atol: float) -> bool:
    """True when some support strategy is strictly dominated given the others' supports."""
    n = len(supports)
    for i in range(n):
        idx = tuple(slice(None) if j == i else np.array(supports[j]) for j in range(n))
        sub = U[i][np.ix_(*[np.arange(U.shape[1 + i]) if j == i else np.array(supports[j])
                            for j in range(n)])] if n > 1 else U[i]
        del idx
        sub = np.moveaxis(sub, i, 0).reshape(U.shape[1 + i], -1)
        for s in supports[i]:
            if np.any(np.all(sub > sub[s] + atol, axis=1)):
                return True
    return False


def _expected(Uq: np.ndarray, i: int, s: int, supports: tuple[tuple[int, ...], ...],
              sigma: list[list[Any]]) -> Any:
    """``u_i(s, sigma_{-i})`` as a sympy polynomial (supports only)."""
    n = len(supports)
    total = sp.Integer(0)
    others = [j for j in range(n) if j != i]
    for combo in itertools.product(*(range(len(supports[j])) for j in others)):
        prof = [0] * n
        prof[i] = s
        w: Any = sp.Integer(1)
        for j, c in zip(others, combo, strict=True):
            prof[j] = supports[j][c]
            w = w * sigma[j][c]
        coeff = Uq[(i, *prof)]
        if coeff != 0:
            total += coeff * w
    return sp.expand(total)


def polynomial_support_enumeration(game: NormalFormGame, *, tol: float | None = None
                                   ) -> list[tuple[list[np.ndarray], tuple[float, ...]]]:
    """All isolated equilibria of an n-player game; see the module docstring."""
    t = TOL if tol is None else tol
    U = game.payoff_array()
    atol = t * max(1.0, float(np.abs(U).max()))
    Uq = _integer_payoffs(game, U)
    n = game.n_players
    found: list[tuple[list[np.ndarray], tuple[float, ...]]] = []
    continua: list[tuple[tuple[int, ...], ...]] = []
    for supports in itertools.product(*(_subsets(m) for m in game.shape)):
        if all(len(s) == 1 for s in supports):
            continue  # pure profiles: handled by the vectorized pure check below
        if _dominated(U, supports, atol):
            continue
        result = _solve_support(game, U, Uq, supports, atol)
        if result is None:
            continua.append(supports)
            continue
        found.extend(result)
    for prof in np.argwhere(pure_equilibrium_mask(game, tol=tol)):
        strategies = [np.eye(m)[a] for m, a in zip(game.shape, prof, strict=True)]
        found.append((strategies, tuple(float(U[(i, *prof)]) for i in range(n))))
    found = _dedupe(found)
    if continua:
        warnings.warn(
            "the game is degenerate: the indifference equations have a continuum of solutions "
            f"on the support profile(s) {continua[:3]}{' ...' if len(continua) > 3 else ''}; "
            "the list holds the isolated equilibria only", DegenerateGameWarning, stacklevel=3)
    found.sort(key=lambda e: tuple(-v for s in e[0] for v in s))
    return found


def _integer_payoffs(game: NormalFormGame, U: np.ndarray) -> np.ndarray:
    """Integer payoffs with the same equilibria (scaled per player), as sympy Integers.

    Rational payoffs are scaled by a common denominator: exact. Floats stand for the
    short rationals they round (:func:`~coinnovation._util.tolerance.snap_to_rationals`:
    0.3, 1.25, 1/3), scaled the same way when the common denominator is at most 1e6:
    exact too. Other floats are rounded to a grid of 1e-6 times the largest payoff
    (the Groebner basis of 2**-52-denominator coefficients is very slow); the
    solutions are then polished by Newton's method on the float payoffs themselves,
    and certified by the regret check.
    """
    out = np.empty(U.shape, dtype=object)
    try:
        exact = game.exact_payoff_array()
    except InvalidInputError:  # irrational payoffs such as sqrt(2): their float values
        exact = np.array([*(Fraction(float(v)) for v in U.ravel()), None],
                         dtype=object)[:-1].reshape(U.shape)
    for i in range(U.shape[0]):
        Ui = U[i]
        scale = max(1.0, float(np.abs(Ui).max()))
        Z = None
        rational = snap_to_rationals(exact[i])
        den = 1
        for f in rational.ravel():
            den = math.lcm(den, f.denominator)  # Python integers: no overflow
            if den > 10**6:
                break
        if den <= 10**6:
            Z = np.vectorize(lambda f, d=den: int(f * d), otypes=[object])(rational)
        if Z is None:
            Z = np.round(Ui * (1e6 / scale)).astype(np.int64).astype(object)
        out[i] = np.vectorize(sp.Integer, otypes=[object])(Z)
    return out


def _dedupe(found: list[tuple[list[np.ndarray], tuple[float, ...]]]
            ) -> list[tuple[list[np.ndarray], tuple[float, ...]]]:
    out: list[tuple[list[np.ndarray], tuple[float, ...]]] = []
    for e in found:
        if not any(all(np.allclose(a, b, atol=ROOT_MERGE) for a, b in zip(e[0], f[0], strict=True))
                   for f in out):
            out.append(e)
    return out


def _solve_support(game: NormalFormGame, U: np.ndarray, Uq: np.ndarray,
                   supports: tuple[tuple[int, ...], ...], atol: float
                   ) -> list[tuple[list[np.ndarray], tuple[float, ...]]] | None:
    """Equilibria with exactly these supports; None when the solutions form a continuum."""
    n = len(supports)
    free: list[list[sp.Symbol]] = [[sp.Symbol(f"p{i}_{s}") for s in supports[i][1:]]
                                   for i in range(n)]
    sigma: list[list[Any]] = [[1 - sum(free[i])] + free[i] for i in range(n)]
    variables = [v for vs in free for v in vs]
    eqs = []
    for i in range(n):
        if len(supports[i]) < 2:
            continue
        base = _expected(Uq, i, supports[i][0], supports, sigma)
        for s in supports[i][1:]:
            e = sp.expand(_expected(Uq, i, s, supports, sigma) - base)
            if e == 0:
                continue
            if e.is_number:
                return []  # a nonzero constant: no solution
            eqs.append(e)
    if not eqs:
        return None  # every mixing player is free: a continuum
    G = sp.groebner(eqs, *variables, order="grevlex")
    if G.exprs == [1]:
        return []
    if not G.is_zero_dimensional:
        return None
    points = _zero_dim_points(G, variables)
    out = []
    for vals in points:
        strategies = []
        ok = True
        for i in range(n):
            probs = [float(1 - sum(vals[v] for v in free[i]))] + [float(vals[v]) for v in free[i]]
            if min(probs) <= ROUNDOFF:
                ok = False
                break
            s = np.zeros(game.shape[i])
            s[list(supports[i])] = probs
            strategies.append(s / s.sum())
        if not ok:
            continue
        # always polish: float payoffs were rationalized, and 50-digit roots of
        # polynomials with huge coefficients can carry error
        polished = _newton_polish(U, strategies, supports)
        if polished is None:
            continue
        strategies = polished
        pays = _best_response_ok(U, strategies, supports, atol)
        if pays is not None:
            out.append((strategies, pays))
    return out


def _pure_payoffs(U: np.ndarray, sigma: list[np.ndarray], i: int) -> np.ndarray:
    """Player ``i``'s payoff of each pure strategy against the others' mixed strategies."""
    t = U[i]
    for j in reversed(range(len(sigma))):
        if j != i:
            t = np.tensordot(t, sigma[j], axes=([j], [0]))
    return t


def _best_response_ok(U: np.ndarray, strategies: list[np.ndarray],
                      supports: tuple[tuple[int, ...], ...], atol: float
                      ) -> tuple[float, ...] | None:
    n = len(strategies)
    pays = []
    for i in range(n):
        t = _pure_payoffs(U, strategies, i)
        value = float(t @ strategies[i])
        if np.any(t > value + 10 * atol):
            return None
        pays.append(value)
    return tuple(pays)


def _zero_dim_points(G: sp.GroebnerBasis, variables: list[sp.Symbol]) -> list[dict[sp.Symbol, Any]]:
    """Real solutions of a zero-dimensional system, to 50 digits."""
    lex = G.fglm("lex")
    polys = [sp.Poly(p, *variables) for p in lex.exprs]
    last = variables[-1]
    uni = [p for p in polys if p.free_symbols <= {last}]
    shape = len(polys) == len(variables) and len(uni) == 1 and all(
        p.degree(v) == 1 and p.free_symbols <= {v, last} and p.LM() == sp.Poly(v, *variables).LM()
        for p, v in zip(polys[:-1], variables[:-1], strict=True))
    if shape:
        f = sp.Poly(uni[0].as_expr(), last)
        roots = _real_roots(f)
        pts = []
        for r in roots:
            vals: dict[sp.Symbol, Any] = {last: r}
            for p, v in zip(polys[:-1], variables[:-1], strict=True):
                # p = c * v + g(last)  ->  v = -g(r) / c
                expr = p.as_expr()
                c = expr.coeff(v)
                g = sp.expand(expr - c * v)
                vals[v] = -_ev(g, last, r) / _ev(c, last, r)
            pts.append(vals)
        return pts
    # not in shape position: solve the triangular lexicographic basis generally
    sols = sp.solve(lex.exprs, variables, dict=True)
    pts = []
    for sol in sols:
        vals = {}
        for v in variables:
            z = complex(sp.N(sol[v], _DPS))
            if abs(z.imag) > ROUNDOFF:
                break
            vals[v] = _ctx().mpf(z.real)
        else:
            pts.append(vals)
    return pts


_LOCAL = threading.local()


def _ctx() -> Any:
    """This thread's mpmath context at ``_DPS`` digits.

    ``mpmath.workdps`` changes the precision of mpmath's one global context, so
    two threads solving at once would reset each other's precision mid-solve;
    each thread computes in its own context instead (thread safety, issue 12).
    """
    ctx = getattr(_LOCAL, "ctx", None)
    if ctx is None:
        ctx = _LOCAL.ctx = mpmath.MPContext()
        ctx.dps = _DPS
    return ctx


def _mp(c: Any) -> Any:
    r = sp.Rational(c)
    return _ctx().mpf(int(r.p)) / int(r.q)


def _ev(expr: Any, var: sp.Symbol, value: Any) -> Any:
    """Evaluate a univariate polynomial with rational coefficients at an mpmath number."""
    acc = _ctx().mpf(0)
    for c in sp.Poly(expr, var).all_coeffs():
        acc = acc * value + _mp(c)
    return acc


def _real_roots(f: sp.Poly) -> list[Any]:
    if f.degree() == 0:
        return []
    ctx = _ctx()
    coeffs = [_mp(c) for c in f.all_coeffs()]
    if f.degree() == 1:
        return [-coeffs[1] / coeffs[0]]
    roots = ctx.polyroots(coeffs, maxsteps=500, extraprec=200)
    return [ctx.re(r) for r in roots if abs(ctx.im(r)) < ctx.mpf(10) ** (-30)]


def _indifference(U: np.ndarray, supports: tuple[tuple[int, ...], ...],
                  responses: tuple[tuple[int, ...], ...] | None = None) -> tuple[Any, Any]:
    """``(unpack, residual)`` of the indifference system on ``supports`` (float payoffs).

    The unknowns ``z`` are the probabilities on the supports, player by player; the
    residual holds ``u_i(s, sigma_-i) - u_i(s_0, sigma_-i)`` for ``s`` in ``R_i`` other
    than ``s_0`` (``R_i = responses[i]``, by default ``S_i``, ``s_0`` its first element),
    and ``sum(sigma_i) - 1``, for every player. It is affine in each single unknown (the
    payoffs are multilinear).
    """
    n = len(supports)
    resp = supports if responses is None else responses
    sizes = [len(s) for s in supports]

    def unpack(z: np.ndarray) -> list[np.ndarray]:
        out, k = [], 0
        for i in range(n):
            s = np.zeros(U.shape[1 + i])
            s[list(supports[i])] = z[k:k + sizes[i]]
            out.append(s)
            k += sizes[i]
        return out

    def residual(z: np.ndarray) -> np.ndarray:
        sig = unpack(z)
        res = []
        for i in range(n):
            vals = _pure_payoffs(U, sig, i)[list(resp[i])]
            res.extend(vals[1:] - vals[0])
            res.append(sig[i].sum() - 1.0)
        return np.array(res)

    return unpack, residual


def _newton_polish(U: np.ndarray, strategies: list[np.ndarray],
                   supports: tuple[tuple[int, ...], ...]) -> list[np.ndarray] | None:
    """Refine a solution of the rationalized game on the float payoffs (same supports)."""
    from scipy.optimize import root

    unpack, residual = _indifference(U, supports)
    z0 = np.concatenate([s[list(sup)] for s, sup in zip(strategies, supports, strict=True)])
    # the system has one equation per unknown: (|S_i| - 1) indifferences + 1 sum per player
    sol = root(residual, z0, method="hybr", tol=NEWTON_TOL)
    z = sol.x if np.max(np.abs(residual(sol.x))) <= np.max(np.abs(residual(z0))) else z0
    if np.any(z <= 0):
        return None
    return [s / s.sum() for s in unpack(z)]


def _project(U: np.ndarray, strategies: list[np.ndarray], band: float) -> list[np.ndarray] | None:
    """A point near ``strategies`` of the equilibrium set, on the same supports.

    Every pure strategy whose payoff is within ``band`` of the best becomes a best
    response: the system equates the payoffs of these strategies (the support's and the
    near-ties'). For a continuum of solutions it is underdetermined, and Gauss-Newton
    steps of minimum norm (least squares) move the point onto the solution set and stop
    there. The Jacobian is exact by unit differences, the residual being affine in each
    unknown. None when the iteration leaves the supports or does not converge; the
    caller checks the regrets of the result.
    """
    supports = tuple(tuple(int(k) for k in np.flatnonzero(s > 0)) for s in strategies)
    responses = []
    for i, sup in enumerate(supports):
        w = _pure_payoffs(U, strategies, i)
        near = [int(k) for k in np.flatnonzero(w >= w.max() - band) if k not in sup]
        responses.append((*sup, *near))
    unpack, residual = _indifference(U, supports, tuple(responses))
    z = np.concatenate([s[list(sup)] for s, sup in zip(strategies, supports, strict=True)])
    goal = ROUNDOFF * max(1.0, float(np.abs(U).max()))
    eye = np.eye(len(z))
    for _ in range(50):
        r = residual(z)
        if np.abs(r).max() <= goal:
            break
        J = np.stack([residual(z + e) - r for e in eye], axis=1)
        z = z - np.linalg.lstsq(J, r, rcond=None)[0]
    else:
        return None
    if np.any(z <= 0):
        return None
    return [s / s.sum() for s in unpack(z)]


def perturbed_equilibria(game: NormalFormGame, *, tol: float | None = None
                         ) -> list[tuple[list[np.ndarray], tuple[float, ...]]]:
    """Points of the continua of a degenerate game with no isolated equilibrium.

    Every payoff moves by ``eps * scale * r / size`` (``r`` a fixed pseudo-random
    permutation of ``1 .. size``: no two payoffs move alike, so the ties that make
    the game degenerate break), which makes the game generic; as ``eps -> 0``
    equilibria of the perturbed game tend to equilibria of the game (upper
    hemicontinuity). For ``eps = 2**-12, 2**-16, 2**-20`` the perturbed equilibria
    are found and probabilities below ``100 eps`` set to zero. A profile whose regret
    in the original game exceeds the tolerance is moved onto the original
    equilibrium set on the same supports (:func:`_project`): first with only the
    strategies that beat or tie the support made best responses, then with every
    strategy within ``100 eps`` of the best. The profiles whose regrets are then
    within the tolerance are returned (the caller certifies them again). Used only
    when support enumeration finds nothing, i.e. when every equilibrium lies in a
    continuum; may return an empty list.
    """
    U = game.payoff_array()
    t = TOL if tol is None else tol
    atol = t * max(1.0, float(np.abs(U).max()))
    try:
        exact = game.exact_payoff_array()
    except InvalidInputError:  # irrational payoffs: their float values
        exact = np.array([Fraction(float(v)) for v in U.ravel()] + [None], dtype=object)[:-1]
    scale = Fraction(max(1.0, float(np.abs(U).max())))
    r = [Fraction(int(k) + 1, U.size) for k in np.random.default_rng(0).permutation(U.size)]
    out: list[tuple[list[np.ndarray], tuple[float, ...]]] = []
    for bits in (12, 16, 20):
        eps = Fraction(1, 2**bits)
        shifted = [v + k * eps * scale for v, k in zip(exact.ravel().tolist(), r, strict=True)]
        arr = np.array([*shifted, None], dtype=object)[:-1].reshape(U.shape)
        perturbed = NormalFormGame(list(arr), players=game.players, strategies=game.strategies)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            found = polynomial_support_enumeration(perturbed, tol=tol)
        for strategies, _ in found:
            sigma = [np.where(s > 100 * float(eps), s, 0.0) for s in strategies]
            sigma = [s / s.sum() for s in sigma]
            if max(_regrets(U, sigma)) > atol:
                # off the equilibrium set by O(eps): move onto it, keeping the supports
                for band in (atol, 100 * float(eps * scale)):
                    projected = _project(U, sigma, band)
                    if projected is not None and max(_regrets(U, projected)) <= atol:
                        sigma = projected
                        break
                else:
                    continue
            out.append((sigma, _payoffs(U, sigma)))
        if out:
            break
    out = _dedupe(out)
    out.sort(key=lambda e: tuple(-v for s in e[0] for v in s))
    return out


def _regrets(U: np.ndarray, sigma: list[np.ndarray]) -> list[float]:
    """Each player's regret at a mixed profile (float payoffs ``U``)."""
    out = []
    for i in range(U.shape[0]):
        w = _pure_payoffs(U, sigma, i)
        out.append(float(w.max() - w @ sigma[i]))
    return out


def _payoffs(U: np.ndarray, sigma: list[np.ndarray]) -> tuple[float, ...]:
    """Each player's expected payoff at a mixed profile (float payoffs ``U``)."""
    out = []
    for i in range(U.shape[0]):
        t = U[i]
        for s in reversed(sigma):
            t = t @ s
        out.append(float(t))
    return tuple(out)
