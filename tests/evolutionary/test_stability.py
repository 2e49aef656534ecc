"""Stability analysis: vertex eigenvalues, ESS sets, non-hyperbolic points, Maynard Smith ESS."""

from __future__ import annotations

import itertools
import re
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

import coinnovation as co
from _dynamics_models import (
    TRI,
    TRI_NUMBERS,
    hand_ess_profiles,
    hand_vertex_eigenvalues,
    tripartite_game,
    tripartite_numeric,
)
from coinnovation import strategies as cst
from coinnovation._util.tolerance import ROOT_MERGE
from coinnovation.errors import (
    DegenerateGameWarning,
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
)
from coinnovation.noncooperative._pure import pure_equilibrium_mask

VERTICES = list(itertools.product(range(2), repeat=3))


@pytest.fixture(scope="module")
def tri_symbolic() -> co.ReplicatorDynamics:
    return co.ReplicatorDynamics(tripartite_game())


# ------------------------------------------------------------------ tripartite: symbolic
@pytest.mark.parametrize("profile", [pytest.param(v, id=f"vertex-{v}") for v in VERTICES])
def test_tripartite_vertex_eigenvalues_equal_hand_derivation(tri_symbolic, profile) -> None:
    """吴洁 et al. (2019): at each of the 8 vertices the eigenvalues are ±Delta (by hand)."""
    st_ = tri_symbolic.classify(profile)
    e, u, g = (1 - a for a in profile)
    hand = hand_vertex_eigenvalues(TRI, e, u, g)
    assert len(st_.eigenvalues) == 3
    for lam, h in zip(st_.eigenvalues, hand, strict=True):
        assert sp.simplify(lam - h) == 0
    # the Jacobian itself is diagonal there, with the same entries
    J = st_.jacobian
    assert all(sp.simplify(J[i, j]) == 0 for i in range(3) for j in range(3) if i != j)
    for i in range(3):
        assert sp.simplify(J[i, i] - hand[i]) == 0
    # one condition per eigenvalue: lambda < 0
    for cond, h in zip(st_.conditions, hand, strict=True):
        assert isinstance(cond, sp.core.relational.Relational)
        assert sp.simplify(cond.lhs - cond.rhs - h) == 0


def test_tripartite_all_cooperate_window_comes_from_government(tri_symbolic) -> None:
    """(1,1,1) is stable iff S_E > C_E+T_E-F-P_E-αΔR, S_U > ..., S_E+S_U < W_a-C_G."""
    s = TRI
    st_ = tri_symbolic.classify((0, 0, 0))
    assert st_.kind == "undecided"
    expected = [
        s["S_E"] - (s["C_E"] + s["T_E"] - s["F"] - s["P_E"] - s["alpha"] * s["DeltaR"]),
        s["S_U"] - (s["C_U"] + s["T_U"] - s["F"] - s["P_U"] - (1 - s["alpha"]) * s["DeltaR"]),
        (s["W_a"] - s["C_G"]) - (s["S_E"] + s["S_U"]),
    ]
    # condition i is  -expected_i < 0
    for cond, exp in zip(st_.conditions, expected, strict=True):
        assert sp.simplify((cond.lhs - cond.rhs) + exp) == 0
    # the upper bound of the subsidy window is the government's condition
    gov = st_.conditions[2]
    assert {sp.Symbol("W_a", positive=True), sp.Symbol("C_G", positive=True)} <= gov.free_symbols


def test_tripartite_symbolic_decided_with_assumptions() -> None:
    """With F > C_E etc. implied by substitutions the kind is decided symbolically."""
    k = sp.Symbol("k", positive=True)
    vals = dict(TRI_NUMBERS)
    vals.update({"S_E": 2 + k, "S_U": 2})  # E's condition holds for all k > 0
    rd = co.ReplicatorDynamics(tripartite_game(vals))
    st_ = rd.classify((0, 0, 0))
    # E: -(alpha*DeltaR + F + P_E + S_E - C_E - T_E) = -(1 + k) < 0 decided; G: 6 - 4 - k > 0?
    assert st_.signs[0] == "-" and st_.signs[1] == "-" and st_.signs[2] == "?"
    assert st_.kind == "undecided"
    assert sp.simplify(st_.stability_condition.lhs - st_.stability_condition.rhs - (k - 2)) == 0
    # a vertex with one decided positive and one decided negative eigenvalue is a saddle
    assert rd.classify((1, 1, 1)).kind == "saddle"


