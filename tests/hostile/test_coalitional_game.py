"""Hostile worths for ``CoalitionalGame`` and the allocation rules built on it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import coinnovation as co
from coinnovation._util.tolerance import MAX_MAGNITUDE
from coinnovation.errors import InvalidGameError, InvalidInputError

from ._assert import Case, check, params

GAME = co.CoalitionalGame([0, 1, 1, 3])


def function_game(f: object, n: int = 3) -> co.CoalitionalGame:
    return co.CoalitionalGame.from_function(f, n)  # type: ignore[arg-type]


SQUARE_29 = co.CoalitionalGame.from_function(lambda m: m.sum(axis=1) ** 2.0, 29)
FORTY = {tuple(range(k)): float(k) for k in range(1, 41)}

CASES = [
    Case("nan", lambda: co.CoalitionalGame([0, np.nan, 1, 2]), InvalidGameError, "values",
         ("nan",)),
    Case("inf", lambda: co.CoalitionalGame([0, 1, np.inf, 2]), InvalidGameError, "values"),
    Case("complex", lambda: co.CoalitionalGame([0, 1j, 1, 2]), InvalidGameError, "values"),
    Case("object", lambda: co.CoalitionalGame([0, object(), 1, 2]), InvalidGameError, "values"),
    Case("ragged", lambda: co.CoalitionalGame([0, [1, 2], 1, 2]), InvalidGameError, "values"),
    Case("string", lambda: co.CoalitionalGame("0123"), InvalidGameError, "values"),
    Case("length-not-power-of-two", lambda: co.CoalitionalGame([0, 1, 2]), InvalidGameError,
         "values"),
    Case("empty-coalition-nonzero", lambda: co.CoalitionalGame([1, 1, 2, 3]), InvalidGameError,
         "values"),
    Case("int-10-400", lambda: co.CoalitionalGame([0, 10**400, 1, 2]), InvalidGameError, "values",
         (f"{MAX_MAGNITUDE:g}",)),
    Case("float-max", lambda: co.CoalitionalGame([0, 1.7e308, -1.7e308, 3]), InvalidGameError,
         "values"),
    Case("forty-players-as-a-table", lambda: co.CoalitionalGame(FORTY), InvalidGameError, "values"),
    Case("unknown-player-in-mapping", lambda: co.CoalitionalGame({("a",): 1, ("a", "b"): 2},
                                                                 players=["a"]),
         InvalidGameError, "values", ("'b'",)),
    Case("cost-not-bool", lambda: co.CoalitionalGame([0, 1, 1, 3], cost="yes"), InvalidGameError,
         "cost"),
    Case("function-not-callable", lambda: co.CoalitionalGame.from_function(3, 2),
         InvalidGameError, "function"),
    Case("function-zero-players", lambda: function_game(lambda m: m.sum(axis=1), 0),
         InvalidGameError, "n_players"),
    Case("function-raises", lambda: co.shapley_value(function_game(lambda m: 1 / 0)),
         InvalidGameError, "function", ("ZeroDivisionError",)),
    Case("function-wrong-shape", lambda: co.shapley_value(function_game(
        lambda m: np.ones((len(m), 2)))), InvalidGameError, "function"),
    Case("function-nan", lambda: co.shapley_value(function_game(
        lambda m: np.full(len(m), np.nan))), InvalidGameError, "function"),
    Case("function-raises-sampling", lambda: co.shapley_value(
        function_game(lambda m: 1 / 0, 40), method="sampling", n_samples=8, rng=1),
         InvalidGameError, "function"),
    Case("exact-shapley-29-players", lambda: co.shapley_value(SQUARE_29), InvalidInputError,
         "game", ("GB", "sampling")),
    Case("shapley-method", lambda: co.shapley_value(GAME, method="magic"), InvalidInputError,
         "method"),
    Case("shapley-exact-no", lambda: co.shapley_value(GAME, exact="no"), InvalidInputError,
         "exact"),
    Case("banzhaf-normalized-yes", lambda: co.banzhaf_value(GAME, normalized="yes"),
         InvalidInputError, "normalized"),
    Case("nucleolus-exact-no", lambda: co.nucleolus(GAME, exact="no"), InvalidInputError, "exact"),
    Case("samples-zero", lambda: co.shapley_value(GAME, method="sampling", n_samples=0),
         InvalidInputError, "n_samples"),
    Case("samples-negative", lambda: co.shapley_value(GAME, method="sampling", n_samples=-1),
         InvalidInputError, "n_samples"),
    Case("not-a-game", lambda: co.shapley_value(None), InvalidInputError, "game"),
    Case("allocation-wrong-length", lambda: co.in_core(GAME, [1]), InvalidInputError,
         "allocation"),
    Case("allocation-nan", lambda: co.in_core(GAME, [np.nan, 1]), InvalidInputError,
         "allocation"),
    Case("unions-overlap", lambda: co.owen_value(GAME, [[0], [0, 1]]), InvalidInputError, "unions"),
    Case("weights-negative", lambda: co.weighted_shapley_value(GAME, [-1, 1]), InvalidInputError,
         "weights"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_coalitional_input_is_a_named_error(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("scale", [1e10, 1e20, 1e40])
def test_worths_far_apart_are_solved_not_unbounded(scale: float) -> None:
    """Worths of 1 next to worths of 1e20 once gave "HiGHS reports Unbounded"; now the least
    core is found: efficient, and every coalition gets at least v(S) - epsilon (within the
    library's tolerance)."""
    v = np.array([0, 0, 1, scale, 0, 1, 0, scale], dtype=float)
    game = co.CoalitionalGame(v)
    lc = co.least_core(game)
    x = np.asarray(lc.allocation, dtype=float)
    atol = co.TOL * scale
    assert abs(x.sum() - scale) <= atol
    for size in (1, 2):
        for members in itertools.combinations(range(3), size):
            mask = sum(1 << i for i in members)
            assert x[list(members)].sum() >= v[mask] - lc.epsilon - atol
    assert co.cost_of_stability(game) >= -atol
