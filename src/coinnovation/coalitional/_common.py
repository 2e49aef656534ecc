"""Plumbing shared by the allocation rules and the core family: argument checks, value tables
in the arithmetic to use (float, exact Fractions, sympy), per-player vectors, and core slacks."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import decide_nonnegative
from .._util.subsets import subset_sums
from .._util.symbolic import convert_array, require_numeric
from .._util.tolerance import atol_for
from ..errors import InvalidInputError, UndecidableError
from ..games.coalitional import CoalitionalGame
from .allocation import Allocation

__all__ = ["alloc", "as_vector", "check_game", "core_report", "finish", "imputations_exist", "osum",
           "player_vector",
           "profit_exact", "profit_table", "slacks", "table", "tidy", "to_cost", "worth_atol"]


def check_game(game: Any, what: str) -> CoalitionalGame:
    """``game`` itself when it is a :class:`CoalitionalGame`, else an error naming ``what``."""
    if not isinstance(game, CoalitionalGame):
        raise InvalidInputError(f"game: {what} expects a co.CoalitionalGame, got "
                                f"{type(game).__name__}")
    return game


def table(game: CoalitionalGame, exact: bool) -> tuple[np.ndarray, str]:
    """The value table in the arithmetic to use: ("float" | "exact" | "symbolic")."""
    if game.is_symbolic:
        return game.symbolic_values(), "symbolic"
    if exact:
        return game.exact_values(), "exact"
    return np.asarray(game.values, dtype=float), "float"


def tidy(e: Any) -> Any:
    """A symbolic share in its simplest readable form (expanded polynomial, or simplified)."""
    e = sp.sympify(e)
    if not e.free_symbols:
        return e
    x = sp.expand(e)
    if x.is_polynomial(*x.free_symbols):
        return x
    return sp.simplify(sp.together(x))


def finish(values: Any, kind: str) -> np.ndarray:
    """Normalise the share vector to the output type of its arithmetic."""
    if kind == "float":
        return np.asarray(values, dtype=float)
    items = list(values.tolist() if isinstance(values, np.ndarray) else values)
    if kind == "exact":
        out = [v if isinstance(v, Fraction) else Fraction(v) for v in items]
    else:
        out = [tidy(v) for v in items]
    return np.array([*out, None], dtype=object)[:-1]


def alloc(game: CoalitionalGame, values: Any, kind: str, rule: str, **extra: Any) -> Allocation:
    """The :class:`Allocation` of ``values`` (normalised to the arithmetic ``kind``)."""
    return Allocation(finish(values, kind), game.players, rule, cost=game.is_cost, **extra)


def osum(items: Any) -> Any:
    """The sum of numbers or sympy expressions (no float conversion)."""
    total: Any = 0
    for x in (items.tolist() if isinstance(items, np.ndarray) else items):
        total = total + x
    return total


def player_vector(game: CoalitionalGame, data: Any, name: str, entry: str = "entry") -> Any:
    """One number (or symbol) per player, from a sequence or a ``{player: value}`` mapping.

    ``entry`` names one element in the messages (e.g. "share" for an allocation).
    """
    if isinstance(data, Mapping):
        idx = {game.player_index(k): val for k, val in data.items()}
        missing = [game.players[i] for i in range(game.n_players) if i not in idx]
        if missing:
            raise InvalidInputError(f"{name}: no {entry} for players {missing}")
        data = [idx[i] for i in range(game.n_players)]
    if isinstance(data, str):
        raise InvalidInputError(f"{name}: expected one number per player, got a string")
    conv = convert_array(data, name=name, ndim=1)
    if conv.shape[0] != game.n_players:
        plural = "entries" if entry == "entry" else entry + "s"
        raise InvalidInputError(f"{name}: expected {game.n_players} {plural} (one per player), "
                                f"got {conv.shape[0]}")
    return conv


def to_cost(game: CoalitionalGame, y: Any) -> Any:
    """Savings-game shares ``y`` -> cost shares ``c({i}) − y_i`` for cost games."""
    if not game.is_cost:
        return y
    single = game.singleton_worths()
    if isinstance(y, np.ndarray) and y.dtype != object:
        return np.asarray(single, dtype=float) - y
    return np.array([single[i] - y[i] for i in range(len(y))] + [None], dtype=object)[:-1]



def profit_table(game: CoalitionalGame, what: str) -> np.ndarray:
    """The float value table of the profit (savings) game; numeric games only."""
    require_numeric(game.free_symbols, what)
    return np.asarray(game.profit_game().values, dtype=float)


def worth_atol(v: np.ndarray, tol: float | None) -> float:
    """The library tolerance for comparisons of worths ``v`` (``tol`` overrides ``TOL``)."""
    return atol_for(v, tol)


def imputations_exist(v: np.ndarray, n: int) -> bool:
    """Whether the imputation set is non-empty: ``sum_i v({i}) <= v(N)`` within the tolerance.

    The one test of it: the nucleolus refuses a game that fails it, and the least core
    asks it before calling the nucleolus (two tolerances once disagreed between 1e-9 and
    1e-8 of the scale, and the least core failed with the nucleolus's error).
    """
    return bool(v[1 << np.arange(n)].sum() <= v[-1] + worth_atol(v, None))


def as_vector(game: CoalitionalGame, allocation: Any) -> np.ndarray:
    """An allocation (Allocation, sequence or mapping) as an array in the game's arithmetic."""
    if isinstance(allocation, Allocation):
        if allocation.players != game.players:
            raise InvalidInputError(f"allocation: its players {list(allocation.players)} are not "
                                    f"the game's players {list(game.players)}")
        return allocation.values
    conv = player_vector(game, allocation, "allocation", "share")
    if conv.is_symbolic or game.is_symbolic:
        return conv.symbolic
    if conv._symbolic is not None and all(isinstance(e, sp.Rational)
                                          for e in conv.symbolic.tolist()):
        return conv.exact()
    assert conv.numeric is not None
    return conv.numeric


def slacks(game: CoalitionalGame, x: np.ndarray) -> tuple[np.ndarray, Any]:
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


def core_report(game: CoalitionalGame, x: np.ndarray
                 ) -> tuple[bool | None, bool | None, tuple[Any, ...] | None]:
    """(individually rational, in core, undecided conditions) of an efficient allocation."""
    slack, eff = slacks(game, x)
    n = game.n_players
    single = [1 << i for i in range(n)]
    if slack.dtype != object:
        atol = worth_atol(np.asarray(game.values, dtype=float), None)
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


def profit_exact(game: CoalitionalGame) -> np.ndarray:
    """The exact (Fraction) value table of the profit (savings) game."""
    ex = game.exact_values()
    if not game.is_cost:
        return ex
    n = game.n_players
    single = ex[1 << np.arange(n)]
    return subset_sums(single, n, dtype=object) - ex