# ------------------------------------------------------------------ tripartite: numeric ESS sets
@pytest.mark.parametrize(("subsidy", "expected"), [
    pytest.param(0.5, {(1, 1, 0)}, id="below-window-only-government-active"),
    pytest.param(1.5, {(0, 0, 0), (1, 1, 0)}, id="in-window-bistable"),
    pytest.param(2.5, {(0, 0, 0), (1, 1, 0)}, id="in-window-upper"),
    pytest.param(4.0, set(), id="above-window-no-ess"),
])
def test_tripartite_ess_set_changes_with_subsidy(subsidy, expected) -> None:
    """ESS set per subsidy level; matches the hand conditions (window 1 < S < 3)."""
    game = tripartite_numeric(subsidy)
    ess = {e.profile for e in co.evolutionarily_stable_states(game)}
    assert ess == expected
    vals = {**TRI, **{k: sp.sympify(v) for k, v in TRI_NUMBERS.items()},
            "S_E": sp.nsimplify(subsidy), "S_U": sp.nsimplify(subsidy)}
    assert hand_ess_profiles(vals) == expected
    rd = co.ReplicatorDynamics(game)
    sinks = {v for v in rd.vertices() if rd.classify(v).kind == "sink"}
    assert sinks == expected


@pytest.mark.parametrize(("s_e", "s_u"), [
    pytest.param(s_e, s_u, id=f"SE={s_e}-SU={s_u}")
    for s_e, s_u in [(0.2, 4.5), (1.2, 1.2), (2.9, 2.9), (3.5, 1.5), (1.5, 4.0), (5.0, 0.5)]])
def test_tripartite_ess_matches_hand_conditions_asymmetric_subsidies(s_e, s_u) -> None:
    game = tripartite_numeric(s_e, s_u)
    vals = {**TRI, **{k: sp.sympify(v) for k, v in TRI_NUMBERS.items()},
            "S_E": sp.nsimplify(s_e), "S_U": sp.nsimplify(s_u)}
    assert {e.profile for e in co.evolutionarily_stable_states(game)} == hand_ess_profiles(vals)


def test_subsidy_exactly_at_window_bound_is_non_hyperbolic() -> None:
    """S_E + S_U = W_a - C_G: a zero eigenvalue; never reported stable, not an ESS."""
    rd = co.ReplicatorDynamics(tripartite_numeric(3))
    st_ = rd.classify((0, 0, 0))
    assert st_.kind == "non-hyperbolic"
    assert st_.signs == ("-", "-", "0")
    assert not st_.is_stable
    assert (0, 0, 0) not in {e.profile for e in co.evolutionarily_stable_states(rd.game)}
    # just inside the window it is a sink, just outside a saddle
    assert co.ReplicatorDynamics(tripartite_numeric(2.999)).classify((0, 0, 0)).kind == "sink"
    assert co.ReplicatorDynamics(tripartite_numeric(3.001)).classify((0, 0, 0)).kind == "saddle"


# ------------------------------------------------------------------ non-hyperbolic cases
def test_zero_eigenvalue_never_stable_in_constant_game() -> None:
    rd = co.ReplicatorDynamics(co.NormalFormGame([np.ones((2, 2)), np.ones((2, 2))]))
    for v in rd.vertices():
        st_ = rd.classify(v)
        assert st_.kind == "non-hyperbolic" and not st_.is_stable
    assert co.evolutionarily_stable_states(rd.game) == []


def test_rock_paper_scissors_center_is_non_hyperbolic() -> None:
    """Zero-sum RPS in one population: interior rest point with eigenvalues ±i/√3."""
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    rd = co.ReplicatorDynamics(co.NormalFormGame([rps, rps.T]), population="single")
    interior = [p for p in rd.rest_points() if len(p.support[0]) == 3]
    assert len(interior) == 1
    np.testing.assert_allclose(interior[0].strategies[0], [1 / 3] * 3)
    st_ = rd.classify(interior[0])
    assert st_.kind == "non-hyperbolic"
    assert st_.signs == ("0", "0")
    np.testing.assert_allclose(sorted(abs(complex(v).imag) for v in st_.eigenvalues),
                               [1 / np.sqrt(3)] * 2)
    assert co.evolutionarily_stable_states(rd.game, population="single") == []


