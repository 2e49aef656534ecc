"""Stability regions and thresholds: closed forms vs hand derivations, open/closed ends,
brute force on grids, tightness, regime maps, the repeated game, and bad input.

Hand derivations follow ../shared/MODELS.md: 方炜, 王婵, 李正锋 (2019) 运筹与管理 (two-party
game); 吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬 (2019) 中国管理科学 (tripartite game).
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.optimize import brentq

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import (
    InvalidInputError,
    SymbolicNotSupported,
    UndecidableError,
    UnknownStrategyError,
)
from coinnovation.models import TRIPARTITE_TYPICAL
from coinnovation.policy.criteria import CRITERIA, criterion_holds

REAL = {"real": True}


def sym(game: co.NormalFormGame, name: str) -> sp.Symbol:
    (s,) = [s for s in game.free_symbols if str(s) == name]
    return s


def two_party(**values: Any) -> co.NormalFormGame:
    return co.models.industry_university(**values)


def tripartite(**values: Any) -> co.NormalFormGame:
    return co.models.government_enterprise_university(**values)


# ------------------------------------------------------------------ closed forms (symbolic)
def test_two_party_subsidy_threshold_equals_hand_derivation() -> None:
    """方炜 et al. (2019): S_E* = C_E + T_E - F - αΔR (no sign assumption on S_E)."""
    S_E = sp.Symbol("S_E", **REAL)
    g = two_party(S_E=S_E)
    C_E, T_E, F, a, dR = (sym(g, n) for n in ("C_E", "T_E", "F", "alpha", "dR"))
    hand = C_E + T_E - F - a * dR
    for criterion in ("ess", "strict_nash", "nash"):
        t = co.threshold(g, S_E, profile=(0, 0), criterion=criterion)
        assert sp.simplify(t - hand) == 0


def test_two_party_region_is_guarded_by_the_university_condition() -> None:
    S_E = sp.Symbol("S_E", **REAL)
    g = two_party(S_E=S_E)
    C_U, T_U, F, a, dR, S_U = (sym(g, n) for n in ("C_U", "T_U", "F", "alpha", "dR", "S_U"))
    region = co.stability_region(g, S_E, profile=(0, 0))
    assert isinstance(region, sp.ConditionSet)
    guard = region.condition
    assert isinstance(guard, sp.StrictGreaterThan)
    assert sp.simplify(guard.lhs - guard.rhs - ((1 - a) * dR + F + S_U - C_U - T_U)) == 0
    base = region.base_set
    assert isinstance(base, sp.Interval) and base.left_open and base.sup == sp.oo


def test_two_party_threshold_respects_nonnegative_subsidy() -> None:
    """The model's own S_E is nonnegative: the threshold is Max(0, S_E*)."""
    g = two_party()
    C_E, T_E, F, a, dR = (sym(g, n) for n in ("C_E", "T_E", "F", "alpha", "dR"))
    t = co.threshold(g, "S_E", profile=(0, 0))
    assert t == sp.Max(0, C_E + T_E - F - a * dR)


def test_two_party_share_window() -> None:
    """A window for α: (C_E+T_E-F-S_E)/ΔR < α < 1 - (C_U+T_U-F-S_U)/ΔR."""
    alpha = sp.Symbol("alpha", **REAL)
    dR = sp.Symbol("dR", positive=True)
    g = two_party(alpha=alpha, dR=dR)
    C_E, C_U, T_E, T_U, F, S_E, S_U = (sym(g, n) for n in
                                       ("C_E", "C_U", "T_E", "T_U", "F", "S_E", "S_U"))
    region = co.stability_region(g, alpha, profile=(0, 0))
    assert isinstance(region, sp.Interval) and region.left_open and region.right_open
    assert sp.simplify(region.inf - (C_E + T_E - F - S_E) / dR) == 0
    assert sp.simplify(region.sup - (1 - (C_U + T_U - F - S_U) / dR)) == 0


def test_undecidable_coefficient_sign_stays_an_unsolved_condition() -> None:
    """ΔR only nonnegative: the sign of α's coefficient is unknown, so no bound is invented."""
    g = two_party()
    region = co.stability_region(g, "alpha", profile=(0, 0))
    assert isinstance(region, sp.ConditionSet)
    assert region.condition.has(sym(g, "alpha"))
    with pytest.raises(UndecidableError, match="could not be solved for alpha"):
        co.threshold(g, "alpha", profile=(0, 0))


