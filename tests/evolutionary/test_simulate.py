"""Simulation: accuracy against scipy and nashpy, simplex invariance, honest convergence reports."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.special import expit

import coinnovation as co
from _dynamics_models import TRI_NUMBERS, tripartite_game, tripartite_numeric
from coinnovation import strategies as cst
from coinnovation.errors import ConvergenceError, InvalidInputError, SymbolicNotSupported


def _reference(rd: co.ReplicatorDynamics, x0: np.ndarray, t: np.ndarray) -> np.ndarray:
    """solve_ivp (DOP853, rtol 1e-10) of the reduced equations, one start at a time."""
    f = sp.lambdify(rd.state, list(rd.equations), "numpy")
    out = []
    for row in x0:
        sol = solve_ivp(lambda _t, v: np.array(f(*v), dtype=float), (0, t[-1]), row,
                        method="DOP853", rtol=1e-10, atol=1e-12, t_eval=t)
        out.append(sol.y.T)
    return np.array(out)


def _log_odds_reference(rd: co.ReplicatorDynamics, x0: np.ndarray, t: np.ndarray) -> np.ndarray:
    """solve_ivp (DOP853, rtol 1e-12) in log-odds, for orbits that graze the faces."""
    g = sp.lambdify(rd.state, list(rd.gains), "numpy")
    out = []
    for row in x0:
        xi0 = np.log(row) - np.log1p(-row)
        sol = solve_ivp(lambda _t, v: np.array(g(*expit(v)), dtype=float), (0, t[-1]), xi0,
                        method="DOP853", rtol=1e-12, atol=1e-12, t_eval=t)
        out.append(expit(sol.y.T))
    return np.array(out)


# ------------------------------------------------------------------ accuracy
@pytest.mark.parametrize("subsidy", [pytest.param(2.5, id="tripartite-bistable"),
                                     pytest.param(0.5, id="tripartite-below-window")])
def test_tripartite_matches_solve_ivp_reference(subsidy) -> None:
    """End points and trajectories within 1e-6 of solve_ivp at rtol 1e-10 (acceptance)."""
    rd = co.ReplicatorDynamics(tripartite_numeric(subsidy))
    x0 = rd.random_states(12, rng=7)
    t = np.linspace(0, 50, 26)
    tr = rd.simulate(x0, 50, t_eval=t)
    ref = _reference(rd, x0, t)
    np.testing.assert_allclose(tr.reduced, ref, atol=1e-6, rtol=0)
    np.testing.assert_allclose(tr.final, ref[:, -1, :], atol=1e-6, rtol=0)


def test_no_ess_orbits_match_log_odds_reference_where_share_coordinates_fail() -> None:
    """Near the heteroclinic cycle shares reach 1e-20: solve_ivp in share coordinates drifts
    by ~2e-3 even at rtol 1e-10, while the log-odds reference (rtol 1e-12) agrees with ours."""
    rd = co.ReplicatorDynamics(tripartite_numeric(4.0))
    x0 = rd.random_states(12, rng=7)
    t = np.linspace(0, 50, 26)
    tr = rd.simulate(x0, 50, t_eval=t)
    ref = _log_odds_reference(rd, x0, t)
    np.testing.assert_allclose(tr.reduced, ref, atol=1e-6, rtol=0)
    assert np.max(np.abs(_reference(rd, x0, t) - ref)) > 1e-4


@pytest.mark.parametrize(("A", "B"), [
    pytest.param([[4, -1], [3, 0]], [[4, 3], [-1, 0]], id="two-party-bistable"),
    pytest.param([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], id="matching-pennies"),
    pytest.param([[3, 0, 1], [1, 2, 0]], [[2, 1, 0], [0, 3, 1]], id="2x3-asymmetric"),
    pytest.param([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
                 id="rps-two-populations"),
])
def test_agrees_with_nashpy_asymmetric_replicator_dynamics(A, B) -> None:
    """nashpy (Knight & Campbell 2018) integrates the same two-population system with odeint."""
    A = np.array(A, dtype=float)
    B = np.array(B, dtype=float)
    rd = co.ReplicatorDynamics(co.NormalFormGame([A, B]))
    rng = np.random.default_rng(2)
    t = np.linspace(0, 10, 101)
    for _ in range(3):
        xr = rng.dirichlet(np.ones(A.shape[0]))
        yc = rng.dirichlet(np.ones(A.shape[1]))
        xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=xr, y0=yc, timepoints=t)
        tr = rd.simulate((xr, yc), 10, t_eval=t)
        np.testing.assert_allclose(tr.strategies[0][0], xs, atol=1e-6)
        np.testing.assert_allclose(tr.strategies[1][0], ys, atol=1e-6)


def test_agrees_with_nashpy_single_population() -> None:
    A = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], dtype=float)
    rd = co.ReplicatorDynamics(co.NormalFormGame([A, A.T]), population="single")
    t = np.linspace(0, 10, 51)
    x0 = np.array([0.5, 0.3, 0.2])
    xs = nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=t)
    tr = rd.simulate((x0,), 10, t_eval=t)
    np.testing.assert_allclose(tr.strategies[0][0], xs, atol=1e-6)


def test_state_dependent_simulation_matches_reference() -> None:
    """A subsidy S(z) = 4(1 - z) that falls as the government's activity spreads."""
    z = sp.Symbol("z")
    vals = dict(TRI_NUMBERS)
    vals.update({"S_E": 4 * (1 - z) + 1, "S_U": 4 * (1 - z) + 1})
    rd = co.ReplicatorDynamics(tripartite_game(vals))
    assert rd.is_state_dependent
    x0 = rd.random_states(6, rng=3)
    t = np.linspace(0, 30, 16)
    tr = rd.simulate(x0, 30, t_eval=t)
    np.testing.assert_allclose(tr.reduced, _reference(rd, x0, t), atol=1e-6)


