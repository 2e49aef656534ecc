"""Allocation rules: literature cases, laws (hypothesis), symbolic closed forms, sampling."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import coopgame
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import (
    ConvergenceError,
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
)

TOL = 1e-9


def close(a: object, b: object, tol: float = TOL) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), atol=tol,
                            rtol=0))


def brute_shapley(v: np.ndarray, n: int) -> np.ndarray:
    """Average marginal contribution over all n! orders (tiny games only)."""
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += v[mask | 1 << i] - v[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


def airport_formula(costs: list[Fraction]) -> list[Fraction]:
    """Littlechild & Owen (1973): sequential equal sharing of the cost segments."""
    order = sorted(range(len(costs)), key=lambda i: costs[i])
    out = [Fraction(0)] * len(costs)
    prev, acc = Fraction(0), Fraction(0)
    for k, i in enumerate(order):
        acc += (costs[i] - prev) / (len(costs) - k)
        prev = costs[i]
        out[i] = acc
    return out


# ---------------------------------------------------------------------- literature: Shapley
SHAPLEY_CASES = [
    # (id, game, exact Shapley value, source)
    ("unsc-shapley-shubik", co.un_security_council(),
     [Fraction(421, 2145)] * 5 + [Fraction(4, 2145)] * 10,
     "Shapley & Shubik 1954; Owen 1995 §X.3: 0.19627 and 0.001865"),
    ("glove-1-2", co.glove(1, 2), [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)],
     "Shapley & Shubik 1969"),
    ("glove-2-2", co.glove(2, 2), [Fraction(1, 2)] * 4, "symmetry"),
    ("bankruptcy-100", co.bankruptcy(100, [100, 200, 300]), [Fraction(100, 3)] * 3,
     "O'Neill 1982 random arrival rule"),
    ("bankruptcy-200", co.bankruptcy(200, [100, 200, 300]),
     [Fraction(100, 3), Fraction(250, 3), Fraction(250, 3)], "O'Neill 1982 random arrival rule"),
    ("bankruptcy-300", co.bankruptcy(300, [100, 200, 300]),
     [Fraction(50), Fraction(100), Fraction(150)], "O'Neill 1982 random arrival rule"),
    ("airport-1-2-4", co.airport([1, 2, 4]),
     [Fraction(1, 3), Fraction(5, 6), Fraction(17, 6)], "Littlechild & Owen 1973"),
    ("weighted-voting-3-211", co.weighted_voting(3, [2, 1, 1]),
     [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)], "Shapley & Shubik 1954"),
]


@pytest.mark.parametrize("game, expected, source", [c[1:] for c in SHAPLEY_CASES],
                         ids=[c[0] for c in SHAPLEY_CASES])
def test_shapley_literature(game: co.CoalitionalGame, expected: list[Fraction],
                            source: str) -> None:
    assert close(co.shapley_value(game), [float(e) for e in expected])
    assert list(co.shapley_value(game, exact=True)) == expected


def test_unsc_published_decimals() -> None:
    phi = co.shapley_value(co.un_security_council())
    assert phi["USA"] == pytest.approx(0.19627, abs=5e-6)
    assert phi["E1"] == pytest.approx(0.001865, abs=5e-7)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=7))
def test_airport_shapley_is_sequential_equal_sharing(costs: list[int]) -> None:
    phi = co.shapley_value(co.airport(costs), exact=True)
    assert list(phi) == airport_formula([Fraction(c) for c in costs])
    assert phi.cost


def test_airport_against_peer() -> None:
    costs = [3.0, 1.0, 7.5, 7.5, 2.0]
    peer = coopgame.airport(costs)
    assert close(co.shapley_value(co.airport(costs)), peer["shapley"])
    assert close(co.nucleolus(co.airport(costs)), peer["nucleolus"])


# ---------------------------------------------------------------------- literature: others
def test_banzhaf_unsc_exact() -> None:
    # a permanent member swings in the coalitions with the other four and 4..10 elected members:
    # sum_{k>=4} C(10, k) = 848; an elected member in those with all five and exactly 3 of the
    # other nine: C(9, 3) = 84. Normalized: 848/5080 ≈ 0.1669 and 84/5080 ≈ 0.0165, the
    # published Banzhaf indices of the Council (Felsenthal & Machover 1998, §4.4)
    b = co.banzhaf_value(co.un_security_council(), exact=True)
    assert b["China"] == Fraction(848, 2**14) and b["E3"] == Fraction(84, 2**14)
    nb = co.banzhaf_value(co.un_security_council(), normalized=True, exact=True)
    assert nb["UK"] == Fraction(848, 5080) and nb["E9"] == Fraction(84, 5080)
    assert nb["UK"] == pytest.approx(0.1669, abs=5e-5) and nb["E9"] == pytest.approx(0.0165,
                                                                                       abs=5e-5)
    assert sum(nb) == 1


def test_tau_value_bankruptcy_is_adjusted_proportional() -> None:
    # Curiel, Maschler & Tijs (1987): the τ-value of a bankruptcy game is the adjusted
    # proportional rule; for E = 200 and claims 100, 200, 300 it is (40, 80, 80)
    t = co.tau_value(co.bankruptcy(200, [100, 200, 300]))
    assert close(t, [40, 80, 80])
    assert close(t.info["utopia"], [100, 200, 200]) and close(t.info["minimal_rights"], [0, 0, 0])


def test_tau_value_glove_and_not_quasi_balanced() -> None:
    assert close(co.tau_value(co.glove(1, 2)), [1, 0, 0])
    with pytest.raises(InvalidGameError, match="quasi-balanced"):
        co.tau_value(co.CoalitionalGame([0, 2, 2, 1]))


def test_gately_equalises_propensities_to_disrupt() -> None:
    g = co.CoalitionalGame([0, 1, 0, 4, 0, 2, 1, 7])
    x = np.asarray(co.gately_point(g))
    v = g.values
    full = 7
    d = [(x.sum() - x[i] - v[full ^ 1 << i]) / (x[i] - v[1 << i]) for i in range(3)]
    assert close(d, [d[0]] * 3) and close(x.sum(), 7)
    assert close(x, coopgame.gately_point(coopgame.Game(list(v[1:]))))


def test_gately_symbolic_closed_form() -> None:
    a = sp.Symbol("a", positive=True)
    g = co.CoalitionalGame([0, 0, 0, a])
    assert [sp.simplify(e - a / 2) for e in co.gately_point(g)] == [0, 0]


def test_weighted_shapley_kalai_samet() -> None:
    # one dividend, on {0, 1}: shared 1:3
    g = co.unanimity(3, [0, 1], worth=8)
    assert list(co.weighted_shapley_value(g, [1, 3, 5], exact=True)) == [2, 6, 0]
    # equal weights give the Shapley value
    h = co.bankruptcy(200, [100, 200, 300])
    assert close(co.weighted_shapley_value(h, [2, 2, 2]), co.shapley_value(h))
    assert close(co.weighted_shapley_value(h, {"player 0": 1, "player 1": 1, "player 2": 1}),
                 co.shapley_value(h))
    with pytest.raises(InvalidInputError, match="positive"):
        co.weighted_shapley_value(h, [1, 0, 1])
    with pytest.raises(InvalidInputError, match="3 entries"):
        co.weighted_shapley_value(h, [1, 1])


def test_owen_value_blocs() -> None:
    g = co.glove(1, 2)
    assert list(co.owen_value(g, [["L1"], ["R1", "R2"]], exact=True)) == [
        Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    # one union, or singletons: the Shapley value
    assert close(co.owen_value(g, [["L1", "R1", "R2"]]), co.shapley_value(g))
    assert close(co.owen_value(g, [["L1"], ["R1"], ["R2"]]), co.shapley_value(g))


@pytest.mark.parametrize("unions, match", [
    ([[0], [1]], "in no group"),
    ([[0, 1], [1, 2]], "more than one group"),
    ([[0, 1, 2], []], "empty"),
    ("012", "partition"),
])
def test_owen_bad_unions(unions: object, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        co.owen_value(co.glove(1, 2), unions)  # type: ignore[arg-type]


def test_equal_surplus_division() -> None:
    g = co.CoalitionalGame([0, 1, 2, 6, 0, 2, 3, 9])
    assert list(co.equal_surplus_division(g, exact=True)) == [3, 4, 2]


def test_banzhaf_normalized_zero_total() -> None:
    with pytest.raises(InvalidGameError, match="sum to 0"):
        co.banzhaf_value(co.CoalitionalGame([0, 0, 0, 0]), normalized=True)


# ---------------------------------------------------------------------- modified Shapley
class TestModifiedShapley:
    def game(self) -> co.CoalitionalGame:
        return co.CoalitionalGame({
            ("government",): 0, ("industry",): 4, ("university",): 1,
            ("government", "industry"): 6, ("government", "university"): 2,
            ("industry", "university"): 8, ("government", "industry", "university"): 12})

    def test_formula_and_report(self) -> None:
        g = self.game()
        w = [0.2, 0.5, 0.3]
        m = co.modified_shapley_value(g, w)
        phi = np.asarray(co.shapley_value(g))
        assert close(m, phi + (np.array(w) - 1 / 3) * 12)
        assert close(m.total, 12)
        assert m.individually_rational is True
        assert m.in_core is co.in_core(g, m)
        assert close(m.info["adjustment"], (np.array(w) - 1 / 3) * 12)

    def test_several_factors(self) -> None:
        g = self.game()
        factors = {"risk": [0.5, 0.3, 0.2], "investment": [0.2, 0.6, 0.2],
                   "effort": [0.1, 0.3, 0.6]}
        imp = {"risk": 0.5, "investment": 0.3, "effort": 0.2}
        m = co.modified_shapley_value(g, factors, factor_importance=imp)
        w = 0.5 * np.array(factors["risk"]) + 0.3 * np.array(factors["investment"]) \
            + 0.2 * np.array(factors["effort"])
        assert close(m.info["weights"], w)
        matrix = np.column_stack(list(factors.values()))
        m2 = co.modified_shapley_value(g, matrix, factor_importance=[0.5, 0.3, 0.2])
        assert close(m, m2)

    def test_leaves_core_and_individual_rationality(self) -> None:
        g = self.game()
        m = co.modified_shapley_value(g, [0.8, 0.1, 0.1])
        assert m.individually_rational is False and m.in_core is False
        assert "individually_rational=False" in repr(m)

    def test_exact(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6])
        m = co.modified_shapley_value(g, [Fraction(3, 5), Fraction(2, 5)], exact=True)
        assert list(m) == [Fraction(31, 10), Fraction(29, 10)]

    def test_exact_weights_never_pass_through_floats(self) -> None:
        """A weight of 1e-13 is 1/10**13 exactly, not 0: the shares differ from weight 0 by
        exactly 6 * 1e-13 each (v(N) = 6), and efficiency holds exactly."""
        g = co.CoalitionalGame([0, 1, 2, 6])
        tiny = co.modified_shapley_value(g, [1e-13, 1 - 1e-13], exact=True)
        zero = co.modified_shapley_value(g, [0, 1], exact=True)
        assert tiny.info["weights"][0] == Fraction(1, 10**13)
        assert tiny[0] - zero[0] == Fraction(6, 10**13)
        assert sum(tiny) == 6

    def test_symbolic_negative_weight_is_rejected(self) -> None:
        x = sp.Symbol("x", positive=True)
        with pytest.raises(InvalidInputError, match="non-negative"):
            co.modified_shapley_value(co.CoalitionalGame([0, 1, 2, 6]), [-x, 1 + x])

    def test_symbolic_weights_and_conditions(self) -> None:
        w = sp.Symbol("w", positive=True)
        g = co.CoalitionalGame([0, 1, 2, 6])
        m = co.modified_shapley_value(g, [w, 1 - w])
        assert sp.simplify(m[0] - (sp.Rational(5, 2) + (w - sp.Rational(1, 2)) * 6)) == 0
        assert m.in_core is None and m.core_conditions
        # the conditions say: 1/4 <= w <= 3/4 (x_0 = 6w - 1/2 >= 1 and x_1 = 13/2 - 6w >= 2)
        sol = sp.solve(list(m.core_conditions), w)
        assert sol.as_set() == sp.Interval(sp.Rational(1, 4), sp.Rational(3, 4))

    @pytest.mark.parametrize("weights, match", [
        ([0.5, 0.6, 0.1], "sum to 1"),
        ([0.5, 0.5], "3 entries"),
        ([[0.5, 0.5, 0.0]], "one row per player"),
        ([1.2, -0.1, -0.1], "non-negative"),
    ])
    def test_bad_weights(self, weights: object, match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            co.modified_shapley_value(self.game(), weights)

    def test_several_factors_need_importance(self) -> None:
        with pytest.raises(InvalidInputError, match="factor_importance"):
            co.modified_shapley_value(self.game(), np.eye(3))


# ---------------------------------------------------------------------- Nash bargaining
def test_nash_bargaining() -> None:
    x = co.nash_bargaining_solution(12, [3, 0], powers=[2, 1])
    assert close(x, [9, 3])
    g = co.CoalitionalGame([0, 1, 2, 6, 0, 2, 3, 9])
    assert close(co.nash_bargaining_solution(g), co.equal_surplus_division(g))
    ex = co.nash_bargaining_solution(10, [1, 2], powers=[1, 2], exact=True)
    assert list(ex) == [Fraction(10, 3), Fraction(20, 3)]
    beta, s = sp.symbols("beta S", positive=True)
    sym = co.nash_bargaining_solution(s, [0, 0], powers=[beta, 1 - beta])
    assert sp.simplify(sym[0] - beta * s) == 0
    with pytest.raises(InvalidInputError, match="no surplus"):
        co.nash_bargaining_solution(1, [1, 1])
    with pytest.raises(InvalidInputError, match="positive"):
        co.nash_bargaining_solution(3, [1, 1], powers=[1, 0])
    with pytest.raises(InvalidInputError, match="required"):
        co.nash_bargaining_solution(3)


# ---------------------------------------------------------------------- symbolic closed forms
def test_symbolic_three_player_shapley_closed_form() -> None:
    v1, v2, v3, v12, v13, v23, v123 = sp.symbols("v1 v2 v3 v12 v13 v23 v123")
    g = co.CoalitionalGame([0, v1, v2, v12, v3, v13, v23, v123],
                           players=["government", "industry", "university"])
    phi = co.shapley_value(g)
    third, sixth = sp.Rational(1, 3), sp.Rational(1, 6)
    expected = [
        third * v1 + sixth * (v12 - v2) + sixth * (v13 - v3) + third * (v123 - v23),
        third * v2 + sixth * (v12 - v1) + sixth * (v23 - v3) + third * (v123 - v13),
        third * v3 + sixth * (v13 - v1) + sixth * (v23 - v2) + third * (v123 - v12),
    ]
    for a, b in zip(phi, expected, strict=True):
        assert sp.simplify(a - b) == 0
    assert sp.simplify(phi.total - v123) == 0
    assert phi.is_symbolic and "\\phi" in phi.to_latex()
    # substituting numbers agrees with the numeric value
    vals = {v1: 1, v2: 2, v3: 0, v12: 5, v13: 3, v23: 4, v123: 9}
    assert close([float(e.subs(vals)) for e in phi], co.shapley_value(g.subs(vals)))


def test_symbolic_linear_rules() -> None:
    a, b = sp.symbols("a b", positive=True)
    g = co.CoalitionalGame([0, a, 0, a + b])
    assert [sp.simplify(e) for e in co.banzhaf_value(g)] == [a + b / 2, b / 2]
    assert [sp.simplify(e) for e in co.equal_surplus_division(g)] == [a + b / 2, b / 2]
    w = co.weighted_shapley_value(g, [1, 3])
    assert [sp.simplify(e) for e in w] == [a + b / 4, 3 * b / 4]
    o = co.owen_value(g, [[0], [1]])
    assert [sp.simplify(e) for e in o] == [a + b / 2, b / 2]


def test_symbolic_not_supported_names_symbols() -> None:
    s = sp.Symbol("subsidy")
    g = co.CoalitionalGame([0, 0, 0, 1, 0, 1, 1, s])
    for fn in (co.nucleolus, co.prenucleolus, co.per_capita_nucleolus, co.least_core,
               co.cost_of_stability, co.tau_value):
        with pytest.raises(SymbolicNotSupported, match="subsidy"):
            fn(g)
    with pytest.raises(SymbolicNotSupported, match="subsidy"):
        co.shapley_value(g, method="sampling")


# ---------------------------------------------------------------------- laws (hypothesis)
@given(cst.coalitional_games())
def test_shapley_efficiency_and_brute_force(game: co.CoalitionalGame) -> None:
    phi = co.shapley_value(game)
    assert phi.total == pytest.approx(game.grand_value(), abs=1e-9)
    assert close(phi, brute_shapley(game.values, game.n_players))
    assert list(co.shapley_value(game, exact=True)) == [
        Fraction(x).limit_denominator(10**9) for x in brute_shapley(game.values, game.n_players)]


@given(cst.coalitional_games(), st.data())
def test_shapley_symmetry(game: co.CoalitionalGame, data: st.DataObject) -> None:
    n = game.n_players
    i, j = data.draw(st.sampled_from(list(itertools.combinations(range(n), 2))))
    v = game.values.copy()
    swap = np.arange(1 << n)
    bi, bj = (swap >> i) & 1, (swap >> j) & 1
    swapped = swap & ~(1 << i) & ~(1 << j) | (bi << j) | (bj << i)
    sym = co.CoalitionalGame((v + v[swapped]) / 2)  # symmetric in i and j
    for rule in (co.shapley_value, co.banzhaf_value, co.equal_surplus_division):
        x = rule(sym)
        assert x[i] == pytest.approx(x[j], abs=1e-9)


@given(cst.coalitional_games(), st.data())
def test_null_player(game: co.CoalitionalGame, data: st.DataObject) -> None:
    n = game.n_players
    k = data.draw(st.integers(0, n - 1))
    masks = np.arange(1 << n)
    null = co.CoalitionalGame(game.values[masks & ~(1 << k)])  # v(S) = v(S \ {k})
    assert co.shapley_value(null)[k] == pytest.approx(0, abs=1e-9)
    assert co.banzhaf_value(null)[k] == pytest.approx(0, abs=1e-9)
    assert co.owen_value(null, [[k], [i for i in range(n) if i != k]])[k] \
        == pytest.approx(0, abs=1e-9)


@given(st.integers(2, 5).flatmap(lambda n: st.tuples(cst.coalitional_games(n_players=n),
                                                     cst.coalitional_games(n_players=n))))
def test_additivity(pair: tuple[co.CoalitionalGame, co.CoalitionalGame]) -> None:
    g, h = pair
    s = co.CoalitionalGame(g.values + h.values)
    for rule in (co.shapley_value, co.banzhaf_value):
        assert close(rule(s), np.asarray(rule(g)) + np.asarray(rule(h)))
    w = np.arange(1, g.n_players + 1)
    assert close(co.weighted_shapley_value(s, w),
                 np.asarray(co.weighted_shapley_value(g, w))
                 + np.asarray(co.weighted_shapley_value(h, w)))


@given(cst.coalitional_games(kind="convex"))
def test_convex_games_have_shapley_in_core(game: co.CoalitionalGame) -> None:
    assert co.in_core(game, co.shapley_value(game))


@given(cst.coalitional_games(n_players=st.integers(2, 6), integers=False))
def test_against_coopgame(game: co.CoalitionalGame) -> None:
    peer = coopgame.Game(list(game.values[1:]))
    n = game.n_players
    assert close(co.shapley_value(game), coopgame.shapley(peer), 1e-8)
    assert close(co.banzhaf_value(game), coopgame.banzhaf(peer), 1e-8)
    unions = [[0], list(range(1, n))]
    assert close(co.owen_value(game, unions), coopgame.owen(peer, unions), 1e-8)
    try:
        gately = coopgame.gately_point(peer)
    except ValueError:
        gately = None
    v = np.asarray(game.values, dtype=float)
    full = (1 << n) - 1
    disrupt = sum(v[full] - v[full & ~(1 << i)] - v[1 << i] for i in range(n))
    if abs(disrupt) > 1e-6:  # otherwise the propensities to disrupt are undefined (ours raises)
        ours = co.gately_point(game)
        assert ours.total == pytest.approx(v[full], abs=1e-9)
        if gately is not None:  # coopgame-py refuses some games whose Gately point exists
            assert close(ours, gately, 1e-7)
    try:
        tau = coopgame.tau_value(peer)
    except ValueError:
        tau = None
    if tau is not None:
        assert close(co.tau_value(game), tau, 1e-7)


# ---------------------------------------------------------------------- exact Shapley sizes
def test_shapley_large_game_efficiency() -> None:
    n = 18
    rng = np.random.default_rng(3)
    v = rng.random(1 << n)
    v[0] = 0
    phi = co.shapley_value(co.CoalitionalGame(v))
    assert phi.total == pytest.approx(v[-1], abs=1e-9)
    assert close(phi, coopgame.shapley(coopgame.Game(list(v[1:]))), 1e-9)


# ---------------------------------------------------------------------- sampling
class TestSampling:
    def test_reproducible_and_efficient(self) -> None:
        g = co.bankruptcy(200, [100, 200, 300])
        a = co.shapley_value(g, method="sampling", n_samples=500, rng=7)
        b = co.shapley_value(g, method="sampling", n_samples=500, rng=np.random.SeedSequence(7))
        assert np.array_equal(np.asarray(a), np.asarray(b))
        c, d = (co.shapley_value(g, method="sampling", n_samples=500, rng=np.random.default_rng(7))
                for _ in range(2))
        assert np.array_equal(np.asarray(c), np.asarray(d))
        assert a.total == pytest.approx(200, abs=1e-9)
        assert a.n_samples == 500 and a.confidence_level == 0.95
        assert a.standard_errors is not None and a.confidence_intervals is not None
        assert a.confidence_intervals.shape == (3, 2)
        assert "n_samples=500" in repr(a)

    def test_confidence_intervals_cover_at_nominal_rate(self) -> None:
        # K independent seeds; coverage of each player's 95% interval is Binomial(K, 0.95)
        rng = np.random.default_rng(2024)
        v = rng.random(1 << 5) * 10
        v[0] = 0
        g = co.CoalitionalGame(v)
        exact = np.asarray(co.shapley_value(g))
        k = 200
        hits = np.zeros(g.n_players, dtype=int)
        for seed in range(k):
            est = co.shapley_value(g, method="sampling", n_samples=400, rng=seed)
            ci = est.confidence_intervals
            assert ci is not None
            hits += (ci[:, 0] <= exact) & (exact <= ci[:, 1])
        lo = binom.ppf(1e-4, k, 0.95)
        hi = binom.isf(1e-4, k, 0.95)
        assert np.all((hits >= lo) & (hits <= hi)), hits

    def test_stop_at_precision(self) -> None:
        g = co.glove(2, 3)
        est = co.shapley_value(g, method="sampling", precision=0.02, rng=1)
        z = 1.959963984540054
        assert est.standard_errors is not None
        assert np.max(z * est.standard_errors) <= 0.02
        assert est.n_samples is not None and est.n_samples < 1_000_000
        assert close(est, co.shapley_value(g), 0.05)

    def test_precision_not_reached(self) -> None:
        with pytest.raises(ConvergenceError, match="max_samples"):
            co.shapley_value(co.glove(2, 3), method="sampling", precision=1e-6,
                             max_samples=100, rng=0)

    def test_function_game_too_large_to_tabulate(self) -> None:
        n = 101
        g = co.CoalitionalGame.from_function(lambda m: (m.sum(axis=1) >= 51).astype(float), n)
        est = co.shapley_value(g, method="sampling", n_samples=300, rng=0)
        assert est.total == pytest.approx(1.0, abs=1e-9)
        assert np.all(np.abs(np.asarray(est) - 1 / n) < 0.05)
        with pytest.raises(InvalidGameError, match="too large"):
            co.shapley_value(g)

    @pytest.mark.parametrize("kwargs, match", [
        ({"n_samples": 1}, "n_samples"),
        ({"confidence": 1.5}, "confidence"),
        ({"precision": -1}, "precision"),
        ({"n_samples": 10, "precision": 0.1}, "give one of them"),
        ({"exact": True}, "exact"),
        ({"batch_size": 0}, "batch_size"),
    ])
    def test_bad_sampling_arguments(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            co.shapley_value(co.glove(1, 2), method="sampling", **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- Allocation
class TestAllocation:
    def test_access(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6], players=["firm", "lab"])
        a = co.shapley_value(g)
        assert a[0] == a["firm"] == 2.5 and a[-1] == 3.5
        assert np.asarray(a).tolist() == [2.5, 3.5]
        assert a.to_dict() == {"firm": 2.5, "lab": 3.5}
        assert len(a) == 2 and list(a) == [2.5, 3.5]
        assert repr(a) == "Allocation(shapley: firm=2.5, lab=3.5)"
        with pytest.raises(KeyError, match="unknown player"):
            a["nobody"]
        with pytest.raises(KeyError, match="out of range"):
            a[2]

    def test_bad_game_argument(self) -> None:
        with pytest.raises(InvalidInputError, match="CoalitionalGame"):
            co.shapley_value([0, 1, 2, 3])  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="method"):
            co.shapley_value(co.glove(1, 1), method="magic")
