"""Hostile input for ``stability_region``, ``threshold`` and ``nash_conditions``."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import InvalidInputError, UnknownStrategyError

from ._assert import Case, check, params

S = sp.Symbol("S", real=True)
GAME = co.NormalFormGame([[[S, 0], [0, 1]], [[1, 0], [0, 1]]])
NEVER = co.NormalFormGame([[[S, 0], [0, 1]], [[-1, 0], [0, 1]]])  # the column player always defects


def thr(**kw: object) -> object:
    return co.threshold(GAME, S, profile=(0, 0), **kw)


CASES = [
    Case("xtol-negative", lambda: thr(xtol=-1), InvalidInputError, "xtol"),
    Case("xtol-zero", lambda: thr(xtol=0), InvalidInputError, "xtol"),
    Case("xtol-nan", lambda: thr(xtol=float("nan")), InvalidInputError, "xtol"),
    Case("xtol-string", lambda: thr(xtol="1e-3"), InvalidInputError, "xtol"),
    Case("bracket-reversed", lambda: thr(bracket=(5, 0)), InvalidInputError, "bracket"),
    Case("bracket-nan", lambda: thr(bracket=(float("nan"), 1)), InvalidInputError, "bracket"),
    Case("bracket-inf", lambda: thr(bracket=(0, float("inf"))), InvalidInputError, "bracket"),
    Case("bracket-one-number", lambda: thr(bracket=(1,)), InvalidInputError, "bracket"),
    Case("n-grid-zero", lambda: thr(n_grid=0), InvalidInputError, "n_grid"),
    Case("n-grid-negative", lambda: thr(n_grid=-1), InvalidInputError, "n_grid"),
    Case("parameter-unknown", lambda: co.threshold(GAME, sp.Symbol("Q"), profile=(0, 0)),
         InvalidInputError, "parameter"),
    Case("profile-out-of-range", lambda: co.threshold(GAME, S, profile=(3, 0)),
         UnknownStrategyError, "profile"),
    Case("profile-short", lambda: co.threshold(GAME, S, profile=(0,)), InvalidInputError,
         "profile"),
    Case("criterion-unknown", lambda: thr(criterion="stable"), InvalidInputError, "criterion"),
    Case("unsatisfiable", lambda: co.threshold(NEVER, S, profile=(0, 0)), InvalidInputError,
         "parameter", ("empty",)),
    Case("region-xtol", lambda: co.stability_region(GAME, S, profile=(0, 0), xtol=-1),
         InvalidInputError, "xtol"),
    Case("region-not-a-game", lambda: co.stability_region(None, S, profile=(0, 0)),
         InvalidInputError, "game"),
    Case("conditions-not-a-game", lambda: co.nash_conditions(None, profile=(0, 0)),
         InvalidInputError, "game"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_region_input_is_a_named_error(case: Case) -> None:
    check(case)


def test_an_unsatisfiable_criterion_has_an_empty_region_not_an_error() -> None:
    """The region is a set and may be empty; only its infimum (the threshold) is undefined."""
    assert co.stability_region(NEVER, S, profile=(0, 0)) is sp.S.EmptySet


def test_the_threshold_flips_the_criterion() -> None:
    """Independent check of the suite's game: (0, 0) is an equilibrium just above the threshold
    and not just below."""
    t = co.threshold(GAME, S, profile=(0, 0), criterion="strict_nash")
    eps = sp.Rational(1, 100)

    def pure(value: sp.Expr) -> list[tuple[int, ...]]:
        g = GAME.subs({S: value})
        return [tuple(int(np.argmax(s)) for s in e.strategies) for e in co.pure_nash_equilibria(g)]

    assert (0, 0) in pure(t + eps)
    assert (0, 0) not in pure(t - eps)