def test_three_strategy_populations_match_reference() -> None:
    rng = np.random.default_rng(11)
    game = co.NormalFormGame([rng.integers(-4, 5, size=(3, 2, 3)) for _ in range(3)])
    rd = co.ReplicatorDynamics(game)
    x0 = rd.random_states(5, rng=4)
    t = np.linspace(0, 20, 11)
    tr = rd.simulate(x0, 20, t_eval=t)
    np.testing.assert_allclose(tr.reduced, _reference(rd, x0, t), atol=1e-6)


# ------------------------------------------------------------------ honest convergence
def test_no_ess_tripartite_is_never_reported_converged() -> None:
    """Above the subsidy window (S = 4) there is no ESS: government withdraws -> firms defect
    -> government returns. No trajectory may be reported as converged, even one that happens
    to sit next to a vertex at t_end."""
    rd = co.ReplicatorDynamics(tripartite_numeric(4.0))
    assert co.evolutionarily_stable_states(rd.game) == []
    tr = rd.simulate(rd.random_states(200, rng=0), 60)
    assert not tr.converged.any()
    assert tr.summary() == {"not converged": 200}
    # the vertices passed form the cycle (1,1,1)->(1,1,0)->(0,0,0)->(0,0,1)->(1,1,1) (paper)
    cycle = [(0, 0, 0), (0, 0, 1), (1, 1, 1), (1, 1, 0)]
    long_paths = [v for v in tr.visited if len(v) >= 4]
    assert len(long_paths) > 150
    for path in long_paths:
        assert set(path) <= set(cycle) | {(0, 1, 1), (1, 0, 1), (0, 1, 0), (1, 0, 0)}
        k = cycle.index(path[0]) if path[0] in cycle else None
        if k is not None and all(p in cycle for p in path[:4]):
            assert list(path[:4]) == [cycle[(k + i) % 4] for i in range(4)]
    # some end points lie within tol of a (saddle) vertex: still not converged
    assert np.any(tr.distance <= tr.tol)
    assert "not converged" in tr.outcome(0) and "->" in tr.outcome(0)


def test_jordan_three_player_matching_pennies_heteroclinic_cycle() -> None:
    """Jordan (1993): player 1 matches 3, 2 matches 1, 3 mismatches 2. No ESS; the interior
    rest point is unstable and trajectories approach a heteroclinic cycle of six vertices."""
    pay = [np.zeros((2, 2, 2)) for _ in range(3)]
    for a in np.ndindex(2, 2, 2):
        pay[0][a] = 1.0 if a[0] == a[2] else -1.0
        pay[1][a] = 1.0 if a[1] == a[0] else -1.0
        pay[2][a] = 1.0 if a[2] != a[1] else -1.0
    rd = co.ReplicatorDynamics(co.NormalFormGame(pay))
    assert co.evolutionarily_stable_states(rd.game) == []
    interior = [p for p in rd.rest_points() if p.support == ((0, 1),) * 3]
    assert len(interior) == 1 and rd.classify(interior[0]).kind == "saddle"
    tr = rd.simulate(rd.random_states(50, rng=1), 150)
    assert not tr.converged.any()
    assert all(len(set(v)) == 6 for v in tr.visited)


def test_bistable_game_converges_to_named_sinks() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    tr = rd.simulate(rd.random_states(300, rng=5), 60)
    assert tr.converged.all()
    assert {tr.limits[b].profile for b in range(300)} == {(0, 0, 0), (1, 1, 0)}
    assert np.all(tr.distance <= tr.tol)
    assert sum(tr.summary().values()) == 300
    assert "converged to (cooperate, cooperate, active)" in tr.outcome(int(np.flatnonzero(
        [lim.profile == (0, 0, 0) for lim in tr.limits])[0]))


