"""Fictitious play and stochastic fictitious play; nashpy interop (its paths, seed for seed)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import nashpy
import numpy as np
import pytest
from hypothesis import given

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import InvalidInputError, SymbolicNotSupported

PENNIES = co.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])


@pytest.fixture
def global_numpy_seed() -> Iterator[None]:
    """nashpy draws from numpy's global generator: seed it for the test, then restore it."""
    state = np.random.get_state()  # noqa: NPY002 - nashpy uses the legacy global generator
    yield
    np.random.set_state(state)  # noqa: NPY002 - restoring what the fixture saved


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fictitious_play_converges_in_matching_pennies(seed: int) -> None:
    """Robinson (1951): empirical play converges to (1/2, 1/2); within 0.01 after 20000 rounds."""
    path = co.fictitious_play(PENNIES, 20_000, rng=seed)
    for s in path.final:
        assert abs(s[0] - 0.5) <= 0.01
    # the path: frequencies after each round, closer at the end than at the start
    dev = np.abs(path.empirical[0][:, 0] - 0.5)
    assert dev[-1000:].max() < dev[:100].max()
    assert path.iterations == 20_000 and path.plays.shape == (20_000, 2)


def test_fictitious_play_converges_to_the_mixed_equilibrium_of_a_zero_sum_game() -> None:
    """A 2x2 zero-sum game with the unique equilibrium x = (2/5, 3/5), y = (1/5, 4/5)."""
    A = np.array([[3.0, -1.0], [-2.0, 1.0]])
    game = co.NormalFormGame([A, -A])
    (eq,) = co.nash_equilibria(game)
    path = co.fictitious_play(game, 20_000, rng=0)
    for got, want in zip(path.final, eq.strategies, strict=True):
        assert np.abs(got - want).max() <= 0.01
    assert max(co.regrets(game, path.final)) <= 0.05  # an approximate equilibrium


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.usefixtures("global_numpy_seed")
def test_fictitious_play_agrees_with_nashpy_seed_for_seed(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for A, B in [(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]])),
                 (rng.integers(-3, 4, (3, 4)), rng.integers(-3, 4, (3, 4)))]:
        np.random.seed(seed)  # noqa: NPY002 - nashpy's own stream, restored by the fixture
        ref = list(nashpy.Game(A, B).fictitious_play(300))
        path = co.fictitious_play(co.NormalFormGame([A, B]), 300, rng=np.random.RandomState(seed))
        for t in range(301):
            for i in range(2):
                assert np.array_equal(ref[t][i], path.counts[i][t])


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.usefixtures("global_numpy_seed")
def test_stochastic_fictitious_play_agrees_with_nashpy_seed_for_seed(seed: int) -> None:
    A = np.array([[2.0, 0.0, 1.0], [0.5, 1.0, 0.0]])
    B = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 2.0]])
    np.random.seed(seed)  # noqa: NPY002 - nashpy's own stream, restored by the fixture
    ref = list(nashpy.Game(A, B).stochastic_fictitious_play(200, etha=0.2, epsilon_bar=0.05))
    path = co.stochastic_fictitious_play(co.NormalFormGame([A, B]), 200, eta=0.2, epsilon_bar=0.05,
                                         rng=np.random.RandomState(seed))
    assert path.distributions is not None
    for t in range(201):
        for i in range(2):
            assert np.array_equal(ref[t][0][i], path.counts[i][t])
            if t:
                assert np.allclose(ref[t][1][i], path.distributions[i][t - 1], atol=atol_for(1.0))


def test_stochastic_fictitious_play_in_matching_pennies() -> None:
    """Hofbauer & Sandholm (2002): near (1/2, 1/2) in a symmetric zero-sum game; logit rows sum to 1."""
    path = co.stochastic_fictitious_play(PENNIES, 20_000, rng=5)
    for s in path.final:
        assert abs(s[0] - 0.5) <= 0.02
    assert path.distributions is not None
    for d in path.distributions:
        assert np.all(np.abs(d.sum(axis=1) - 1) <= atol_for(1.0)) and np.all(d > 0)