def test_tripartite_window_equals_hand_derivation() -> None:
    """吴洁 et al. (2019): S_E > C_E+T_E-F-P_E-αΔR, S_U > C_U+T_U-F-P_U-(1-α)ΔR, S_E+S_U < W_a-C_G."""
    S_E, S_U = sp.Symbol("S_E", **REAL), sp.Symbol("S_U", **REAL)
    g = tripartite(S_E=S_E, S_U=S_U)
    s = {n: sym(g, n) for n in ("C_E", "C_U", "T_E", "T_U", "F", "P_E", "P_U", "alpha", "dR",
                                "W_a", "C_G")}
    low_e = s["C_E"] + s["T_E"] - s["F"] - s["P_E"] - s["alpha"] * s["dR"]
    low_u = s["C_U"] + s["T_U"] - s["F"] - s["P_U"] - (1 - s["alpha"]) * s["dR"]
    budget = s["W_a"] - s["C_G"]
    region = co.stability_region(g, S_E, profile=(0, 0, 0))
    assert isinstance(region, sp.ConditionSet)
    base = region.base_set
    assert isinstance(base, sp.Interval) and base.left_open and base.right_open
    assert sp.simplify(base.inf - low_e) == 0
    # the upper bound comes from the government's own payoff
    assert sp.simplify(base.sup - (budget - S_U)) == 0
    guard = region.condition
    assert sp.simplify(guard.lhs - guard.rhs - (S_U - low_u)) == 0
    assert sp.simplify(co.threshold(g, S_E, profile=(0, 0, 0)) - low_e) == 0
    # and symmetrically for S_U
    region_u = co.stability_region(g, S_U, profile=(0, 0, 0))
    assert sp.simplify(region_u.base_set.inf - low_u) == 0
    assert sp.simplify(region_u.base_set.sup - (budget - S_E)) == 0


def test_tripartite_upper_bound_is_the_governments_condition() -> None:
    S_E, S_U = sp.Symbol("S_E", **REAL), sp.Symbol("S_U", **REAL)
    g = tripartite(S_E=S_E, S_U=S_U)
    conds = co.nash_conditions(g, profile=(0, 0, 0), strict=True)
    assert len(conds) == 3
    gov = conds[2]  # players (enterprise, university, government)
    lhs = gov.lhs - gov.rhs
    assert sp.simplify(lhs - (sym(g, "W_a") - sym(g, "C_G") - S_E - S_U)) == 0
    assert sp.Poly(lhs, S_E).coeff_monomial(S_E) == -1  # upper bound on S_E


@pytest.mark.parametrize("profile", [pytest.param(p, id=f"vertex-{p}")
                                     for p in itertools.product(range(2), repeat=3)])
def test_tripartite_eight_vertex_conditions_equal_hand_gains(profile) -> None:
    """At each vertex the ESS conditions are -(±Δ) > 0 with the papers' Δ (吴洁 et al. 2019)."""
    g = tripartite()
    s = {str(x): x for x in g.free_symbols}
    e, u, gg = (1 - a for a in profile)
    d_e = (u * s["alpha"] * s["dR"] - s["C_E"] + (1 - u) * s["F"] - u * (s["T_E"] - s["F"])
           + gg * (s["S_E"] + s["P_E"]))
    d_u = (e * (1 - s["alpha"]) * s["dR"] - s["C_U"] + (1 - e) * s["F"]
           - e * (s["T_U"] - s["F"]) + gg * (s["S_U"] + s["P_U"]))
    d_g = (-s["C_G"] - e * s["S_E"] - u * s["S_U"] + (1 - e) * s["P_E"] + (1 - u) * s["P_U"]
           + e * u * s["W_a"] + (1 - e * u) * s["L"])
    conds = co.nash_conditions(g, profile=profile, strict=True)
    for c, d, x in zip(conds, (d_e, d_u, d_g), (e, u, gg), strict=True):
        sign = 1 if x == 1 else -1   # cooperating must beat defecting, or the reverse
        assert sp.simplify(c.lhs - c.rhs - sign * d) == 0


def test_nash_conditions_drop_identities_and_keep_failures() -> None:
    pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    assert co.nash_conditions(pd, profile=(0, 0)) == (sp.false, sp.false)
    assert co.nash_conditions(pd, profile=(1, 1)) == ()


# ------------------------------------------------------------------ numeric intervals and ends
NUMERIC_TWO = {"pi_E": 0, "pi_U": 0, "dR": 10, "alpha": sp.Rational(1, 2), "C_E": 6, "C_U": 2,
               "T_E": 3, "T_U": 3, "F": 1, "S_U": 0}


