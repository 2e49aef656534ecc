"""Symbols by name and vectorized numeric functions of the parameters (co.numeric_function)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation.errors import InvalidInputError

S, C = sp.symbols("S C", positive=True)


def test_symbols_of_every_symbolic_object() -> None:
    game = co.models.industry_university(pi_E=0, pi_U=0)
    assert set(game.symbols) == {str(s) for s in game.free_symbols}
    assert list(game.symbols) == sorted(game.symbols)
    assert game.symbol("C_E") in game.free_symbols and game.symbol("C_E").name == "C_E"
    with pytest.raises(InvalidInputError, match=r"'S' is not a symbol .*C_E, C_U"):
        game.symbol("S")
    with pytest.raises(TypeError):
        game.symbols["new"] = S   # type: ignore[index]   # read-only
    rd = co.ReplicatorDynamics(game)
    assert set(rd.symbols) == set(game.symbols) and "x" not in rd.symbols
    assert rd.symbol("S_E") is game.symbol("S_E")
    with pytest.raises(InvalidInputError, match=r"'x' is not a symbol"):
        rd.symbol("x")
    cg = co.CoalitionalGame([0, 0, 0, S])
    assert dict(cg.symbols) == {"S": S} and cg.symbol("S") is S
    tri = co.models.government_enterprise_university()
    assert tri.symbol("S_E").name == "S_E" and tri.symbols["W_a"] in tri.free_symbols
    numeric = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    assert dict(numeric.symbols) == {}
    with pytest.raises(InvalidInputError, match="none: it is numeric"):
        numeric.symbol("S")


def test_surplus_model_symbols() -> None:
    model = co.SurplusModel([co.Actor("E", cost=C), co.Actor("U", cost=1)], {("E", "U"): S})
    assert dict(model.symbols) == {"C": C, "S": S} and model.symbol("C") is C


@given(s=st.floats(0.1, 10), c=st.floats(0.1, 10))
def test_numeric_function_equals_substitution(s: float, c: float) -> None:
    exprs = [S - C, S * C / (1 + S), sp.sqrt(S) + 2]
    f = co.numeric_function(exprs, ["S", "C"])
    got = f(s, c)
    want = [float(e.subs({S: s, C: c})) for e in exprs]
    scale = max(1.0, *map(abs, want))
    assert got.shape == (3,)
    assert np.all(np.abs(got - want) <= co.TOL * scale)


def test_numeric_function_broadcasts_and_checks() -> None:
    f = co.numeric_function(S - 2 * C, [S, "C"])
    grid = f(np.linspace(0, 1, 3)[:, None], np.array([0.0, 1.0]))
    assert grid.shape == (3, 2) and grid[2, 1] == -1.0
    const = co.numeric_function([S, 3], ["S"])(np.zeros(4))
    assert const.shape == (4, 2) and np.all(const[:, 1] == 3)
    with pytest.raises(InvalidInputError, match=r"parameters: .*free symbols C"):
        co.numeric_function(S - C, ["S"])
    with pytest.raises(InvalidInputError, match=r"parameters\[1\]: expected a sympy Symbol"):
        co.numeric_function(S - C, ["S", "2x"])
    unused = co.numeric_function(S - C, ["S", "C", "D"])   # D shapes the signature only
    assert unused(3.0, 1.0, np.zeros(2)).tolist() == [2.0, 2.0]
    with pytest.raises(InvalidInputError, match=r"values: expected 2 values"):
        f(1.0)
    with pytest.raises(InvalidInputError, match="broadcast"):
        f(np.zeros(3), np.zeros(2))
    m = co.numeric_function(sp.Matrix([[S, C], [C, S]]), ["S", "C"])(1.0, 2.0)
    assert m.tolist() == [1.0, 2.0, 2.0, 1.0]


def test_numeric_function_of_eigenvalues_flips_at_the_threshold() -> None:
    """The enterprise's eigenvalue at (cooperate, cooperate) changes sign at the ESS threshold
    S_E* = C_E + T_E - F - alpha*dR = 6 + 3 - 2 - 5 = 2 (MODELS.md, by hand)."""
    game = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=6, C_U=3,
                                         T_E=3, T_U=3, F=2, S_U=0)
    rd = co.ReplicatorDynamics(game)
    lam = co.numeric_function(rd.classify((0, 0)).eigenvalues[0], ["S_E"])
    star = 6 + 3 - 2 - 5   # C_E + T_E - F - alpha dR
    eps = 1e-3
    assert lam(star + eps) < 0 < lam(star - eps)
