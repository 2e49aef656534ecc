"""NormalFormGame: construction, labels, substitution, display and bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import (
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
    UnknownPlayerError,
    UnknownStrategyError,
)

PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


def pd_game() -> co.NormalFormGame:
    return co.NormalFormGame(PD, players=["enterprise", "university"],
                             strategies=[["cooperate", "defect"], ["cooperate", "defect"]])


def test_basic_facts() -> None:
    g = pd_game()
    assert g.n_players == 2
    assert g.shape == (2, 2)
    assert g.players == ("enterprise", "university")
    assert g.strategies == (("cooperate", "defect"), ("cooperate", "defect"))
    assert not g.is_symbolic and g.free_symbols == frozenset()
    assert g.payoff(("defect", "cooperate")) == (5.0, 0.0)
    assert g[(1, 1)] == (1.0, 1.0)
    assert g.payoff_array().shape == (2, 2, 2)
    np.testing.assert_array_equal(g.payoff_array("university"), np.array(PD[1], dtype=float))


def test_three_players_and_default_labels() -> None:
    rng = np.random.default_rng(0)
    g = co.NormalFormGame([rng.integers(0, 5, (2, 3, 2)) for _ in range(3)])
    assert g.shape == (2, 3, 2)
    assert g.players == ("player 0", "player 1", "player 2")
    assert g.strategies[1] == ("s0", "s1", "s2")
    assert len(list(g.profiles())) == 12


def test_repr_shows_payoff_table() -> None:
    text = repr(pd_game())
    assert "NormalFormGame(players=['enterprise', 'university'], shape=(2, 2), numeric)" in text
    assert "(defect, cooperate) -> (5, 0)" in text


def test_symbolic_game_and_subs() -> None:
    S, C = sp.symbols("S C", positive=True)
    g = co.NormalFormGame([[[S - C, -C], [0, 0]], [[S - C, 0], [-C, 0]]])
    assert g.is_symbolic
    assert g.free_symbols == {S, C}
    assert "symbols=['C', 'S']" in repr(g)
    with pytest.raises(SymbolicNotSupported, match="C, S"):
        g.payoff_array()
    num = g.subs({S: 3, "C": 1})
    assert not num.is_symbolic
    assert num.payoff((0, 0)) == (2.0, 2.0)
    half = g.subs({C: 1})
    assert half.free_symbols == {S}
    assert half.payoff((0, 1))[0] == -1


def test_exact_values_are_kept() -> None:
    g = co.NormalFormGame([[[Fraction(1, 3), 0], [0, 1]], [[sp.Rational(2, 7), 0], [0, 1]]])
    ex = g.exact_payoff_array()
    assert ex[0, 0, 0] == Fraction(1, 3)
    assert ex[1, 0, 0] == Fraction(2, 7)
    assert g.payoff_array()[0, 0, 0] == pytest.approx(1 / 3)


def test_equality() -> None:
    assert pd_game() == pd_game()
    assert pd_game() != co.NormalFormGame(PD)


@pytest.mark.parametrize(
    ("payoffs", "message"),
    [
        pytest.param([[[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]]], r"payoffs\[1\]: shape \(2, 3\) differs",
                     id="shape-mismatch"),
        pytest.param([[1, 2], [3, 4]], r"payoffs\[0\]: a 2-player game needs 2-dimensional", id="wrong-ndim"),
        pytest.param([[[1, np.nan], [3, 4]], [[1, 2], [3, 4]]], r"payoffs\[0\]: entry \(0, 1\) is nan",
                     id="nan"),
        pytest.param([[[1, 2], [3, 4]], [[1, 2], [np.inf, 4]]], r"payoffs\[1\]: entry \(1, 0\) is inf",
                     id="inf"),
        pytest.param([[["a", 2], [3, 4]], [[1, 2], [3, 4]]], r"payoffs\[0\]: entry \(0, 0\) is the string",
                     id="string"),
        pytest.param([[[True, 2], [3, 4]], [[1, 2], [3, 4]]], r"payoffs\[0\]: entry \(0, 0\) is the boolean",
                     id="bool"),
        pytest.param([[[sp.oo, 2], [3, 4]], [[1, 2], [3, 4]]], r"payoffs\[0\]: entry \(0, 0\) is oo",
                     id="sympy-infinity"),
        pytest.param([], r"payoffs: a game needs at least one player", id="empty"),
        pytest.param("payoffs", r"payoffs: expected a sequence", id="a-string"),
        pytest.param([[[1, 2], [3]], [[1, 2], [3, 4]]], r"payoffs\[0\]", id="ragged"),
        pytest.param([np.zeros((0, 2)), np.zeros((0, 2))], r"at least one strategy", id="no-strategy"),
    ],
)
def test_invalid_payoffs(payoffs: object, message: str) -> None:
    with pytest.raises(InvalidGameError, match=message):
        co.NormalFormGame(payoffs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"players": ["a", "a"]}, r"players: labels must be unique, repeated: a",
                     id="dup-player"),
        pytest.param({"players": ["a"]}, r"players: expected 2 labels, got 1", id="player-count"),
        pytest.param({"strategies": [["C", "C"], ["C", "D"]]}, r"strategies\[0\]: labels must be unique",
                     id="dup-strategy"),
        pytest.param({"strategies": [["C", "D", "E"], ["C", "D"]]}, r"strategies\[0\]: expected 2 labels",
                     id="strategy-count"),
        pytest.param({"strategies": [["C", "D"]]}, r"strategies: expected one label sequence per player",
                     id="strategies-per-player"),
        pytest.param({"players": ["a", 3]}, r"players: labels must be non-empty strings", id="non-string"),
    ],
)
def test_invalid_labels(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidGameError, match=message):
        co.NormalFormGame(PD, **kwargs)  # type: ignore[arg-type]


def test_profile_and_player_errors() -> None:
    g = pd_game()
    with pytest.raises(InvalidInputError, match="profile: expected 2 strategies"):
        g.payoff((0,))
    with pytest.raises(InvalidInputError, match="profile: strategies are indices or labels, got the float"):
        g.payoff((0.0, 1))
    with pytest.raises(UnknownStrategyError, match="'shirk' is not a strategy of 'enterprise'"):
        g.payoff(("shirk", "defect"))
    with pytest.raises(UnknownStrategyError, match="index 2 out of range"):
        g.payoff((2, 0))
    with pytest.raises(UnknownPlayerError, match="unknown player 'government'"):
        g.payoff_array("government")
    with pytest.raises(UnknownPlayerError, match="index 5 out of range"):
        g.player_index(5)


def test_subs_errors() -> None:
    S = sp.Symbol("S")
    g = co.NormalFormGame([[[S, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidInputError, match="subs: 'T' is not a free symbol of the game"):
        g.subs({"T": 1})
    with pytest.raises(InvalidInputError, match="subs: value for S is nan"):
        g.subs({S: float("nan")})
    with pytest.raises(InvalidInputError, match="subs: keys must be sympy symbols or names"):
        g.subs({3: 1})


def test_to_bimatrix() -> None:
    A, _B = pd_game().to_bimatrix()
    np.testing.assert_array_equal(A, np.array(PD[0], dtype=float))
    with pytest.raises(InvalidInputError, match="to_bimatrix: the game has 3 players"):
        co.NormalFormGame([np.zeros((2, 2, 2))] * 3).to_bimatrix()


def test_irrational_payoffs_are_numeric_but_not_exact() -> None:
    S = sp.Symbol("S")
    g = co.NormalFormGame([[[S, 0], [0, 1]], [[1, 0], [0, 1]]]).subs({S: sp.sqrt(2)})
    assert not g.is_symbolic
    assert g.payoff((0, 0))[0] == pytest.approx(2**0.5)
    assert len(co.nash_equilibria(g)) == 3
    with pytest.raises(InvalidInputError,
                       match=r"exact arithmetic needs rational numbers, got the irrational sqrt\(2\)"):
        co.nash_equilibria(g, exact=True)


# ------------------------------------------------------------------ inputs as the ecosystem writes them
def test_stacked_2x2_array_is_refused_not_misread() -> None:
    """np.stack([A, B], -1) (QuantEcon's layout) of a 2x2 game has shape (2, 2, 2), which the
    players-first reading would misread: refused, with the accepted forms in the message."""
    A, B = np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])
    for stacked in (np.stack([A, B], -1), np.stack([A, B])):
        with pytest.raises(InvalidGameError, match=r"ambiguous.*from_payoff_profiles") as info:
            co.NormalFormGame(stacked)
        assert "NormalFormGame(A, B)" in str(info.value)
    with pytest.raises(InvalidGameError, match=r"QuantEcon.*from_payoff_profiles"):
        co.NormalFormGame(np.zeros((2, 2, 2, 3)))   # 3 players, profiles last
    with pytest.raises(InvalidGameError, match=r"accepted forms"):
        co.NormalFormGame(A)                      # one matrix alone is no game


def test_players_first_array_still_accepted() -> None:
    three = np.arange(24.0).reshape(3, 2, 2, 2)   # 3 players of 2 strategies: unambiguous
    g = co.NormalFormGame(three)
    assert g.shape == (2, 2, 2) and g.payoff((1, 0, 1)) == tuple(three[:, 1, 0, 1])
    assert co.NormalFormGame(np.zeros((2, 3, 4))).shape == (3, 4)
    assert co.NormalFormGame(PD).payoff((1, 0)) == (5.0, 0.0)   # nested lists: one per player


def test_bimatrix_as_nashpy_writes_it() -> None:
    nash = pytest.importorskip("nashpy", reason="nashpy is the peer this form copies")
    rng = np.random.default_rng(3)
    for _ in range(5):
        A, B = rng.integers(-5, 6, (3, 2)), rng.integers(-5, 6, (3, 2))
        ours = co.NormalFormGame(A, B)
        theirs = nash.Game(A, B)
        for prof in ours.profiles():
            assert ours.payoff(prof) == tuple(float(m[prof]) for m in theirs.payoff_matrices)
        assert ours == co.NormalFormGame([A, B])


def test_payoff_profiles_as_quantecon_writes_them() -> None:
    qe = pytest.importorskip("quantecon.game_theory", reason="quantecon is the peer of this layout")
    rng = np.random.default_rng(5)
    for shape in ((2, 2), (3, 2), (2, 2, 2), (2, 3, 2)):
        profiles = rng.integers(-5, 6, (*shape, len(shape)))
        theirs = qe.NormalFormGame(profiles)
        ours = co.NormalFormGame.from_payoff_profiles(theirs.payoff_profile_array)
        assert ours.shape == shape
        for prof in ours.profiles():
            assert ours.payoff(prof) == tuple(float(v) for v in theirs[prof])
        mine = sorted(e.profile for e in co.pure_nash_equilibria(ours))
        assert mine == sorted(tuple(int(a) for a in p) for p in qe.pure_nash_brute(theirs))


def test_payoff_profiles_errors_and_symbols() -> None:
    with pytest.raises(InvalidGameError, match=r"profiles: expected shape .* got shape \(2, 2, 3\)"):
        co.NormalFormGame.from_payoff_profiles(np.zeros((2, 2, 3)))
    with pytest.raises(InvalidGameError, match="profiles"):
        co.NormalFormGame.from_payoff_profiles("abc")
    S = sp.Symbol("S")
    g = co.NormalFormGame.from_payoff_profiles([[[S, 1], [0, 0]], [[0, 0], [1, S]]],
                                              players=["E", "U"])
    assert g.is_symbolic and g.payoff((0, 0)) == (S, 1) and g.players == ("E", "U")