@pytest.mark.parametrize(("criterion", "expected"), [
    pytest.param("ess", sp.Interval.open(3, sp.oo), id="two-party-ess-open"),
    pytest.param("strict_nash", sp.Interval.open(3, sp.oo), id="two-party-strict-open"),
    pytest.param("nash", sp.Interval(3, sp.oo), id="two-party-nash-closed"),
    pytest.param("unique_ess", sp.Interval(5, sp.oo), id="two-party-unique-ess-closed-at-5"),
    pytest.param("participation", sp.Interval(1, sp.oo), id="two-party-participation-weaker"),
    pytest.param("dominant", sp.S.EmptySet, id="two-party-dominant-empty"),
])
def test_two_party_numeric_regions(criterion, expected) -> None:
    """方炜 et al. (2019) with ΔR=10, α=1/2, C_E=6, T_E=3, F=1: S_E* = 6+3-1-5 = 3.

    (defect, defect) stays an ESS while F + S_E < C_E, i.e. S_E < 5, so cooperation is the
    unique ESS from 5 on (at 5 (defect, defect) is no longer strict: a closed end although the
    criterion is strict) and dominant above 5; participation αΔR - C_E + S_E >= 0 needs only S_E >= 1.
    """
    g = two_party(**NUMERIC_TWO)
    assert co.stability_region(g, "S_E", profile=(0, 0), criterion=criterion) == expected
    if expected is sp.S.EmptySet:
        # the university prefers to defect against a defecting enterprise: not dominant
        with pytest.raises(InvalidInputError, match="parameter: no value of S_E"):
            co.threshold(g, "S_E", profile=(0, 0), criterion=criterion)
        subsidised = two_party(**{**NUMERIC_TWO, "S_U": 2})
        assert co.stability_region(subsidised, "S_E", profile=(0, 0),
                                   criterion=criterion) == sp.Interval.open(5, sp.oo)
    else:
        assert co.threshold(g, "S_E", profile=(0, 0), criterion=criterion) == expected.inf


@pytest.mark.parametrize(("criterion", "expected"), [
    pytest.param("ess", sp.Interval.open(1, 4), id="tripartite-window-open"),
    pytest.param("nash", sp.Interval(1, 4), id="tripartite-window-closed"),
    pytest.param("unique_ess", sp.Interval.Ropen(3, 4), id="tripartite-unique-from-3"),
])
def test_tripartite_numeric_window(criterion, expected) -> None:
    """Typical numbers, S_U = 2: 1 < S_E < 6 - 2; (D, D, active) is an ESS while S_E < 3."""
    g = tripartite(**TRIPARTITE_TYPICAL, S_U=2)
    region = co.stability_region(g, "S_E", profile=(0, 0, 0), criterion=criterion)
    assert region == expected
    assert co.verify_region(g, "S_E", profile=(0, 0, 0), criterion=criterion).ok


def test_empty_region_has_no_threshold() -> None:
    g = tripartite(**TRIPARTITE_TYPICAL, S_U=6)   # S_E + S_U < 6 is impossible with S_E >= 0
    assert co.stability_region(g, "S_E", profile=(0, 0, 0)) == sp.S.EmptySet
    with pytest.raises(InvalidInputError, match="parameter: no value of S_E"):
        co.threshold(g, "S_E", profile=(0, 0, 0))


def test_symbolic_unique_ess_threshold_is_undecidable_not_guessed() -> None:
    g = two_party()
    region = co.stability_region(g, "S_E", profile=(0, 0), criterion="unique_ess")
    assert isinstance(region, sp.Complement)
    with pytest.raises(UndecidableError, match="threshold: cannot compute the infimum"):
        co.threshold(g, "S_E", profile=(0, 0), criterion="unique_ess")


def test_parameter_assumptions_restrict_the_region() -> None:
    base = two_party(**{**NUMERIC_TWO, "C_E": 1})          # threshold 1 + 3 - 1 - 5 = -2 < 0
    assert co.stability_region(base, "S_E", profile=(0, 0)) == sp.Interval(0, sp.oo)
    s_pos = sp.Symbol("S_E", positive=True)
    g = two_party(**{**NUMERIC_TWO, "C_E": 1}, S_E=s_pos)
    assert co.stability_region(g, s_pos, profile=(0, 0)) == sp.Interval.open(0, sp.oo)
    s_real = sp.Symbol("S_E", real=True)
    g = two_party(**{**NUMERIC_TWO, "C_E": 1}, S_E=s_real)
    assert co.stability_region(g, s_real, profile=(0, 0)) == sp.Interval.open(-2, sp.oo)


def test_replicator_dynamics_input_and_sink_just_above_threshold() -> None:
    """The ESS threshold is where the vertex becomes a sink of the replicator dynamics."""
    g = tripartite(**TRIPARTITE_TYPICAL, S_U=2)
    rd = co.ReplicatorDynamics(g)
    assert co.stability_region(rd, "S_E", profile=(0, 0, 0)) == sp.Interval.open(1, 4)
    t = co.threshold(rd, "S_E", profile=(0, 0, 0))
    assert rd.subs({"S_E": t + sp.Rational(1, 100)}).classify((0, 0, 0)).kind == "sink"
    assert rd.subs({"S_E": t - sp.Rational(1, 100)}).classify((0, 0, 0)).kind != "sink"
    assert rd.subs({"S_E": t}).classify((0, 0, 0)).kind == "non-hyperbolic"