def test_short_horizon_is_not_convergence() -> None:
    """Stopping early leaves trajectories away from every rest point: not converged."""
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    tr = rd.simulate(rd.random_states(50, rng=5), 1.0)
    assert not tr.converged.any()


def test_interior_sink_and_center_in_rock_paper_scissors() -> None:
    good = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], dtype=float)
    rd = co.ReplicatorDynamics(co.NormalFormGame([good, good.T]), population="single")
    tr = rd.simulate(np.array([[0.6, 0.3], [0.2, 0.1]]), 80)
    assert tr.converged.all()
    assert all(lim.support == ((0, 1, 2),) for lim in tr.limits)
    zero_sum = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    rd0 = co.ReplicatorDynamics(co.NormalFormGame([zero_sum, zero_sum.T]), population="single")
    tr0 = rd0.simulate(np.array([[0.5, 0.3]]), 80)
    assert not tr0.converged.any()  # closed orbits around a non-hyperbolic center
    # x1*x2*x3 is a constant of motion of zero-sum RPS
    prod = np.prod(tr0.strategies[0][0], axis=1)
    np.testing.assert_allclose(prod, prod[0], rtol=1e-6)


def test_continuum_of_rest_points_is_a_documented_limit() -> None:
    """The row player is indifferent: every point with y at a vertex is at rest."""
    game = co.NormalFormGame([[[1, 1], [1, 1]], [[2, 0], [0, 1]]])
    rd = co.ReplicatorDynamics(game)
    tr = rd.simulate(np.array([[0.1, 0.6], [0.8, 0.9]]), 60)
    assert tr.converged.all()
    for b in range(2):
        assert tr.limits[b].is_continuum
    np.testing.assert_allclose(tr.final[:, 0], [0.1, 0.8])  # x never moves
    np.testing.assert_allclose(tr.final[:, 1], [0.0, 1.0], atol=1e-6)
    # the same game stopped early: y has not settled, so no convergence is claimed
    slow = rd.simulate(np.array([[0.3, 0.6]]), 60)
    assert not slow.converged[0]


# ------------------------------------------------------------------ invariance properties
@given(st.data())
def test_trajectories_stay_in_the_simplex(data) -> None:
    game = data.draw(cst.normal_form_games(n_players=st.integers(2, 3), max_strategies=3,
                                           integers=False))
    rd = co.ReplicatorDynamics(game)
    x0 = [data.draw(cst.population_states(game.shape, interior=False)) for _ in range(3)]
    tr = rd.simulate(x0, 20, n_points=21)
    for p, s in enumerate(tr.strategies):
        assert np.all(s >= 0) and np.all(s <= 1)
        np.testing.assert_allclose(s.sum(axis=2), 1.0, atol=1e-12)
        start = np.array([x[p] for x in x0])
        np.testing.assert_allclose(s[:, 0, :], start, atol=1e-12)
        # faces are invariant: an absent strategy stays absent
        assert np.all(s[:, :, :][np.broadcast_to((start == 0)[:, None, :], s.shape)] == 0)


def test_vertex_and_face_starts_stay_put() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    tr = rd.simulate((0, 1, 0), 10)
    assert np.all(tr.reduced[0] == np.array([1.0, 0.0, 1.0]))
    assert tr.converged[0] and tr.limits[0].profile == (0, 1, 0)  # a saddle, but exactly there
    face = rd.simulate(np.array([0.5, 1.0, 0.3]), 10)
    assert np.all(face.reduced[0, :, 1] == 1.0)


# ------------------------------------------------------------------ basins
def test_basins_of_a_coordination_game_and_risk_dominance() -> None:
    """Symmetric coordination with payoffs 2 and 1: (0,0) is risk dominant and has the
    larger basin (Harsanyi & Selten 1988; Kandori, Mailath & Rob 1993)."""
    rd = co.ReplicatorDynamics(co.NormalFormGame([[[2, 0], [0, 1]], [[2, 0], [0, 1]]]))
    est = rd.basins(n=2000, t_end=60, rng=0)
    assert est.risk_dominant == (0, 0)
    assert est.shares["(s0, s0)"] > est.shares["(s1, s1)"]
    assert abs(sum(est.shares.values()) - 1) < 1e-12
    assert est.shares["not converged"] < 0.01
    assert all(v >= 0 for v in est.standard_errors.values())
    # the separatrix x + y ... passes through the mixed equilibrium (1/3, 1/3): (0,0) wins
    # from the diagonal start (0.34, 0.34) and loses from (0.32, 0.32)
    tr = rd.simulate(np.array([[0.34, 0.34], [0.32, 0.32]]), 80)
    assert [tr.limits[0].profile, tr.limits[1].profile] == [(0, 0), (1, 1)]
    assert "risk dominant (s0, s0)" in repr(est)
    assert est.to_dict()["risk_dominant"] == (0, 0)


