"""Core, least core, nucleoli, cost of stability and stabilizing subsidies."""

from __future__ import annotations

from fractions import Fraction

import coopgame
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import InvalidGameError, InvalidInputError

TOL = 1e-9


def close(a: object, b: object, tol: float = TOL) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), atol=tol,
                            rtol=0))


def peer(game: co.CoalitionalGame) -> coopgame.Game:
    return coopgame.Game(list(np.asarray(game.values, dtype=float)[1:]))


# ---------------------------------------------------------------------- literature: nucleolus
@pytest.mark.parametrize("estate, talmud", [
    (100, [Fraction(100, 3)] * 3),
    (200, [Fraction(50), Fraction(75), Fraction(75)]),
    (300, [Fraction(50), Fraction(100), Fraction(150)]),
], ids=["estate-100", "estate-200", "estate-300"])
def test_talmud_bankruptcy_nucleolus(estate: int, talmud: list[Fraction]) -> None:
    """Aumann & Maschler (1985): the Talmud's division (Mishna Ketubot 93a) is the nucleolus."""
    g = co.bankruptcy(estate, [100, 200, 300])
    assert list(co.talmud_rule(estate, [100, 200, 300])) == talmud
    assert close(co.nucleolus(g), [float(t) for t in talmud])
    assert list(co.nucleolus(g, exact=True)) == talmud
    assert list(co.prenucleolus(g, exact=True)) == talmud  # the core is non-empty


@given(st.lists(st.integers(0, 40), min_size=2, max_size=6), st.data())
def test_bankruptcy_nucleolus_is_talmud_rule(claims: list[int], data: st.DataObject) -> None:
    estate = data.draw(st.integers(0, sum(claims)))
    g = co.bankruptcy(estate, claims)
    assert close(co.nucleolus(g), [float(t) for t in co.talmud_rule(estate, claims)])


GLOVE_CASES = [
    ((1, 2), [1, 0, 0]),
    ((2, 3), [1, 1, 0, 0, 0]),
    ((2, 2), [0.5] * 4),
]


@pytest.mark.parametrize("sizes, expected", GLOVE_CASES, ids=["1-2", "2-3", "2-2"])
def test_glove_nucleolus(sizes: tuple[int, int], expected: list[float]) -> None:
    """Shapley & Shubik (1969): the scarce side takes everything (its core is one point)."""
    g = co.glove(*sizes)
    x = co.nucleolus(g)
    assert close(x, expected)
    assert co.in_core(g, x)


def test_nucleolus_differs_from_shapley() -> None:
    # glove(1, 2): Shapley (2/3, 1/6, 1/6), nucleolus (1, 0, 0); Talmud estate 200:
    # Shapley (100/3, 250/3, 250/3) (O'Neill's random arrival), nucleolus (50, 75, 75)
    g = co.glove(1, 2)
    assert not close(co.shapley_value(g), co.nucleolus(g), 0.1)
    b = co.bankruptcy(200, [100, 200, 300])
    assert list(co.shapley_value(b, exact=True)) == [Fraction(100, 3), Fraction(250, 3),
                                                     Fraction(250, 3)]
    assert list(co.nucleolus(b, exact=True)) == [50, 75, 75]


def test_nucleolus_and_prenucleolus_differ() -> None:
    # the example of coopgame's documentation: v({1,2}) = 10, v(N) = 2, else 0
    g = co.CoalitionalGame([0, 0, 0, 10, 0, 0, 0, 2])
    assert list(co.nucleolus(g, exact=True)) == [1, 1, 0]
    assert list(co.prenucleolus(g, exact=True)) == [3, 3, -4]