# ------------------------------------------------------------------ non-affine parameters
def _scalar_game(h: sp.Expr) -> co.NormalFormGame:
    """Row player's cooperation gain is h; the column player is indifferent-free (always 0 first)."""
    return co.NormalFormGame([[[h, h], [0, 0]], [[1, 0], [1, 0]]])


def test_polynomial_condition_is_solved_exactly() -> None:
    p = sp.Symbol("p", real=True)
    g = _scalar_game(p**2 - 2)
    region = co.stability_region(g, p, profile=(0, 0), criterion="ess")
    assert region == sp.Union(sp.Interval.open(-sp.oo, -sp.sqrt(2)), sp.Interval.open(sp.sqrt(2), sp.oo))
    assert co.stability_region(g, p, profile=(0, 0), criterion="nash") == sp.Union(
        sp.Interval(-sp.oo, -sp.sqrt(2)), sp.Interval(sp.sqrt(2), sp.oo))
    for criterion in ("ess", "nash"):   # irrational ends, decided exactly
        assert co.verify_region(g, p, profile=(0, 0), criterion=criterion).ok


@pytest.mark.parametrize(("criterion", "open_ends"), [pytest.param("ess", True, id="strict-open"),
                                                      pytest.param("nash", False, id="nash-closed")])
def test_transcendental_condition_by_bracketing(criterion, open_ends) -> None:
    """exp(p) - p - 2 > 0 has no closed form: roots by Brent's method to the stated precision."""
    p = sp.Symbol("p", real=True)
    g = _scalar_game(sp.exp(p) - p - 2)
    region = co.stability_region(g, p, profile=(0, 0), criterion=criterion, bracket=(-10, 10))
    pieces = region.args
    assert len(pieces) == 2
    f = lambda x: math.exp(x) - x - 2  # noqa: E731
    r1, r2 = brentq(f, -3, 0, xtol=1e-15), brentq(f, 0, 3, xtol=1e-15)
    assert float(pieces[0].inf) == -10 and not pieces[0].left_open        # the bracket end, closed
    assert abs(float(pieces[0].sup) - r1) <= 1e-11
    assert abs(float(pieces[1].inf) - r2) <= 1e-11
    assert bool(pieces[0].right_open) is open_ends and bool(pieces[1].left_open) is open_ends
    assert co.verify_region(g, p, profile=(0, 0), criterion=criterion, region=region,
                            eps=1e-6, probes_at_ends=False, bracket=(-10, 10)).ok


def test_numeric_threshold_beyond_the_default_bracket_is_found() -> None:
    """Issue 12: a gain log(S) - log(1609) (+ a wiggle, so no closed form) is positive only
    beyond S = 1609; the search used to stop at 1000 and answer "no threshold"."""
    S = sp.Symbol("S", positive=True)
    h = sp.log(S) - sp.log(1609) + sp.sin(S) / 10**6
    g = _scalar_game(h)
    with pytest.warns(co.errors.SearchRangeWarning, match="may extend further"):
        t = co.threshold(g, S, profile=(0, 0))
    f = sp.lambdify(S, h)
    # a sign change: unstable just below the threshold, stable just above
    assert f(float(t) - 1e-6) < 0 < f(float(t) + 1e-6)
    assert abs(float(t) - 1609) < 1


def test_numeric_region_reaching_the_search_end_is_announced_not_hidden() -> None:
    """A region that still holds at the end of the searched range says so (a warning), and
    one that closes before it does not warn."""
    S = sp.Symbol("S", positive=True)
    open_ended = _scalar_game(S - 6.389 + sp.sin(S) / 100)
    with pytest.warns(co.errors.SearchRangeWarning):
        region = co.stability_region(open_ended, S, profile=(0, 0))
    assert float(region.sup) >= 1e12          # not the old 1000.0 reported as an end
    closed = _scalar_game((S - 6.389 + sp.sin(S) / 100) * (3000 - S))
    with warnings.catch_warnings():
        warnings.simplefilter("error", co.errors.SearchRangeWarning)
        region = co.stability_region(closed, S, profile=(0, 0))
    assert abs(float(region.sup) - 3000) < 1e-6
    # a bracket given by the user is the user's range: no warning, ends at the bracket
    with warnings.catch_warnings():
        warnings.simplefilter("error", co.errors.SearchRangeWarning)
        region = co.stability_region(open_ended, S, profile=(0, 0), bracket=(0, 10))
    assert float(region.sup) == 10


