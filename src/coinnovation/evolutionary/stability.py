r"""Rest points, linear stability and evolutionarily stable states (演化稳定策略, ESS).

- :func:`evolutionarily_stable_states`: in **multi-population** (asymmetric)
  dynamics an ESS is a strict Nash equilibrium, hence pure (Selten 1980), and
  the strict equilibria are exactly the asymptotically stable vertices of the
  replicator dynamics (Ritzberger & Weibull 1995). In a **single** population
  playing a symmetric game, Maynard Smith's test: :math:`\sigma` is an ESS
  when for every :math:`\tau\ne\sigma`,
  :math:`u(\sigma,\sigma) \ge u(\tau,\sigma)` and, in case of equality,
  :math:`u(\sigma,\tau) > u(\tau,\tau)` — mixed ESS included.
- :func:`classify_point`, :func:`find_rest_points`: the machinery behind
  :meth:`ReplicatorDynamics.classify` and :meth:`ReplicatorDynamics.rest_points`.
- :func:`risk_dominant_equilibrium`: Harsanyi–Selten risk dominance in
  bistable 2x2 games.

References
----------
J. Maynard Smith, G. R. Price, "The logic of animal conflict", Nature 246 (1973).
R. Selten, "A note on evolutionarily stable strategies in asymmetric animal
conflicts", J. Theor. Biol. 84 (1980) 93-101.
K. Ritzberger, J. W. Weibull, "Evolutionary selection in normal-form games",
Econometrica 63 (1995) 1371-1399.
W. Kaplan, "A test for copositive matrices", Linear Algebra Appl. 313 (2000) 203-206.
J. C. Harsanyi, R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press (1988).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp
from scipy.linalg import null_space
from scipy.optimize import linprog, root

from .._util.symbolic import decide_positive, require_numeric
from .._util.tolerance import atol_for
from ..errors import InvalidInputError, SolverError, UndecidableError
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import pure_equilibrium_mask
from ..results import Equilibrium
from .results import RestPoint, Stability

if TYPE_CHECKING:
    from .replicator import ReplicatorDynamics

__all__ = [
    "classify_point",
    "evolutionarily_stable_states",
    "find_rest_points",
    "risk_dominant_equilibrium",
    "trajectory_outcomes",
]


# ---------------------------------------------------------------------------- ESS
def evolutionarily_stable_states(game: Any, *, population: str = "multi") -> list[Equilibrium]:
    r"""Evolutionarily stable states (演化稳定策略, ESS) of a game.

    ``population="multi"`` (default; one population per player, as in the
    government–enterprise–university game 政产学研三方演化博弈): the ESS are
    the strict Nash equilibria,

    .. math::

        u_p(a) > u_p(k, a_{-p}) \quad\text{for every player } p
        \text{ and every } k \ne a_p ,

    which are pure (Selten 1980) and coincide with the sink vertices of the
    multi-population replicator dynamics. Symbolic payoffs are decided
    exactly from the symbols' assumptions.

    ``population="single"``: a symmetric two-player game played within one
    population; Maynard Smith's ESS test, mixed ESS included. Candidates are
    the symmetric equilibria found by support enumeration; the second-order
    condition :math:`u(\sigma,\tau) > u(\tau,\tau)` for every alternative best
    reply :math:`\tau` is a quadratic form that must be negative on a
    polyhedral cone, decided by negative definiteness on the support and a
    strict-copositivity test (Kaplan 2000) on the other best replies.

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
        With dynamics whose payoffs depend on the state, the ESS are its sink
        vertices.
    population : {"multi", "single"}

    Returns
    -------
    list of Equilibrium
        Multi-population: pure profiles in lexicographic order. Single: one
        symmetric profile :math:`(\sigma, \sigma)` per ESS.

    Raises
    ------
    coinnovation.errors.UndecidableError
        for symbolic games where a sign cannot be decided.
    coinnovation.errors.SymbolicNotSupported
        for the single-population test on symbolic payoffs.

    Examples
    --------
    Hawk–dove (V=2, C=4) has the mixed ESS (1/2, 1/2) in one population, but
    two pure ESS with two populations:

    >>> import coinnovation as co
    >>> hd = co.NormalFormGame([[[-1, 2], [0, 1]], [[-1, 0], [2, 1]]])
    >>> [e.strategies[0].tolist() for e in co.evolutionarily_stable_states(hd, population="single")]
    [[0.5, 0.5]]
    >>> [e.profile for e in co.evolutionarily_stable_states(hd)]
    [(0, 1), (1, 0)]
    """
    from .replicator import ReplicatorDynamics

    if population not in ("multi", "single"):
        raise InvalidInputError(f"population: expected 'multi' or 'single', got {population!r}")
    rd: ReplicatorDynamics | None = None
    if isinstance(game, ReplicatorDynamics):
        rd = game
        if rd.population != population:
            raise InvalidInputError(
                f"population: the dynamics are {rd.population!r}-population, got {population!r}")
        game = rd.game
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(
            f"game: expected a NormalFormGame or ReplicatorDynamics, got {type(game).__name__}")
    if population == "single":
        if rd is not None and rd.is_state_dependent:
            return _sinks_as_equilibria(rd)
        return _single_population_ess(game)
    if rd is not None and rd.is_state_dependent:
        return _sinks_as_equilibria(rd)
    mask = pure_equilibrium_mask(game, strict=True)
    return [_pure_equilibrium(game, tuple(int(a) for a in prof)) for prof in np.argwhere(mask)]


def _pure_equilibrium(game: NormalFormGame, prof: tuple[int, ...]) -> Equilibrium:
    strategies = []
    for i, m in enumerate(game.shape):
        s = np.zeros(m)
        s[prof[i]] = 1.0
        strategies.append(s)
    return Equilibrium(tuple(strategies), game.payoff(prof), game.players, game.strategies)


def _sinks_as_equilibria(rd: ReplicatorDynamics) -> list[Equilibrium]:
    out = []
    for v in rd.vertices():
        st = rd.classify(v)
        if st.kind == "undecided":
            raise UndecidableError(
                f"evolutionarily_stable_states: the stability of vertex {v} depends on "
                f"{st.stability_condition}; substitute numbers or give the symbols assumptions")
        if st.kind == "sink":
            sub = dict(zip(rd.state, rd._vertex_reduced(v), strict=True))
            game = rd.game
            names = {str(s): s for s in rd.state}
            swap = {s: names[str(s)] for s in game.free_symbols if str(s) in names}
            pays = tuple(sp.sympify(p).xreplace(swap).xreplace(sub) for p in game.payoff(v))
            if not rd.is_symbolic:
                pays = tuple(float(p) for p in pays)
            eq = _pure_equilibrium(game, v)
            out.append(Equilibrium(eq.strategies, pays, eq.players, eq.labels))
    return out


def _single_population_ess(game: NormalFormGame) -> list[Equilibrium]:
    from .replicator import _require_symmetric

    _require_symmetric(game)
    require_numeric(game.free_symbols, "evolutionarily_stable_states(population='single')")
    A = game.payoff_array(0)
    m = A.shape[0]
    atol = atol_for(A)
    M = (A + A.T) / 2
    out = []
    for size in range(1, m + 1):
        for S in itertools.combinations(range(m), size):
            sigma = _symmetric_equilibrium_on_support(A, S, atol)
            if sigma is None:
                continue
            w = A @ sigma
            v = float(sigma @ w)
            if np.any(w > v + atol):
                continue  # not a symmetric Nash equilibrium
            best = tuple(int(k) for k in np.flatnonzero(w >= v - atol))
            if _second_order_ess(M, S, best, atol):
                out.append(Equilibrium((sigma.copy(), sigma.copy()), (v, v), game.players,
                                       game.strategies))
    return out


def _symmetric_equilibrium_on_support(A: np.ndarray, S: tuple[int, ...], atol: float
                                      ) -> np.ndarray | None:
    k = len(S)
    K = np.zeros((k + 1, k + 1))
    K[:k, :k] = A[np.ix_(S, S)]
    K[:k, k] = -1.0
    K[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    if np.linalg.matrix_rank(K, tol=atol) < k + 1:
        # a continuum of equilibria on this support: none of them is an ESS
        # (each is an alternative best reply earning the same against itself)
        return None
    sol = np.linalg.solve(K, rhs)
    x = sol[:k]
    if np.any(x <= 1e-12):
        return None
    sigma = np.zeros(A.shape[0])
    sigma[list(S)] = x
    return sigma / sigma.sum()


def _second_order_ess(M: np.ndarray, S: tuple[int, ...], best: tuple[int, ...],
                      atol: float) -> bool:
    r"""``d' M d < 0`` for every nonzero ``d`` with ``sum d = 0``, ``supp d`` in ``best``
    and ``d_k >= 0`` off the support ``S``."""
    E = [k for k in best if k not in S]
    s = len(S)
    Bidx = list(S) + E
    MB = M[np.ix_(Bidx, Bidx)]
    Z = null_space(np.ones((1, s))) if s > 1 else np.zeros((1, 0))
    G = np.vstack([Z, np.zeros((len(E), Z.shape[1]))])
    H = np.vstack([-np.ones((s, len(E))) / s, np.eye(len(E))])
    T = np.hstack([G, H])
    Q = T.T @ MB @ T
    nw = Z.shape[1]
    tol = atol * 10
    Qww = Q[:nw, :nw]
    if nw and np.max(np.linalg.eigvalsh(Qww)) >= -tol:
        return False
    if not E:
        return True
    Qee = Q[nw:, nw:]
    if nw:
        Qwe = Q[:nw, nw:]
        C = Qee - Qwe.T @ np.linalg.solve(Qww, Qwe)
    else:
        C = Qee
    return _strictly_copositive(-(C + C.T) / 2, tol)


def _strictly_copositive(K: np.ndarray, tol: float) -> bool:
    """Kaplan (2000): no principal submatrix has a positive eigenvector with eigenvalue <= 0."""
    n = K.shape[0]
    for size in range(1, n + 1):
        for T in itertools.combinations(range(n), size):
            vals, vecs = np.linalg.eigh(K[np.ix_(T, T)])
            for lam in np.unique(np.round(vals[vals <= tol], 12)):
                V = vecs[:, np.abs(vals - lam) <= max(tol, 1e-9)]
                if _positive_in_span(V):
                    return False
    return True


def _positive_in_span(V: np.ndarray) -> bool:
    if V.shape[1] == 1:
        v = V[:, 0]
        return bool(np.all(v > 1e-12) or np.all(v < -1e-12))
    # is there c with V c >= 1 (componentwise)?
    res = linprog(np.zeros(V.shape[1]), A_ub=-V, b_ub=-np.ones(V.shape[0]),
                  bounds=[(None, None)] * V.shape[1], method="highs")
    return bool(res.status == 0)


def risk_dominant_equilibrium(game: NormalFormGame, *, missing: str = "raise"
                              ) -> tuple[int, ...] | None:
    r"""The risk-dominant equilibrium of a bistable 2x2 game (Harsanyi & Selten 1988).

    With two strict equilibria :math:`a` and :math:`b`, :math:`a` risk-dominates
    :math:`b` when the product of the players' deviation losses is larger at
    :math:`a`:

    .. math::

        \bigl(u_1(a) - u_1(b_1, a_2)\bigr)\bigl(u_2(a) - u_2(a_1, b_2)\bigr) >
        \bigl(u_1(b) - u_1(a_1, b_2)\bigr)\bigl(u_2(b) - u_2(b_1, a_2)\bigr).

    In the replicator dynamics of a symmetric coordination game it is the
    equilibrium with the larger basin of attraction.

    Parameters
    ----------
    game : NormalFormGame
        A numeric 2x2 game.
    missing : {"raise", "none"}
        What to do when the game is not bistable (or the products tie).

    Returns
    -------
    tuple of int or None

    Examples
    --------
    Stag hunt: hunting the hare (strategy 1) is risk dominant.

    >>> import coinnovation as co
    >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> co.risk_dominant_equilibrium(stag)
    (1, 1)
    """
    if missing not in ("raise", "none"):
        raise InvalidInputError(f"missing: expected 'raise' or 'none', got {missing!r}")
    if not isinstance(game, NormalFormGame) or game.shape != (2, 2):
        got = game.shape if isinstance(game, NormalFormGame) else type(game).__name__
        raise InvalidInputError(f"game: risk dominance needs a 2x2 NormalFormGame, got {got}")
    require_numeric(game.free_symbols, "risk_dominant_equilibrium")
    mask = pure_equilibrium_mask(game, strict=True)
    strict = [tuple(int(v) for v in p) for p in np.argwhere(mask)]
    if len(strict) != 2 or strict[0][0] == strict[1][0] or strict[0][1] == strict[1][1]:
        if missing == "none":
            return None
        raise InvalidInputError(
            f"game: not a bistable 2x2 game (strict equilibria {strict}); risk dominance "
            "compares two strict equilibria")
    u = game.payoff_array()
    a, b = strict

    def product(p: tuple[int, ...], q: tuple[int, ...]) -> float:
        return float((u[0][p] - u[0][(q[0], p[1])]) * (u[1][p] - u[1][(p[0], q[1])]))

    pa, pb = product(a, b), product(b, a)
    if abs(pa - pb) <= atol_for(u) * max(1.0, abs(pa)):
        if missing == "none":
            return None
        raise InvalidInputError("game: the two equilibria tie in risk (equal Nash products)")
    return a if pa > pb else b


# ---------------------------------------------------------------------------- signs
def _realize(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Symbol]]:
    """Replace symbols without a known realness by real dummies (payoffs are real)."""
    rep = {s: sp.Dummy(s.name, real=True) for s in expr.free_symbols if s.is_real is None}
    return expr.xreplace(rep), rep


def _symbolic_sign(expr: Any) -> str:
    e = sp.sympify(expr)
    if e.is_number:
        r = sp.re(e)
        if r == 0 or sp.simplify(r) == 0:
            return "0"
        val = r.evalf(50)
        return "+" if val > 0 else "-"
    er, _ = _realize(e)
    if not _is_real_looking(er):
        return _sqrt_sign(er)
    try:
        if decide_positive(er, "eigenvalue sign"):
            return "+"
        if decide_positive(-er, "eigenvalue sign"):
            return "-"
        return "0"
    except UndecidableError:
        return "?"


def _sqrt_sign(e: sp.Expr) -> str:
    """Sign of the real part of ``c * sqrt(D)`` (2x2 eigenvalues); ``"?"`` otherwise."""
    coeff, rest = e.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    roots = [f for f in factors if isinstance(f, sp.Pow) and f.exp == sp.Rational(1, 2)]
    others = [f for f in factors if f not in roots]
    if len(roots) != 1 or not all(_is_real_looking(f) for f in others):
        return "?"
    c = coeff * sp.Mul(*others)
    try:
        base_pos = decide_positive(roots[0].base, "eigenvalue sign")
        if not base_pos:
            return "0" if decide_positive(-roots[0].base, "eigenvalue sign") else "?"
        if decide_positive(c, "eigenvalue sign"):
            return "+"
        if decide_positive(-c, "eigenvalue sign"):
            return "-"
    except UndecidableError:
        return "?"
    return "?"


def _is_real_looking(e: sp.Expr) -> bool:
    if e.has(sp.I):
        return False
    return not any(isinstance(a, sp.Pow) and not a.exp.is_integer for a in sp.preorder_traversal(e))


def _kind(signs: Sequence[str]) -> str:
    if not signs:
        return "sink"
    if "0" in signs:
        return "non-hyperbolic"
    if "+" in signs and "-" in signs:
        return "saddle"
    if "?" in signs:
        return "undecided"
    return "sink" if signs[0] == "-" else "source"


def _conditions(eigs: Sequence[Any], signs: Sequence[str]) -> tuple[Any, ...]:
    out = []
    for lam, s in zip(eigs, signs, strict=True):
        if s != "?":
            out.append(sp.true if s == "-" else sp.false)
            continue
        e = sp.sympify(lam)
        out.append(sp.StrictLessThan(e if _is_real_looking(e) else sp.re(e), 0))
    return tuple(out)


# ---------------------------------------------------------------------------- classification
def _vertex_eigenvalues(rd: ReplicatorDynamics, profile: tuple[int, ...]) -> list[Any]:
    numeric = rd._Unum is not None and not rd.is_state_dependent
    if numeric:
        U = rd._Unum
    else:
        sub = dict(zip(rd.state, rd._vertex_reduced(profile), strict=True))
        flat = [sp.expand(sp.sympify(e).xreplace(sub)) for e in rd._U.ravel().tolist()]
        U = np.array([*flat, None], dtype=object)[:-1].reshape(rd._U.shape)
    eig: list[Any] = []
    if rd.population == "single":
        a = profile[0]
        for j in range(rd.n_strategies[0]):
            if j != a:
                eig.append(U[j, a] - U[a, a])
    else:
        for p, m in enumerate(rd.n_strategies):
            base = U[(p, *profile)]
            for k in range(m):
                if k != profile[p]:
                    dev = list(profile)
                    dev[p] = k
                    eig.append(U[(p, *dev)] - base)
    if numeric:
        return [float(v) for v in eig]
    out = [sp.expand(v) for v in eig]
    if not rd.is_symbolic:
        return [float(v) for v in out]
    return out


def _exact_jacobian(rd: ReplicatorDynamics) -> sp.Matrix:
    cache = rd.__dict__.setdefault("_exact_jac_cache", {})
    if "J" not in cache:
        cache["J"] = rd._jac.applyfunc(
            lambda e: sp.nsimplify(e, rational=True) if e.has(sp.Float) else e)
    return cache["J"]


def classify_point(rd: ReplicatorDynamics, vals: Sequence[Any], profile: tuple[int, ...] | None
                   ) -> Stability:
    """Eigenvalues, signs, kind and stability conditions at a point (see ``classify``)."""
    point = rd._point_strategies(vals)
    exact_point = all(isinstance(v, sp.Basic) for v in vals)
    if profile is not None:
        eig = _vertex_eigenvalues(rd, profile)
        if eig and isinstance(eig[0], float):
            tol = rd._atol if not rd.is_state_dependent else atol_for(np.abs(eig))
            signs = tuple("0" if abs(v) <= tol else ("+" if v > 0 else "-") for v in eig)
        else:
            signs = tuple(_symbolic_sign(v) for v in eig)
        J = rd._jacobian_at(vals) if len(rd.state) <= 6 else None
        return Stability(point, profile, tuple(eig), signs, _kind(signs),
                         _conditions(eig, signs), J)
    J = rd._jacobian_at(vals)
    if isinstance(J, np.ndarray):
        ev = np.linalg.eigvals(J) if J.size else np.zeros(0)
        scale = max(1.0, float(np.max(np.abs(J))) if J.size else 1.0)
        near = np.abs(ev.real) <= 1e-6 * scale
        if near.any() and exact_point and len(rd.state) <= 4:
            sub = dict(zip(rd.state, [sp.nsimplify(v, rational=True) if sp.sympify(v).has(sp.Float)
                                      else sp.sympify(v) for v in vals], strict=True))
            Je = _exact_jacobian(rd).xreplace(sub).applyfunc(sp.expand)
            exact_eigs = _sympy_eigenvalues(Je)
            signs = tuple(_symbolic_sign(v) for v in exact_eigs)
            eig = tuple(complex(sp.N(v)) if sp.N(v).has(sp.I) or sp.im(sp.N(v)) != 0
                        else float(sp.N(v)) for v in exact_eigs)
        else:
            zero = 1e-8 * scale
            signs = tuple("0" if abs(v.real) <= zero else ("+" if v.real > 0 else "-") for v in ev)
            eig = tuple(complex(v) if abs(v.imag) > 0 else float(v.real) for v in ev)
        return Stability(point, None, eig, signs, _kind(signs), _conditions(eig, signs), J)
    eigs = _sympy_eigenvalues(J)
    signs = tuple(_symbolic_sign(v) for v in eigs)
    return Stability(point, None, tuple(eigs), signs, _kind(signs), _conditions(eigs, signs), J)


def _sympy_eigenvalues(J: sp.Matrix) -> list[sp.Expr]:
    if J.shape[0] == 0:
        return []
    try:
        ev = J.eigenvals(multiple=True)
    except (sp.MatrixError, NotImplementedError) as exc:  # pragma: no cover - sympy limits
        raise SolverError(f"point: sympy could not compute the eigenvalues ({exc})") from exc
    return [sp.factor_terms(v) for v in ev]


# ---------------------------------------------------------------------------- rest points
def find_rest_points(rd: ReplicatorDynamics, *, method: str, rng: np.random.Generator
                     ) -> list[RestPoint]:
    """Vertices, then rest points in the relative interior of every other face."""
    out: list[RestPoint] = rd.rest_points_on_vertices()
    fitness = [[sp.nsimplify(f, rational=True) if f.has(sp.Float) else f for f in fp]
               for fp in rd.fitness]
    supports = [[S for r in range(1, m + 1) for S in itertools.combinations(range(m), r)]
                for m in rd.n_strategies]
    for face in itertools.product(*supports):
        if all(len(S) == 1 for S in face):
            continue
        out.extend(_face_rest_points(rd, fitness, face, method, rng))
    return out


def _face_rest_points(rd: ReplicatorDynamics, fitness: list[list[sp.Expr]],
                      face: tuple[tuple[int, ...], ...], method: str,
                      rng: np.random.Generator) -> list[RestPoint]:
    sub: dict[sp.Symbol, Any] = {}
    unknowns: list[sp.Symbol] = []
    for p, S in enumerate(face):
        xs = rd.state[rd._rblocks[p]]
        m = rd.n_strategies[p]
        ref = max(S)
        free = [xs[k] for k in S if k != ref]
        unknowns.extend(free)
        for k in range(m - 1):
            if k == ref:
                sub[xs[k]] = 1 - sum(free)
            elif k not in S:
                sub[xs[k]] = sp.Integer(0)
    eqs = []
    for p, S in enumerate(face):
        ref = max(S)
        for k in S:
            if k != ref:
                eqs.append(sp.expand((fitness[p][k] - fitness[p][ref]).xreplace(sub)))
    eqs = [e for e in eqs if e != 0]
    if any(e.is_number for e in eqs):
        return []
    try:
        linear = all(sp.Poly(e, *unknowns).total_degree() <= 1 for e in eqs)
    except sp.PolynomialError:
        linear = False
    use_numeric = (method == "numeric" or (method == "auto" and len(unknowns) > 3
                                           and not linear and not rd.is_symbolic))
    if eqs and use_numeric:
        return _numeric_face_points(rd, face, sub, unknowns, eqs, rng)
    if rd.is_symbolic and len(unknowns) >= 3 and not linear:
        reduced = tuple(sp.sympify(sub.get(s, s)) for s in rd.state)
        return [RestPoint(rd._point_strategies(reduced), reduced, face, None, True, (), (),
                          tuple(sp.Eq(e, 0) for e in eqs))]
    if not eqs:
        sols: list[dict[sp.Symbol, Any]] = [{}]
    else:
        try:
            sols = sp.solve(eqs, unknowns, dict=True)
        except NotImplementedError:
            if rd.is_symbolic:
                raise SolverError(
                    f"rest_points: sympy cannot solve the rest-point equations on face {face}; "
                    "substitute numbers first") from None
            return _numeric_face_points(rd, face, sub, unknowns, eqs, rng)
    out = []
    for sol in sols:
        full = {k: sp.sympify(v).xreplace(sol) for k, v in sub.items()}
        full.update({u: sol.get(u, u) for u in unknowns})
        reduced = tuple(sp.simplify(sp.sympify(full.get(s, s))) for s in rd.state)
        free = tuple(u for u in unknowns if u not in sol)
        shares = rd._shares(list(reduced))
        conds = []
        ok = True
        for p, S in enumerate(face):
            for k in S:
                verdict = _positive_verdict(shares[p][k])
                if verdict is False:
                    ok = False
                elif verdict is None:
                    conds.append(sp.StrictGreaterThan(sp.simplify(shares[p][k]), 0))
        if not ok:
            continue
        out.append(RestPoint(rd._point_strategies(reduced), reduced, face, None, True, free,
                             tuple(conds)))
    return out


def _positive_verdict(e: Any) -> bool | None:
    e = sp.sympify(e)
    if e.is_number:
        val = complex(e.evalf(30))
        if abs(val.imag) > 1e-25:
            return False
        if e.is_positive is not None:
            return bool(e.is_positive)
        return val.real > 0
    er, _ = _realize(e)
    try:
        if decide_positive(er, "rest point"):
            return True
        return False
    except UndecidableError:
        try:
            if decide_positive(-er, "rest point") or sp.simplify(er) == 0:
                return False
        except UndecidableError:
            return None
        return None


def _numeric_face_points(rd: ReplicatorDynamics, face: tuple[tuple[int, ...], ...],
                         sub: dict[sp.Symbol, Any], unknowns: list[sp.Symbol],
                         eqs: list[sp.Expr], rng: np.random.Generator) -> list[RestPoint]:
    require_numeric(rd.parameters, "rest_points(method='numeric')")
    F = sp.lambdify(unknowns, eqs, "numpy")
    Jf = sp.lambdify(unknowns, sp.Matrix(eqs).jacobian(unknowns), "numpy")
    n_eq, n_un = len(eqs), len(unknowns)
    share_funcs = []
    for p in range(len(face)):
        xs = rd.state[rd._rblocks[p]]
        vals = [sp.sympify(sub.get(x, x)) for x in xs]
        share_funcs.append(sp.lambdify(unknowns, [*vals, 1 - sum(vals)], "numpy"))
    scale = max(1.0, float(np.max(np.abs(rd._Unum)))) if rd._Unum is not None else 1.0
    found: list[np.ndarray] = []
    starts = 20 * (n_un + 1)
    for _ in range(starts):
        z0 = []
        for S in face:
            if len(S) > 1:
                w = rng.dirichlet(np.ones(len(S)))
                z0.extend(w[:-1])
        z0 = np.asarray(z0, dtype=float)

        def fun(z: np.ndarray) -> np.ndarray:
            return np.asarray(F(*z), dtype=float).ravel()

        def jac(z: np.ndarray) -> np.ndarray:
            return np.asarray(Jf(*z), dtype=float).reshape(n_eq, n_un)

        if n_eq == n_un:
            res = root(fun, z0, jac=jac, method="hybr")
        else:
            res = root(fun, z0, jac=jac, method="lm")
        z = res.x
        if not np.all(np.isfinite(z)) or np.max(np.abs(fun(z))) > 1e-10 * scale:
            continue
        inside = all(
            np.all(np.asarray(share_funcs[p](*z), dtype=float)[list(S)] > 1e-9)
            for p, S in enumerate(face))
        if not inside:
            continue
        if any(np.max(np.abs(z - f)) < 1e-7 for f in found):
            continue
        found.append(z)
    out = []
    for z in found:
        zs = dict(zip(unknowns, (float(v) for v in z), strict=True))
        reduced = tuple(zs[s] if s in zs else float(sp.sympify(sub[s]).xreplace(zs))
                        for s in rd.state)
        out.append(RestPoint(rd._point_strategies(reduced), reduced, face, None, False))
    return out


# ---------------------------------------------------------------------------- outcomes
def _has_unstable_component(rd: ReplicatorDynamics, J: np.ndarray, final: np.ndarray,
                            r: RestPoint) -> bool:
    """Does the displacement from a saddle have a component along its unstable directions?

    Near a saddle a trajectory on its way out has a small but nonzero component
    along the unstable eigenvectors; only one lying on the stable manifold
    (up to amplified rounding, 1e-10) converges to it.
    """
    w, V = np.linalg.eig(J)
    red_final = np.concatenate([final[sl][:-1] for sl in rd._fblocks])
    red_point = np.array([float(v) for v in r.reduced])
    delta = red_final - red_point
    try:
        c = np.linalg.solve(V, delta.astype(complex))
    except np.linalg.LinAlgError:
        return True
    unstable = w.real > 1e-12
    size = np.abs(c[unstable]) * np.linalg.norm(V[:, unstable], axis=0)
    return bool(np.any(size > 1e-10))


def trajectory_outcomes(rd: ReplicatorDynamics, times: np.ndarray, xs: np.ndarray,
                        alive: np.ndarray, tol: float, radius: float
                        ) -> tuple[np.ndarray, tuple[RestPoint | None, ...], np.ndarray,
                                   tuple[tuple[tuple[int, ...], ...], ...]]:
    """Convergence report of simulated trajectories (see :class:`Trajectories`)."""
    nb, nt, _ = xs.shape
    final = xs[:, -1, :]
    rps = rd._limit_candidates()
    iso = [r for r in rps if not r.is_continuum]
    cont = [r for r in rps if r.is_continuum]
    P = np.array([np.concatenate([np.asarray(s, dtype=float) for s in r.strategies])
                  for r in iso])
    dist_all = np.max(np.abs(final[:, None, :] - P[None, :, :]), axis=2)
    nearest = np.argmin(dist_all, axis=1)
    dist = dist_all[np.arange(nb), nearest]
    fs = rd._batch_fitness([final[:, sl] for sl in rd._fblocks])
    gtol = rd._atol if rd._atol > 0 else 1e-12
    converged = np.zeros(nb, dtype=bool)
    limits: list[RestPoint | None] = [None] * nb
    quarter = max(1, nt // 4)
    for b in np.flatnonzero(dist <= tol):
        r = iso[int(nearest[b])]
        if r.is_vertex:
            assert r.profile is not None
            prof = r.profile[:1] if rd.population == "single" else r.profile
            leaving = False
            for p, sl in enumerate(rd._fblocks):
                a = prof[p]
                g = fs[p][b] - fs[p][b, a]
                al = alive[b, sl].copy()
                al[a] = False
                if np.any(g[al] > gtol):
                    leaving = True
                    break
            ok = not leaving
        else:
            key = id(r)
            if key not in rd._class_cache:
                rd._class_cache[key] = rd.classify(r)
            st = rd._class_cache[key]
            if st.kind == "sink":
                ok = True
            else:
                series = np.max(np.abs(xs[b, -quarter - 1:, :] - P[int(nearest[b])]), axis=1)
                ok = bool(np.all(np.diff(series) <= 1e-12))
                if ok and "+" in st.signs and isinstance(st.jacobian, np.ndarray):
                    ok = not _has_unstable_component(rd, st.jacobian, final[b], r)
        if ok:
            converged[b] = True
            limits[b] = r
    if cont:
        vel = np.concatenate([xs_p * (f - np.sum(xs_p * f, axis=1, keepdims=True))
                              for xs_p, f in zip([final[:, sl] for sl in rd._fblocks], fs,
                                                 strict=True)], axis=1)
        speed = np.max(np.abs(vel), axis=1)
        vscale = max(1.0, float(np.max(np.abs(rd._Unum)))) if rd._Unum is not None else 1.0
        for b in np.flatnonzero(~converged):
            for r in cont:
                outside = 0.0
                for p, sl in enumerate(rd._fblocks):
                    mask = np.ones(sl.stop - sl.start, dtype=bool)
                    mask[list(r.support[p])] = False
                    if mask.any():
                        outside = max(outside, float(np.max(final[b, sl][mask])))
                if outside <= tol and speed[b] <= tol * vscale:
                    converged[b] = True
                    limits[b] = r
                    dist[b] = max(outside, float(speed[b]) / vscale)
                    break
    # vertices passed
    codes = np.zeros((nb, nt), dtype=np.int64)
    near = np.ones((nb, nt), dtype=bool)
    stride = 1
    blocks = rd._fblocks
    for sl in reversed(blocks):
        blk = xs[:, :, sl]
        amax = np.argmax(blk, axis=2)
        near &= (1.0 - np.max(blk, axis=2)) <= radius
        codes += amax * stride
        stride *= sl.stop - sl.start
    visited = []
    for b in range(nb):
        c = codes[b][near[b]]
        if c.size:
            keep = np.concatenate([[True], np.diff(c) != 0])
            c = c[keep]
        seq = []
        for code in c.tolist():
            prof = []
            for sl in reversed(blocks):
                m = sl.stop - sl.start
                prof.append(code % m)
                code //= m
            prof.reverse()
            if rd.population == "single":
                prof = [prof[0], prof[0]]
            seq.append(tuple(prof))
        visited.append(tuple(seq))
    return converged, tuple(limits), dist, tuple(visited)
