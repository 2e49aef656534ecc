r"""Feedback equilibria of differential games: Nash, Stackelberg (成本分担) and cooperation.

The front-end :func:`feedback_equilibrium` builds the value-function ansatz
(:mod:`._hjb`), takes the first-order conditions of every decision maker
(:mod:`._stackelberg` for the leader's problem and bounded instruments),
matches coefficients, checks the second-order conditions, selects the
stabilizing root when there are several, verifies every HJB residual, and
returns a :class:`~coinnovation.differential.results.FeedbackEquilibrium`.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from .._util.signs import is_real_looking
from .._util.validation import int_at_least
from ..errors import InvalidGameError, InvalidInputError, SolverError, UndecidableError, UnknownPlayerError
from . import _hjb
from ._stackelberg import assemble, decision_hamiltonians, regime_conditions
from .game import DifferentialGame
from .results import FeedbackEquilibrium

__all__ = ["MODES", "feedback_equilibrium"]

MODES = ("nash", "stackelberg", "cooperative")

MAX_DEGREE = 4
"""The largest degree of the value-function ansatz accepted."""


def _check_args(game: Any, mode: Any, leader: Any, degree: Any) -> int:
    if not isinstance(game, DifferentialGame):
        raise InvalidInputError(f"game: expected a co.DifferentialGame, got {type(game).__name__}")
    if mode not in MODES:
        raise InvalidInputError(f"mode: expected one of {', '.join(map(repr, MODES))}, got {mode!r}")
    if mode == "stackelberg":
        if leader is None:
            raise InvalidInputError(
                f"leader: stackelberg mode needs leader= (one of {', '.join(game.players)})"
            )
        if leader not in game.players:
            raise UnknownPlayerError(
                f"leader: {leader!r} is not a player (the players are {', '.join(game.players)})"
            )
        if len(game.players) < 2:
            raise InvalidInputError("mode: stackelberg mode needs at least two players")
    elif leader is not None:
        raise InvalidInputError(f"leader: only stackelberg mode has a leader (mode={mode!r})")
    if degree is None:
        return _hjb.choose_degree(game)
    d = int_at_least(degree, "degree", 1)
    if d > MAX_DEGREE:
        raise InvalidInputError(f"degree: at most {MAX_DEGREE} (the ansatz has one unknown per monomial), "
                                f"got {d}")
    return d


def _payoffs(game: DifferentialGame, mode: str) -> dict[str, sp.Expr]:
    if mode == "cooperative":
        return {"joint": sp.Add(*game.payoffs.values())}
    return dict(game.payoffs)


def _focs(game: DifferentialGame, deciders: dict, fixed: dict[sp.Symbol, sp.Expr]) -> list[dict]:
    free = [u for _, (_, cs) in deciders.items() for u in cs if u not in fixed]
    eqs = [sp.diff(d, u).subs(fixed) for _, (d, cs) in deciders.items() for u in cs if u not in fixed]
    for e, u in zip(eqs, free, strict=True):
        if sp.cancel(e) == 0 and u not in game.bounds:
            raise InvalidGameError(
                f"controls: {u} does not affect the Hamiltonian of the player who chooses it, "
                "so its first-order condition determines nothing"
            )
    if not free:
        return [dict(fixed)]
    sols = _hjb.solve_equations(eqs, free)
    return [{**fixed, **s} for s in sols if all(u in s for u in free) and not _hjb.degenerate(s)]


def _soc(game: DifferentialGame, deciders: dict, fixed: dict, laws: dict, coeffs: dict) -> list[str]:
    """Second-order conditions at the laws (still in the unknown coefficients), then the coefficients."""
    notes = []
    for who, (d, cs) in deciders.items():
        own = [u for u in cs if u not in fixed]
        if not own:
            continue
        hess = sp.hessian(d, own).subs(laws)
        if hess.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise SolverError(f"the Hamiltonian of {who!r} is undefined at this regime's solution")
        hess = hess.applyfunc(lambda e: sp.factor(sp.cancel(e)).subs(coeffs))
        note = _hjb.negative_definite(game, hess, who, own)
        if note:
            notes.append(note)
    return notes


def _steady_state(game: DifferentialGame, laws: dict[sp.Symbol, sp.Expr]) -> dict[sp.Symbol, sp.Expr]:
    eqs = [game.dynamics[x].subs(laws) for x in game.states]
    try:
        sols = _hjb.solve_equations(eqs, list(game.states))
    except SolverError:
        return {}
    sols = [s for s in sols if all(x in s for x in game.states)]
    if len(sols) != 1:
        return {}
    return {x: sp.factor(sp.cancel(sols[0][x])) for x in game.states}


def _candidates_of_laws(game, ansatz, payoffs, deciders, fixed, regime, laws) -> tuple[list, list]:
    """Coefficient solutions for one set of first-order laws, each checked; and the failures."""
    rho = game.discount
    residuals = {
        v: rho * ansatz.values[v] - _hjb.hamiltonian(game, g, ansatz.values[v]).subs(laws)
        for v, g in payoffs.items()
    }
    out, failures = [], []
    for coeffs in _hjb.match_coefficients(game, ansatz, residuals):
        coeffs = {c: sp.factor(sp.cancel(e)) for c, e in coeffs.items()}
        if not all(is_real_looking(e) or e.is_real for e in coeffs.values()):
            continue
        law = {u: sp.factor(sp.cancel(sp.sympify(e).subs(coeffs))) for u, e in laws.items()}
        vals = {
            v: sp.Add(
                *[c.subs(coeffs) * m for c, m in zip(ansatz.unknowns[v], ansatz.monomials, strict=True)]
            )
            for v in payoffs
        }
        try:
            notes = _soc(game, deciders, fixed, laws, coeffs)
        except (InvalidGameError, UndecidableError) as exc:
            failures.append(exc)
            continue
        except SolverError:
            continue
        conds = regime_conditions(game, regime, deciders, laws, law, coeffs) if regime else []
        if conds is None:
            continue
        cand = _hjb.Candidate(law, vals, conds, notes)
        _hjb.verify(game, cand, payoffs)
        out.append(cand)
    return out, failures


def _solve_regime(game, ansatz, payoffs, deciders, regime) -> tuple[list, list]:
    fixed = {u: game.bounds[u][0 if w == "low" else 1] for u, w in regime.items() if w != "interior"}
    cands, failures = [], []
    owner = {u: d for d, (_, cs) in deciders.items() for u in cs}
    for u, w in regime.items():
        grad = sp.diff(deciders[owner[u]][0], u)
        if w == "interior" and sp.diff(grad, u) == 0:  # linear in the instrument: corners only
            return [], []
        if w == "high" and grad == 0:  # the instrument does not matter to its decider: reported at low
            return [], []
    for laws in _focs(game, deciders, fixed):
        try:
            c, f = _candidates_of_laws(game, ansatz, payoffs, deciders, fixed, regime, laws)
        except SolverError as exc:
            if not regime:
                raise
            failures.append(exc)
            continue
        cands.extend(c)
        failures.extend(f)
    if len(cands) > 1:
        chosen, how = _hjb.select_stabilizing(game, cands)
        chosen.notes.append(
            f"{len(cands)} solutions of the HJB equations; returned the stabilizing one "
            f"(closed-loop eigenvalues with negative real parts, {how})"
        )
        chosen.stable = True
        cands = [chosen]
    return cands, failures


def feedback_equilibrium(
    game: DifferentialGame, mode: str = "nash", leader: str | None = None, degree: int | None = None
) -> FeedbackEquilibrium:  # long: one pass, regime by regime
    r"""The feedback (Markov-perfect) equilibrium of a differential game (微分博弈反馈均衡).

    Solves the HJB equations (哈密顿-雅可比-贝尔曼方程)

    .. math::

        \rho V_i(x) = \max_{u_i}\Big[g_i(x,u) + \nabla V_i\cdot f(x,u)
                      + \tfrac12\operatorname{tr}(\Sigma\Sigma^\top\nabla^2 V_i)\Big]

    with a polynomial ansatz for the :math:`V_i`:

    - ``"nash"``: every player maximises its own Hamiltonian simultaneously;
    - ``"stackelberg"``: the ``leader`` announces its controls (e.g. a
      cost-sharing rate 成本分担比例), the followers' reaction is substituted
      into the leader's Hamiltonian;
    - ``"cooperative"``: one value function ``"joint"`` for the sum of the
      payoffs, maximised over every control.

    Bounded instruments (``bounds=`` of the game) come back as
    ``sympy.Piecewise`` over their interior and corner regimes. Every returned
    solution satisfies the second-order conditions and its HJB residuals
    simplify to zero identically.

    Parameters
    ----------
    game : DifferentialGame
    mode : {"nash", "stackelberg", "cooperative"}
    leader : str, optional
        The leader's name; required in stackelberg mode only.
    degree : int, optional
        Degree of the polynomial ansatz; by default 1 for linear-state games
        and 2 for linear–quadratic ones.

    Returns
    -------
    FeedbackEquilibrium
        ``.controls``, ``.values``, ``.steady_state``, ``.state_path(t, initial)``,
        ``.to_latex()``, ``.subs(...)``, ``.notes``.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        The second-order condition fails (a payoff convex in its own control).
    coinnovation.errors.SolverError
        The ansatz does not close (a term of higher degree remains), or no
        solution.
    coinnovation.errors.InvalidInputError, UnknownPlayerError
        A bad mode, a missing or unknown leader, a bad degree.

    References
    ----------
    Dockner, Jørgensen, Long & Sorger (2000), *Differential Games in Economics
    and Management Science*, Cambridge University Press; Jørgensen & Zaccour
    (2004), *Differential Games in Marketing*, Kluwer (cost sharing).

    Examples
    --------
    >>> import coinnovation as co
    >>> game = co.models.knowledge_stock()
    >>> eq = co.feedback_equilibrium(game, mode="nash")
    >>> s = game.symbols
    >>> eq.controls[s["u_E"]]
    a_E*alpha*theta/(mu_E*(delta + rho))
    """
    degree = _check_args(game, mode, leader, degree)
    payoffs = _payoffs(game, mode)
    ansatz = _hjb.make_ansatz(list(payoffs), game.states, degree)
    h = {v: _hjb.hamiltonian(game, g, ansatz.values[v]) for v, g in payoffs.items()}
    deciders, _ = decision_hamiltonians(game, mode, leader, h)
    bounded = list(game.bounds)
    cands: list[_hjb.Candidate] = []
    failures: list[Exception] = []
    for combo in itertools.product(("interior", "low", "high"), repeat=len(bounded)):
        regime = dict(zip(bounded, combo, strict=True))
        c, f = _solve_regime(game, ansatz, payoffs, deciders, regime)
        cands.extend(c)
        failures.extend(f)
    if not cands:
        if failures:
            raise failures[0]
        raise SolverError(f"{mode}: the first-order conditions have no solution")
    for c in cands:
        c.steady_state = _steady_state(game, c.laws)
    controls, values, steady = assemble(game, cands)
    notes = sorted({n for c in cands for n in c.notes})
    if len(cands) > 1:
        notes.append(
            "bounded instruments: the solution is piecewise over the regimes "
            + ", ".join(f"{u} in [{lo}, {hi}]" for u, (lo, hi) in game.bounds.items())
        )
    owner = {u: d for d, (_, cs) in deciders.items() for u in cs}
    for u, (lo, _) in game.bounds.items():
        if sp.diff(deciders[owner[u]][0], u) == 0:
            notes.append(f"{u} does not affect the Hamiltonian of {owner[u]!r} (who chooses it in {mode} "
                         f"mode); reported at its lower bound {lo}")
    if not steady:
        notes.append("no unique steady state of the closed-loop dynamics")
    return FeedbackEquilibrium(
        game=game,
        mode=mode,
        leader=leader,
        degree=degree,
        controls=controls,
        values=values,
        steady_state=steady,
        notes=tuple(notes),
    )
