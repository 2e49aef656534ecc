"""Regime maps (policy/regime.py): undefined payoffs get their own regime; tol is validated."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import InvalidInputError

A, B = sp.symbols("a b", real=True)


def _game(gain: sp.Expr) -> co.NormalFormGame:
    """Row player's gain from (0, 0) over (1, 0) is ``gain``; a coordination game otherwise."""
    return co.NormalFormGame([[[gain, 0], [0, 1]], [[1, 0], [0, 1]]])


def test_points_where_a_payoff_is_undefined_are_undefined_not_no_ess() -> None:
    """log(a) at a <= 0 and 1/(a - 1) at a = 1 are undefined: their own label."""
    g = _game(sp.log(A) + B / (A - 1))
    xs, ys = np.linspace(-1, 2, 7), np.linspace(0.5, 2, 4)
    m = co.regime_map(g, (A, xs), (B, ys))
    assert co.policy.regime.UNDEFINED in m.regimes
    undefined = np.array([[r == "undefined" for r in m.regimes][k] for k in m.labels.ravel()]
                         ).reshape(m.shape)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            defined = x > 0 and x != 1
            assert undefined[j, i] is np.bool_(not defined)
            if defined:   # independent check with the library's ESS on the substituted game
                sub = co.NormalFormGame([[[math.log(x) + y / (x - 1), 0], [0, 1]],
                                         [[1, 0], [0, 1]]])
                ess = tuple(e.profile for e in co.evolutionarily_stable_states(sub))
                assert m.regime_at(x, y) == ess
    # a profile's mask is False where the payoffs are undefined, and the forms name it
    assert not np.any(m.mask((1, 1))[undefined])
    assert "undefined" in m.to_dict()["regimes"]
    assert "undefined:" in repr(m)
    assert sum(m.counts().values()) == xs.size * ys.size


@pytest.mark.parametrize("tol", [pytest.param(-1, id="negative"),
                                 pytest.param(float("nan"), id="nan"),
                                 pytest.param(float("inf"), id="inf"),
                                 pytest.param("0.1", id="string")])
def test_bad_tol_is_rejected_by_name(tol) -> None:
    with pytest.raises(InvalidInputError, match="tol"):
        co.regime_map(_game(A + B), (A, [0, 1]), (B, [0, 1]), tol=tol)


def test_tol_zero_and_positive_are_accepted() -> None:
    """tol = 0 decides exactly; a large tol makes a small gain a tie (no strict ESS)."""
    g = _game(A + B)
    exact = co.regime_map(g, (A, [0.001]), (B, [0.0]), tol=0)
    loose = co.regime_map(g, (A, [0.001]), (B, [0.0]), tol=0.01)
    assert (0, 0) in exact.regime_at(0.001, 0.0)
    assert (0, 0) not in loose.regime_at(0.001, 0.0)
