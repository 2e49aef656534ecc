"""Stability of the grand coalition: core, least core, nucleoli, and what a stable alliance costs.

All linear programs run on HiGHS (through ``highspy`` when installed, else
``scipy.optimize.linprog(method="highs")``) with constraint generation: they
start from the one-player coalitions and their complements and add the most
violated coalitions until none is violated, so the solved LPs stay small even
when the game has tens of thousands of coalitions.

LP-based concepts are numeric: a symbolic game raises
:class:`~coinnovation.errors.SymbolicNotSupported` naming its free symbols.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import decide_nonnegative, decide_positive
from .._util.subsets import subset_sums
from .._util.symbolic import require_numeric
from .._util.tolerance import TOL
from ..errors import InvalidGameError, InvalidInputError, SolverError, UndecidableError
from ..games.coalitional import CoalitionalGame
from ._lp import CoalitionLP
from ._nucleolus import exact_nucleolus, sequential_nucleolus
from .allocation import Allocation, LeastCore
from .values import _check_game, _player_vector

__all__ = [
    "cost_of_stability",
    "excesses",
    "in_core",
    "least_core",
    "nucleolus",
    "per_capita_nucleolus",
    "prenucleolus",
    "stabilizing_subsidy",
]


def _profit_table(game: CoalitionalGame, what: str) -> np.ndarray:
    require_numeric(game.free_symbols, what)
    return np.asarray(game._profit_view().values, dtype=float)


def _atol(v: np.ndarray, tol: float | None) -> float:
    t = TOL if tol is None else float(tol)
    return t * max(1.0, float(np.max(np.abs(v))))


# ---------------------------------------------------------------------- core membership
def _as_vector(game: CoalitionalGame, allocation: Any) -> np.ndarray:
    if isinstance(allocation, Allocation):
        if allocation.players != game.players:
            raise InvalidInputError(f"allocation: its players {list(allocation.players)} are not "
                                    f"the game's players {list(game.players)}")
        return allocation.values
    conv = _player_vector(game, allocation, "allocation", "share")
    if conv.is_symbolic or game.is_symbolic:
        return conv.symbolic
    if conv._symbolic is not None and all(isinstance(e, sp.Rational)
                                          for e in conv.symbolic.tolist()):
        return conv.exact()
    assert conv.numeric is not None
    return conv.numeric


def _slacks(game: CoalitionalGame, x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Core slacks of every coalition (``x(S) − v(S)``; cost: ``c(S) − x(S)``) and x(N) − v(N)."""
    n = game.n_players
    if x.dtype == object or game.is_symbolic:
        v = game.symbolic_values() if (game.is_symbolic or any(
            isinstance(e, sp.Basic) for e in x.tolist())) else game.exact_values()
        xs = subset_sums(x.astype(object), n, dtype=object)
    else:
        v = np.asarray(game.values, dtype=float)
        xs = subset_sums(x, n)
    slack = (v - xs) if game.is_cost else (xs - v)
    return slack, xs[-1] - v[-1]


def excesses(game: CoalitionalGame, allocation: Any) -> np.ndarray:
    """The excess ``e(S, x) = v(S) − x(S)`` of every coalition, in bitmask order.

    For a cost game: ``x(S) − c(S)`` (how much more ``S`` pays than it would
    alone). ``x`` is in the core when it is efficient and no excess is positive.
    """
    game = _check_game(game, "excesses")
    slack, _ = _slacks(game, _as_vector(game, allocation))
    return -slack


def in_core(game: CoalitionalGame, allocation: Any, *, tol: float | None = None) -> bool:
    r"""Whether ``allocation`` lies in the core of ``game``.

    The core (Gillies 1959) is the set of efficient allocations that no
    coalition can improve upon: :math:`x(N) = v(N)` and :math:`x(S) \ge v(S)`
    for every ``S`` (for a cost game :math:`x(S) \le c(S)`). Floats are
    compared with the tolerance ``tol`` (default :data:`coinnovation.TOL`)
    relative to the worths; Fractions exactly; symbolic games and shares are
    decided from the symbols' assumptions (else
    :class:`~coinnovation.errors.UndecidableError`).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 1, 2, 6])
    >>> co.in_core(g, [2.5, 3.5]), co.in_core(g, [0.5, 5.5])
    (True, False)
    """
    game = _check_game(game, "in_core")
    x = _as_vector(game, allocation)
    slack, eff = _slacks(game, x)
    if slack.dtype != object:
        atol = _atol(np.asarray(game.values, dtype=float), tol)
        return bool(abs(eff) <= atol and np.all(slack >= -atol))
    if not all(isinstance(e, (Fraction, int)) for e in slack.tolist()):
        if sp.simplify(sp.sympify(eff)) != 0:
            return False
        return all(decide_nonnegative(e, "in_core") for e in slack.tolist()[1:])
    return bool(eff == 0 and all(e >= 0 for e in slack.tolist()))


