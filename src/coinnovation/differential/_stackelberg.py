r"""The leader's problem and bounded instruments (成本分担比例 in [0, 1]).

**Feedback Stackelberg.** The leader announces its controls (efforts and, for
example, the share :math:`t` of the follower's effort cost it pays); the
follower's first-order conditions give its reaction :math:`u_F = R(x, u_L)`,
which is substituted into the leader's Hamiltonian before the leader's own
first-order conditions are taken (Dockner et al. 2000, §5.2; for cooperative
advertising with cost sharing: Jørgensen & Zaccour 2004, ch. 6).

**Bounded instruments.** A control with ``bounds=(lo, hi)`` is solved in every
regime — interior (first-order condition), at ``lo``, at ``hi`` — and each
regime is kept under its Karush–Kuhn–Tucker condition: interior where
:math:`lo < u^* < hi`, at ``lo`` where :math:`\partial H/\partial u \le 0`, at
``hi`` where :math:`\partial H/\partial u \ge 0` (the derivative of the
deciding player's Hamiltonian, the follower's reaction included). Conditions
decided by the symbols' assumptions drop their regime or become ``True``;
the rest become the conditions of a :class:`sympy.Piecewise`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from ..errors import InvalidInputError, SolverError
from ._hjb import Candidate, degenerate, signs_of, solve_equations
from .game import DifferentialGame

__all__ = ["assemble", "clean_condition", "decision_hamiltonians", "regime_conditions"]


def _reaction(
    game: DifferentialGame, h: dict[str, sp.Expr], followers: Sequence[str]
) -> dict[sp.Symbol, sp.Expr]:
    us = [u for f in followers for u in game.controls[f]]
    focs = [sp.diff(h[f], u) for f in followers for u in game.controls[f]]
    sols = solve_equations(focs, us)
    sols = [s for s in sols if all(u in s for u in us) and not degenerate(s)]
    if len(sols) != 1:
        raise SolverError(
            f"stackelberg: the followers' first-order conditions in {', '.join(map(str, us))} have "
            f"{len(sols)} solutions; a unique reaction to the leader is needed"
        )
    return sols[0]


def decision_hamiltonians(
    game: DifferentialGame, mode: str, leader: str | None, h: dict[str, sp.Expr]
) -> tuple[dict[str, tuple[sp.Expr, tuple[sp.Symbol, ...]]], dict[sp.Symbol, sp.Expr]]:
    """Who maximises what over which controls; and the followers' reaction (Stackelberg only).

    Returns ``{decider: (expression maximised, controls chosen)}`` and the
    reaction ``{follower control: R(x, u_L)}`` (empty outside Stackelberg).
    """
    if mode == "nash":
        return {p: (h[p], game.controls[p]) for p in game.players}, {}
    if mode == "cooperative":
        return {"joint": (h["joint"], game.all_controls)}, {}
    followers = [p for p in game.players if p != leader]
    bounded = [u for f in followers for u in game.controls[f] if u in game.bounds]
    if bounded:
        raise InvalidInputError(
            f"bounds: bounded follower controls ({', '.join(map(str, bounded))}) are not "
            "supported in stackelberg mode; bound the leader's instruments only"
        )
    reaction = _reaction(game, h, followers)
    out = {f: (h[f], game.controls[f]) for f in followers}
    out[leader] = (sp.together(h[leader].subs(reaction)), game.controls[leader])  # type: ignore[index]
    return out, reaction


def clean_condition(game: DifferentialGame, expr: Any, strict: bool) -> Any:
    """``expr > 0`` (or ``>= 0``) as True, False, or a relational with sign-known factors removed."""
    e = sp.factor(sp.cancel(sp.sympify(expr)))
    s = signs_of(e, game)
    if (strict and s == {"+"}) or (not strict and "-" not in s):
        return sp.true
    if (strict and "+" not in s) or (not strict and s == {"-"}):
        return sp.false
    flip = False
    keep = []
    for f in sp.Mul.make_args(e):
        sf = signs_of(f, game)
        if sf == {"+"}:
            continue
        if sf == {"-"}:
            flip = not flip
            continue
        keep.append(f)
    core = sp.expand(-sp.Mul(*keep) if flip else sp.Mul(*keep))
    syms = list(core.free_symbols)
    if len(syms) == 1 and sp.Poly(core, syms[0]).degree() == 1:
        p = syms[0]
        c, d = sp.Poly(core, p).all_coeffs()
        if c.is_number:
            bound = -d / c
            if c > 0:
                return p > bound if strict else p >= bound
            return p < bound if strict else p <= bound
    return core > 0 if strict else core >= 0


def regime_conditions(
    game: DifferentialGame,
    regime: dict[sp.Symbol, str],
    deciders: dict[str, tuple[sp.Expr, tuple[sp.Symbol, ...]]],
    raw: dict[sp.Symbol, sp.Expr],
    laws: dict[sp.Symbol, sp.Expr],
    coeffs: dict[sp.Dummy, sp.Expr],
) -> list[Any] | None:
    """The KKT conditions of a regime at its solution; None when one is certainly false.

    ``raw`` are the laws in the unknown coefficients, ``laws`` with ``coeffs`` substituted.
    """
    owner = {u: d for d, (_, cs) in deciders.items() for u in cs}
    out: list[Any] = []
    for u, where in regime.items():
        lo, hi = game.bounds[u]
        if where == "interior":
            conds = [clean_condition(game, laws[u] - lo, True), clean_condition(game, hi - laws[u], True)]
        else:
            grad = sp.diff(deciders[owner[u]][0], u).subs(raw)
            if grad.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
                return None
            grad = sp.factor(sp.cancel(grad)).subs(coeffs)
            conds = [clean_condition(game, -grad if where == "low" else grad, False)]
        for c in conds:
            if c is sp.false:
                return None
            if c is not sp.true:
                out.append(c)
    return out


def _piecewise(pairs: list[tuple[sp.Expr, Any]]) -> sp.Expr:
    if len(pairs) == 1 and pairs[0][1] is sp.true:
        return pairs[0][0]
    if all(sp.cancel(a - pairs[0][0]) == 0 for a, _ in pairs):
        conds = sp.Or(*[c for _, c in pairs])
        if sp.simplify(conds) is sp.true:
            return pairs[0][0]
    return sp.Piecewise(*pairs)


def assemble(game: DifferentialGame, cands: list[Candidate]) -> tuple[dict, dict, dict]:
    """Controls, values and steady state, as ``Piecewise`` over the regimes when there are several."""
    conds = [sp.And(*c.conditions) if c.conditions else sp.true for c in cands]
    if len(conds) == 2 and sp.simplify(sp.Or(*conds)) is sp.true:
        conds[-1] = sp.true
    if len(cands) == 1 and conds[0] is not sp.true:
        pass  # a single regime valid only under its condition: the Piecewise says so (nan elsewhere)
    controls = {
        u: _piecewise([(c.laws[u], k) for c, k in zip(cands, conds, strict=True)]) for u in game.all_controls
    }
    values = {
        v: _piecewise([(c.values[v], k) for c, k in zip(cands, conds, strict=True)]) for v in cands[0].values
    }
    steady: dict[sp.Symbol, sp.Expr] = {}
    if all(c.steady_state for c in cands):
        steady = {
            x: _piecewise([(c.steady_state[x], k) for c, k in zip(cands, conds, strict=True)])
            for x in game.states
        }
    if not cands:
        raise SolverError("no regime of the bounded instruments has a solution")
    return controls, values, steady
