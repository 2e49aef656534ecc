r"""Linear stability of rest points of replicator dynamics: eigenvalues, signs, kind, conditions.

At a vertex of the multi-population dynamics the Jacobian is diagonal in the
reduced coordinates and its eigenvalues are the deviation gains
:math:`u_p(k, a_{-p}) - u_p(a)`; elsewhere they are the eigenvalues of the
Jacobian, computed numerically and re-decided exactly (sympy) when a real
part is near zero at an exact point. Every sign goes through
:mod:`coinnovation._util.signs`, so a sign that follows from the symbols'
assumptions is decided, and one provably positive eigenvalue makes the point
unstable whatever the others are.

Kinds: ``"sink"`` (every real part negative), ``"source"`` (every real part
positive), ``"saddle"`` (both signs, none zero), ``"unstable"`` (some real
part positive; the signs of the others are not all decided, or one is zero),
``"non-hyperbolic"`` (some real part zero and none positive: linearization
decides nothing, never called stable), ``"undecided"`` (symbolic: the
conditions decide; no real part is provably positive).

References
----------
J. W. Weibull, *Evolutionary Game Theory*, MIT Press (1995), ch. 5.
D. Friedman, "Evolutionary games in economics", Econometrica 59 (1991) 637-666.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import is_real_looking, real_part_sign, sign
from .._util.tolerance import EIGEN_RECHECK, EIGEN_ZERO, atol_for
from ..errors import SolverError
from ._system import ReplicatorSystem
from .results import Stability

__all__ = ["KINDS", "classify_point", "kind_of", "stability_conditions", "vertex_eigenvalues"]

KINDS = ("sink", "source", "saddle", "unstable", "non-hyperbolic", "undecided")


def kind_of(signs: Sequence[str]) -> str:
    """The kind of a rest point from the signs of its eigenvalues' real parts."""
    if not signs:
        return "sink"
    if "+" in signs:
        if all(s in "+-" for s in signs):
            return "source" if "-" not in signs else "saddle"
        return "unstable"
    if "0" in signs:
        return "non-hyperbolic"
    if "?" in signs:
        return "undecided"
    return "sink"


def stability_conditions(eigs: Sequence[Any], signs: Sequence[str]) -> tuple[Any, ...]:
    """One condition per eigenvalue, ``Re(lambda) < 0``: ``true``/``false`` when decided."""
    out = []
    for lam, s in zip(eigs, signs, strict=True):
        if s != "?":
            out.append(sp.true if s == "-" else sp.false)
            continue
        e = sp.sympify(lam)
        out.append(sp.StrictLessThan(e if is_real_looking(e) else sp.re(e), 0))
    return tuple(out)


# ---------------------------------------------------------------------------- classification
def vertex_eigenvalues(system: ReplicatorSystem, profile: tuple[int, ...]) -> list[Any]:
    """The deviation gains at a vertex: the eigenvalues of the (diagonal) Jacobian there."""
    numeric = system.Unum is not None and not system.is_state_dependent
    if numeric:
        U = system.Unum
    else:
        sub = dict(zip(system.state, system.vertex_reduced(profile), strict=True))
        flat = [sp.expand(sp.sympify(e).xreplace(sub)) for e in system.U.ravel().tolist()]
        U = np.array([*flat, None], dtype=object)[:-1].reshape(system.U.shape)
    eig: list[Any] = []
    if system.population == "single":
        a = profile[0]
        for j in range(system.n_strategies[0]):
            if j != a:
                eig.append(U[j, a] - U[a, a])
    else:
        for p, m in enumerate(system.n_strategies):
            base = U[(p, *profile)]
            for k in range(m):
                if k != profile[p]:
                    dev = list(profile)
                    dev[p] = k
                    eig.append(U[(p, *dev)] - base)
    if numeric:
        return [float(v) for v in eig]
    out = [sp.expand(v) for v in eig]
    if not system.is_symbolic:
        return [float(v) for v in out]
    return out


def exact_jacobian(system: ReplicatorSystem) -> sp.Matrix:
    """The symbolic Jacobian with float coefficients made rational (for exact re-decisions)."""
    return system.jac.applyfunc(lambda e: sp.nsimplify(e, rational=True) if e.has(sp.Float) else e)


def classify_point(system: ReplicatorSystem, vals: Sequence[Any], profile: tuple[int, ...] | None,
                   exact_jac: Callable[[], sp.Matrix]) -> Stability:
    """Eigenvalues, signs, kind and stability conditions at a point (see ``classify``)."""
    point = system.point_strategies(vals)
    exact_point = all(isinstance(v, sp.Basic) for v in vals)
    if profile is not None:
        eig = vertex_eigenvalues(system, profile)
        if eig and isinstance(eig[0], float):
            tol = system.atol if not system.is_state_dependent else atol_for(np.abs(eig))
            signs = tuple(sign(v, atol=tol) for v in eig)
        else:
            signs = tuple(real_part_sign(v) for v in eig)
        J = system.jacobian_at(vals) if len(system.state) <= 6 else None
        return Stability(point, profile, tuple(eig), signs, kind_of(signs),
                         stability_conditions(eig, signs), J, labels=system.game.strategies)
    J = system.jacobian_at(vals)
    if isinstance(J, np.ndarray):
        ev = np.linalg.eigvals(J) if J.size else np.zeros(0)
        scale = max(1.0, float(np.max(np.abs(J))) if J.size else 1.0)
        near = np.abs(ev.real) <= EIGEN_RECHECK * scale
        if near.any() and exact_point and len(system.state) <= 4:
            sub = dict(zip(system.state, [sp.nsimplify(v, rational=True) if sp.sympify(v).has(sp.Float)
                                          else sp.sympify(v) for v in vals], strict=True))
            Je = exact_jac().xreplace(sub).applyfunc(sp.expand)
            exact_eigs = sympy_eigenvalues(Je)
            signs = tuple(real_part_sign(v) for v in exact_eigs)
            eig = tuple(complex(sp.N(v)) if sp.N(v).has(sp.I) or sp.im(sp.N(v)) != 0
                        else float(sp.N(v)) for v in exact_eigs)
        else:
            signs = tuple(sign(float(v.real), atol=EIGEN_ZERO * scale) for v in ev)
            eig = tuple(complex(v) if abs(v.imag) > 0 else float(v.real) for v in ev)
        return Stability(point, None, eig, signs, kind_of(signs), stability_conditions(eig, signs), J,
                         labels=system.game.strategies)
    eigs = sympy_eigenvalues(J)
    signs = tuple(real_part_sign(v) for v in eigs)
    return Stability(point, None, tuple(eigs), signs, kind_of(signs), stability_conditions(eigs, signs),
                     J, labels=system.game.strategies)


def sympy_eigenvalues(J: sp.Matrix) -> list[sp.Expr]:
    """Eigenvalues of a sympy matrix with their multiplicities, factored."""
    if J.shape[0] == 0:
        return []
    try:
        ev = J.eigenvals(multiple=True)
    except (sp.MatrixError, NotImplementedError) as exc:  # pragma: no cover - sympy limits
        raise SolverError(f"point: sympy could not compute the eigenvalues ({exc})") from exc
    return [sp.factor_terms(v) for v in ev]