def _core_report(game: CoalitionalGame, x: np.ndarray
                 ) -> tuple[bool | None, bool | None, tuple[Any, ...] | None]:
    """(individually rational, in core, undecided conditions) of an efficient allocation."""
    slack, eff = _slacks(game, x)
    n = game.n_players
    single = [1 << i for i in range(n)]
    if slack.dtype != object:
        atol = _atol(np.asarray(game.values, dtype=float), None)
        return (bool(np.all(slack[single] >= -atol)),
                bool(abs(eff) <= atol and np.all(slack >= -atol)), None)
    items = slack.tolist()
    if all(isinstance(e, (Fraction, int)) for e in items):
        return (all(items[m] >= 0 for m in single),
                eff == 0 and all(e >= 0 for e in items), None)
    decided: dict[int, bool | None] = {}
    conditions = []
    for m in range(1, 1 << n):
        e = sp.expand(sp.sympify(items[m]))
        try:
            decided[m] = decide_nonnegative(e, "core")
        except UndecidableError:
            decided[m] = None
            conditions.append(sp.simplify(e) >= 0)
    ir_vals = [decided[m] for m in single]
    ir = False if False in ir_vals else (True if all(ir_vals) else None)
    all_vals = list(decided.values())
    core = False if False in all_vals else (True if all(all_vals) else None)
    return ir, core, (tuple(conditions) if core is None else None)


# ---------------------------------------------------------------------- nucleoli
def _nucleolus(game: CoalitionalGame, what: str, *, domain: str, per_capita: bool,
               exact: bool, backend: str | None, rule: str) -> Allocation:
    game = _check_game(game, what)
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidInputError(f"exact: expected True or False, got {exact!r}")
    v = _profit_table(game, what)
    n = game.n_players
    if domain == "imputation":
        singles = v[1 << np.arange(n)]
        if singles.sum() > v[-1] + _atol(v, None):
            raise InvalidGameError(
                f"{what}: the imputation set is empty (Σ v({{i}}) = {singles.sum():g} exceeds "
                f"v(N) = {v[-1]:g}{' in the savings game' if game.is_cost else ''}); "
                "the prenucleolus is defined")
    res = sequential_nucleolus(v, n, domain=domain, per_capita=per_capita, backend=backend)
    x: np.ndarray = res.x
    levels: tuple[Any, ...] = tuple(res.levels)
    if exact:
        vex = _profit_exact(game)
        sol = exact_nucleolus(vex, n, res, per_capita) if res.fixed or n == 1 else None
        if n == 1:
            xe = [vex[-1]]
        elif sol is None:
            raise SolverError(f"{what}: could not confirm the nucleolus in exact arithmetic "
                              "(the fixed coalitions do not determine it); use exact=False")
        else:
            xe = [Fraction(int(q.p), int(q.q)) for q in sol[0]]
            levels = tuple(Fraction(int(q.p), int(q.q)) for q in sol[1])
        if np.max(np.abs(np.array([float(q) for q in xe]) - x)) > 1e-6 * max(
                1.0, float(np.max(np.abs(v)))):
            raise SolverError(f"{what}: exact and floating-point solutions disagree; "
                              "use exact=False")
        if game.is_cost:
            single = game.exact_values()[1 << np.arange(n)]
            xe = [single[i] - xe[i] for i in range(n)]
        vals = np.array([*xe, None], dtype=object)[:-1]
    else:
        if game.is_cost:
            x = np.asarray(game.values, dtype=float)[1 << np.arange(n)] - x
        vals = x
    return Allocation(vals, game.players, rule, cost=game.is_cost, levels=levels,
                      info={"lp_solves": res.lp_solves, "lp_rows": res.rows,
                            "fixed_coalitions": len(res.fixed)})