def test_other_symbols_with_non_affine_condition_stay_a_condition_set() -> None:
    p, c = sp.Symbol("p", real=True), sp.Symbol("c", positive=True)
    g = _scalar_game(sp.exp(p) - c)
    region = co.stability_region(g, p, profile=(0, 0))
    assert isinstance(region, sp.ConditionSet) and region.condition.has(p)


# ------------------------------------------------------------------ brute force (hypothesis)
def brute_force(game: co.NormalFormGame, profile: tuple[int, ...], criterion: str) -> bool:
    """Independent evaluation with the library's equilibrium solvers and numpy."""
    if criterion == "nash":
        return profile in [e.profile for e in co.pure_nash_equilibria(game)]
    ess = [e.profile for e in co.evolutionarily_stable_states(game)]
    if criterion in ("ess", "strict_nash"):
        return profile in ess
    if criterion == "unique_ess":
        return ess == [profile]
    u = game.payoff_array()
    n = game.n_players
    if criterion == "participation":
        ref = tuple(m - 1 for m in game.shape)
        return all(u[(i, *profile)] >= u[(i, *ref)] - 1e-9 for i in range(n))
    for i in range(n):   # dominant
        own = np.take(u[i], [profile[i]], axis=i)
        others = np.delete(u[i], profile[i], axis=i)
        if not np.all(own > others + 1e-9):
            return False
    return True


tripartite_values = st.fixed_dictionaries({
    name: st.integers(0, 8) for name in ("R_E", "R_U", "dR", "C_E", "C_U", "F", "T_E", "T_U",
                                         "P_E", "P_U", "C_G", "L", "W_a")
}).map(lambda d: {**d, "alpha": sp.Rational(1, 2)})


@given(values=tripartite_values, s_u=st.integers(0, 6),
       profile=st.tuples(*[st.integers(0, 1)] * 3), criterion=st.sampled_from(CRITERIA))
def test_region_equals_brute_force_on_a_grid(values, s_u, profile, criterion) -> None:
    g = tripartite(**values, S_U=s_u)
    region = co.stability_region(g, "S_E", profile=profile, criterion=criterion)
    for k in range(0, 41):   # S_E in quarters, so every boundary (a multiple of 1/2) is hit
        v = sp.Rational(k, 4)
        gv = g.subs({"S_E": v})
        assert (region.contains(v) is sp.true) == brute_force(gv, profile, criterion), (v, region)


@given(values=tripartite_values, s_u=st.integers(0, 6),
       profile=st.tuples(*[st.integers(0, 1)] * 3), criterion=st.sampled_from(CRITERIA))
def test_regions_are_tight(values, s_u, profile, criterion) -> None:
    """The criterion holds just inside every end and fails just outside (verify_region)."""
    g = tripartite(**values, S_U=s_u)
    check = co.verify_region(g, "S_E", profile=profile, criterion=criterion)
    assert check.ok, check.failures
    assert check.checks   # something was probed


@given(values=tripartite_values, profile=st.tuples(*[st.integers(0, 1)] * 3))
def test_symbolic_region_substituted_equals_numeric_region(values, profile) -> None:
    """Closed form first, numbers later == numbers first (ess, S_E with S_U symbolic)."""
    g = tripartite(**values)
    closed = co.stability_region(g, "S_E", profile=profile)
    S_U = sym(g, "S_U")
    for s_u in (0, sp.Rational(5, 2), 7):
        numeric = co.stability_region(g.subs({"S_U": s_u}), "S_E", profile=profile)
        if isinstance(closed, sp.ConditionSet):
            guard = closed.condition.subs(S_U, s_u)
            sub = closed.base_set.subs(S_U, s_u) if guard is sp.true else sp.S.EmptySet
        else:
            sub = closed.subs(S_U, s_u)
        for k in range(0, 41):
            v = sp.Rational(k, 4)
            assert (sub.contains(v) is sp.true) == (numeric.contains(v) is sp.true), (v, sub)


def test_verify_region_detects_a_wrong_region() -> None:
    g = tripartite(**TRIPARTITE_TYPICAL, S_U=2)
    check = co.verify_region(g, "S_E", profile=(0, 0, 0), region=sp.Interval.open(1, 5))
    assert not check.ok
    assert {float(v) for v, _, _ in check.failures} >= {5 - 1e-6 * 5}
    closed = co.verify_region(g, "S_E", profile=(0, 0, 0), region=sp.Interval(1, 4))
    assert not closed.ok   # ESS is strict: the ends do not belong


