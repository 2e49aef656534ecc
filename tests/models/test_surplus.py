"""SurplusModel: the literature models rebuilt from their parts, and the documented mapping
between the normal form, the replicator dynamics and the coalitional game.

Sources: 方炜, 王婵, 李正锋 (2019) 运筹与管理 (two-party game); 吴洁, 车晓静, 盛永祥, 陈璐,
施琴芬 (2019) 中国管理科学 (tripartite game); Shapley (1953).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import sympy as sp
from hypothesis import given

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import InvalidInputError, UnknownPlayerError
from coinnovation.models import TRIPARTITE_TYPICAL
from coinnovation.policy.criteria import criterion_holds


def same(a: object, b: object) -> bool:
    """Equal as closed forms, or within float round-off when both are numbers."""
    d = sp.nsimplify(a) - sp.nsimplify(b)
    if d.free_symbols:
        return sp.simplify(d) == 0
    return abs(float(d)) <= 1e-9 * max(1.0, abs(float(sp.nsimplify(b))))


def syms(game: co.NormalFormGame) -> dict[str, sp.Symbol]:
    return {str(s): s for s in game.free_symbols}


# ------------------------------------------------------------------ literature models rebuilt
def test_two_party_model_from_parts_equals_industry_university() -> None:
    """方炜 et al. (2019): the 2x2 table is the surplus model with a non-strategic government."""
    ref = co.models.industry_university()
    s = syms(ref)
    model = co.SurplusModel(
        [co.Actor("enterprise", "enterprise", s["pi_E"], s["C_E"], s["T_E"]),
         co.Actor("university", "university", s["pi_U"], s["C_U"], s["T_U"])],
        surplus=s["dR"], sharing="fixed",
        shares={"enterprise": s["alpha"], "university": 1 - s["alpha"]},
        breach_compensation=s["F"],
        government=co.Government(subsidies={"enterprise": s["S_E"], "university": s["S_U"]},
                                 strategic=False))
    assert model.normal_form() == ref


def tripartite_model(game: co.NormalFormGame) -> co.SurplusModel:
    s = syms(game)
    return co.SurplusModel(
        [co.Actor("enterprise", "enterprise", s["R_E"], s["C_E"], s["T_E"]),
         co.Actor("university", "university", s["R_U"], s["C_U"], s["T_U"])],
        surplus=s["dR"], sharing="fixed",
        shares={"enterprise": s["alpha"], "university": 1 - s["alpha"]},
        breach_compensation=s["F"],
        government=co.Government(subsidies={"enterprise": s["S_E"], "university": s["S_U"]},
                                 fines={"enterprise": s["P_E"], "university": s["P_U"]},
                                 supervision_cost=s["C_G"], benefit=s["W_a"], loss=s["L"]))


def test_tripartite_model_from_parts_equals_government_enterprise_university() -> None:
    """吴洁 et al. (2019): a strategic government makes the surplus model the tripartite game."""
    ref = co.models.government_enterprise_university()
    model = tripartite_model(ref)
    assert model.players == ("enterprise", "university", "government")
    assert model.normal_form() == ref


def test_tripartite_window_from_the_surplus_model() -> None:
    ref = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_U=2)
    model = tripartite_model(co.models.government_enterprise_university())
    numbers = {k: v for k, v in TRIPARTITE_TYPICAL.items()}
    g = model.subs({**numbers, "S_U": 2}).normal_form()
    assert g == ref
    assert co.stability_region(g, "S_E", profile=(0, 0, 0)) == sp.Interval.open(1, 4)


# ------------------------------------------------------------------ the mapping (hypothesis)
surplus_models = cst.surplus_models


def exactly(model: co.SurplusModel, coalition: tuple[int, ...], *, active: bool) -> tuple[int, ...]:
    n = len(model.actors)
    prof = tuple(0 if i in coalition else 1 for i in range(n))
    gov = model.government
    if gov is not None and gov.strategic:
        prof = (*prof, 0 if active else 1)
    return prof


def coalitions(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(0, n + 1) for c in itertools.combinations(range(n), k)]


@given(surplus_models())
def test_standalone_worth_is_the_all_defect_payoff(model) -> None:
    """Mapping 1: v({i}) = u_i(nobody cooperates), government passive or absent."""
    n = len(model.actors)
    v = model.coalitional_game()
    nf = model.normal_form()
    gov = model.government
    pays = nf.payoff(exactly(model, (), active=False))
    for i, a in enumerate(model.actors):
        fine = gov.fines.get(a.name, 0) if gov is not None and not gov.strategic else 0
        assert sp.nsimplify(pays[i]) == sp.nsimplify(v.value([i])) - fine
    assert n == v.n_players


@given(surplus_models())
def test_coalition_payoffs_equal_worth_plus_breach_transfers(model) -> None:
    """Mapping 2: for |S| >= 2, sum_{i in S} u_i = v(S) + F |S| (n - |S|) (+ subsidies if active)."""
    n = len(model.actors)
    F = model._F
    v = model.coalitional_game()
    vs = model.coalitional_game(subsidised=True)
    nf = model.normal_form()
    gov = model.government
    for S in coalitions(n):
        if len(S) < 2:
            continue
        transfer = F * len(S) * (n - len(S))
        if gov is None or gov.strategic:
            pays = nf.payoff(exactly(model, S, active=False))
            assert same(sum(pays[i] for i in S), sp.nsimplify(v.value(S)) + transfer)
        if gov is not None:
            pays = nf.payoff(exactly(model, S, active=True))
            assert same(sum(pays[i] for i in S), sp.nsimplify(vs.value(S)) + transfer)


@given(surplus_models(government="none"))
def test_total_payoff_is_worth_plus_spillovers(model) -> None:
    """Mapping 3: sum over all actors = v(K) + sum_{j not in K} (pi_j + T_j k / (n - 1))."""
    n = len(model.actors)
    v = model.coalitional_game()
    nf = model.normal_form()
    for K in coalitions(n):
        if len(K) < 2:
            continue
        outside = sum((a.standalone + a.spillover * sp.Rational(len(K), n - 1)
                       for j, a in enumerate(model.actors) if j not in K), start=sp.S.Zero)
        total = sum(nf.payoff(exactly(model, K, active=False)))
        assert same(total, sp.nsimplify(v.value(K)) + outside)


@given(surplus_models())
def test_surplus_shares_and_coalitional_surplus_agree(model) -> None:
    """cooperative_surplus(S) = v(S) - sum v({i}); shares are efficient (sum to ΔR(S))."""
    n = len(model.actors)
    v = model.coalitional_game()
    for S in coalitions(n):
        if not S:
            continue
        names = [model.actors[i].name for i in S]
        assert sp.nsimplify(v.surplus(S)) == model.cooperative_surplus(names)
        if len(S) >= 2:
            assert sp.simplify(sum(model.shares(names).values())
                               - model.joint_surplus(names)) == 0


@given(surplus_models(government="player"))
def test_replicator_sinks_are_the_strict_equilibria(model) -> None:
    """Mapping 4: the replicator dynamics are the normal form's; sinks = strict NE = ESS."""
    nf = model.normal_form()
    rd = model.replicator()
    assert rd.game == nf
    for prof in nf.profiles():
        assert (rd.classify(prof).kind == "sink") == criterion_holds(nf, prof, "ess")