def _profit_exact(game: CoalitionalGame) -> np.ndarray:
    ex = game.exact_values()
    if not game.is_cost:
        return ex
    n = game.n_players
    single = ex[1 << np.arange(n)]
    return subset_sums(single, n, dtype=object) - ex


def nucleolus(game: CoalitionalGame, *, exact: bool = False,
              backend: str | None = None) -> Allocation:
    r"""The nucleolus (Schmeidler 1969).

    Among the imputations (efficient allocations with :math:`x_i \ge v(\{i\})`)
    the nucleolus lexicographically minimises the vector of excesses
    :math:`e(S,x) = v(S) - x(S)` sorted from largest to smallest: it makes the
    most dissatisfied coalition as satisfied as possible, then the next, and so
    on. It is unique, lies in the core whenever the core is non-empty, and in
    the least core. Computed by sequential LPs (see
    :mod:`coinnovation.coalitional._nucleolus`) that fix only the coalitions whose
    excess is constant on the whole optimal face.

    Parameters
    ----------
    exact : bool
        Also solve the final system of tight coalitions in rational arithmetic
        and return :class:`fractions.Fraction` shares (rational worths).
    backend : {"highspy", "scipy"}, optional
        LP interface (default: highspy when installed).

    Returns
    -------
    Allocation
        ``levels`` holds the successive maximal excesses; ``info`` the number
        of LPs solved and of coalition rows they used.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when the imputation set is empty (``Σ v({i}) > v(N)``).

    Examples
    --------
    The bankruptcy problem of the Talmud, estate 200 (Aumann & Maschler 1985):

    >>> import coinnovation as co
    >>> co.nucleolus(co.bankruptcy(200, [100, 200, 300]), exact=True).to_dict()
    {'player 0': Fraction(50, 1), 'player 1': Fraction(75, 1), 'player 2': Fraction(75, 1)}
    """
    return _nucleolus(game, "nucleolus", domain="imputation", per_capita=False, exact=exact,
                      backend=backend, rule="nucleolus")


def prenucleolus(game: CoalitionalGame, *, exact: bool = False,
                 backend: str | None = None) -> Allocation:
    """The prenucleolus (Sobolev 1975): the nucleolus over all efficient allocations.

    Like :func:`nucleolus` without the individual-rationality constraints; it
    always exists, lies in the least core, and equals the nucleolus whenever
    the core is non-empty.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.prenucleolus(co.CoalitionalGame([0, 0, 0, 10, 0, 0, 0, 2]), exact=True).to_dict()
    {'player 0': Fraction(3, 1), 'player 1': Fraction(3, 1), 'player 2': Fraction(-4, 1)}
    """
    return _nucleolus(game, "prenucleolus", domain="preimputation", per_capita=False,
                      exact=exact, backend=backend, rule="prenucleolus")


def per_capita_nucleolus(game: CoalitionalGame, *, exact: bool = False,
                         backend: str | None = None) -> Allocation:
    r"""The per capita nucleolus (Grotte 1970): lexicographically minimise :math:`e(S,x)/|S|`.

    Dissatisfaction is measured per member, so large coalitions weigh less
    than in the nucleolus. Over imputations; in the core when it is non-empty.
    """
    return _nucleolus(game, "per_capita_nucleolus", domain="imputation", per_capita=True,
                      exact=exact, backend=backend, rule="per capita nucleolus")


def least_core(game: CoalitionalGame, *, backend: str | None = None) -> LeastCore:
    r"""The least core (Maschler, Peleg & Shapley 1979).

    ``epsilon`` is the least :math:`\varepsilon` such that some ``x`` with
    :math:`x(N) = v(N)` satisfies :math:`x(S) \ge v(S) - \varepsilon` for every
    non-empty proper coalition ``S`` (cost games: :math:`x(S) \le c(S) + \varepsilon`).
    It may be negative: then the core has interior and :math:`-\varepsilon`
    is how much every coalition can be guaranteed beyond its worth. The core is
    non-empty exactly when :math:`\varepsilon \le 0`. ``allocation`` is the
    nucleolus (a point of the least core whenever the core is non-empty), or
    the prenucleolus when the nucleolus misses the least core.

    Examples
    --------
    >>> import coinnovation as co
    >>> lc = co.least_core(co.CoalitionalGame([0, 0, 0, 1, 0, 1, 1, 1]))
    >>> round(lc.epsilon, 12), lc.core_is_empty
    (0.333333333333, True)
    """
    game = _check_game(game, "least_core")
    v = _profit_table(game, "least_core")
    n = game.n_players
    if n < 2:
        raise InvalidGameError("least_core: a one-player game has no proper coalition")
    pre = prenucleolus(game, backend=backend)
    assert pre.levels is not None
    eps = float(pre.levels[0])
    atol = _atol(v, None) * 10
    alloc = pre
    singles = v[1 << np.arange(n)]
    if singles.sum() <= v[-1] + atol:
        nuc = nucleolus(game, backend=backend)
        worst = float(np.max(excesses(game, nuc)[1:-1]))
        if worst <= eps + atol:
            alloc = nuc
    return LeastCore(eps, alloc, cost=game.is_cost)