def test_tie_at_a_vertex_is_not_fixed() -> None:
    """Guajardo & Jörnsten (2015): fixing every coalition tight at the LP's vertex is wrong.

    Here the first LP gives ε₁ = 2 with {1} and {0, 2} tight on the whole optimal face.
    A simplex vertex, (0, 1, 0), also makes {0} tight; fixing it too ends at (0, 1, 0),
    whose excesses (2, 2, 2, 0, 0, −1) are lexicographically worse than those of the
    prenucleolus (1, 1, −1): (2, 2, 1, 1, 1, −2). Kohlberg's criterion (checked exactly by
    coopgame-py) certifies (1, 1, −1) and refutes (0, 1, 0).
    """
    v = [0, 2, 3, 0, 0, 2, 1, 1]
    g = co.CoalitionalGame(v)
    x = co.prenucleolus(g, exact=True)
    assert list(x) == [1, 1, -1]
    assert x.levels is not None and x.levels[0] == 2
    pg = coopgame.Game([float(a) for a in v[1:]])
    assert coopgame.verify_solution(pg, [1, 1, -1], "preimputation")["check"] == "certified"
    assert coopgame.verify_solution(pg, [0, 1, 0], "preimputation")["check"] == "refuted"
    assert close(co.prenucleolus(g, backend="scipy"), [1, 1, -1])


def test_unsc_nucleolus_correct() -> None:
    """Its speed is measured in benchmarks/bench_coalitional.py, not asserted here."""
    g = co.un_security_council()
    x = co.nucleolus(g)
    assert close(x, [0.2] * 5 + [0.0] * 10)
    assert list(co.nucleolus(g, exact=True)) == [Fraction(1, 5)] * 5 + [0] * 10


def test_empty_core_majority_game() -> None:
    g = co.symmetric_quota(3, 2)
    lc = co.least_core(g)
    assert lc.epsilon == pytest.approx(1 / 3, abs=TOL) and lc.core_is_empty
    assert close(lc.allocation, [1 / 3] * 3)
    assert close(co.nucleolus(g), [1 / 3] * 3)
    assert not g.is_balanced
    assert co.cost_of_stability(g) == pytest.approx(0.5, abs=TOL)
    assert not co.in_core(g, co.nucleolus(g))


def test_cost_game_nucleolus_airport() -> None:
    # Littlechild (1974): the nucleolus of the airport game; checked against the peer's
    # special-purpose algorithm
    costs = [1, 2, 4, 4, 9]
    g = co.airport(costs)
    x = co.nucleolus(g)
    assert x.cost
    assert close(x, coopgame.airport(costs)["nucleolus"], 1e-7)  # the peer's is ~1e-8 off
    assert close(x, [0.5, 0.75, 11 / 12, 11 / 12, 71 / 12])
    assert close(np.sum(x), 9) and co.in_core(g, x)
    assert not co.in_core(g, [9, 0, 0, 0, 0])  # player 0 would pay more than alone


def test_levels_and_info() -> None:
    g = co.symmetric_quota(3, 2)
    x = co.nucleolus(g)
    assert x.levels is not None and x.levels[0] == pytest.approx(1 / 3)
    assert x.info["lp_solves"] >= 1


def test_scipy_backend_agrees() -> None:
    g = co.bankruptcy(200, [100, 200, 300])
    assert close(co.nucleolus(g, backend="scipy"), [50, 75, 75])
    assert co.cost_of_stability(co.symmetric_quota(3, 2), backend="scipy") \
        == pytest.approx(0.5)


def test_per_capita_nucleolus() -> None:
    g = co.CoalitionalGame([0, 0, 0, 4, 0, 2, 2, 9])
    x = co.per_capita_nucleolus(g)
    assert close(x, coopgame.per_capita_nucleolus(peer(g))["allocation"])


def test_empty_imputation_set() -> None:
    g = co.CoalitionalGame([0, 2, 2, 3])
    with pytest.raises(InvalidGameError, match="imputation set is empty"):
        co.nucleolus(g)
    assert close(co.prenucleolus(g), [1.5, 1.5])


def test_one_player_game() -> None:
    g = co.CoalitionalGame([0, 5])
    assert list(co.nucleolus(g)) == [5.0]
    assert co.cost_of_stability(g) == 0.0
    with pytest.raises(InvalidGameError, match="one-player"):
        co.least_core(g)


