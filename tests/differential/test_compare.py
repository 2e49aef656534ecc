"""Comparisons across modes: differences, the Pareto region of cost sharing, the equalizing subsidy."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings

import coinnovation as co
from coinnovation import strategies as cst


def test_compare_modes_differences_are_the_mode_gaps() -> None:
    game = co.models.knowledge_stock(cost_sharing=False)
    s = game.symbols
    cmp = co.compare_modes(game, leader="enterprise")
    gap = cmp.differences[("cooperative", "nash")]
    for name in ("u_E", "u_U", "K"):
        key = s[name]
        table = cmp.steady_state if name == "K" else cmp.efforts
        assert sp.simplify(gap[name] - (table[key]["cooperative"] - table[key]["nash"])) == 0
    # cooperation raises both efforts for every share in (0, 1)
    for alpha in (sp.Rational(1, 4), sp.Rational(3, 4)):
        assert gap["u_E"].subs(s["alpha"], alpha) > 0 and gap["u_U"].subs(s["alpha"], alpha) > 0
    # without an instrument, the Stackelberg leader's feedback law equals Nash (state-independent laws)
    assert all(e == 0 for k, e in cmp.differences[("stackelberg", "nash")].items() if k in ("u_E", "u_U"))
    assert "\\mathrm{cooperative}" in cmp.to_latex()


def test_pareto_region_of_cost_sharing_is_alpha_above_one_third() -> None:
    game = co.models.knowledge_stock()
    region = co.pareto_region(game, "alpha", leader="enterprise")
    assert region == sp.Interval.open(sp.Rational(1, 3), 1)
    # check independently at points: both players gain strictly above 1/3, nobody gains below
    nash = co.feedback_equilibrium(game, "nash")
    stack = co.feedback_equilibrium(game, "stackelberg", leader="enterprise")
    s = game.symbols
    numbers = {s[n]: 1 for n in ("a_E", "a_U", "theta", "mu_E", "mu_U", "delta", "rho")}
    for alpha, gains in ((sp.Rational(1, 2), True), (sp.Rational(1, 5), False)):
        at = {**numbers, s["alpha"]: alpha, s["K"]: 1}
        diffs = [sp.piecewise_fold(stack.values[p] - nash.values[p]).subs(at) for p in game.players]
        assert all(d > 0 for d in diffs) if gains else all(d == 0 for d in diffs)


@settings(max_examples=5, deadline=None)
@given(cst.differential_parameters(co.models.knowledge_stock_subsidy()))
def test_equalizing_subsidy_makes_the_nash_stock_cooperative(values) -> None:
    game = co.models.knowledge_stock_subsidy()
    res = co.equalizing_subsidy(game, "s")
    rate = res.rate.subs(values)
    assert 0 < rate < 1
    # solve the subsidised game at that rate from scratch and compare with cooperation without subsidy
    numeric = {k: v for k, v in values.items() if k != res.parameter}
    nash = co.feedback_equilibrium(game.subs({**numeric, res.parameter: rate}), "nash").steady_state
    coop = co.feedback_equilibrium(game.subs({**numeric, res.parameter: 0}), "cooperative").steady_state
    assert sp.simplify(nash[res.state] - coop[res.state]) == 0
    below = co.feedback_equilibrium(game.subs({**numeric, res.parameter: rate / 2}), "nash").steady_state
    assert below[res.state] < coop[res.state]
