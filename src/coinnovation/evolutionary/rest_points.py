r"""Rest points of replicator dynamics: the vertices, then every face's relative interior.

A point in the relative interior of a face (support :math:`S_p` per
population) is at rest exactly when every strategy in each :math:`S_p` earns
the same, :math:`f_{pk} = f_{pl}` for :math:`k, l \in S_p`. Each face's system
is solved exactly with sympy, or numerically by multi-start root finding with
every root verified by its residual; whole faces at rest come back as
continua, and symbolic faces nonlinear in three or more unknowns by their
equations.
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import root

from .._util.signs import positivity
from .._util.symbolic import require_numeric
from .._util.tolerance import ROOT_MERGE, ROOT_RESIDUAL, TOL
from ..errors import DegenerateGameWarning, SolverError
from ._system import ReplicatorSystem
from .results import RestPoint

__all__ = ["find_rest_points", "vertex_rest_points"]


def vertex_rest_points(system: ReplicatorSystem) -> list[RestPoint]:
    """The vertices as :class:`RestPoint` objects (every vertex is at rest)."""
    out = []
    for v in system.vertices():
        vals = system.vertex_reduced(v)
        prof = v[:1] if system.population == "single" else v
        out.append(RestPoint(system.point_strategies(vals), vals, tuple((a,) for a in prof), v,
                             labels=system.game.strategies))
    return out


def find_rest_points(system: ReplicatorSystem, *, method: str, rng: np.random.Generator
                     ) -> list[RestPoint]:
    """Vertices, then rest points in the relative interior of every other face."""
    out: list[RestPoint] = vertex_rest_points(system)
    # float payoffs are solved exactly as rationals, but their shares are then compared with
    # the tolerance: a share within TOL of zero is a point of the boundary face, not a second
    # rest point a hair away from it (docs/explanation/tolerance.md)
    floats = any(f.has(sp.Float) for fp in system.fitness for f in fp)
    fitness = [[sp.nsimplify(f, rational=True) if f.has(sp.Float) else f for f in fp]
               for fp in system.fitness]
    supports = [[S for r in range(1, m + 1) for S in itertools.combinations(range(m), r)]
                for m in system.n_strategies]
    for face in itertools.product(*supports):
        if all(len(S) == 1 for S in face):
            continue
        out.extend(_face_rest_points(system, fitness, face, method, rng, floats))
    return out


def _face_equations(system: ReplicatorSystem, fitness: list[list[sp.Expr]],
                    face: tuple[tuple[int, ...], ...]
                    ) -> tuple[dict[sp.Symbol, Any], list[sp.Symbol], list[sp.Expr]]:
    """Substitution onto the face, its unknowns, and the indifference equations (non-zero ones)."""
    sub: dict[sp.Symbol, Any] = {}
    unknowns: list[sp.Symbol] = []
    for p, S in enumerate(face):
        xs = system.state[system.rblocks[p]]
        ref = max(S)
        free = [xs[k] for k in S if k != ref]
        unknowns.extend(free)
        for k in range(system.n_strategies[p] - 1):
            if k == ref:
                sub[xs[k]] = 1 - sum(free)
            elif k not in S:
                sub[xs[k]] = sp.Integer(0)
    eqs = [sp.expand((fitness[p][k] - fitness[p][max(S)]).xreplace(sub))
           for p, S in enumerate(face) for k in S if k != max(S)]
    return sub, unknowns, [e for e in eqs if e != 0]


def _face_rest_points(system: ReplicatorSystem, fitness: list[list[sp.Expr]],
                      face: tuple[tuple[int, ...], ...], method: str,
                      rng: np.random.Generator, floats: bool = False) -> list[RestPoint]:
    sub, unknowns, eqs = _face_equations(system, fitness, face)
    if any(e.is_number for e in eqs):
        return []
    try:
        linear = all(sp.Poly(e, *unknowns).total_degree() <= 1 for e in eqs)
    except sp.PolynomialError:
        linear = False
    use_numeric = (method == "numeric" or (method == "auto" and len(unknowns) > 3
                                           and not linear and not system.is_symbolic))
    if eqs and use_numeric:
        return _numeric_face_points(system, face, sub, unknowns, eqs, rng)
    if system.is_symbolic and len(unknowns) >= 3 and not linear:
        reduced = tuple(sp.sympify(sub.get(s, s)) for s in system.state)
        return [RestPoint(system.point_strategies(reduced), reduced, face, None, True, (), (),
                          tuple(sp.Eq(e, 0) for e in eqs), labels=system.game.strategies)]
    if not eqs:
        sols: list[dict[sp.Symbol, Any]] = [{}]
    else:
        try:
            sols = sp.solve(eqs, unknowns, dict=True)
        except NotImplementedError:
            if system.is_symbolic:
                raise SolverError(
                    f"rest_points: sympy cannot solve the rest-point equations on face {face}; "
                    "substitute numbers first") from None
            return _numeric_face_points(system, face, sub, unknowns, eqs, rng)
    points = (_exact_face_point(system, face, sub, unknowns, sol, floats) for sol in sols)
    return [r for r in points if r is not None]


def _exact_face_point(system: ReplicatorSystem, face: tuple[tuple[int, ...], ...],
                      sub: dict[sp.Symbol, Any], unknowns: list[sp.Symbol],
                      sol: dict[sp.Symbol, Any], floats: bool = False) -> RestPoint | None:
    """The rest point of one exact solution, or None when it lies outside the face's interior.

    With float payoffs (``floats``), a share within ``TOL`` of zero puts the point on the
    boundary (where the vertex or a smaller face already reports it): a near-tie of payoffs,
    reported with a :class:`DegenerateGameWarning`.
    """
    full = {k: sp.sympify(v).xreplace(sol) for k, v in sub.items()}
    full.update({u: sol.get(u, u) for u in unknowns})
    reduced = tuple(sp.simplify(sp.sympify(full.get(s, s))) for s in system.state)
    free = tuple(u for u in unknowns if u not in sol)
    shares = system.shares(list(reduced))
    conds = []
    for p, S in enumerate(face):
        for k in S:
            verdict = positivity(shares[p][k])
            if verdict is False:
                return None
            if verdict is None:
                conds.append(sp.StrictGreaterThan(sp.simplify(shares[p][k]), 0))
            elif floats and not free and float(shares[p][k]) <= TOL:
                warnings.warn(
                    f"rest_points: on face {face} a rest point has a share of "
                    f"{float(shares[p][k]):.3g}, within the tolerance TOL={TOL:g} of the boundary: "
                    "payoffs tied up to the tolerance make the game degenerate; the point is "
                    "reported once, on the boundary", DegenerateGameWarning, stacklevel=4)
                return None
    return RestPoint(system.point_strategies(reduced), reduced, face, None, True, free, tuple(conds),
                     labels=system.game.strategies)


def _numeric_face_points(system: ReplicatorSystem, face: tuple[tuple[int, ...], ...],
                         sub: dict[sp.Symbol, Any], unknowns: list[sp.Symbol],
                         eqs: list[sp.Expr], rng: np.random.Generator) -> list[RestPoint]:
    require_numeric(system.parameters, "rest_points(method='numeric')")
    F = sp.lambdify(unknowns, eqs, "numpy")
    Jf = sp.lambdify(unknowns, sp.Matrix(eqs).jacobian(unknowns), "numpy")
    n_eq, n_un = len(eqs), len(unknowns)
    share_funcs = []
    for p in range(len(face)):
        xs = system.state[system.rblocks[p]]
        vals = [sp.sympify(sub.get(x, x)) for x in xs]
        share_funcs.append(sp.lambdify(unknowns, [*vals, 1 - sum(vals)], "numpy"))
    scale = max(1.0, float(np.max(np.abs(system.Unum)))) if system.Unum is not None else 1.0
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
        if not np.all(np.isfinite(z)) or np.max(np.abs(fun(z))) > ROOT_RESIDUAL * scale:
            continue
        inside = all(
            np.all(np.asarray(share_funcs[p](*z), dtype=float)[list(S)] > TOL)
            for p, S in enumerate(face))
        if not inside:
            continue
        if any(np.max(np.abs(z - f)) < ROOT_MERGE for f in found):
            continue
        found.append(z)
    out = []
    for z in found:
        zs = dict(zip(unknowns, (float(v) for v in z), strict=True))
        reduced = tuple(zs[s] if s in zs else float(sp.sympify(sub[s]).xreplace(zs))
                        for s in system.state)
        out.append(RestPoint(system.point_strategies(reduced), reduced, face, None, False,
                             labels=system.game.strategies))
    return out