# ---------------------------------------------------------------------- laws
@given(cst.coalitional_games(n_players=st.integers(2, 6)))
def test_tie_heavy_nucleoli_match_peer_and_kohlberg(game: co.CoalitionalGame) -> None:
    """Integer worths in a small range: many ties, where fixing every tight coalition fails."""
    pg = peer(game)
    pre = co.prenucleolus(game)
    assert close(pre, coopgame.prenucleolus(pg)["allocation"], 1e-7)
    assert coopgame.verify_solution(pg, list(np.asarray(pre)), "preimputation")["check"] \
        != "refuted"
    singles = game.values[1 << np.arange(game.n_players)]
    if singles.sum() <= game.grand_value():
        nuc = co.nucleolus(game)
        assert close(nuc, coopgame.nucleolus(pg)["allocation"], 1e-7)
        assert close(co.per_capita_nucleolus(game),
                     coopgame.per_capita_nucleolus(pg)["allocation"], 1e-7)


@given(cst.coalitional_games(kind="balanced"))
def test_nucleolus_in_core_when_core_nonempty(game: co.CoalitionalGame) -> None:
    assert game.is_balanced
    nuc = co.nucleolus(game)
    assert co.in_core(game, nuc, tol=1e-7)
    assert close(nuc, co.prenucleolus(game), 1e-7)
    assert co.least_core(game).epsilon <= 1e-7


@pytest.mark.parametrize("excess", [0.5e-9, 2.1e-9, 9e-9, 2e-8])
def test_least_core_near_an_empty_imputation_set(excess: float) -> None:
    """Σ v({i}) just above v(N): the least core and the nucleolus apply one tolerance.

    Between 1e-9 and 1e-8 of the scale the least core once called the nucleolus, which
    refused the game (its imputation set empty beyond the tolerance).
    """
    game = co.CoalitionalGame([0, 0.6 * excess, 0.4 * excess, 0])
    lc = co.least_core(game)
    assert lc.epsilon == pytest.approx(excess / 2, abs=1e-12)
    assert lc.allocation.total == pytest.approx(0, abs=1e-12)
    if excess <= 1e-9:  # within the tolerance: imputations exist, the nucleolus is defined
        assert close(co.nucleolus(game), lc.allocation, 1e-9)
    else:
        with pytest.raises(InvalidGameError, match="imputation set is empty"):
            co.nucleolus(game)
    # a cost within the tolerance is no cost
    assert co.cost_of_stability(game) == pytest.approx(excess if excess > 1e-9 else 0, abs=1e-12)


@given(cst.coalitional_games(integers=False))
def test_cost_of_stability_bounds(game: co.CoalitionalGame) -> None:
    """n/(n-1)·ε <= CoS <= n·ε for ε >= 0 (Bachrach et al. 2009); CoS = 0 when ε <= 0."""
    n = game.n_players
    eps = co.least_core(game).epsilon
    cos = co.cost_of_stability(game)
    assert cos >= -1e-12
    if eps >= 0:
        assert n / (n - 1) * eps <= cos + 1e-8
        assert cos <= n * eps + 1e-8
    else:
        assert cos == 0.0
    # paying CoS makes the core non-empty, paying less does not
    paid = game.with_grand_value(game.grand_value() + cos)
    assert co.least_core(paid).epsilon <= 1e-7
    if cos > 1e-6:
        short = game.with_grand_value(game.grand_value() + cos - 1e-4)
        assert co.least_core(short).epsilon > 0


@given(cst.coalitional_games(integers=False))
def test_least_core_allocation_attains_epsilon(game: co.CoalitionalGame) -> None:
    lc = co.least_core(game)
    exc = co.excesses(game, lc.allocation)[1:-1]
    assert np.max(exc) <= lc.epsilon + 1e-7
    assert abs(lc.allocation.total - game.grand_value()) <= 1e-9 * max(1, abs(game.grand_value()))
    assert lc.epsilon == pytest.approx(
        coopgame.least_core(peer(game), domain="preimputation")["epsilon"], abs=1e-7)


@given(cst.coalitional_games(), st.sampled_from(["shapley", "equal_surplus_division", "nucleolus",
                                                 "gately", "tau", "banzhaf"]))
