r"""Hamilton–Jacobi–Bellman equations (哈密顿-雅可比-贝尔曼方程) by polynomial ansatz.

For a value function :math:`V_i(x)` the stationary HJB equation of player
:math:`i` is

.. math::

    \rho V_i(x) = \max_{u_i}\Big[g_i(x, u) + \nabla V_i(x)\cdot f(x, u)
                  + \tfrac12 \operatorname{tr}\big(\Sigma\Sigma^\top \nabla^2 V_i(x)\big)\Big].

The ansatz :math:`V_i = \sum_{|m| \le d} c_{i,m} x^m` (all monomials of the
states up to degree :math:`d`) turns it into polynomial identities in
:math:`x`: after the first-order conditions give the controls, every
coefficient of :math:`\rho V_i - H_i` must vanish. Those equations are solved
for the :math:`c_{i,m}`; a monomial above degree :math:`d` whose coefficient
cannot vanish means the ansatz does not close. Every solution is substituted
back and its residual simplified to zero before it is returned.

Reference: E. J. Dockner, S. Jørgensen, N. V. Long, G. Sorger, *Differential
Games in Economics and Management Science*, Cambridge University Press (2000),
ch. 4 (feedback equilibria, HJB equations).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .._util.signs import real_part_sign, sign_set
from ..errors import InvalidGameError, NumericalCheckWarning, SolverError, UndecidableError
from .game import DifferentialGame

__all__ = [
    "Ansatz",
    "Candidate",
    "choose_degree",
    "closed_loop_matrix",
    "degenerate",
    "hamiltonian",
    "make_ansatz",
    "match_coefficients",
    "negative_definite",
    "select_stabilizing",
    "signs_of",
    "solve_equations",
    "verify",
]

SAMPLE_VALUES = (1, 2, sp.Rational(1, 2), 3, sp.Rational(1, 3))
"""Parameter values tried (cyclically shifted per symbol) when a stability sign is undecidable."""


def signs_of(expr: Any, game: DifferentialGame | None = None) -> frozenset[str]:
    """The signs ``expr`` can have, after cancelling and factoring (exact), within ``game.ranges``."""
    e = sp.sympify(expr) if game is None else game.in_ranges(expr)
    if e.is_number:
        return sign_set(sp.nsimplify(e) if isinstance(e, sp.Float) else e)
    try:
        e = sp.factor(sp.cancel(e))
    except (sp.PolynomialError, TypeError, ValueError):
        pass
    return sign_set(e)


def degenerate(solution: dict[Any, Any]) -> bool:
    """True when a solution of ``sympy.solve`` holds an infinity or NaN (a vanishing denominator)."""
    return any(sp.sympify(e).has(sp.zoo, sp.oo, -sp.oo, sp.nan) for e in solution.values())


def solve_equations(eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Symbol]) -> list[dict[Any, sp.Expr]]:
    """``sympy.solve`` as a list of dicts, with a fast path for square linear systems."""
    try:
        linear = all(sp.Poly(e, *unknowns).total_degree() <= 1 for e in eqs)
    except sp.PolynomialError:
        linear = False
    if linear and len(eqs) == len(unknowns):
        try:
            a, b = sp.linear_eq_to_matrix(list(eqs), list(unknowns))
            det = sp.cancel(a.det(method="berkowitz"))
        except (ValueError, sp.PolynomialError):  # NonlinearError is a ValueError
            det = sp.S.Zero
        if det != 0:
            x = a.LUsolve(b)
            return [{u: sp.cancel(x[k]) for k, u in enumerate(unknowns)}]
    try:
        return sp.solve(list(eqs), list(unknowns), dict=True, check=False, simplify=False)
    except NotImplementedError as exc:
        raise SolverError(
            f"the equations in {', '.join(map(str, unknowns))} cannot be solved: {exc}"
        ) from None


# ------------------------------------------------------------------------ degree of the ansatz
def _is_const_in(expr: sp.Expr, syms: Sequence[sp.Symbol]) -> bool:
    return not (expr.free_symbols & set(syms))


def choose_degree(game: DifferentialGame) -> int:
    """1 for linear-state games, 2 for linear–quadratic ones; otherwise ask for ``degree=``.

    Linear-state: the dynamics are affine in the states with coefficients free
    of states and controls, and no payoff is non-linear in the states or mixes
    states with controls. Then the controls are state-independent and a value
    function linear in the states closes. Linear–quadratic: dynamics affine in
    states and controls jointly, payoffs polynomials of degree at most 2, noise
    affine in the states.
    """
    xs, us = list(game.states), list(game.all_controls)
    both = xs + us
    linear_state = all(_is_const_in(sp.diff(f, x), both) for f in game.dynamics.values() for x in xs)
    linear_state = linear_state and all(
        _is_const_in(sp.diff(g, x), both) for g in game.payoffs.values() for x in xs
    )
    if linear_state:
        return 1
    try:
        lq = all(sp.Poly(f, *both).total_degree() <= 1 for f in game.dynamics.values())
        lq = lq and all(sp.Poly(g, *both).total_degree() <= 2 for g in game.payoffs.values())
        lq = lq and all(sp.Poly(s, *both).total_degree() <= 1 for s in game._noise_exprs())
    except sp.PolynomialError:
        lq = False
    if lq:
        return 2
    raise InvalidGameError(
        "degree: the game is neither linear-state nor linear-quadratic, so the degree of the "
        "value-function ansatz cannot be chosen automatically; pass degree="
    )


# ------------------------------------------------------------------------ ansatz and Hamiltonians
@dataclass
class Ansatz:
    """Value functions with unknown coefficients, one per monomial of the states."""

    degree: int
    values: dict[str, sp.Expr]
    unknowns: dict[str, list[sp.Dummy]]
    monomials: list[sp.Expr]
    degrees: list[int]

    @property
    def all_unknowns(self) -> list[sp.Dummy]:
        return [c for cs in self.unknowns.values() for c in cs]


def make_ansatz(valuers: Sequence[str], states: Sequence[sp.Symbol], degree: int) -> Ansatz:
    """The ansatz :math:`V_v = \\sum_m c_{v,m} x^m` for every valuer ``v`` (player or ``"joint"``)."""
    monos: list[sp.Expr] = []
    degs: list[int] = []
    for d in range(degree + 1):
        combos = [sp.Mul(*c) for c in itertools.combinations_with_replacement(states, d)]
        monos.extend(combos)
        degs.extend([d] * len(combos))
    values: dict[str, sp.Expr] = {}
    unknowns: dict[str, list[sp.Dummy]] = {}
    for v in valuers:
        cs = [sp.Dummy(f"c_{v}_{m}") for m in monos]
        unknowns[v] = cs
        values[v] = sp.Add(*[c * m for c, m in zip(cs, monos, strict=True)])
    return Ansatz(degree, values, unknowns, monos, degs)


def hamiltonian(game: DifferentialGame, payoff: sp.Expr, value: sp.Expr) -> sp.Expr:
    r""":math:`g + \nabla V\cdot f + \tfrac12\operatorname{tr}(\Sigma\Sigma^\top\nabla^2 V)`."""
    xs = game.states
    h = payoff + sp.Add(*[sp.diff(value, x) * game.dynamics[x] for x in xs])
    d = game.diffusion()
    if d.is_zero_matrix:
        return h
    ito = sp.Add(*[d[k, m] * sp.diff(value, xs[k], xs[m]) for k in range(len(xs)) for m in range(len(xs))])
    return h + ito / 2


# ------------------------------------------------------------------------ coefficient matching
def match_coefficients(
    game: DifferentialGame, ansatz: Ansatz, residuals: dict[str, sp.Expr]
) -> list[dict[sp.Dummy, sp.Expr]]:
    """Solve "every coefficient of every residual polynomial vanishes" for the unknowns.

    Raises :class:`~coinnovation.errors.SolverError` when the ansatz does not
    close (a term of higher degree, or state-dependent denominators) or when
    the equations have no solution.
    """
    xs = list(game.states)
    by_degree: dict[int, list[sp.Expr]] = {}
    for v, r in residuals.items():
        num, den = sp.fraction(sp.together(sp.expand(r)))
        if den.free_symbols & set(xs):
            raise SolverError(
                f"degree: the ansatz of degree {ansatz.degree} does not close for {v!r}: the "
                f"controls are not polynomial in the states (denominator {den})"
            )
        poly = sp.Poly(sp.expand(num), *xs)
        for monom, coeff in poly.terms():
            if sum(monom) > ansatz.degree and not (coeff.free_symbols & set(ansatz.all_unknowns)):
                if signs_of(coeff, game) != {"0"}:
                    term = sp.Mul(*[x**k for x, k in zip(xs, monom, strict=True)])
                    raise SolverError(
                        f"degree: the ansatz of degree {ansatz.degree} does not close for {v!r}: the HJB "
                        f"equation keeps the term ({sp.factor(coeff / den)})*{term}, which no value function "
                        f"of degree {ansatz.degree} can match; pass a higher degree="
                    )
            if coeff != 0:
                by_degree.setdefault(sum(monom), []).append(coeff)
    if not by_degree:
        raise SolverError("the HJB equations leave the value functions undetermined")
    full = _solve_by_degree(ansatz, by_degree)
    if not full:
        raise SolverError(
            f"degree: coefficient matching of the degree-{ansatz.degree} ansatz has no solution "
            "(the ansatz does not close or the HJB equations are inconsistent); "
            "try another degree="
        )
    return full


def _solve_by_degree(ansatz: Ansatz, by_degree: dict[int, list[sp.Expr]]) -> list[dict[sp.Dummy, sp.Expr]]:
    """Solve the coefficient equations from the highest monomial degree down (they are triangular
    for polynomial games: degree-m equations involve unknowns of degree >= m); fall back to one joint
    solve when they are not."""
    unknowns = ansatz.all_unknowns
    deg_of = {c: d for cs in ansatz.unknowns.values() for c, d in zip(cs, ansatz.degrees, strict=True)}
    partial: list[dict[sp.Dummy, sp.Expr]] = [{}]
    for m in sorted(by_degree, reverse=True):
        level = [c for c in unknowns if deg_of[c] == m]
        nxt = []
        for known in partial:
            eqs = [sp.expand(e.xreplace(known)) for e in by_degree[m]]
            eqs = [e for e in eqs if e != 0]
            rest = set().union(*[e.free_symbols for e in eqs]) & set(unknowns) - set(level)
            if rest:
                return _joint(unknowns, [e for es in by_degree.values() for e in es])
            if not eqs:
                nxt.append(known)
                continue
            for sol in solve_equations(eqs, level):
                if not degenerate(sol) and all(c in sol for c in level if any(e.has(c) for e in eqs)):
                    nxt.append({**known, **{c: sp.cancel(e) for c, e in sol.items()}})
        partial = nxt
    return [s for s in partial if all(c in s for c in unknowns)]


def _joint(unknowns: list[sp.Dummy], eqs: list[sp.Expr]) -> list[dict[sp.Dummy, sp.Expr]]:
    sols = solve_equations(eqs, unknowns)
    return [
        s
        for s in sols
        if not degenerate(s)
        and all(c in s and not (sp.sympify(s[c]).free_symbols & set(unknowns)) for c in unknowns)
    ]


# ------------------------------------------------------------------------ candidates and checks
@dataclass
class Candidate:
    """One solution of one regime (which bounded controls sit at which corner)."""

    laws: dict[sp.Symbol, sp.Expr]
    values: dict[str, sp.Expr]
    conditions: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steady_state: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    stable: bool | None = None


def verify(game: DifferentialGame, cand: Candidate, payoffs: dict[str, sp.Expr]) -> None:
    """Substitute the solution into every HJB equation; the residual must simplify to zero."""
    rho = game.discount
    for v, g in payoffs.items():
        h = hamiltonian(game, g, cand.values[v]).subs(cand.laws)
        r = sp.cancel(sp.together(rho * cand.values[v] - h))
        if r != 0 and sp.simplify(r) != 0:
            raise SolverError(
                f"the solution does not satisfy the HJB equation of {v!r}: the residual "
                f"{sp.simplify(r)} is not zero (please report this)"
            )


def negative_definite(
    game: DifferentialGame, hess: sp.Matrix, who: str, controls: Sequence[sp.Symbol]
) -> str | None:
    """Check the second-order condition; return a note when it holds only weakly.

    Leading principal minors must alternate in sign starting negative.
    Raises :class:`~coinnovation.errors.InvalidGameError` when the Hamiltonian is
    certainly not concave in the controls and
    :class:`~coinnovation.errors.UndecidableError` when the sign cannot be decided.
    """
    note = None
    names = ", ".join(map(str, controls))
    diagonal = hess.is_diagonal()
    for k in range(1, hess.rows + 1):
        if diagonal:  # a diagonal Hessian: each entry negative
            m = -hess[k - 1, k - 1] if k % 2 == 0 else hess[k - 1, k - 1]
        else:
            m = hess[:k, :k].det(method="berkowitz") if k > 1 else hess[0, 0]
        s = signs_of((-1) ** k * m, game)
        if s == {"+"}:
            continue
        if "+" not in s:
            raise InvalidGameError(
                f"payoffs[{who!r}]: the second-order condition fails: the Hamiltonian is not strictly "
                f"concave in the player's own control(s) {names} (second derivative / minor "
                f"{sp.factor(m)}), so the first-order "
                "condition gives no maximum (a payoff convex in its own control)"
            )
        if "-" not in s:
            note = f"the second-order condition of {who!r} in {names} holds except where {sp.factor(m)} = 0"
            continue
        raise UndecidableError(
            f"payoffs[{who!r}]: cannot decide the second-order condition in {names}: the sign of "
            f"{sp.factor(m)} depends on the parameters; give the symbols assumptions (positive=True) "
            "or numbers"
        )
    return note


def closed_loop_matrix(game: DifferentialGame, laws: dict[sp.Symbol, sp.Expr]) -> sp.Matrix:
    """The Jacobian of the closed-loop dynamics :math:`\\partial f(x, u(x))/\\partial x`."""
    f = sp.Matrix([game.dynamics[x].subs(laws) for x in game.states])
    return f.jacobian(list(game.states))


def _sample_points(symbols: Sequence[sp.Symbol]) -> list[dict[sp.Symbol, Any]]:
    pts = []
    for shift in range(len(SAMPLE_VALUES)):
        pts.append({s: SAMPLE_VALUES[(i + shift) % len(SAMPLE_VALUES)] for i, s in enumerate(symbols)})
    return pts


def _stability(a: sp.Matrix) -> str:
    """``"stable"``, ``"unstable"`` or ``"?"`` from the signs of the eigenvalues' real parts."""
    if a.rows == 1:
        eig = [a[0, 0]]
    else:
        eig = list(a.eigenvals())
    signs = [real_part_sign(sp.factor(e) if not e.is_number else e) for e in eig]
    if all(s == "-" for s in signs):
        return "stable"
    if any(s in ("+", "0") for s in signs):
        return "unstable"
    return "?"


