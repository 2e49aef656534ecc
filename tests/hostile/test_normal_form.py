"""Hostile payoffs for ``NormalFormGame`` and the equilibrium solvers built on it."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation._util.tolerance import MAX_MAGNITUDE
from coinnovation.errors import InvalidGameError, InvalidInputError, UnknownStrategyError

from ._assert import Case, check, params

ZERO = [[0, 0], [0, 0]]


def game(first: object) -> co.NormalFormGame:
    """A 2x2 game whose first payoff of player 0 is ``first``."""
    return co.NormalFormGame([[[first, 0], [0, 1]], ZERO])


COORD = co.NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
RNG = np.random.default_rng(12)
BIG = co.NormalFormGame([RNG.random((60, 60)), RNG.random((60, 60))])

CASES = [
    Case("nan", lambda: game(float("nan")), InvalidGameError, "payoffs[0]", ("nan",)),
    Case("inf", lambda: game(float("inf")), InvalidGameError, "payoffs[0]", ("inf",)),
    Case("numpy-inf", lambda: co.NormalFormGame([np.array([[np.inf, 0], [0, 1]]), np.zeros((2, 2))]),
         InvalidGameError, "payoffs[0]"),
    Case("sympy-zoo", lambda: game(sp.zoo), InvalidGameError, "payoffs[0]"),
    Case("complex", lambda: game(1j), InvalidGameError, "payoffs[0]", ("complex",)),
    Case("sympy-imaginary", lambda: game(sp.I), InvalidGameError, "payoffs[0]"),
    Case("object", lambda: game(object()), InvalidGameError, "payoffs[0]"),
    Case("string", lambda: game("3"), InvalidGameError, "payoffs[0]", ("string",)),
    Case("boolean", lambda: game(True), InvalidGameError, "payoffs[0]", ("boolean",)),
    Case("ragged", lambda: co.NormalFormGame([[[1, 0], [0]], ZERO]), InvalidGameError, "payoffs[0]",
         ("ragged",)),
    Case("shapes-differ", lambda: co.NormalFormGame([np.zeros((2, 2)), np.zeros((2, 3))]),
         InvalidGameError, "payoffs[1]"),
    Case("wrong-dimension", lambda: co.NormalFormGame([np.zeros(2), np.zeros(2)]),
         InvalidGameError, "payoffs[0]"),
    Case("no-players", lambda: co.NormalFormGame([]), InvalidGameError, "payoffs"),
    Case("zero-strategies", lambda: co.NormalFormGame([np.zeros((0, 2)), np.zeros((0, 2))]),
         InvalidGameError, "payoffs", ("at least one strategy",)),
    Case("int-10-400", lambda: game(10**400), InvalidGameError, "payoffs[0]",
         (f"{MAX_MAGNITUDE:g}",)),
    Case("float-max", lambda: co.NormalFormGame([[[1.7e308, -1.7e308], [0, 1]],
                                                [[1, 0], [-1.7e308, 1]]]),
         InvalidGameError, "payoffs[0]", (f"{MAX_MAGNITUDE:g}",)),
    Case("fraction-huge", lambda: game(Fraction(10**200, 3)), InvalidGameError, "payoffs[0]"),
    Case("players-repeated", lambda: co.NormalFormGame([ZERO, ZERO], players=["a", "a"]),
         InvalidGameError, "players"),
    Case("strategies-wrong-count", lambda: co.NormalFormGame([ZERO, ZERO], strategies=[["x", "y"]]),
         InvalidGameError, "strategies"),
    Case("profile-superscript", lambda: COORD.payoff(("²", 0)), UnknownStrategyError, "'²'"),
    Case("profile-float", lambda: COORD.payoff((0.5, 0)), InvalidInputError, "profile"),
    Case("profile-out-of-range", lambda: COORD.payoff((2, 0)), UnknownStrategyError, "2"),
    Case("nash-not-a-game", lambda: co.nash_equilibria(None), InvalidInputError, "game"),
    Case("nash-list", lambda: co.pure_nash_equilibria([[1]]), InvalidInputError, "game"),
    Case("nash-60x60", lambda: co.nash_equilibria(BIG), InvalidInputError, "game",
         ("60x60", "lemke_howson")),
    Case("nash-60x60-support", lambda: co.nash_equilibria(BIG, method="support"),
         InvalidInputError, "game", ("lemke_howson",)),
    Case("nash-60x60-exact", lambda: co.nash_equilibria(BIG, exact=True), InvalidInputError, "game"),
    Case("nash-exact-no", lambda: co.nash_equilibria(COORD, exact="no"), InvalidInputError, "exact"),
    Case("nash-exact-one", lambda: co.nash_equilibria(COORD, exact=1), InvalidInputError, "exact"),
    Case("nash-method", lambda: co.nash_equilibria(COORD, method="magic"), InvalidInputError,
         "method"),
    Case("nash-tol-negative", lambda: co.nash_equilibria(COORD, tol=-1), InvalidInputError, "tol"),
    Case("nash-tol-nan", lambda: co.nash_equilibria(COORD, tol=float("nan")), InvalidInputError, "tol"),
    Case("lemke-howson-max-iter", lambda: co.nash_equilibria(COORD, method="lemke_howson", max_iter=0),
         InvalidInputError, "max_iter"),
    Case("nash-symbolic", lambda: co.nash_equilibria(game(sp.Symbol("S"))),
         co.errors.SymbolicNotSupported, "S"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_normal_form_input_is_a_named_error(case: Case) -> None:
    check(case)


def test_one_strategy_each_is_a_game_with_its_only_profile_as_equilibrium() -> None:
    g = co.NormalFormGame([[[3]], [[-2]]])
    (eq,) = co.nash_equilibria(g)
    assert eq.is_pure and eq.payoffs == (3, -2)


def test_the_payoff_limit_is_inclusive_and_solvable() -> None:
    """Payoffs at the limit are accepted, and the equilibria certify (zero regret)."""
    s = MAX_MAGNITUDE
    g = co.NormalFormGame([[[s, 0], [0, s / 2]], [[s / 2, 0], [0, s]]])
    eqs = co.nash_equilibria(g)
    assert len(eqs) == 3
    atol = co.TOL * s
    for eq in eqs:
        assert all(math.isfinite(float(p)) for p in eq.payoffs)
        assert np.all(np.asarray(co.regrets(g, eq.strategies)) <= atol)


def test_lemke_howson_is_the_bounded_method_for_a_big_game() -> None:
    """The error for 60x60 points to Lemke–Howson; it returns one equilibrium with zero regret."""
    (eq,) = co.nash_equilibria(BIG, method="lemke_howson")
    assert np.all(np.asarray(co.regrets(BIG, eq.strategies)) <= co.TOL)