def test_stabilizing_subsidy_at_least_cost_of_stability(game: co.CoalitionalGame,
                                                        rule: str) -> None:
    cos = co.cost_of_stability(game)
    try:
        d = co.stabilizing_subsidy(game, rule)
    except InvalidGameError:
        return  # no subsidy stabilises this rule (reported, not guessed)
    assert d >= cos - 1e-9
    paid = game.with_grand_value(game.grand_value() + d)
    fn = {"shapley": co.shapley_value, "equal_surplus_division": co.equal_surplus_division,
          "nucleolus": co.nucleolus, "gately": co.gately_point, "tau": co.tau_value,
          "banzhaf": lambda g: co.banzhaf_value(g, normalized=True)}[rule]
    assert co.in_core(paid, fn(paid), tol=1e-6)
    if rule in ("shapley", "equal_surplus_division") and d > 1e-6:
        less = game.with_grand_value(game.grand_value() + d * (1 - 1e-6) - 1e-6)
        assert not co.in_core(less, fn(less))


# ---------------------------------------------------------------------- subsidies
class TestSubsidies:
    def test_shapley_needs_more_than_cost_of_stability(self) -> None:
        # player 0 with either of 1 and 2 makes 6; the core is {(6, 0, 0)}: balanced,
        # but the Shapley value (4, 1, 1) leaves {0, 1} short by 1; a subsidy D adds D/3 to
        # each share, so {0, 1} needs 5 + 2D/3 >= 6: D = 3/2
        g = co.CoalitionalGame([0, 0, 0, 6, 0, 6, 0, 6])
        assert co.cost_of_stability(g) == 0.0
        assert co.stabilizing_subsidy(g, "shapley") == pytest.approx(1.5)
        assert co.stabilizing_subsidy(g, "shapley", exact=True) == Fraction(3, 2)
        assert co.stabilizing_subsidy(g, "nucleolus") == 0.0

    def test_convex_game_needs_no_subsidy(self) -> None:
        g = co.bankruptcy(200, [100, 200, 300])
        assert co.stabilizing_subsidy(g, "shapley") == 0.0

    def test_majority_game(self) -> None:
        g = co.symmetric_quota(3, 2)  # symmetric: Shapley = nucleolus-like equal split
        assert co.stabilizing_subsidy(g) == pytest.approx(0.5)
        assert co.stabilizing_subsidy(g, "least_core") == pytest.approx(0.5)

    def test_rules_with_options(self) -> None:
        g = co.CoalitionalGame([0, 0, 0, 6, 0, 6, 0, 6])
        d = co.stabilizing_subsidy(g, "weighted_shapley", weights=[4, 1, 1])
        paid = g.with_grand_value(6 + d)
        assert co.in_core(paid, co.weighted_shapley_value(paid, [4, 1, 1]))
        d_ms = co.stabilizing_subsidy(g, "modified_shapley", factor_weights=[0.6, 0.2, 0.2])
        paid = g.with_grand_value(6 + d_ms)
        assert co.in_core(paid, co.modified_shapley_value(paid, [0.6, 0.2, 0.2]))
        d_ow = co.stabilizing_subsidy(g, "owen", unions=[[0], [1, 2]])
        # Owen value (3, 1.5, 1.5): {0, 1} is short by 1.5 and gets 3/4 of any subsidy
        assert d_ow == pytest.approx(2.0)
        paid = g.with_grand_value(6 + d_ow)
        assert co.in_core(paid, co.owen_value(paid, [[0], [1, 2]]))

    def test_modified_shapley_with_zero_weight_can_be_impossible(self) -> None:
        g = co.CoalitionalGame([0, 1, 1, 3])
        with pytest.raises(InvalidGameError, match="no subsidy"):
            co.stabilizing_subsidy(g, "modified_shapley", factor_weights=[1.0, 0.0])

    def test_symbolic_subsidy(self) -> None:
        a = sp.Symbol("a", positive=True)
        g = co.CoalitionalGame([0, 0, 0, a, 0, a, 0, a])
        d = co.stabilizing_subsidy(g, "shapley")
        assert sp.simplify(d - a / 4) == 0

    def test_cost_game_subsidy(self) -> None:
        # three users, each alone pays 10, any two 12, all three 21: the alliance costs more
        # than the pairs can justify; a subsidy reduces c(N)
        g = co.CoalitionalGame([0, 10, 10, 12, 10, 12, 12, 21], cost=True)
        cos = co.cost_of_stability(g)
        assert cos == pytest.approx(3.0)  # c(N) must fall to 18 = 3 pairs' cost / 2
        d = co.stabilizing_subsidy(g, "shapley")
        assert d == pytest.approx(3.0)
        paid = g.with_grand_value(21 - d)
        assert co.in_core(paid, co.shapley_value(paid))

    def test_callable_rule(self) -> None:
        g = co.symmetric_quota(3, 2)
        d = co.stabilizing_subsidy(g, lambda game: co.equal_surplus_division(game))
        assert d == pytest.approx(0.5, abs=1e-7)

    def test_bad_rule(self) -> None:
        with pytest.raises(InvalidInputError, match="unknown rule"):
            co.stabilizing_subsidy(co.glove(1, 1), "magic")
        with pytest.raises(InvalidInputError, match="takes no options"):
            co.stabilizing_subsidy(co.glove(1, 1), "nucleolus", weights=[1, 1])