# ------------------------------------------------------------------ regime maps
@given(values=tripartite_values, criterion=st.sampled_from(["ess", "nash"]))
def test_regime_map_equals_brute_force(values, criterion) -> None:
    g = tripartite(**values)
    xs = np.array([0.0, 0.75, 1.5, 2.5, 4.0, 6.5])
    ys = np.array([0.25, 1.0, 3.5, 5.0])
    m = co.regime_map(g, ("S_E", xs), ("S_U", ys), criterion=criterion)
    assert m.labels.shape == (ys.size, xs.size)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            gv = g.subs({"S_E": x, "S_U": y})
            eqs = (co.pure_nash_equilibria(gv) if criterion == "nash"
                   else co.evolutionarily_stable_states(gv))
            assert m.regimes[m.labels[j, i]] == tuple(e.profile for e in eqs)


_TERMS = ("1", "x", "y", "x*y", "x**2", "y**2")


@given(coef=st.lists(st.lists(st.integers(-2, 2), min_size=len(_TERMS), max_size=len(_TERMS)),
                     min_size=8, max_size=8),
       block=st.integers(1, 40), criterion=st.sampled_from(["ess", "nash"]))
def test_regime_map_of_any_polynomial_game_equals_brute_force(coef, block, criterion) -> None:
    """Payoffs that are constant, of x alone, of y alone, sums f(x) + g(y) and products x*y; the
    evaluation blocks cut rows and columns anywhere (block = points per block)."""
    import coinnovation.policy.regime as regime

    x, y = sp.symbols("x y", real=True)
    terms = [sp.sympify(t, locals={"x": x, "y": y}) for t in _TERMS]
    pay = [sum(c * t for c, t in zip(row, terms, strict=True)) for row in coef]
    g = co.NormalFormGame([[[pay[0], pay[1]], [pay[2], pay[3]]],
                           [[pay[4], pay[5]], [pay[6], pay[7]]]])
    if not {x, y} <= g.free_symbols:
        pay[0] += x * y   # both parameters must appear
        g = co.NormalFormGame([[[pay[0], pay[1]], [pay[2], pay[3]]],
                               [[pay[4], pay[5]], [pay[6], pay[7]]]])
    xs = np.array([-1.5, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0])
    ys = np.array([-1.0, 0.0, 0.5, 1.5, 2.5])
    with pytest.MonkeyPatch.context() as mp:   # blocks cut anywhere: the map must not change
        mp.setattr(regime, "_BLOCK", block)
        m = co.regime_map(g, ("x", xs), ("y", ys), criterion=criterion)
    for j, yv in enumerate(ys):
        for i, xv in enumerate(xs):
            gv = g.subs({"x": xv, "y": yv})
            eqs = (co.pure_nash_equilibria(gv) if criterion == "nash"
                   else co.evolutionarily_stable_states(gv))
            assert m.regimes[m.labels[j, i]] == tuple(e.profile for e in eqs), (xv, yv)


def test_regime_map_agrees_with_the_window() -> None:
    g = tripartite(**TRIPARTITE_TYPICAL)
    xs = np.linspace(0, 8, 161)
    m = co.regime_map(g, ("S_E", xs), ("S_U", xs))
    coop = m.mask((0, 0, 0))
    X, Y = np.meshgrid(xs, xs)
    inside = (X > 1 + 1e-9) & (Y > 1 + 1e-9) & (X + Y < 6 - 1e-9)
    assert np.array_equal(coop, inside)
    assert () in m.regimes                       # no ESS far above the window
    assert m.regime_at(7, 7) == ()
    assert sum(m.counts().values()) == xs.size**2


# ------------------------------------------------------------------ repeated game
@pytest.mark.parametrize(("payoffs", "expected"), [
    pytest.param((5, 3, 1, 0), 0.5, id="pd-axelrod-1984"),
    pytest.param((4, 3, 1, 0), 1 / 3, id="pd-4-3-1-0"),
    pytest.param((3, 3, 1, 0), 0.0, id="no-temptation"),
])
def test_critical_discount_factor_prisoners_dilemma(payoffs, expected) -> None:
    """Friedman (1971): δ* = (T - R)/(T - P) (MODELS.md, repeated game)."""
    T, R, P, S = payoffs
    pd = co.NormalFormGame([[[R, S], [T, P]], [[R, T], [S, P]]])
    assert co.critical_discount_factor(pd, profile=(0, 0), punishment=(1, 1)) == \
        pytest.approx(expected)


def grim_trigger_holds(game: co.NormalFormGame, profile, punishment, delta: float) -> bool:
    """Definition: R/(1-δ) >= T + δ P/(1-δ) for every player (no tolerance games here)."""
    u = game.payoff_array()
    ok = True
    for i in range(game.n_players):
        reward, pun = u[(i, *profile)], u[(i, *punishment)]
        for k in range(game.shape[i]):
            dev = (*profile[:i], k, *profile[i + 1:])
            ok &= reward / (1 - delta) >= u[(i, *dev)] + delta * pun / (1 - delta) - 1e-9
    return bool(ok)


@given(game=cst.normal_form_games(shape=(2, 2), integers=True),
       profile=st.tuples(st.integers(0, 1), st.integers(0, 1)))