@given(surplus_models(government="none"))
def test_participation_is_individual_rationality_of_the_shares(model) -> None:
    """Mapping 5: participation at all-cooperate <=> phi_i(N) - C_i >= 0 for every actor."""
    n = len(model.actors)
    nf = model.normal_form()
    shares = model.shares([a.name for a in model.actors])
    rational = all(shares[a.name] - a.cost >= 0 for a in model.actors)
    assert criterion_holds(nf, (0,) * n, "participation") is rational


# ------------------------------------------------------------------ sharing rules
def test_shapley_sharing_equals_shapley_value() -> None:
    """Player 0 creates 6 with either partner; the three together 6: Shapley (4, 1, 1)."""
    model = co.SurplusModel([co.Actor("lead"), co.Actor("u1", "university"),
                             co.Actor("u2", "research institute")],
                            {("lead", "u1"): 6, ("lead", "u2"): 6, ("lead", "u1", "u2"): 6},
                            sharing="shapley")
    assert model.shares(("lead", "u1", "u2")) == {"lead": 4, "u1": 1, "u2": 1}
    assert model.shares(("lead", "u1")) == {"lead": 3, "u1": 3}


@pytest.mark.parametrize(("sharing", "expected"), [
    pytest.param("equal", {"firm": 6, "lab": 6}, id="equal"),
    pytest.param("proportional", {"firm": 9, "lab": 3}, id="proportional-3-to-1"),
    pytest.param("nash_bargaining", {"firm": 4, "lab": 8}, id="nash-bargaining-powers-1-2"),
])
def test_two_actor_sharing_rules(sharing, expected) -> None:
    model = co.SurplusModel([co.Actor("firm", contribution=3, power=1),
                             co.Actor("lab", "university", contribution=1, power=2)],
                            surplus=12, sharing=sharing)
    assert model.shares(("firm", "lab")) == expected
    if sharing == "nash_bargaining":   # the library's bargaining solution over the surplus
        nb = co.nash_bargaining_solution(12, [0, 0], powers=[1, 2], players=["firm", "lab"])
        assert nb.to_dict() == {k: float(v) for k, v in expected.items()}


