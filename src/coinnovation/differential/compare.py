r"""The comparisons the papers make: Nash vs Stackelberg (成本分担) vs cooperation (协同).

- :func:`compare_modes`: efforts, steady-state stocks and values in the
  three modes, with their differences simplified;
- :func:`pareto_region`: where the leader's cost-sharing contract makes every
  player at least as well off as Nash and one strictly better (solved by the
  policy module's region machinery);
- :func:`equalizing_subsidy`: the government subsidy rate (政府补贴) at which
  the non-cooperative steady-state stock equals the cooperative one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .._util.latex import latex
from ..errors import InvalidInputError, SolverError
from ..policy._solve import region_of_conditions
from ._hjb import signs_of
from ._stackelberg import clean_condition
from .equilibrium import feedback_equilibrium
from .game import DifferentialGame
from .results import FeedbackEquilibrium

__all__ = ["EqualizingSubsidy", "ModeComparison", "compare_modes", "equalizing_subsidy", "pareto_region"]

PAIRS = (("stackelberg", "nash"), ("cooperative", "nash"), ("cooperative", "stackelberg"))


def _tidy(e: Any) -> sp.Expr:
    """Cancel and factor, branch by branch for ``Piecewise``."""
    e = sp.piecewise_fold(sp.sympify(e))
    if isinstance(e, sp.Piecewise):
        return sp.Piecewise(*[(sp.factor(sp.cancel(a)), c) for a, c in e.args])
    return sp.factor(sp.cancel(e))


@dataclass(frozen=True)
class ModeComparison:
    """Nash, Stackelberg and cooperative solutions of one differential game side by side.

    Attributes
    ----------
    equilibria : dict
        Mode -> :class:`FeedbackEquilibrium`.
    efforts : dict
        Control -> {mode: feedback law}.
    steady_state : dict
        State -> {mode: steady-state value}.
    values : dict
        Player (and ``"total"``) -> {mode: value function}; the cooperative
        ``"total"`` is the joint value, a cooperative player's own value is
        not defined (how the joint value is split is a separate question).
    differences : dict
        ``(mode_a, mode_b)`` -> {name: simplified ``a - b``} for the pairs
        (stackelberg, nash), (cooperative, nash), (cooperative, stackelberg);
        names are the controls, the states and ``"V_<player>"``/``"V_total"``.
    """

    equilibria: dict[str, FeedbackEquilibrium]
    efforts: dict[sp.Symbol, dict[str, sp.Expr]]
    steady_state: dict[sp.Symbol, dict[str, sp.Expr]]
    values: dict[str, dict[str, sp.Expr]]
    differences: dict[tuple[str, str], dict[str, sp.Expr]]

    def to_dict(self) -> dict[str, Any]:
        """Strings of every closed form."""
        return {
            "efforts": {str(u): {m: str(e) for m, e in d.items()} for u, d in self.efforts.items()},
            "steady_state": {str(x): {m: str(e) for m, e in d.items()} for x, d in self.steady_state.items()},
            "values": {v: {m: str(e) for m, e in d.items()} for v, d in self.values.items()},
            "differences": {
                f"{a}-{b}": {k: str(e) for k, e in d.items()} for (a, b), d in self.differences.items()
            },
        }

    def to_latex(self) -> str:
        """The efforts and steady states of the three modes as a LaTeX ``aligned`` block."""
        rows = []
        for u, d in {**self.efforts, **self.steady_state}.items():
            for m, e in d.items():
                rows.append(f"{latex(u)}^{{\\mathrm{{{m}}}}} &= {latex(e)}")
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def compare_modes(game: DifferentialGame, *, leader: str, degree: int | None = None) -> ModeComparison:
    r"""Solve the game in the three modes and compare efforts, stocks and values.

    Parameters
    ----------
    game : DifferentialGame
    leader : str
        The Stackelberg leader (e.g. the enterprise that shares the cost).
    degree : int, optional
        Degree of the value-function ansatz (default: chosen automatically).

    Returns
    -------
    ModeComparison

    Examples
    --------
    >>> import coinnovation as co
    >>> game = co.models.knowledge_stock(cost_sharing=False)
    >>> cmp = co.compare_modes(game, leader="enterprise")
    >>> cmp.differences[("cooperative", "nash")][game.symbols["u_E"].name]
    -a_E*theta*(alpha - 1)/(mu_E*(delta + rho))
    """
    eqs = {
        "nash": feedback_equilibrium(game, "nash", degree=degree),
        "stackelberg": feedback_equilibrium(game, "stackelberg", leader=leader, degree=degree),
        "cooperative": feedback_equilibrium(game, "cooperative", degree=degree),
    }
    efforts = {u: {m: eq.controls[u] for m, eq in eqs.items()} for u in game.all_controls}
    steady = {x: {m: eq.steady_state.get(x, sp.nan) for m, eq in eqs.items()} for x in game.states}
    values: dict[str, dict[str, sp.Expr]] = {
        p: {m: eqs[m].values[p] for m in ("nash", "stackelberg")} for p in game.players
    }
    values["total"] = {m: _tidy(sp.Add(*eqs[m].values.values())) for m in ("nash", "stackelberg")}
    values["total"]["cooperative"] = eqs["cooperative"].values["joint"]
    diffs: dict[tuple[str, str], dict[str, sp.Expr]] = {}
    for a, b in PAIRS:
        d = {u.name: _tidy(efforts[u][a] - efforts[u][b]) for u in game.all_controls}
        d.update({x.name: _tidy(steady[x][a] - steady[x][b]) for x in game.states})
        for v, row in values.items():
            if a in row and b in row:
                d[f"V_{v}"] = _tidy(row[a] - row[b])
        diffs[(a, b)] = d
    return ModeComparison(eqs, efforts, steady, values, diffs)


def _branches(e: sp.Expr) -> list[tuple[sp.Expr, Any]]:
    e = sp.piecewise_fold(e)
    if isinstance(e, sp.Piecewise):
        return [(a, c) for a, c in e.args]
    return [(e, sp.true)]


def _gain_conditions(
    game: DifferentialGame, diff: sp.Expr, at: Mapping[Any, Any] | None, strict: bool
) -> list[Any]:
    """``diff >= 0`` at the state ``at``, or coefficient-wise (every coefficient, for all non-negative
    states); with ``strict``, the alternatives ``> 0`` (one coefficient positive suffices)."""
    parts = [diff.subs(dict(at))] if at is not None else sp.Poly(sp.expand(diff), *game.states).coeffs()
    return [clean_condition(game, q, strict) for q in parts] or [sp.false if strict else sp.true]


def _flatten(conds: list[Any]) -> list[Any] | None:
    flat: list[Any] = []
    for c in conds:
        if c is sp.false:
            return None
        if c is sp.true:
            continue
        flat.extend(c.args if isinstance(c, sp.And) else [c])
    return flat


def pareto_region(
    game: DifferentialGame,
    parameter: Any,
    *,
    leader: str,
    at: Mapping[Any, Any] | None = None,
    degree: int | None = None,
) -> sp.Set:
    r"""Where the Stackelberg (cost-sharing) solution Pareto-improves on Nash, as a set of ``parameter``.

    Every player's value is at least its Nash value and one player's is
    strictly higher: :math:`V_i^S - V_i^N \ge 0` for all :math:`i`,
    :math:`> 0` for some. Value functions are compared at the state ``at``,
    or, by default, coefficient by coefficient (every coefficient of the
    polynomial :math:`V_i^S - V_i^N` non-negative: better at every
    non-negative state). Regimes of bounded instruments are handled branch by
    branch; the conditions go through the policy module's region solver
    (:func:`coinnovation.policy._solve.region_of_conditions`), and a range of
    the parameter declared in the game (``ranges=``) restricts the result.

    Returns
    -------
    sympy.Set

    Examples
    --------
    >>> import coinnovation as co
    >>> game = co.models.knowledge_stock()
    >>> co.pareto_region(game, "alpha", leader="enterprise")
    Interval.open(1/3, 1)
    """
    p = game.symbols.get(parameter) if isinstance(parameter, str) else parameter
    if p is None or p not in game.parameters:
        raise InvalidInputError(f"parameter: {parameter!r} is not a parameter of the game")
    nash = feedback_equilibrium(game, "nash", degree=degree)
    stack = feedback_equilibrium(game, "stackelberg", leader=leader, degree=degree)
    diffs = {i: sp.piecewise_fold(stack.values[i] - nash.values[i]) for i in game.players}
    regime_conds = sorted({c for d in diffs.values() for _, c in _branches(d)}, key=str)
    region: sp.Set = sp.S.EmptySet
    for rc in regime_conds:
        pieces = {i: next((a for a, c in _branches(d) if c == rc), None) for i, d in diffs.items()}
        if any(v is None for v in pieces.values()):
            continue
        weak = [c for i in game.players for c in _gain_conditions(game, pieces[i], at, False)]
        for j in game.players:
            for strict in _gain_conditions(game, pieces[j], at, True):
                conds = _flatten([rc, *weak, strict])
                if conds is not None:
                    region = region | region_of_conditions(conds, p)
    if p in game.ranges:
        lo, hi = game.ranges[p]
        region = region & sp.Interval.open(lo, hi)
    return sp.simplify(region) if not isinstance(region, sp.Interval) else region


@dataclass(frozen=True)
class EqualizingSubsidy:
    """The subsidy rate that makes the non-cooperative stock equal the cooperative one.

    Attributes
    ----------
    parameter : sympy.Symbol
        The subsidy rate symbol of the game.
    rate : sympy.Expr
        Its equalizing value.
    state : sympy.Symbol
    nash_stock : sympy.Expr
        The Nash steady state as a function of the rate.
    cooperative_stock : sympy.Expr
        The cooperative steady state without subsidy (the first best of the parties).
    """

    parameter: sp.Symbol
    rate: sp.Expr
    state: sp.Symbol
    nash_stock: sp.Expr
    cooperative_stock: sp.Expr

    def to_latex(self) -> str:
        """``s^* = ...`` in LaTeX."""
        return f"{latex(self.parameter)}^* = {latex(self.rate)}"


def equalizing_subsidy(
    game: DifferentialGame, subsidy: Any, *, state: Any = None, degree: int | None = None
) -> EqualizingSubsidy:
    r"""The government subsidy rate (政府补贴比例) at which the Nash stock equals the cooperative one.

    Solves :math:`x^N_\infty(s) = x^C_\infty(0)` for the subsidy rate
    :math:`s`: the Nash steady state of the subsidised game equals the
    steady state the parties reach by cooperating without subsidy. The root is
    checked by substitution (the difference cancels to zero).

    Parameters
    ----------
    game : DifferentialGame
        A game whose payoffs contain the subsidy rate, e.g.
        :func:`coinnovation.models.knowledge_stock_subsidy`.
    subsidy : sympy.Symbol or str
    state : sympy.Symbol or str, optional
        The stock to equalize (default: the first state).

    Examples
    --------
    >>> import coinnovation as co
    >>> res = co.equalizing_subsidy(co.models.knowledge_stock_subsidy(alpha=sp.Rational(1, 2),
    ...                             a_E=1, a_U=1, mu_E=1, mu_U=1), "s")
    >>> res.rate
    1/2
    """
    s = game.symbols.get(subsidy) if isinstance(subsidy, str) else subsidy
    if s is None or s not in game.parameters:
        raise InvalidInputError(f"subsidy: {subsidy!r} is not a parameter of the game")
    x = game.states[0] if state is None else (game.symbols.get(state) if isinstance(state, str) else state)
    if x not in game.states:
        raise InvalidInputError(f"state: {state!r} is not a state of the game")
    nash = feedback_equilibrium(game, "nash", degree=degree).steady_state.get(x)
    coop = feedback_equilibrium(game.subs({s: 0}), "cooperative", degree=degree).steady_state.get(x)
    if nash is None or coop is None:
        raise SolverError("equalizing_subsidy: a steady state is missing")
    roots = [
        r for r in sp.solve(sp.numer(sp.together(nash - coop)), s) if sp.cancel(nash.subs(s, r) - coop) == 0
    ]
    roots = [r for r in roots if "-" not in signs_of(r, game)]
    if len(roots) != 1:
        raise SolverError(f"equalizing_subsidy: {len(roots)} admissible subsidy rates; expected one")
    return EqualizingSubsidy(s, sp.factor(roots[0]), x, nash, coop)