def test_basins_of_tripartite_game_given_starts() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    est = rd.basins(rd.random_states(400, rng=9), t_end=60)
    assert est.risk_dominant is None
    assert set(est.shares) == {"(cooperate, cooperate, active)", "(defect, defect, active)",
                               "not converged"}
    assert est.shares["not converged"] == 0.0
    assert {a.profile for a in est.attractors} == {(0, 0, 0), (1, 1, 0)}


# ------------------------------------------------------------------ API and errors
def test_trajectories_api() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    tr = rd.simulate(rd.random_states(4, rng=1), 5, n_points=11)
    assert tr.t.shape == (11,) and tr.reduced.shape == (4, 11, 3)
    assert tr.final.shape == (4, 3) and tr.n_trajectories == 4
    assert [s.shape for s in tr.strategies] == [(4, 11, 2)] * 3
    d = tr.to_dict()
    assert d["names"] == ["x", "y", "z"] and len(d["outcomes"]) == 4
    assert "Trajectories(4 trajectories" in repr(tr)
    one = rd.simulate(([0.2, 0.8], [0.5, 0.5], [0.9, 0.1]), 5)
    np.testing.assert_allclose(one.reduced[0, 0], [0.2, 0.5, 0.9])
    many = rd.simulate([[0.2, 0.5, 0.9], [0.3, 0.3, 0.3]], 5)
    assert many.n_trajectories == 2


def test_simulate_errors_name_the_argument() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    x0 = rd.random_states(2, rng=0)
    with pytest.raises(InvalidInputError, match="t_end"):
        rd.simulate(x0, -1)
    with pytest.raises(InvalidInputError, match="rtol"):
        rd.simulate(x0, 1, rtol=0)
    with pytest.raises(InvalidInputError, match="n_points"):
        rd.simulate(x0, 1, n_points=1)
    with pytest.raises(InvalidInputError, match="t_eval"):
        rd.simulate(x0, 1, t_eval=[0.5, 1.0])
    with pytest.raises(InvalidInputError, match="x0: an integer array is ambiguous"):
        rd.simulate(np.array([[1, 0, 1]]), 1)
    with pytest.raises(InvalidInputError, match=r"x0: expected reduced coordinates of shape"):
        rd.simulate(np.zeros((2, 4)), 1)
    with pytest.raises(InvalidInputError, match="x0: initial conditions must be finite"):
        rd.simulate(np.array([[np.nan, 0.5, 0.5]]), 1)
    with pytest.raises(InvalidInputError, match="x0: initial condition 0 has shares outside"):
        rd.simulate(np.array([[1.5, 0.5, 0.5]]), 1)
    with pytest.raises(InvalidInputError, match="x0"):
        rd.simulate("x", 1)
    with pytest.raises(InvalidInputError, match="n: expected a positive integer"):
        rd.random_states(0)
    with pytest.raises(SymbolicNotSupported, match="S_E"):
        co.ReplicatorDynamics(tripartite_game()).simulate(np.array([0.5, 0.5, 0.5]), 1)
    with pytest.raises(ConvergenceError, match="max_steps"):
        rd.simulate(x0, 50, max_steps=3)


def test_passing_close_to_an_interior_saddle_is_not_convergence() -> None:
    """A start just off the stable manifold of the mixed-equilibrium saddle of a
    coordination game approaches it (distance shrinking) and then leaves: the
    snapshot at t_end must not be reported as convergence to the saddle."""
    game = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    rd = co.ReplicatorDynamics(game)
    # the anti-diagonal x + y = 1 is the saddle's stable manifold (invariant by symmetry)
    on_manifold = rd.simulate(np.array([[0.25, 0.75]]), 20)
    assert on_manifold.converged[0]
    assert on_manifold.limits[0].support == ((0, 1), (0, 1))
    assert rd.classify(on_manifold.limits[0]).kind == "saddle"
    # a start off the manifold by 1e-9 approaches the saddle (1/2, 1/2), then departs
    near = rd.simulate(np.array([[0.3, 0.7 + 1e-9]]), 20)
    assert near.distance[0] <= near.tol  # still close at t = 20 ...
    assert not near.converged[0]         # ... but on its way out
    later = rd.simulate(np.array([[0.3, 0.7 + 1e-9]]), 80)
    assert later.converged[0] and later.limits[0].profile == (0, 0)