def test_symbolic_non_hyperbolic_when_parameter_cancels() -> None:
    a = sp.Symbol("a", positive=True)
    g = co.NormalFormGame([[[a, 0], [a, 1]], [[1, 0], [0, 1]]])
    st_ = co.ReplicatorDynamics(g).classify((0, 0))
    assert st_.kind == "non-hyperbolic"
    assert "0" in st_.signs


# ------------------------------------------------------------------ two-party game
def test_two_party_interior_rest_point_is_mixed_equilibrium_and_saddle() -> None:
    """方炜 et al. (2019): bistable cooperation game; the interior rest point is the mixed NE."""
    from _dynamics_models import TWO_NUMBERS, two_party_game

    game = two_party_game({k: v for k, v in TWO_NUMBERS.items()})
    rd = co.ReplicatorDynamics(game)
    interior = [p for p in rd.rest_points() if p.support == ((0, 1), (0, 1))]
    assert len(interior) == 1
    mixed = [e for e in co.nash_equilibria(game) if not e.is_pure]
    assert len(mixed) == 1
    for a, b in zip(interior[0].strategies, mixed[0].strategies, strict=True):
        np.testing.assert_allclose(a, np.asarray(b, dtype=float), atol=1e-12)
    st_ = rd.classify(interior[0])
    assert st_.kind == "saddle"
    ev = sorted(float(np.real(v)) for v in st_.eigenvalues)
    assert ev[0] < 0 < ev[1]
    assert sorted(e.profile for e in co.evolutionarily_stable_states(game)) == [(0, 0), (1, 1)]


def test_two_party_symbolic_interior_point_matches_models_formula() -> None:
    """x* = (C_U-F-S_U)/((1-α)ΔR-T_U), y* = (C_E-F-S_E)/(αΔR-T_E) (MODELS.md)."""
    from _dynamics_models import TWO, two_party_game

    rd = co.ReplicatorDynamics(two_party_game())
    s = TWO
    interior = [p for p in rd.rest_points() if p.support == ((0, 1), (0, 1))]
    assert len(interior) == 1
    x, y = interior[0].reduced
    assert sp.simplify(x - (s["C_U"] - s["F"] - s["S_U"]) / ((1 - s["alpha"]) * s["DeltaR"]
                                                          - s["T_U"])) == 0
    assert sp.simplify(y - (s["C_E"] - s["F"] - s["S_E"]) / (s["alpha"] * s["DeltaR"]
                                                          - s["T_E"])) == 0
    # the point exists only under conditions on the parameters, which are reported
    assert interior[0].conditions


# ------------------------------------------------------------------ property: sink <=> strict NE
@given(cst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3))
def test_sink_vertex_iff_strict_nash(game) -> None:
    rd = co.ReplicatorDynamics(game)
    strict = pure_equilibrium_mask(game, strict=True)
    for v in rd.vertices():
        st_ = rd.classify(v)
        assert (st_.kind == "sink") == bool(strict[v])
        if st_.kind == "sink":
            assert all(float(np.real(e)) < 0 for e in st_.eigenvalues)
    ess = {e.profile for e in co.evolutionarily_stable_states(game)}
    assert ess == {tuple(int(a) for a in p) for p in np.argwhere(strict)}


@given(cst.normal_form_games(shape=(2, 3), integers=False))
def test_vertex_eigenvalues_are_jacobian_eigenvalues(game) -> None:
    """The deviation gains used at vertices equal the Jacobian's eigenvalues."""
    rd = co.ReplicatorDynamics(game)
    for v in rd.vertices():
        st_ = rd.classify(v)
        ev = np.sort_complex(np.linalg.eigvals(rd.jacobian(v)))
        np.testing.assert_allclose(ev, np.sort_complex(np.asarray(st_.eigenvalues, dtype=complex)),
                                   atol=1e-9)


@given(cst.normal_form_games(n_players=st.integers(2, 3), max_strategies=2, min_strategies=2))
def test_rest_points_have_zero_velocity(game) -> None:
    rd = co.ReplicatorDynamics(game)
    scale = max(1.0, float(np.max(np.abs(game.payoff_array()))))
    for p in rd.rest_points():
        if p.is_continuum:
            continue
        assert np.max(np.abs(rd.velocity(p))) <= 1e-9 * scale
        for s in p.strategies:
            assert np.all(s >= 0) and abs(s.sum() - 1) < 1e-12


