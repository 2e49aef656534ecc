"""Canonical literature models: payoff tables vs the papers' formulas, closed forms vs
hand derivations, typical numbers, bad input.

Sources are cited per test; formulas follow ../shared/MODELS.md.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation.errors import InvalidInputError
from coinnovation.models import TRIPARTITE_TYPICAL


def syms(game: co.NormalFormGame) -> dict[str, sp.Symbol]:
    return {str(s): s for s in game.free_symbols}


# ------------------------------------------------------------------ tripartite
@pytest.mark.parametrize("paper_state", [pytest.param(v, id=f"paper-{v}")
                                         for v in itertools.product(range(2), repeat=3)])
def test_tripartite_payoffs_equal_the_papers_formulas(paper_state) -> None:
    """吴洁 et al. (2019) payoffs at the paper state (e, u, g), 1 = cooperate / active."""
    g = co.models.government_enterprise_university()
    s = syms(g)
    e, u, gv = paper_state
    hand = (
        s["R_E"] + e * u * s["alpha"] * s["dR"] - e * s["C_E"] + e * (1 - u) * s["F"]
        + (1 - e) * u * (s["T_E"] - s["F"]) + gv * (e * s["S_E"] - (1 - e) * s["P_E"]),
        s["R_U"] + e * u * (1 - s["alpha"]) * s["dR"] - u * s["C_U"] + u * (1 - e) * s["F"]
        + (1 - u) * e * (s["T_U"] - s["F"]) + gv * (u * s["S_U"] - (1 - u) * s["P_U"]),
        gv * (-s["C_G"] - e * s["S_E"] - u * s["S_U"] + (1 - e) * s["P_E"] + (1 - u) * s["P_U"]
              + e * u * s["W_a"]) - (1 - gv) * (1 - e * u) * s["L"],
    )
    pays = g.payoff(tuple(1 - x for x in paper_state))
    for a, b in zip(pays, hand, strict=True):
        assert sp.simplify(a - b) == 0


@pytest.mark.parametrize(("s_e", "s_u", "expected"), [
    pytest.param(0.5, 0.5, [(1, 1, 0)], id="below-window-defection-under-supervision"),
    pytest.param(2, 2, [(0, 0, 0), (1, 1, 0)], id="inside-window-bistable"),
    pytest.param(3.5, 2, [(0, 0, 0)], id="inside-window-cooperation-unique"),
    pytest.param(4, 4, [], id="above-window-no-ess"),
])
def test_tripartite_typical_numbers_ess_sets(s_e, s_u, expected) -> None:
    """Typical numbers: window 1 < S_E, 1 < S_U, S_E + S_U < 6 (MODELS.md)."""
    g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=s_e, S_U=s_u)
    assert [e.profile for e in co.evolutionarily_stable_states(g)] == expected


def test_tripartite_symbols_are_nonnegative_by_default() -> None:
    g = co.models.government_enterprise_university()
    assert len(g.free_symbols) == len(co.models.TRIPARTITE_SYMBOLS)
    assert all(s.is_nonnegative for s in g.free_symbols)
    assert g.players == ("enterprise", "university", "government")


# ------------------------------------------------------------------ n-actor alliance
@pytest.mark.parametrize("n", [pytest.param(n, id=f"n={n}") for n in (2, 3, 4, 5)])
def test_alliance_subsidy_threshold_equals_hand_derivation(n) -> None:
    """Last contributor's gain: rC/n - C + S + P - θ rC (n-1)/n > 0 (public goods with spillover)."""
    S = sp.Symbol("S", real=True)
    g = co.models.innovation_alliance(n, S=S)
    s = syms(g)
    hand = s["C"] * (1 - s["r"] + s["theta"] * s["r"] * sp.Rational(n - 1, n)) - s["P"]
    assert sp.simplify(co.threshold(g, S, profile=(0,) * n) - hand) == 0


@given(n=st.integers(2, 5), r=st.integers(1, 4), c=st.integers(1, 5))
def test_linear_public_goods_game_defection_dominant(n, r, c) -> None:
    """θ = 1, no policy, r < n: free riding is dominant (Hauert et al. 2002)."""
    g = co.models.innovation_alliance(n, pi=0, C=c, r=r, theta=1, S=0, P=0)
    ess = [e.profile for e in co.evolutionarily_stable_states(g)]
    if r < n:
        assert ess == [(1,) * n]
    elif r > n:
        assert ess == [(0,) * n]
    else:
        assert ess == []


# ------------------------------------------------------------------ Stackelberg subsidy
def test_stackelberg_optimal_subsidy_closed_form() -> None:
    """MODELS.md: e*(s) = pθ/((1-s)k); s* = ε/(p+ε) restores the first best."""
    m = co.models.stackelberg_subsidy()
    p, eps, theta, k = (m.symbols[x] for x in ("p", "epsilon", "theta", "k"))
    s = m.symbols["s"]
    assert sp.simplify(m.optimal_subsidy - eps / (p + eps)) == 0
    assert sp.simplify(m.effort - p * theta / ((1 - s) * k)) == 0
    assert sp.simplify(m.effort_at(m.optimal_subsidy) - (p + eps) * theta / k) == 0
    assert sp.simplify(m.first_best_effort - (p + eps) * theta / k) == 0