# ---------------------------------------------------------------------- cost of stability
def _min_cover(v: np.ndarray, n: int, backend: str | None, tol: float | None
               ) -> tuple[float, np.ndarray]:
    """min x(N) s.t. x(S) >= v(S) for every non-empty proper S (constraint generation)."""
    full = (1 << n) - 1
    singles = v[1 << np.arange(n)]
    if n == 1:
        return float(singles[0]), singles.copy()
    atol = _atol(v, tol)
    lp = CoalitionLP(n, singles, np.full(n, np.inf), with_t=False, cost=np.ones(n),
                     backend=backend)
    bits = np.int64(1) << np.arange(n, dtype=np.int64)
    in_lp = np.zeros(1 << n, dtype=bool)
    in_lp[0] = in_lp[full] = True
    in_lp[bits] = True  # bounds

    def add(masks: np.ndarray) -> None:
        masks = np.unique(masks[~in_lp[masks]])
        if masks.size:
            lp.add_rows((masks[:, None] & bits) != 0, v[masks], np.full(masks.size, np.inf))
            in_lp[masks] = True

    add(full ^ bits)
    batch = max(2 * n, 32)
    while True:
        z, obj, _, _ = lp.solve()
        viol = v - subset_sums(z, n)
        viol[in_lp] = -np.inf
        cand = np.flatnonzero(viol > atol)
        if cand.size == 0:
            return obj, z
        if cand.size > batch:
            cand = cand[np.argpartition(viol[cand], -batch)[-batch:]]
        add(cand)


def cost_of_stability(game: CoalitionalGame, *, backend: str | None = None,
                      tol: float | None = None) -> float:
    r"""The cost of stability (Bachrach et al. 2009): the least external payment
    that makes the grand coalition stable.

    The least :math:`\Delta \ge 0` such that the game with :math:`v(N) + \Delta`
    (and every other worth unchanged) has a non-empty core. By LP duality
    (Bondareva–Shapley) it is

    .. math::
        \mathrm{CoS}(v) = \max\Bigl(0,\ \min\{x(N) : x(S) \ge v(S)\ \forall S \ne \emptyset, N\}
                          - v(N)\Bigr).

    Zero exactly when the core is non-empty. For a cost game: the least amount
    by which the grand coalition's cost must be reduced (covered by a subsidy).
    It is a property of the game, whatever rule then divides ``v(N) + Δ``;
    compare :func:`stabilizing_subsidy`, which asks what it takes for one
    given rule's allocation to be stable. With ``ε`` the least-core value and
    ``ε >= 0``: :math:`\tfrac{n}{n-1}\varepsilon \le \mathrm{CoS} \le n\,\varepsilon`.

    Examples
    --------
    Three partners, any two of which can create 1 on their own, the three 1.2:

    >>> import coinnovation as co
    >>> g = co.symmetric_quota(3, 2)
    >>> round(co.cost_of_stability(g.with_grand_value(1.2)), 12)
    0.3
    """
    game = _check_game(game, "cost_of_stability")
    v = _profit_table(game, "cost_of_stability")
    n = game.n_players
    obj, _ = _min_cover(v, n, backend, tol)
    cos = obj - float(v[-1])
    return 0.0 if cos <= _atol(v, tol) else float(cos)


# ---------------------------------------------------------------------- stabilizing subsidy
_AFFINE_RULES = ("shapley", "weighted_shapley", "owen", "equal_surplus_division",
                 "modified_shapley")
_NUCLEOLI = ("nucleolus", "prenucleolus", "per_capita_nucleolus", "least_core")
_OTHER = ("banzhaf", "tau", "gately")