def test_numeric_rest_points_match_exact() -> None:
    rng = np.random.default_rng(5)
    game = co.NormalFormGame([rng.normal(size=(2, 2, 2)) for _ in range(3)])
    rd = co.ReplicatorDynamics(game)
    exact = sorted(tuple(np.concatenate(p.strategies)) for p in rd.rest_points(method="exact"))
    num = sorted(tuple(np.concatenate(p.strategies))
                 for p in rd.rest_points(method="numeric", rng=1))
    assert len(exact) == len(num)
    np.testing.assert_allclose(np.array(exact), np.array(num), atol=1e-8)


# ------------------------------------------------------------------ single-population ESS
@pytest.mark.parametrize(("A", "expected"), [
    pytest.param([[-1, 2], [0, 1]], [[0.5, 0.5]], id="hawk-dove-V2-C4-mixed-ess"),
    pytest.param([[3, 0], [5, 1]], [[0.0, 1.0]], id="prisoners-dilemma-defect"),
    pytest.param([[2, 0], [0, 1]], [[1.0, 0.0], [0.0, 1.0]], id="coordination-two-pure"),
    pytest.param([[1, 1], [1, 0]], [[1.0, 0.0]], id="weak-ne-but-ess"),
    pytest.param([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [], id="rps-zero-sum-no-ess"),
    pytest.param([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], [[1 / 3, 1 / 3, 1 / 3]],
                 id="rps-good-mixed-ess"),
    pytest.param([[0, -2, 1], [1, 0, -2], [-2, 1, 0]], [], id="rps-bad-no-ess"),
    pytest.param([[1, 1, 1], [1, 1, 1], [1, 1, 1]], [], id="constant-no-ess"),
])
def test_single_population_ess(A, expected) -> None:
    """Maynard Smith & Price (1973); Weibull (1995) ch. 2 examples."""
    a = np.array(A, dtype=float)
    game = co.NormalFormGame([a, a.T])
    got = co.evolutionarily_stable_states(game, population="single")
    assert len(got) == len(expected)
    for e, exp in zip(sorted(got, key=lambda e: -e.strategies[0][0]), expected, strict=True):
        np.testing.assert_allclose(e.strategies[0], exp, atol=1e-12)
        np.testing.assert_allclose(e.strategies[1], exp, atol=1e-12)


def test_alternative_best_reply_on_other_face_fails_copositivity() -> None:
    """σ=e0 is a NE with e1 an alternative best reply and u(e0,e1) = u(e1,e1): not ESS."""
    a = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 2]], dtype=float)
    game = co.NormalFormGame([a, a.T])
    got = [tuple(e.strategies[0]) for e in
           co.evolutionarily_stable_states(game, population="single")]
    assert (1.0, 0.0, 0.0) not in got
    assert (0.0, 0.0, 1.0) in got


@given(cst.symmetric_games(max_strategies=3, integers=False))
def test_single_population_ess_satisfy_maynard_smith(game) -> None:
    """Maynard Smith's conditions, compared with the library's own tolerance (atol_for)."""
    A = game.payoff_array(0)
    m = A.shape[0]
    atol = co.atol_for(A)
    rng = np.random.default_rng(0)
    with warnings.catch_warnings():
        # near-ties inside the tolerance are ties, announced as degenerate
        warnings.simplefilter("ignore", DegenerateGameWarning)
        found = co.evolutionarily_stable_states(game, population="single")
    for e in found:
        s = e.strategies[0]
        # first order, per pure strategy: s is a best reply to itself (up to the tolerance)
        first = s @ A @ s - A @ s
        assert np.all(first >= -atol)
        # second order, for mutants made of alternative best replies (ties up to the
        # tolerance): s does strictly better against them than they do against themselves
        best = np.flatnonzero(np.abs(first) <= atol)
        for w in rng.dirichlet(np.ones(best.size), size=100):
            tau = np.zeros(m)
            tau[best] = w
            if np.max(np.abs(tau - s)) < 1e-6:
                continue
            assert s @ A @ tau - tau @ A @ tau > -atol
        # an ESS is a rest point of the single-population dynamics
        rd = co.ReplicatorDynamics(game, population="single")
        assert np.max(np.abs(rd.velocity((s,)))) <= atol