def test_critical_discount_factor_is_tight(game, profile) -> None:
    """Grim trigger holds just above δ* and (if δ* > 0) fails just below it."""
    equilibria = [e.profile for e in co.pure_nash_equilibria(game)]
    assume(equilibria)
    punishment = equilibria[0]
    try:
        d = co.critical_discount_factor(game, profile=profile, punishment=punishment)
    except InvalidInputError:
        assert not all(grim_trigger_holds(game, profile, punishment, x) for x in (0.9, 0.999))
        return
    assert 0 <= d < 1
    assert grim_trigger_holds(game, profile, punishment, min(d + 1e-6, (1 + d) / 2))
    if d > 1e-6:
        assert not grim_trigger_holds(game, profile, punishment, d - 1e-6)


def test_critical_discount_factor_symbolic_two_party() -> None:
    """Grim trigger in the two-party game, reverting to (defect, defect)."""
    g = two_party(S_E=0, S_U=0)
    s = {str(x): x for x in g.free_symbols}
    d = co.critical_discount_factor(g, profile=(0, 0), punishment=(1, 1))
    # enterprise: T = pi_E + T_E - F, R = pi_E + alpha dR - C_E, P = pi_E
    hand_e = (s["T_E"] - s["F"] - s["alpha"] * s["dR"] + s["C_E"]) / (s["T_E"] - s["F"])
    hand_u = (s["T_U"] - s["F"] - (1 - s["alpha"]) * s["dR"] + s["C_U"]) / (s["T_U"] - s["F"])
    assert isinstance(d, sp.Max)
    args = [a for a in d.args if a != 0]
    assert len(args) == 2
    assert {sp.simplify(a - h) == 0 for a, h in zip(args, (hand_e, hand_u), strict=True)} == {True} \
        or {sp.simplify(a - h) == 0 for a, h in zip(args, (hand_u, hand_e), strict=True)} == {True}


def test_critical_discount_factor_needs_a_unique_punishment() -> None:
    g = two_party(**{**NUMERIC_TWO, "S_E": 4})       # (C, C) and (D, D) are both equilibria
    with pytest.raises(InvalidInputError, match="punishment: required"):
        co.critical_discount_factor(g, profile=(0, 0))
    with pytest.raises(InvalidInputError, match=r"punishment: .* not a Nash equilibrium"):
        co.critical_discount_factor(g, profile=(0, 0), punishment=(0, 1))
    with pytest.raises(InvalidInputError, match="punishment: expected 2 strategies"):
        co.critical_discount_factor(g, profile=(0, 0), punishment=(1,))


def test_unsustainable_profile_is_an_error() -> None:
    # row's reward 0 is below its punishment payoff 1
    g = co.NormalFormGame([[[0, 0], [2, 1]], [[0, 2], [0, 1]]])
    with pytest.raises(InvalidInputError, match=r"profile: .* not kept"):
        co.critical_discount_factor(g, profile=(0, 0))


# ------------------------------------------------------------------ criterion_holds
@pytest.mark.parametrize(("profile", "criterion", "expected"), [
    pytest.param((1, 1), "nash", True, id="pd-dd-nash"),
    pytest.param((1, 1), "dominant", True, id="pd-dd-dominant"),
    pytest.param((0, 0), "nash", False, id="pd-cc-not-nash"),
    pytest.param((0, 0), "participation", True, id="pd-cc-participation"),
    pytest.param((1, 1), "unique_ess", True, id="pd-dd-unique-ess"),
])
def test_criterion_holds_prisoners_dilemma(profile, criterion, expected) -> None:
    pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    assert criterion_holds(pd, profile, criterion) is expected


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(("kwargs", "error", "match"), [
    pytest.param({"parameter": "S_X"}, InvalidInputError, "parameter: 'S_X' is not a symbol",
                 id="unknown-name"),
    pytest.param({"parameter": sp.Symbol("S_E")}, InvalidInputError,
                 "parameter: S_E is not a symbol of the game .*different assumptions",
                 id="same-name-other-assumptions"),
    pytest.param({"parameter": 3}, InvalidInputError, "parameter: expected a sympy Symbol",
                 id="not-a-symbol"),
    pytest.param({"profile": (0, 0, 0)}, InvalidInputError, "profile: expected 2 strategies",
                 id="profile-too-long"),
    pytest.param({"profile": (0, "shirk")}, UnknownStrategyError, "shirk", id="unknown-label"),
    pytest.param({"criterion": "stable"}, InvalidInputError, "criterion: unknown criterion 'stable'",
                 id="unknown-criterion"),
    pytest.param({"reference": (1, 1)}, InvalidInputError, "reference: only used",
                 id="reference-without-participation"),
    pytest.param({"criterion": "participation", "reference": (1,)}, InvalidInputError,
                 "reference: expected 2 strategies", id="reference-wrong-length"),
    pytest.param({"game": "game"}, InvalidInputError, "game: expected a coinnovation.NormalFormGame",
                 id="not-a-game"),
])
def test_bad_input_names_the_argument(kwargs, error, match) -> None:
    call: dict[str, Any] = {"game": two_party(), "parameter": "S_E", "profile": (0, 0)}
    call.update(kwargs)
    game, parameter = call.pop("game"), call.pop("parameter")
    with pytest.raises(error, match=match):
        co.stability_region(game, parameter, **call)
    with pytest.raises(error, match=match):
        co.threshold(game, parameter, **call)