def test_nash_bargaining_reimburses_costs_then_splits_by_power() -> None:
    """Asymmetric Nash bargaining with disagreement at stand-alone payoffs (MODELS.md)."""
    model = co.SurplusModel([co.Actor("firm", cost=2, power=2),
                             co.Actor("lab", "university", cost=1, power=1)],
                            surplus=12, sharing="nash_bargaining")
    shares = model.shares(("firm", "lab"))
    assert shares == {"firm": 8, "lab": 4}          # 2 + 2/3 * 9, 1 + 1/3 * 9
    nb = co.nash_bargaining_solution(12, [2, 1], powers=[2, 1], players=["firm", "lab"])
    assert nb.to_dict() == {"firm": 8.0, "lab": 4.0}
    nf = model.normal_form()
    assert nf.payoff((0, 0)) == (6.0, 3.0)          # net surplus 9 split 2 : 1


def test_subs_commutes_with_normal_form() -> None:
    ref = co.models.government_enterprise_university()
    model = tripartite_model(ref)
    values = {**TRIPARTITE_TYPICAL, "S_E": 2, "S_U": 3}
    assert model.subs(values).normal_form() == ref.subs(values)
    assert not model.subs(values).free_symbols


# ------------------------------------------------------------------ bad input
def _actors() -> list[co.Actor]:
    return [co.Actor("firm"), co.Actor("lab", "university")]