def _ess_set(A: np.ndarray) -> list[np.ndarray]:
    g = co.NormalFormGame([A, A.T])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return sorted((e.strategies[0] for e in
                       co.evolutionarily_stable_states(g, population="single")),
                      key=lambda s: tuple(-s))


def test_reported_near_tie_gives_one_ess_and_a_degeneracy_warning() -> None:
    """The case of issue 12: a pure ESS and a mixed one 1.3e-10 away are one ESS."""
    A = np.array([[0.0, 1.0], [1.31113e-10, 0.0]])
    game = co.NormalFormGame([A, A.T])
    with pytest.warns(DegenerateGameWarning, match="within the tolerance"):
        found = co.evolutionarily_stable_states(game, population="single")
    assert len(found) == 1
    with pytest.warns(DegenerateGameWarning, match="within the tolerance"):
        rests = co.ReplicatorDynamics(game, population="single").rest_points()
    # the rest point a hair away from the vertex s0 is the vertex itself, reported once
    pts = [r.strategies[0] for r in rests]
    for i, p in enumerate(pts):
        for q in pts[i + 1:]:
            assert np.max(np.abs(p - q)) > co.TOL


def test_a_tie_just_outside_the_tolerance_is_not_merged() -> None:
    """The criterion flips at the tolerance: 1e-6 is a real difference, 1e-10 is not."""
    A = np.array([[0.0, 1.0], [1e-6, 0.0]])
    (ess,) = _ess_set(A)
    assert 0 < ess[1] < 1e-5  # the mixed ESS, no longer the pure s0
    A[1, 0] = 1e-10
    (ess,) = _ess_set(A)
    assert ess[1] == 0.0


@given(cst.symmetric_games(max_strategies=3, integers=False),
       st.floats(min_value=-1e-10, max_value=1e-10))
def test_near_tie_games_give_no_near_duplicate_ess(game, eps) -> None:
    """Perturb one payoff by less than the tolerance: no two ESS within the tolerance."""
    A = game.payoff_array(0).copy()
    A[-1, 0] = A[0, 0] + eps   # a near-tie of s0 against itself
    found = _ess_set(A)
    for i, s in enumerate(found):
        for t in found[i + 1:]:
            assert np.max(np.abs(s - t)) >= ROOT_MERGE   # the library's "same point" distance


@given(cst.symmetric_games(max_strategies=3, integers=True, min_value=-3, max_value=3),
       st.integers(min_value=-6, max_value=6))
def test_ess_set_is_invariant_under_payoff_scaling(game, k) -> None:
    """Multiplying every payoff by 10^k changes no ESS (the tolerance scales with the game)."""
    A = game.payoff_array(0)
    base = _ess_set(A)
    scaled = _ess_set(A * 10.0 ** k)
    assert len(base) == len(scaled)
    for s, t in zip(base, scaled, strict=True):
        assert np.max(np.abs(s - t)) <= co.TOL * 1e3


@given(cst.symmetric_games(max_strategies=3, integers=True, min_value=-3, max_value=3),
       st.integers(min_value=-6, max_value=6))
def test_nash_equilibria_are_invariant_under_payoff_scaling(game, k) -> None:
    """The same for the Nash equilibria of the two-player game (nondegenerate games: the
    extreme equilibria of degenerate games scaled by 0.1 are the Nash solvers' open issue)."""
    A = game.payoff_array(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateGameWarning)
        base = co.nash_equilibria(co.NormalFormGame([A, A.T]))
    assume(not caught)
    scaled = co.nash_equilibria(co.NormalFormGame([A * 10.0 ** k, A.T * 10.0 ** k]))
    key = [sorted(tuple(np.round(np.concatenate(e.strategies), 6)) for e in eqs)
           for eqs in (base, scaled)]
    assert key[0] == key[1]