def select_stabilizing(game: DifferentialGame, cands: list[Candidate]) -> tuple[Candidate, str]:
    """Pick the one candidate whose closed-loop dynamics are asymptotically stable, and say why."""
    mats = [closed_loop_matrix(game, c.laws) for c in cands]
    if any(m.free_symbols & set(game.states) for m in mats):
        raise SolverError(
            "several solutions of the HJB equations and non-linear closed-loop dynamics: "
            "cannot select the stabilizing one"
        )
    kinds = [_stability(m.applyfunc(game.in_ranges)) for m in mats]
    how = "decided from the signs of the closed-loop eigenvalues"
    if "?" in kinds:
        params = sorted(set().union(*[m.free_symbols for m in mats]), key=str)
        votes = []
        for pt in _sample_points(params):
            pt = {
                p: (
                    game.ranges[p][0] + (game.ranges[p][1] - game.ranges[p][0]) * v / (1 + v)
                    if p in game.ranges
                    else v
                )
                for p, v in pt.items()
            }
            votes.append(tuple(_stability(m.subs(pt)) for m in mats))
        if len(set(votes)) != 1 or votes[0].count("stable") != 1:
            raise UndecidableError(
                f"cannot decide which of the {len(cands)} solutions of the HJB equations is stabilizing for "
                "all parameter values; substitute numbers (game.subs) and solve again"
            )
        kinds = list(votes[0])
        how = (
            f"checked numerically at {len(votes)} sample parameter points because the symbolic sign of "
            "the closed-loop eigenvalues is undecidable"
        )
        warnings.warn(
            f"feedback_equilibrium: the stabilizing root was {how}", NumericalCheckWarning, stacklevel=4
        )
    stable = [c for c, k in zip(cands, kinds, strict=True) if k == "stable"]
    if len(stable) != 1:
        raise SolverError(
            f"{len(stable)} of the {len(cands)} solutions of the HJB equations are stabilizing; "
            "the feedback equilibrium is not unique"
        )
    return stable[0], how