@pytest.mark.parametrize(("call", "error", "match"), [
    pytest.param(lambda: co.SurplusModel([co.Actor("firm")], 1), InvalidInputError,
                 "actors: expected 2 to 10", id="one-actor"),
    pytest.param(lambda: co.SurplusModel([co.Actor("a"), co.Actor("a")], 1), InvalidInputError,
                 "actors: repeated names a", id="repeated-names"),
    pytest.param(lambda: co.Actor("x", "mayor"), InvalidInputError, "role: 'mayor'",
                 id="unknown-role"),
    pytest.param(lambda: co.Actor("x", "government"), InvalidInputError, "use Government",
                 id="government-as-actor"),
    pytest.param(lambda: co.Actor("x", cost=float("nan")), InvalidInputError,
                 "x.cost: must be finite", id="nan-cost"),
    pytest.param(lambda: co.Actor("x", standalone="10"), InvalidInputError,
                 "x.standalone: expected a number", id="string-value"),
    pytest.param(lambda: co.SurplusModel(_actors(), {("firm",): 3}), InvalidInputError,
                 "surplus: a single actor", id="singleton-surplus"),
    pytest.param(lambda: co.SurplusModel(_actors(), {("firm", "bank"): 3}), UnknownPlayerError,
                 "surplus: unknown actor 'bank'", id="unknown-actor-in-coalition"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fair"), InvalidInputError,
                 "sharing: unknown rule 'fair'", id="unknown-sharing"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fixed"), InvalidInputError,
                 "shares: required", id="fixed-without-shares"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fixed", shares={"firm": 1}),
                 InvalidInputError, "shares: missing actor", id="shares-missing-actor"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fixed", shares={"firm": 1, "lab": 1}),
                 InvalidInputError, "shares: .* must sum to 1; they sum to 2", id="shares-sum-to-2"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fixed",
                                         shares={"firm": 0.5, "lab": 0.5 - 1e-6}),
                 InvalidInputError, "must sum to 1", id="shares-just-outside-tolerance"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, sharing="fixed",
                                         shares={"firm": sp.Symbol("a"), "lab": sp.Symbol("b")}),
                 InvalidInputError, "they sum to a \\+ b", id="symbolic-shares-not-summing-to-1"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, shares={"firm": 1, "lab": 1}),
                 InvalidInputError, "shares: only used", id="shares-without-fixed"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1,
                                         government=co.Government(subsidies={"bank": 1})),
                 UnknownPlayerError, "government.subsidies: unknown actor 'bank'",
                 id="subsidy-unknown-actor"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1, government="state"), InvalidInputError,
                 "government: expected a coinnovation.Government", id="government-not-object"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1).subs({"Q": 1}), InvalidInputError,
                 "mapping: 'Q' is not a symbol", id="subs-unknown-symbol"),
    pytest.param(lambda: co.SurplusModel(_actors(), 1).shares(("firm", "bank")),
                 UnknownPlayerError, "coalition: unknown actor 'bank'", id="shares-unknown"),
])
def test_bad_input_names_the_argument(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_surplus_as_a_formula_in_the_coalition_size() -> None:
    """Synergy r k^2 for a coalition of k actors, given as sympy.Lambda(k, r k^2)."""
    k, r = sp.Symbol("k"), sp.Symbol("r", positive=True)
    model = co.SurplusModel([co.Actor("a"), co.Actor("b", "university"),
                             co.Actor("c", "user")], sp.Lambda(k, r * k**2))
    assert model.cooperative_surplus(("a", "b")) == 4 * r
    assert model.cooperative_surplus(("a", "b", "c")) == 9 * r
    assert model.shares(("a", "b", "c")) == {"a": 3 * r, "b": 3 * r, "c": 3 * r}
    with pytest.raises(InvalidInputError, match="surplus: a sympy Lambda must take one argument"):
        co.SurplusModel([co.Actor("a"), co.Actor("b")], sp.Lambda((k, r), k * r))


def test_fixed_shares_summing_to_one_are_accepted_within_the_tolerance() -> None:
    """Exact, symbolic and float shares that sum to 1 (0.1 + 0.2 + 0.7 is 1 up to round-off)."""
    a = sp.Symbol("a")
    three = [co.Actor("firm"), co.Actor("lab", "university"), co.Actor("user", "user")]
    for shares in ({"firm": sp.Rational(1, 3), "lab": sp.Rational(2, 3)},
                   {"firm": a, "lab": 1 - a}, {"firm": 0.3, "lab": 0.7}):
        m = co.SurplusModel(_actors(), 6, sharing="fixed", shares=shares)
        gap = sp.simplify(sum(m.shares(("firm", "lab")).values()) - 6)
        assert gap == 0 or abs(float(gap)) <= co.atol_for(6)
    m = co.SurplusModel(three, 10, sharing="fixed", shares={"firm": 0.1, "lab": 0.2, "user": 0.7})
    assert abs(float(m.shares(("firm", "lab", "user"))["user"]) - 7) <= co.atol_for(10)