@given(cst.symmetric_games(max_strategies=3, integers=True, min_value=-3, max_value=3))
def test_pure_single_population_ess_agree_with_mutant_test(game) -> None:
    """A pure strategy is an ESS iff it resists every pure and mixed mutant (grid)."""
    A = game.payoff_array(0)
    m = A.shape[0]
    grid = [np.array(c, dtype=float) / 6 for c in itertools.product(range(7), repeat=m)
            if sum(c) == 6]
    ess = {int(np.argmax(e.strategies[0])) for e in
           co.evolutionarily_stable_states(game, population="single") if e.is_pure}
    for k in range(m):
        s = np.eye(m)[k]
        ok = True
        for tau in grid:
            if np.allclose(tau, s):
                continue
            first = s @ A @ s - tau @ A @ s
            atol = co.atol_for(A)
            if first < -atol or (abs(first) <= atol and s @ A @ tau - tau @ A @ tau <= atol):
                ok = False
                break
        if k in ess:
            assert ok


# ------------------------------------------------------------------ risk dominance
@pytest.mark.parametrize(("payoffs", "expected"), [
    pytest.param([[[4, 0], [3, 3]], [[4, 3], [0, 3]]], (1, 1), id="stag-hunt-hare"),
    pytest.param([[[2, 0], [0, 1]], [[2, 0], [0, 1]]], (0, 0), id="coordination-2-1"),
    pytest.param([[[0, 3], [2, 0]], [[0, 2], [2, 0]]], (0, 1), id="anti-coordination"),
])
def test_risk_dominance(payoffs, expected) -> None:
    """Harsanyi & Selten (1988): larger product of deviation losses."""
    assert co.risk_dominant_equilibrium(co.NormalFormGame(payoffs)) == expected