def _rule_function(rule: Any, kwargs: dict[str, Any], exact: bool = False
                   ) -> Callable[[CoalitionalGame], Any]:
    from . import values as _values

    if callable(rule):
        return lambda g: rule(g, **kwargs)
    table: dict[str, Callable[..., Any]] = {
        "shapley": _values.shapley_value,
        "weighted_shapley": _values.weighted_shapley_value,
        "owen": _values.owen_value,
        "equal_surplus_division": _values.equal_surplus_division,
        "modified_shapley": _values.modified_shapley_value,
        "banzhaf": lambda g, **kw: _values.banzhaf_value(g, normalized=True, **kw),
        "tau": _values.tau_value,
        "gately": _values.gately_point,
    }
    fn = table[rule]
    if exact and rule in _AFFINE_RULES:
        return lambda g: fn(g, exact=True, **kwargs)
    return lambda g: fn(g, **kwargs)


def _subsidised(game: CoalitionalGame, d: Any) -> CoalitionalGame:
    if isinstance(d, (Fraction, sp.Basic)):
        vn = game.symbolic_values()[-1]
        d = sp.Rational(d.numerator, d.denominator) if isinstance(d, Fraction) else d
    else:
        vn = game.grand_value()
    return game.with_grand_value(vn - d if game.is_cost else vn + d)


def stabilizing_subsidy(game: CoalitionalGame, rule: Any = "shapley", *,
                        exact: bool = False, backend: str | None = None,
                        tol: float | None = None, **rule_kwargs: Any) -> Any:
    r"""The least payment that makes a given allocation rule's division stable.

    The least :math:`D \ge 0` such that ``rule`` applied to the game with
    :math:`v(N) + D` gives an allocation in that game's core (for a cost game:
    with the cost of the grand coalition reduced by ``D``). Always at least
    :func:`cost_of_stability` (no allocation is stable while the core is
    empty); equal to it for the nucleolus-type rules, and possibly much larger
    for rules that ignore the core, such as the Shapley value of a non-convex
    game.

    Parameters
    ----------
    rule : str or callable
        ``"shapley"``, ``"weighted_shapley"`` (pass ``weights=``), ``"owen"``
        (``unions=``), ``"equal_surplus_division"``, ``"modified_shapley"``
        (``factor_weights=``, ``factor_importance=``), ``"nucleolus"``,
        ``"prenucleolus"``, ``"per_capita_nucleolus"``, ``"least_core"``,
        ``"banzhaf"`` (normalized), ``"tau"``, ``"gately"``, or a callable
        ``rule(game, **rule_kwargs) -> allocation``.
    exact : bool
        Linear rules on rational games: return a :class:`fractions.Fraction`.
    **rule_kwargs
        Passed to the rule.

    Returns
    -------
    float, Fraction or sympy expression
        For the rules that are affine in ``v(N)`` (Shapley, weighted Shapley,
        Owen, equal surplus division, modified Shapley) the answer is exact:
        :math:`\max(0, \max_S (v(S) - x_0(S)) / g(S))` over the proper
        coalitions, where :math:`x(D) = x_0 + D g`; symbolic games get it as a
        sympy ``Max``. For the nucleolus-type rules it is the cost of
        stability. For the others (and callables) it is found by bisection
        from the cost of stability upwards, which returns the least stabilising
        ``D`` when the rule, once in the core, stays there for larger
        subsidies; the allocation at the returned ``D`` is checked.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when no subsidy makes the rule's allocation stable (e.g. a coalition
        whose members' shares do not grow with ``D`` and are already too small).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 0, 0, 6, 0, 6, 0, 6])   # 0 and 1, or 0 and 2, make 6
    >>> co.cost_of_stability(g), co.stabilizing_subsidy(g, "shapley")
    (0.0, 1.5)
    """
    game = _check_game(game, "stabilizing_subsidy")
    name = rule if isinstance(rule, str) else None
    if name is not None and name not in _AFFINE_RULES + _NUCLEOLI + _OTHER:
        known = ", ".join(_AFFINE_RULES + _NUCLEOLI + _OTHER)
        raise InvalidInputError(f"rule: unknown rule {rule!r}; choose one of {known} "
                                "or pass a callable")
    if name is None and not callable(rule):
        raise InvalidInputError(f"rule: expected a rule name or a callable, got {rule!r}")
    if name in _NUCLEOLI:
        if rule_kwargs:
            raise InvalidInputError(f"{sorted(rule_kwargs)}: rule {name!r} takes no options")
        return cost_of_stability(game, backend=backend, tol=tol)
    fn = _rule_function(rule, rule_kwargs, exact=bool(exact) and not game.is_symbolic)
    if name in _AFFINE_RULES:
        return _affine_subsidy(game, fn, _rule_function(rule, rule_kwargs, exact=True), name)
    return _search_subsidy(game, fn, backend=backend, tol=tol)