def test_dynamics_without_fixed_pure_profiles_are_rejected() -> None:
    hd = co.NormalFormGame([[[-1, sp.Symbol("V")], [0, 1]], [[-1, 0], [sp.Symbol("V"), 1]]])
    with pytest.raises(InvalidInputError, match="game: regions are defined on pure profiles"):
        co.stability_region(co.ReplicatorDynamics(hd, population="single"), "V", profile=(0, 0))
    x = sp.Symbol("x")
    dependent = co.NormalFormGame([[[x, 0], [1, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidInputError, match="game: the dynamics have state-dependent payoffs"):
        co.stability_region(co.ReplicatorDynamics(dependent), "x", profile=(0, 0))


def test_numeric_only_places_name_the_left_symbols() -> None:
    g = tripartite(**{k: v for k, v in TRIPARTITE_TYPICAL.items() if k != "W_a"})
    with pytest.raises(SymbolicNotSupported, match="W_a"):
        co.verify_region(g, "S_E", profile=(0, 0, 0), values={"S_U": 2})
    with pytest.raises(SymbolicNotSupported, match="W_a"):
        co.regime_map(g, ("S_E", [0, 1]), ("S_U", [0, 1]))
    with pytest.raises(SymbolicNotSupported, match="free symbols"):
        criterion_holds(g, (0, 0, 0))
    # given values, both work
    assert co.verify_region(g, "S_E", profile=(0, 0, 0), values={"S_U": 2, "W_a": 8}).ok


@pytest.mark.parametrize(("kwargs", "match"), [
    pytest.param({"criterion": "dominant"}, "criterion: regime maps take", id="map-criterion"),
    pytest.param({"y": ("S_E", [0, 1])}, "y: the same parameter as x", id="same-axis"),
    pytest.param({"x": ("S_E", [[0, 1]])}, "x: expected a non-empty 1-D array", id="2d-axis"),
    pytest.param({"x": ("S_E", [0, np.nan])}, "x: values must be finite", id="nan-axis"),
    pytest.param({"x": "S_E"}, "x: expected a pair", id="not-a-pair"),
    pytest.param({"x": ("Q", [0, 1])}, "parameter: 'Q' is not a symbol", id="unknown-parameter"),
    pytest.param({"values": {"S_U": 1}}, "values: sets the parameter S_U", id="values-set-axis"),
])
def test_regime_map_bad_input(kwargs, match) -> None:
    g = tripartite(**TRIPARTITE_TYPICAL)
    call: dict[str, Any] = {"x": ("S_E", [0, 1]), "y": ("S_U", [0, 1])}
    call.update(kwargs)
    with pytest.raises(InvalidInputError, match=match):
        co.regime_map(g, call.pop("x"), call.pop("y"), **call)


@pytest.mark.parametrize(("kwargs", "match"), [
    pytest.param({"bracket": (1, 0)}, "bracket: expected finite low < high", id="reversed"),
    pytest.param({"bracket": "wide"}, "bracket: expected two numbers", id="not-numbers"),
    pytest.param({"n_grid": 2}, "n_grid: expected an integer >= 3", id="tiny-grid"),
])
def test_numeric_fallback_bad_input(kwargs, match) -> None:
    p = sp.Symbol("p", real=True)
    g = _scalar_game(sp.exp(p) - 3)
    with pytest.raises(InvalidInputError, match=match):
        co.stability_region(g, p, profile=(0, 0), **kwargs)


def test_verify_region_bad_input() -> None:
    g = tripartite(**TRIPARTITE_TYPICAL, S_U=2)
    with pytest.raises(InvalidInputError, match="eps: expected a positive number"):
        co.verify_region(g, "S_E", profile=(0, 0, 0), eps=-1)
    with pytest.raises(InvalidInputError, match="region: expected a sympy Set"):
        co.verify_region(g, "S_E", profile=(0, 0, 0), region=[1, 4])
    with pytest.raises(InvalidInputError, match="values: sets the parameter"):
        co.verify_region(g, "S_E", profile=(0, 0, 0), values={"S_E": 1})
