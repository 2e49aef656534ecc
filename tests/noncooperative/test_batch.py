"""Many games at once: a GameBatch gives, game by game, what nash_equilibria gives for each game."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import DegenerateGameWarning, InvalidGameError, InvalidInputError


def solve(game: object, **kw: object) -> tuple[object, bool]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        out = co.nash_equilibria(game, **kw)  # type: ignore[call-overload]
    return out, any(issubclass(w.category, DegenerateGameWarning) for w in rec)


def same(a: list[co.Equilibrium], b: list[co.Equilibrium]) -> bool:
    return len(a) == len(b) and all(
        all(np.allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float), atol=atol_for(1.0) * 10)
            for x, y in zip(e.strategies, f.strategies, strict=True))
        and np.allclose(np.asarray(e.payoffs, dtype=float), np.asarray(f.payoffs, dtype=float),
                        atol=atol_for(1.0) * 10)
        for e, f in zip(a, b, strict=True))


@given(st.lists(cst.normal_form_games(shape=(2, 2), min_value=-3, max_value=3), min_size=1, max_size=8),
       st.booleans())
def test_batch_of_2x2_games_equals_game_by_game(games: list[co.NormalFormGame], exact: bool) -> None:
    """Integer payoffs: degenerate games are common and take the general path in the batch too."""
    batch = co.GameBatch.from_games(games)
    result, warned = solve(batch, exact=exact)
    assert len(result) == len(games)
    flags = []
    for g, game in enumerate(games):
        one, degenerate = solve(game, exact=exact)
        flags.append(degenerate)
        assert same(result[g], one)
        assert result.counts[g] == len(one)
    assert list(result.degenerate) == flags
    assert warned == any(flags)


@given(st.lists(cst.normal_form_games(shape=(2, 2, 2), degenerate=False), min_size=1, max_size=5))
def test_batch_of_2x2x2_games_equals_game_by_game(games: list[co.NormalFormGame]) -> None:
    batch = co.GameBatch.from_games(games)
    result, _ = solve(batch)
    for g, game in enumerate(games):
        assert same(result[g], solve(game)[0])
        for e in result[g]:
            assert max(co.regrets(game, e.strategies)) <= 10 * atol_for(game.payoff_array())


def test_large_batch_is_certified_and_counts_add_up() -> None:
    rng = np.random.default_rng(5)
    A, B = rng.standard_normal((2, 20_000, 2, 2))
    result = co.nash_equilibria(co.GameBatch([A, B]))
    assert result.counts.sum() == len(result.game)
    assert set(np.unique(result.counts)) <= {1, 3}  # nondegenerate: an odd number
    # regrets of every row, computed here independently
    x, y = result.strategies
    G = result.game
    r0 = np.einsum("zij,zj->zi", A[G], y)
    r1 = np.einsum("zij,zi->zj", B[G], x)
    assert np.all(r0.max(axis=1) - (r0 * x).sum(axis=1) <= 10 * atol_for(A))
    assert np.all(r1.max(axis=1) - (r1 * y).sum(axis=1) <= 10 * atol_for(B))
    out = result.outputs()
    assert np.array_equal(out["n_pure"] + out["n_mixed"], result.counts)
    # matching pennies-like games have exactly one (mixed) equilibrium
    assert np.all(out["n_mixed"][result.counts == 1] + out["n_pure"][result.counts == 1] == 1)


def test_other_shapes_and_methods_solve_game_by_game() -> None:
    rng = np.random.default_rng(6)
    A, B = rng.standard_normal((2, 4, 3, 3))
    batch = co.GameBatch([A, B], players=["firm", "lab"])
    for method in ("auto", "lemke_howson"):
        result = co.nash_equilibria(batch, method=method)
        for g in range(4):
            assert same(result[g], co.nash_equilibria(batch[g], method=method))
            assert all(e.players == ("firm", "lab") for e in result[g])


def test_batch_validation() -> None:
    with pytest.raises(InvalidGameError, match=r"payoffs\[1\]: shape \(3, 2, 2\) differs"):
        co.GameBatch([np.zeros((2, 2, 2)), np.zeros((3, 2, 2))])
    with pytest.raises(InvalidGameError, match=r"needs arrays with 3 axes"):
        co.GameBatch([np.zeros((2, 2)), np.zeros((2, 2))])
    with pytest.raises(InvalidGameError, match=r"payoffs\[0\]: entry \(0, 0, 0\) is nan"):
        co.GameBatch([np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2))])
    with pytest.raises(InvalidGameError, match="expected real numbers"):
        co.GameBatch([np.array([[["a", "b"], ["c", "d"]]]), np.zeros((1, 2, 2))])
    batch = co.GameBatch([np.zeros((2, 2, 2)), np.zeros((2, 2, 2))])
    with pytest.raises(InvalidGameError, match="index: 2 out of range"):
        batch[2]
    with pytest.raises(InvalidInputError, match="method: unknown method 'simplex'"):
        co.nash_equilibria(batch, method="simplex")
    result, warned = solve(batch)
    assert warned and result.degenerate.all()
    with pytest.raises(InvalidInputError, match="index: 5 out of range"):
        result[5]