# ---------------------------------------------------------------------- in_core
class TestInCore:
    def test_forms_of_allocation(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6], players=["a", "b"])
        assert co.in_core(g, [2, 4])
        assert co.in_core(g, {"a": 2, "b": 4})
        assert co.in_core(g, [Fraction(5, 2), Fraction(7, 2)])
        assert co.in_core(g, co.shapley_value(g))
        assert not co.in_core(g, [2, 3.9])  # not efficient
        assert co.in_core(g, [2, 4 + 1e-12])  # within tolerance
        assert not co.in_core(g, [Fraction(2), Fraction(4) + Fraction(1, 10**12)])  # exact

    def test_symbolic(self) -> None:
        s = sp.Symbol("s", positive=True)
        g = co.CoalitionalGame([0, 0, 0, s])
        assert co.in_core(g, [s / 2, s / 2])
        assert not co.in_core(g, [s, s])

    def test_bad_allocation(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6], players=["a", "b"])
        with pytest.raises(InvalidInputError, match="2 shares"):
            co.in_core(g, [1, 2, 3])
        with pytest.raises(InvalidInputError, match="no share"):
            co.in_core(g, {"a": 1})
        with pytest.raises(InvalidInputError, match="not the game's players"):
            co.in_core(g, co.shapley_value(co.CoalitionalGame([0, 1, 2, 6])))

    def test_excesses(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6])
        assert co.excesses(g, [2, 4]).tolist() == [0, -1, -2, 0]


def test_imputation_set_empty_only_within_tolerance_still_has_a_nucleolus() -> None:
    # v({2}) exceeds v(N) by 1e-9 = TOL: the imputation set is a point up to rounding
    # (regression: HiGHS reported the LP infeasible)
    game = co.CoalitionalGame([0, 0, 1e-9, 0])
    atol = co.atol_for([0, 1e-9])
    for x in (co.nucleolus(game).values, co.least_core(game).allocation.values):
        x = np.asarray(x, dtype=float)
        assert abs(x.sum()) <= atol
        assert x[0] >= -atol and x[1] >= 1e-9 - atol
    assert co.least_core(game).epsilon == pytest.approx(5e-10, abs=atol)


def test_talmud_rule_is_an_allocation_like_every_rule() -> None:
    a = co.talmud_rule(200, [100, 200, 300], players=["A", "B", "C"])
    assert isinstance(a, co.Allocation) and a.rule == "talmud"
    assert a.players == ("A", "B", "C")
    assert all(isinstance(x, Fraction) for x in a)
    assert sum(a) == 200
    nuc = co.nucleolus(co.bankruptcy(200, [100, 200, 300]), exact=True)
    assert list(a) == list(nuc)


@pytest.mark.parametrize("estate, claims, arg", [
    (700, [100, 200, 300], "estate"), (-1, [100, 200], "estate"),
    (10, [-5, 20], "claims"), (10, [float("nan"), 20], "claims"), (10, ["x", 20], "claims"),
])
def test_talmud_rule_rejects_bad_claims(estate: object, claims: list[object], arg: str) -> None:
    with pytest.raises(co.errors.CoinnovationError, match=arg):
        co.talmud_rule(estate, claims)