def test_risk_dominance_errors() -> None:
    pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    with pytest.raises(InvalidInputError, match="game: not a bistable"):
        co.risk_dominant_equilibrium(pd)
    assert co.risk_dominant_equilibrium(pd, missing="none") is None
    with pytest.raises(InvalidInputError, match="game: risk dominance needs a 2x2"):
        co.risk_dominant_equilibrium(tripartite_numeric(2))
    with pytest.raises(InvalidInputError, match="missing"):
        co.risk_dominant_equilibrium(pd, missing="maybe")
    sym = co.NormalFormGame([[[sp.Symbol("a"), 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(SymbolicNotSupported, match="a"):
        co.risk_dominant_equilibrium(sym)
    tie = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidInputError, match="game: the two equilibria tie"):
        co.risk_dominant_equilibrium(tie)


# ------------------------------------------------------------------ stability table
def _latex_is_sound(tex: str) -> None:
    """Balanced braces, every body line ends a row, no Python/sympy words leak into the table."""
    assert tex.count("{") == tex.count("}")
    depth = 0
    for ch in tex:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    body = tex.splitlines()[2:-1]
    assert all(line.endswith("\\\\") or line.startswith("\\") for line in body), body
    for word in ("False", "True", "oo", "Interval", "EmptySet", "And"):
        assert re.search(rf"\b{word}\b", tex) is None, word


def test_stability_table_latex_and_markdown(tri_symbolic) -> None:
    table = tri_symbolic.stability_table()
    assert len(table.rows) == 8
    tex = table.to_latex()
    lines = tex.splitlines()
    assert lines[0] == r"% needs \usepackage{booktabs}" and lines[1].startswith(r"\begin{tabular}")
    assert r"\toprule" in tex and r"\bottomrule" in tex and r"p{0.3\linewidth}" in tex
    assert r"\mathrm{Re}\,\lambda_i < 0" in tex   # the sign convention is stated
    assert "(cooperate, cooperate, active)" in tex    # one vertex convention: strategy labels
    assert r"W_{a}" in tex
    _latex_is_sound(tex)
    # symbolic rows say what holds when the conditions hold, one condition per line
    assert "sink if the conditions hold" in tex and tex.count(r"\newline") >= 8
    md = table.to_markdown()
    assert md.count("\n") == 9 and "sink if the conditions hold" in md
    plain = table.to_latex(booktabs=False)
    assert r"\toprule" not in plain and r"\hline" in plain and "booktabs" not in plain.splitlines()[1]
    _latex_is_sound(plain)
    numeric = co.ReplicatorDynamics(tripartite_numeric(2.5)).stability_table()
    assert [r.profile for r in numeric.ess] == [(0, 0, 0), (1, 1, 0)]
    assert "always" in numeric.to_latex() and "never" in numeric.to_latex()
    _latex_is_sound(numeric.to_latex())
    assert numeric.rows[0].to_dict()["kind"] == "sink"
    assert "sink" in repr(numeric.rows[0]) and "Stability" in repr(numeric.rows[0])
    assert r"\lambda" in numeric.rows[0].to_latex()


def test_conditions_keep_eigenvalue_order(tri_symbolic) -> None:
    """Row (1,1,1): the open conditions appear in the order of the eigenvalues."""
    row = tri_symbolic.classify((0, 0, 0))
    parts = row.condition_summary
    assert isinstance(parts, list) and len(parts) == 3
    for cond, lam in zip(parts, row.eigenvalues, strict=True):
        assert sp.simplify(cond.lhs - lam) == 0 and cond.rhs == 0


_C, _S, _T = sp.symbols("C_g S T", positive=True)
# vertex (0, 0): player 0 gains C_g + S > 0 by deviating (structurally), player 1 gains S - T
POSITIVE = co.NormalFormGame([[[0, 0], [_C + _S, 0]], [[0, _S - _T], [0, 0]]])
# vertex (0, 0): player 0 is indifferent (a structurally zero eigenvalue), player 1 gains T - S
ZERO = co.NormalFormGame([[[_S, 0], [_S, 1]], [[_S - _T, 0], [0, 1]]])


def test_structurally_positive_eigenvalue_decides() -> None:
    """Issue 12 item 4: a provably positive eigenvalue makes the vertex unstable, whatever the
    other signs; its condition is impossible; table, ESS list and regions agree."""
    rd = co.ReplicatorDynamics(POSITIVE)
    st_ = rd.classify((0, 0))
    assert st_.signs == ("+", "?") and st_.kind == "unstable" and not st_.is_stable
    assert st_.conditions[0] == sp.false and st_.condition_summary == "never"
    assert st_.stability_condition == sp.false
    table = rd.stability_table()
    row = next(r for r in table.rows if r.profile == (0, 0))
    assert row not in table.ess
    line = next(ln for ln in table.to_latex().splitlines() if ln.startswith("(s0, s0)"))
    assert line.split(" & ")[3:] == ["never", "unstable \\\\"]
    md_line = next(ln for ln in table.to_markdown().splitlines() if ln.startswith("| (s0, s0)"))
    assert "| never |" in md_line
    assert r"\text{never}" in st_.to_latex() and "False" not in st_.to_latex()
    assert co.stability_region(POSITIVE, _S, profile=(0, 0), criterion="ess") == sp.EmptySet
    assert (0, 0) not in [e.profile for e in co.evolutionarily_stable_states(POSITIVE)]


@given(c=st.integers(1, 50), s=st.integers(1, 50), t=st.integers(1, 50))
def test_structurally_positive_eigenvalue_at_any_numbers(c: int, s: int, t: int) -> None:
    """Independently of the symbolic decision: every admissible parameter value makes (0, 0)
    unstable in the numeric game."""
    numeric = co.ReplicatorDynamics(POSITIVE.subs({_C: c, _S: s, _T: t}))
    assert numeric.classify((0, 0)).kind in ("saddle", "source", "unstable", "non-hyperbolic")
    assert not numeric.classify((0, 0)).is_stable


def test_structurally_zero_eigenvalue_is_non_hyperbolic() -> None:
    """A zero eigenvalue is never stable and never an ESS: "non-hyperbolic", condition never."""
    rd = co.ReplicatorDynamics(ZERO)
    st_ = rd.classify((0, 0))
    assert st_.signs[0] == "0" and st_.kind == "non-hyperbolic" and not st_.is_stable
    assert st_.condition_summary == "never"
    table = rd.stability_table()
    line = next(ln for ln in table.to_latex().splitlines() if ln.startswith("(s0, s0)"))
    assert "never" in line and "non-hyperbolic" in line
    assert (0, 0) not in [e.profile for e in co.evolutionarily_stable_states(ZERO)]
    assert co.stability_region(ZERO, _S, profile=(0, 0), criterion="ess") == sp.EmptySet
    # the strict sink (1, 1) of the same game: all conditions true -> "always"
    sink = next(r for r in table.rows if r.profile == (1, 1))
    assert sink.kind == "sink" and sink.condition_summary == "always"
    assert "always" in next(ln for ln in table.to_latex().splitlines() if ln.startswith("(s1, s1)"))


def test_all_true_conditions_read_always_and_escape_labels() -> None:
    game = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]],
                             strategies=[["co_op & 100%", "D"], ["C", "D"]])
    table = co.ReplicatorDynamics(game).stability_table()
    tex = table.to_latex()
    assert r"(co\_op \& 100\%, C) & $-1$ & $-1$ & always & sink \\" in tex
    _latex_is_sound(tex)
    assert table.vertex_label(table.rows[0]) == "(co_op & 100%, C)"