@pytest.mark.parametrize(("values", "expected"), [
    pytest.param({"p": 3, "epsilon": 1, "theta": 1, "k": 1}, 0.25, id="p3-eps1"),
    pytest.param({"p": 1, "epsilon": 1, "theta": 2, "k": 5}, 0.5, id="p1-eps1"),
    pytest.param({"p": 2, "epsilon": 0.5, "theta": 1, "k": 2}, 0.2, id="p2-eps0.5"),
])
def test_stackelberg_optimum_by_grid_search(values, expected) -> None:
    m = co.models.stackelberg_subsidy(**values)
    assert float(m.optimal_subsidy) == pytest.approx(expected)
    w = sp.lambdify(m.symbols["s"], m.welfare, "numpy")
    grid = np.linspace(0, 0.95, 9501)
    assert grid[np.argmax(w(grid))] == pytest.approx(expected, abs=2e-4)


# ------------------------------------------------------------------ d'Aspremont–Jacquemin
def test_daj_closed_forms() -> None:
    """d'Aspremont & Jacquemin (1988): x_nc = (a-A)(2-β)/(4.5bγ-(2-β)(1+β)),
    x_c = (a-A)(1+β)/(4.5bγ-(1+β)^2)."""
    m = co.models.rd_spillovers()
    a, b, A, beta, gamma = (m.symbols[x] for x in ("a", "b", "A", "beta", "gamma"))
    half9 = sp.Rational(9, 2)
    assert sp.simplify(m.noncooperative_rd
                       - (a - A) * (2 - beta) / (half9 * b * gamma - (2 - beta) * (1 + beta))) == 0
    assert sp.simplify(m.cooperative_rd
                       - (a - A) * (1 + beta) / (half9 * b * gamma - (1 + beta) ** 2)) == 0


@pytest.mark.parametrize(("beta", "raises"), [
    pytest.param(0.25, False, id="low-spillover-less-rd"),
    pytest.param(0.5, False, id="half-equal-rd"),
    pytest.param(0.75, True, id="high-spillover-more-rd"),
])
def test_daj_cooperation_raises_rd_iff_spillover_above_half(beta, raises) -> None:
    m = co.models.rd_spillovers(a=100, b=1, A=60, gamma=10, beta=beta)
    assert m.cooperation_raises_rd() is raises
    # joint profit maximisation never does worse than the non-cooperative R&D stage
    assert float(m.cooperative_profit) >= float(m.noncooperative_profit) - 1e-12


def test_daj_symbolic_beta_window() -> None:
    m = co.models.rd_spillovers(a=100, b=1, A=60, gamma=10)
    assert m.cooperation_raises_rd() == sp.Interval.Lopen(sp.Rational(1, 2), 1)


# ------------------------------------------------------------------ industry–university unchanged
def test_industry_university_keeps_its_demo_behaviour() -> None:
    """`coinnovation demo` relies on (C, C) and (D, D) both being equilibria at S = 0."""
    g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=3, C_U=3, T_E=3,
                                      T_U=3, F=2, S_E=0, S_U=0)
    assert [e.profile for e in co.pure_nash_equilibria(g)] == [(0, 0), (1, 1)]


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(("call", "match"), [
    pytest.param(lambda: co.models.government_enterprise_university(S=1),
                 "government_enterprise_university: unknown parameter", id="tripartite-unknown"),
    pytest.param(lambda: co.models.government_enterprise_university(S_E="2"),
                 "S_E: expected a number", id="tripartite-string"),
    pytest.param(lambda: co.models.government_enterprise_university(S_E=float("inf")),
                 "S_E: expected a finite number", id="tripartite-inf"),
    pytest.param(lambda: co.models.innovation_alliance(1), "n: expected an integer from 2 to 12",
                 id="alliance-too-small"),
    pytest.param(lambda: co.models.innovation_alliance(3, q=1), "innovation_alliance: unknown",
                 id="alliance-unknown"),
    pytest.param(lambda: co.models.stackelberg_subsidy(s=0.5), "stackelberg_subsidy: unknown",
                 id="stackelberg-rate-is-not-a-parameter"),
    pytest.param(lambda: co.models.rd_spillovers(delta=1), "rd_spillovers: unknown",
                 id="daj-unknown"),
])
def test_bad_input_names_the_argument(call, match) -> None:
    with pytest.raises(InvalidInputError, match=match):
        call()


def test_closed_forms_export_as_latex_and_dict() -> None:
    m = co.models.stackelberg_subsidy()
    assert m.to_dict()["optimal_subsidy"] == "epsilon/(epsilon + p)"
    assert r"s^* = \frac{\epsilon}{\epsilon + p}" in m.to_latex()
    rd = co.models.rd_spillovers()
    assert set(rd.to_dict()) == {"noncooperative_rd", "cooperative_rd", "noncooperative_profit",
                                 "cooperative_profit"}
    assert rd.to_latex().startswith("x^{nc} = ")