def test_large_payoffs_do_not_overflow_the_logit() -> None:
    """nashpy raises ValueError here (exp overflow); the stable logit does not."""
    big = co.NormalFormGame([[[1e4, 0], [0, 1e4]], [[1e4, 0], [0, 1e4]]])
    path = co.stochastic_fictitious_play(big, 50, rng=0)
    assert path.distributions is not None and np.all(np.isfinite(path.distributions[0]))


def test_seeds_reproduce() -> None:
    a = co.fictitious_play(PENNIES, 100, rng=11)
    b = co.fictitious_play(PENNIES, 100, rng=np.random.default_rng(11))
    assert np.array_equal(a.plays, b.plays)
    assert "fictitious play, 100 rounds" in repr(a)


def test_learning_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="iterations: expected an integer >= 0"):
        co.fictitious_play(PENNIES, -1)
    with pytest.raises(InvalidInputError, match="iterations: expected an integer >= 0"):
        co.fictitious_play(PENNIES, 2.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="a two-player game is needed"):
        co.fictitious_play(co.NormalFormGame([np.zeros((2, 2, 2))] * 3), 10)
    with pytest.raises(InvalidInputError, match=r"play_counts\[1\]: expected 2 non-negative integers"):
        co.fictitious_play(PENNIES, 10, play_counts=[[1, 0], [-1, 0]])
    with pytest.raises(InvalidInputError, match="eta: expected a positive finite number"):
        co.stochastic_fictitious_play(PENNIES, 10, eta=0)
    with pytest.raises(InvalidInputError, match="epsilon_bar: must be non-negative"):
        co.stochastic_fictitious_play(PENNIES, 10, epsilon_bar=-1)
    with pytest.raises(InvalidInputError, match="rng:"):
        co.fictitious_play(PENNIES, 10, rng="seed")  # type: ignore[arg-type]
    import sympy as sp
    with pytest.raises(SymbolicNotSupported):
        co.fictitious_play(co.NormalFormGame([[[sp.Symbol("s"), 0], [0, 1]], [[1, 0], [0, 1]]]), 5)
    assert co.fictitious_play(PENNIES, 0).iterations == 0


# ------------------------------------------------------------------ conversion
@given(cst.normal_form_games(n_players=2, max_strategies=4))
def test_nashpy_round_trip_and_same_equilibria(game: co.NormalFormGame) -> None:
    ng = game.to_nashpy()
    assert isinstance(ng, nashpy.Game)
    back = co.NormalFormGame.from_nashpy(ng, players=game.players, strategies=game.strategies)
    assert back == game


@given(cst.normal_form_games(n_players=2, min_strategies=2, max_strategies=3, degenerate=False))
def test_nashpy_equilibria_are_among_ours_on_generic_games(game: co.NormalFormGame) -> None:
    """Every equilibrium nashpy finds is one of ours (nashpy sometimes misses some)."""
    ours = co.nash_equilibria(game)
    assert len(ours) % 2 == 1  # a nondegenerate game has an odd number
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nashpy warns when it finds an even number
        theirs = list(game.to_nashpy().support_enumeration())
    for x, y in theirs:
        assert any(np.allclose(x, e.strategies[0], atol=atol_for(1.0) * 10)
                   and np.allclose(y, e.strategies[1], atol=atol_for(1.0) * 10) for e in ours)


def test_from_nashpy_zero_sum_and_bad_input() -> None:
    g = co.NormalFormGame.from_nashpy(nashpy.Game(np.array([[1, -1], [-1, 1]])))
    assert g.payoff((0, 0)) == (1.0, -1.0)
    with pytest.raises(InvalidInputError, match=r"game: expected a nashpy\.Game, got list"):
        co.NormalFormGame.from_nashpy([[1, 0], [0, 1]])
    with pytest.raises(InvalidInputError, match="to_bimatrix: the game has 3 players"):
        co.NormalFormGame([np.zeros((2, 2, 2))] * 3).to_nashpy()