# ------------------------------------------------------------------ errors
def test_ess_input_errors() -> None:
    with pytest.raises(InvalidInputError, match="population"):
        co.evolutionarily_stable_states(tripartite_numeric(2), population="two")
    with pytest.raises(InvalidInputError, match="game"):
        co.evolutionarily_stable_states([[1, 2]])
    with pytest.raises(InvalidGameError, match="game: population='single' needs a symmetric"):
        co.evolutionarily_stable_states(tripartite_numeric(2), population="single")
    asym = co.NormalFormGame([[[1, 2], [3, 4]], [[1, 2], [3, 4]]])
    with pytest.raises(InvalidGameError, match="game: population='single' needs a symmetric"):
        co.evolutionarily_stable_states(asym, population="single")
    a = sp.Symbol("a")
    sym = co.NormalFormGame([[[a, 0], [0, 1]], [[a, 0], [0, 1]]])
    with pytest.raises(SymbolicNotSupported, match="a"):
        co.evolutionarily_stable_states(sym, population="single")
    rd = co.ReplicatorDynamics(tripartite_numeric(2))
    with pytest.raises(InvalidInputError, match="population: the dynamics are 'multi'"):
        co.evolutionarily_stable_states(rd, population="single")
    with pytest.raises(co.errors.UndecidableError):
        co.evolutionarily_stable_states(tripartite_game())


def test_tripartite_symbolic_rest_points_on_faces(tri_symbolic) -> None:
    """Edge/face rest points in closed form; the interior by its equations (no 4000-op roots)."""
    s = TRI
    pts = tri_symbolic.rest_points()
    assert sum(p.is_vertex for p in pts) == 8
    face = [p for p in pts if p.support == ((0,), (0, 1), (0, 1))]
    assert len(face) == 1
    x_, y_, z_ = face[0].reduced
    assert x_ == 1
    # by hand: Δ_U(x=1, z) = 0 and Δ_G(x=1, y) = 0
    assert sp.simplify(z_ - (s["C_U"] + s["T_U"] - s["F"] - (1 - s["alpha"]) * s["DeltaR"])
                       / (s["S_U"] + s["P_U"])) == 0
    assert sp.simplify(y_ - (s["L"] + s["P_U"] - s["C_G"] - s["S_E"])
                       / (s["L"] + s["P_U"] + s["S_U"] - s["W_a"])) == 0
    assert face[0].conditions  # it lies inside the face only for some parameters
    interior = [p for p in pts if p.support == ((0, 1),) * 3]
    assert len(interior) == 1 and interior[0].is_implicit and not interior[0].is_continuum
    assert len(interior[0].equations) == 3
    with pytest.raises(InvalidInputError, match="point: implicit points on face"):
        tri_symbolic.classify(interior[0])
    # numbers in: the interior rest points are then solved exactly
    num = tri_symbolic.subs({**{k: v for k, v in TRI_NUMBERS.items()}, "S_E": 4, "S_U": 4})
    inner = [p for p in num.rest_points() if p.support == ((0, 1),) * 3]
    assert inner and not any(p.is_implicit for p in inner)


@pytest.mark.parametrize("seed", [pytest.param(k, id=f"random-3x3-seed-{k}") for k in range(3)])
def test_every_nash_equilibrium_is_a_rest_point(seed) -> None:
    """Nash equilibria are rest points of the replicator dynamics (Weibull 1995, Prop. 5.3)."""
    rng = np.random.default_rng(seed)
    game = co.NormalFormGame([rng.normal(size=(3, 3)) for _ in range(2)])
    rd = co.ReplicatorDynamics(game)
    points = [np.concatenate(p.strategies) for p in rd.rest_points()]
    for eq in co.nash_equilibria(game):
        target = np.concatenate([np.asarray(s, dtype=float) for s in eq.strategies])
        assert min(np.max(np.abs(target - p)) for p in points) < 1e-9