def _affine_subsidy(game: CoalitionalGame, fn: Callable[[CoalitionalGame], Any],
                    slope_fn: Callable[[CoalitionalGame], Any], name: str) -> Any:
    """Least D for a rule with x(D) = x(0) + D g, where g = rule(u_N).

    For a linear rule, raising v(N) by D adds D times the unanimity game of N,
    so ``g`` is the rule's allocation of that game (computed exactly); for the
    modified Shapley value ``g = w``. A cost game's cost shares fall by ``D g``.
    """
    n = game.n_players
    full = (1 << n) - 1
    symbolic = game.is_symbolic
    x0 = _as_vector(game, fn(game))
    s0, _ = _slacks(game, x0)
    probe = CoalitionalGame(np.r_[np.zeros(full, dtype=np.int64), 1], players=game.players)
    g = slope_fn(probe).values
    sym_slope = any(isinstance(e, sp.Basic) and e.free_symbols for e in g.tolist())
    slope = subset_sums(g, n, dtype=object)[1:full]
    s0p = s0[1:full]
    if s0.dtype != object and not sym_slope:
        slope_f = np.array([float(e) for e in slope.tolist()])
        v = np.asarray(game.values, dtype=float)
        atol = _atol(v, None)
        grows = slope_f > 0
        stuck = ~grows & (s0p < -atol)
        if stuck.any():
            m = int(np.flatnonzero(stuck)[0]) + 1
            raise InvalidGameError(
                f"stabilizing_subsidy: no subsidy makes the {name} allocation stable: coalition "
                f"{sorted(game.coalition(m))} is short by {-s0p[m - 1]:g} and its share does not "
                "grow with the subsidy")
        need = np.where(grows, -s0p / np.where(grows, slope_f, 1.0), 0.0)
        d = float(np.max(need, initial=0.0))
        return 0.0 if d <= atol else d
    cands: list[Any] = []
    for a, b, m in zip(s0p.tolist(), slope.tolist(), range(1, full), strict=True):
        if symbolic or sym_slope:
            a, b = sp.expand(sp.sympify(a)), sp.expand(sp.sympify(b))
            if decide_positive(b, "stabilizing_subsidy: slope"):
                cands.append(sp.simplify(-a / b))
            elif not decide_nonnegative(a, "stabilizing_subsidy"):
                raise InvalidGameError(f"stabilizing_subsidy: no subsidy makes the {name} "
                                       f"allocation stable (coalition {sorted(game.coalition(m))})")
        else:
            if b > 0:
                cands.append(Fraction(-a) / b)
            elif a < 0:
                raise InvalidGameError(f"stabilizing_subsidy: no subsidy makes the {name} "
                                       f"allocation stable (coalition {sorted(game.coalition(m))})")
    if symbolic or sym_slope:
        return sp.Max(sp.Integer(0), *cands)
    return max([Fraction(0), *cands])


def _search_subsidy(game: CoalitionalGame, fn: Callable[[CoalitionalGame], Any], *,
                    backend: str | None, tol: float | None) -> float:
    v = _profit_table(game, "stabilizing_subsidy")
    scale = max(1.0, float(np.max(np.abs(v))))
    step_tol = (TOL if tol is None else float(tol)) * scale

    def ok(d: float) -> bool:
        g = _subsidised(game, d)
        try:
            x = fn(g)
        except InvalidGameError:
            return False
        return in_core(g, x, tol=tol)

    lo = cost_of_stability(game, backend=backend, tol=tol)
    if ok(lo):
        return lo
    hi = max(lo, scale) * 2
    while not ok(hi):
        hi *= 2
        if hi > 1e9 * scale:
            raise InvalidGameError("stabilizing_subsidy: no subsidy up to 1e9 times the largest "
                                   "worth makes the rule's allocation stable")
    while hi - lo > step_tol:
        mid = 0.5 * (lo + hi)
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return float(hi)
