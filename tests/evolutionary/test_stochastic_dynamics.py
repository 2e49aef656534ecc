"""Stochastic replicator dynamics: integrators, the [0, 1] guarantee, splitting probabilities.

Checks are independent of the code under test: strong orders are fitted on an
SDE with a known solution (its log-odds is a Brownian motion with drift);
splitting probabilities are compared with closed forms (incomplete beta
functions), scipy / mpmath quadrature of the scale density, and simulated
exits (within 3 standard errors).
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import betainc, expit, logit

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import (
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
    UnknownPlayerError,
)
from coinnovation.evolutionary.splitting import simulate_splitting, splitting_probability
from coinnovation.evolutionary.stochastic import PATH_BLOCK, simulate_sde
from coinnovation.models import TRIPARTITE_TYPICAL

BISTABLE = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])   # two populations
STAG = np.array([[4.0, 0.0], [3.0, 3.0]])


def single(A: np.ndarray) -> co.ReplicatorDynamics:
    return co.ReplicatorDynamics(co.NormalFormGame([A, A.T.copy()]), population="single")


def known_solution_game(g: float, s: float) -> co.ReplicatorDynamics:
    r"""One population with gain Delta(x) = g + s^2/2 - s^2 x: then d xi = g dt + s dW exactly."""
    return single(np.array([[g - s * s / 2, g + s * s / 2], [0.0, 0.0]]))


def tripartite(s: float = 2.0) -> co.ReplicatorDynamics:
    return co.ReplicatorDynamics(
        co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=s, S_U=s))


def fitted_order(rd: co.ReplicatorDynamics, x0: np.ndarray, method: str, exact: object,
                 noise: object) -> float:
    dts = 2.0 ** -np.arange(5, 11)
    errs = []
    for dt in dts:
        r = simulate_sde(rd, x0, 1.0, noise=noise, rng=11, method=method, dt=float(dt),
                         n_points=2, keep_brownian=True)
        errs.append(float(np.mean(np.abs(r.final - exact(r.brownian[:, -1, :])))))  # type: ignore[operator]
    return float(np.polyfit(np.log(dts), np.log(errs), 1)[0])


# ---------------------------------------------------------------------- strong orders
@pytest.mark.parametrize(("method", "order"), [("euler_maruyama", 0.5), ("milstein", 1.0)])
def test_strong_order_on_an_sde_with_a_known_solution(method: str, order: float) -> None:
    g, s = 0.5, 0.8
    rd = known_solution_game(g, s)
    x0 = np.full((4000, 1), 0.3)

    def exact(W: np.ndarray) -> np.ndarray:
        return expit(logit(0.3) + g + s * W)
    slope = fitted_order(rd, x0, method, exact, s)
    assert abs(slope - order) < 0.1


@pytest.mark.parametrize(("method", "order"), [("euler_maruyama", 0.5), ("milstein", 1.0)])
def test_strong_order_with_two_populations_and_state_dependent_payoffs(method: str,
                                                                       order: float) -> None:
    """Two populations, independent noises, gains depending on the own share (dynamic policy)."""
    x, y = sp.symbols("x y")
    g, s = (0.4, -0.3), (0.7, 1.1)
    u0 = g[0] + s[0] ** 2 / 2 - s[0] ** 2 * x
    u1 = g[1] + s[1] ** 2 / 2 - s[1] ** 2 * y
    game = co.NormalFormGame([[[u0, u0], [0, 0]], [[u1, 0], [u1, 0]]])
    rd = co.ReplicatorDynamics(game)
    assert rd.is_state_dependent
    x0 = np.tile([0.6, 0.25], (3000, 1))

    def exact(W: np.ndarray) -> np.ndarray:
        return expit(logit(x0[0]) + np.array(g) + np.array(s) * W)
    slope = fitted_order(rd, x0, method, exact, {"player 0": s[0], "player 1": s[1]})
    assert abs(slope - order) < 0.1


def test_brownian_paths_are_gaussian() -> None:
    rd = known_solution_game(0.1, 0.5)
    r = simulate_sde(rd, np.full((20_000, 1), 0.5), 2.0, noise=0.5, rng=5, n_points=3,
                     keep_brownian=True)
    W = r.brownian[:, -1, 0]
    assert abs(W.mean()) < 4 * math.sqrt(2.0 / W.size)
    assert abs(W.var() - 2.0) < 4 * 2.0 * math.sqrt(2.0 / W.size)
    assert np.all(r.brownian[:, 0, :] == 0)


# ---------------------------------------------------------------------- state space
@settings(max_examples=20)
@given(cst.normal_form_games(n_players=st.integers(1, 3), min_strategies=2, max_strategies=2,
                             integers=False),
       st.floats(0.0, 4.0), st.sampled_from(["euler_maruyama", "milstein"]),
       st.sampled_from([0.01, 0.2]), st.integers(0, 2**16))
def test_paths_stay_in_the_unit_cube(game: co.NormalFormGame, sigma: float, method: str,
                                     dt: float, seed: int) -> None:
    rd = co.ReplicatorDynamics(game)
    x0 = rd.random_states(64, rng=seed)
    x0[:4] = np.round(x0[:4])                  # some populations start at a vertex
    r = rd.simulate(x0, 3.0, noise=sigma, rng=seed, method=method, dt=dt, n_points=7)
    assert np.all(np.isfinite(r.reduced))
    assert np.all((r.reduced >= 0) & (r.reduced <= 1))
    frozen = (x0 == 0) | (x0 == 1)
    assert np.all(r.final[frozen] == x0[frozen])   # a share at 0 or 1 stays there


def test_large_steps_use_the_log_odds_fallback_and_stay_inside() -> None:
    """With sigma * sqrt(dt) = 1.5 the plain Euler step leaves (0, 1) often; paths stay inside."""
    rd = known_solution_game(0.0, 3.0)
    x0 = np.full((5000, 1), 0.5)
    r = simulate_sde(rd, x0, 1.0, noise=3.0, rng=1, dt=0.25, n_points=2)
    inside = (r.final > 0) & (r.final < 1)
    assert inside.all()
    v = 0.25
    xn = 0.5 + 0.25 * 3.0 * math.sqrt(v) * np.array([-3.0, 3.0])
    assert xn.min() < 0 or xn.max() > 1        # the plain step would have left the interval


def test_no_noise_is_the_deterministic_dynamics() -> None:
    rd = tripartite(2.5)
    x0 = rd.random_states(50, rng=2)
    det = rd.simulate(x0, 4.0, n_points=5)
    errs = []
    for dt in (2e-2, 2e-3):
        sto = rd.simulate(x0, 4.0, noise=0.0, n_points=5, dt=dt)
        errs.append(float(np.max(np.abs(sto.reduced - det.reduced))))
    assert errs[1] < 5e-3 and 5 < errs[0] / errs[1] < 20      # Euler: first order in dt


# ---------------------------------------------------------------------- vertices, first passage
def test_vertex_shares_and_first_passages() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    x0 = np.vstack([np.tile([0.8, 0.8], (300, 1)), np.tile([0.2, 0.2], (300, 1)),
                    np.tile([1.0, 0.0], (10, 1))])
    r = rd.simulate(x0, 20.0, noise=0.01, rng=4)
    shares = r.vertex_shares()
    assert shares[(0, 0)] == pytest.approx(300 / 610) and shares[(1, 1)] == pytest.approx(300 / 610)
    assert shares[(0, 1)] == pytest.approx(10 / 610) and r.elsewhere() == pytest.approx(0.0)
    fpt = r.first_passage_times((0, 1))
    assert np.all(fpt[-10:] == 0.0) and np.all(np.isnan(fpt[:600]))
    t00 = r.first_passage_times((0, 0))[:300]
    assert np.all((t00 > 0) & (t00 < 20))
    # the deterministic path from (0.8, 0.8) enters the 0.05-box at the same time (noise 0.01)
    det = rd.simulate(np.array([[0.8, 0.8]]), 20.0, n_points=20_001)
    enter = det.t[np.argmax(np.all(det.reduced[0] >= 0.95, axis=1))]
    assert abs(np.median(t00) - enter) < 0.05
    assert r.reached((0, 0)) == pytest.approx(300 / 610)
    q = r.quantiles((0.1, 0.5, 0.9))
    assert q.shape == (3, r.t.size, 2) and np.all(q[0] <= q[2])
    table = r.to_pandas()
    assert list(table["label"]) == [f"({a}, {b})" for a in r.labels[0] for b in r.labels[1]]
    assert list(table["vertex"]) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert table["share_at_end"].sum() == pytest.approx(1.0)
    d = r.to_dict()
    assert d["paths"] == 610 and len(d["vertices"]) == 4
    assert "StochasticTrajectories(610 paths" in repr(r) and "<table>" in r._repr_html_()


def test_t_eval_and_the_tripartite_game() -> None:
    rd = tripartite(2.0)
    t = np.linspace(0.0, 5.0, 6)
    r = rd.simulate(np.tile([0.5, 0.5, 0.5], (100, 1)), 5.0, noise=[0.2, 0.2, 0.5], rng=0,
                    t_eval=t, method="milstein")
    assert np.array_equal(r.t, t) and r.reduced.shape == (100, 6, 3)
    assert len(r.vertices) == 8 and r.first_passage is not None
    assert r.first_passage.shape == (100, 8)
    r2 = rd.simulate(((0.5, 0.5), (0.5, 0.5), (0.5, 0.5)), 1.0, noise=0.1, rng=0)
    assert r2.n_paths == 1 and np.allclose(r2.reduced[0, 0], 0.5)
    r3 = rd.simulate((0, 1, 0), 1.0, noise=0.1, rng=0)
    assert np.array_equal(r3.final[0], [1.0, 0.0, 1.0])


def test_paths_are_seeded_per_block_whatever_the_executor() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    x0 = rd.random_states(PATH_BLOCK + 300, rng=0)
    a = rd.simulate(x0, 2.0, noise=0.4, rng=9, n_points=5)
    with ThreadPoolExecutor(2) as pool:
        b = simulate_sde(rd, x0, 2.0, noise=0.4, rng=9, n_points=5, executor=pool)
    c = rd.simulate(x0[:100], 2.0, noise=0.4, rng=9, n_points=5)
    assert np.array_equal(a.reduced, b.reduced)
    assert np.array_equal(a.reduced[:100], c.reduced)
    g1 = rd.simulate(x0[:50], 2.0, noise=0.4, rng=np.random.default_rng(3), n_points=5)
    g2 = rd.simulate(x0[:50], 2.0, noise=0.4, rng=np.random.default_rng(3), n_points=5)
    assert np.array_equal(g1.reduced, g2.reduced)


def test_paths_serial_threads_and_processes_are_bit_identical() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    x0 = rd.random_states(PATH_BLOCK + 50, rng=1)
    a = simulate_sde(rd, x0, 1.0, noise=0.5, rng=4, n_points=4, method="milstein")
    with ThreadPoolExecutor(2) as pool:
        b = simulate_sde(rd, x0, 1.0, noise=0.5, rng=4, n_points=4, method="milstein",
                         executor=pool)
    with ProcessPoolExecutor(2) as pool:
        c = simulate_sde(rd, x0, 1.0, noise=0.5, rng=4, n_points=4, method="milstein",
                         executor=pool)
    assert np.array_equal(a.reduced, b.reduced) and np.array_equal(a.reduced, c.reduced)
    assert np.array_equal(a.first_passage, c.first_passage, equal_nan=True)


def test_paths_argument_repeats_one_starting_point() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    a = rd.simulate([0.6, 0.4], 3.0, noise=0.5, rng=2, paths=300)
    b = rd.simulate(np.tile([0.6, 0.4], (300, 1)), 3.0, noise=0.5, rng=2)
    assert a.n_paths == 300 and np.array_equal(a.reduced, b.reduced)
    c = simulate_sde(rd, [0.6, 0.4], 3.0, noise=0.5, rng=2, paths=300)
    assert np.array_equal(a.reduced, c.reduced)
    with pytest.raises(InvalidInputError, match="paths: give one starting point"):
        simulate_sde(rd, [[0.6, 0.4], [0.1, 0.2]], 3.0, noise=0.5, paths=10)
    for bad in (0, -3, 2.5, True):
        with pytest.raises(InvalidInputError, match="paths"):
            rd.simulate([0.6, 0.4], 3.0, noise=0.5, paths=bad)
    with pytest.raises(InvalidInputError, match="paths: applies to the stochastic dynamics only"):
        rd.simulate([0.6, 0.4], 3.0, paths=10)


# ---------------------------------------------------------------------- splitting probabilities
def scale_reference(c: float, x0: float, low: float, high: float) -> float:
    """Constant gain: s'(x) = (x / (1 - x))^(-c), integrated by scipy's adaptive quadrature."""
    def density(x: float) -> float:
        return (x / (1 - x)) ** (-c)
    num = quad(density, low, x0, epsabs=0, epsrel=1e-13, limit=200)[0]
    den = quad(density, low, high, epsabs=0, epsrel=1e-13, limit=200)[0]
    return num / den


@pytest.mark.parametrize(("y", "sigma", "x0", "low", "high"), [
    (0.7, 1.0, 0.5, 0.1, 0.9), (0.2, 0.6, 0.3, 0.05, 0.95), (0.5, 2.0, 0.6, 0.2, 0.8),
    (0.9, 0.3, 0.4, 0.01, 0.99)])
def test_splitting_probability_with_constant_gain_matches_quadrature(
        y: float, sigma: float, x0: float, low: float, high: float) -> None:
    """Two populations: with the university's share fixed at y the firm's gain is 2y - 1."""
    rd = co.ReplicatorDynamics(BISTABLE)
    got = rd.splitting_probability(x0, low, high, noise=sigma, others=[y])
    ref = scale_reference(2 * (2 * y - 1) / sigma**2, x0, low, high)
    assert got == pytest.approx(ref, rel=1e-9, abs=1e-12)


@settings(max_examples=40)
@given(st.floats(-0.95, 0.95), st.floats(1e-9, 0.3), st.floats(0.7, 1 - 1e-9), st.floats(0.0, 1.0))
def test_splitting_with_constant_gain_is_an_incomplete_beta(c: float, low: float, high: float,
                                                           frac: float) -> None:
    r"""Constant gain, c = 2 Delta / sigma^2 in (-1, 1): the scale function is the incomplete
    beta function, P = (I_x0 - I_low) / (I_high - I_low) with I = I(1 - c, 1 + c). Both vertices
    attract (noise-induced bistability): P stays in (0, 1) as the barriers go to 0 and 1."""
    sigma = 1.3
    delta = c * sigma**2 / 2
    rd = single(np.array([[delta, delta], [0.0, 0.0]]))
    x0 = low + frac * (high - low)
    got = splitting_probability(rd, x0, low, high, noise=sigma)
    def ib(x: float) -> float:
        return float(betainc(1 - c, 1 + c, x))
    ref = (ib(x0) - ib(low)) / (ib(high) - ib(low))
    assert abs(got - ref) <= 1e-9


@settings(max_examples=25)
@given(st.floats(0.01, 0.45), st.floats(0.55, 0.99), st.floats(0.0, 1.0), st.floats(0.05, 3.0))
def test_neutral_splitting_is_linear(low: float, high: float, frac: float, sigma: float) -> None:
    """No gain: the share is a martingale and P(high first) = (x0 - low) / (high - low)."""
    rd = single(np.full((2, 2), 1.5))
    x0 = low + frac * (high - low)
    got = splitting_probability(rd, x0, low, high, noise=sigma)
    assert abs(got - frac) <= atol_for(1.0)


@settings(max_examples=30)
@given(st.floats(0.15, 0.85), st.floats(0.15, 0.85), st.floats(0.3, 2.0))
def test_splitting_is_monotone_in_the_start(a: float, b: float, sigma: float) -> None:
    rd = single(STAG)
    lo, hi = min(a, b), max(a, b)
    p1 = splitting_probability(rd, lo, 0.1, 0.9, noise=sigma)
    p2 = splitting_probability(rd, hi, 0.1, 0.9, noise=sigma)
    assert 0 <= p1 <= p2 + atol_for(1.0) <= 1 + 2 * atol_for(1.0)


@pytest.mark.parametrize(("y", "sigma"), [(0.4, 0.05), (0.6, 0.05), (0.45, 0.3)])
def test_strong_selection_weak_noise_matches_mpmath(y: float, sigma: float) -> None:
    """2 |Delta| / sigma^2 = 160: no overflow, tiny probabilities to full relative accuracy
    (mpmath quadrature of the scale density at 40 digits)."""
    rd = co.ReplicatorDynamics(BISTABLE)
    got = rd.splitting_probability(0.3, 0.2, 0.8, noise=sigma, others=[y])
    with mp.workdps(40):
        c = 2 * (2 * mp.mpf(y) - 1) / mp.mpf(sigma) ** 2

        def density(x: mp.mpf) -> mp.mpf:
            return mp.exp(-c * (mp.log(x) - mp.log(1 - x)))
        left, right = mp.quad(density, [0.2, 0.3]), mp.quad(density, [0.3, 0.8])
        ref = left / (left + right)
    assert got == pytest.approx(float(ref), rel=1e-9)
    if (y, sigma) == (0.4, 0.05):
        assert got < 1e-20


@pytest.mark.parametrize(("label", "rd", "kwargs"), [
    pytest.param("two-party", co.ReplicatorDynamics(BISTABLE),
                 {"x0": 0.5, "low": 0.2, "high": 0.8, "noise": 2.0, "others": [0.6]},
                 id="two-party"),
    pytest.param("stag", single(STAG), {"x0": 0.6, "low": 0.1, "high": 0.9, "noise": 1.5},
                 id="stag-hunt-one-population"),
    pytest.param("tripartite", tripartite(2.0),
                 {"x0": 0.4, "low": 0.15, "high": 0.85, "noise": 2.5, "population": "government",
                  "others": {"enterprise": 0.5, "university": 0.7}}, id="tripartite-government"),
])
def test_simulated_splitting_matches_the_scale_function(label: str, rd: co.ReplicatorDynamics,
                                                        kwargs: dict) -> None:
    p = rd.splitting_probability(**kwargs)
    est = simulate_splitting(rd, paths=8000, dt=4e-3, rng=7, **kwargs)
    assert 0.05 < p < 0.95
    assert abs(est.probability - p) <= 3 * est.standard_error
    assert est.mean_exit_time > 0 and "SplittingEstimate" in repr(est)
    assert est.to_dict()["paths"] == 8000


def test_splitting_at_the_barriers() -> None:
    rd = single(STAG)
    assert splitting_probability(rd, 0.1, 0.1, 0.9, noise=1.0) == 0.0
    assert splitting_probability(rd, 0.9, 0.1, 0.9, noise=1.0) == 1.0
    assert simulate_splitting(rd, 0.9, 0.1, 0.9, noise=1.0, paths=10).probability == 1.0


# ---------------------------------------------------------------------- bad input
def test_bad_input_is_named() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    x0 = np.array([[0.5, 0.5]])
    with pytest.raises(InvalidInputError, match=r"^noise:"):
        rd.simulate(x0, 1.0, noise=-0.1)
    with pytest.raises(InvalidInputError, match=r"^noise:"):
        rd.simulate(x0, 1.0, noise=[0.1, 0.2, 0.3])
    with pytest.raises(InvalidInputError, match=r"^noise:"):
        rd.simulate(x0, 1.0, noise={"government": 0.1})
    with pytest.raises(InvalidInputError, match=r"^noise:"):
        rd.simulate(x0, 1.0, noise="loud")
    with pytest.raises(InvalidInputError, match=r"^method:"):
        rd.simulate(x0, 1.0, noise=0.1, method="runge_kutta")
    with pytest.raises(InvalidInputError, match=r"^dt:"):
        rd.simulate(x0, 1.0, noise=0.1, dt=0.0)
    with pytest.raises(InvalidInputError, match=r"^t_end:"):
        rd.simulate(x0, -1.0, noise=0.1)
    for kw in ({"rng": 1}, {"method": "milstein"}, {"dt": 0.1}):
        with pytest.raises(InvalidInputError, match="applies to the stochastic dynamics"):
            rd.simulate(x0, 1.0, **kw)
    with pytest.raises(InvalidInputError, match=r"^x0:"):
        simulate_sde(rd, np.array([[0.5, 1.5]]), 1.0, noise=0.1)
    with pytest.raises(InvalidInputError, match=r"^x0:"):
        simulate_sde(rd, np.array([[0.5, 0.5, 0.5]]), 1.0, noise=0.1)
    with pytest.raises(InvalidInputError, match=r"^visit_radius:"):
        rd.simulate(x0, 1.0, noise=0.1, visit_radius=0.5)
    with pytest.raises(InvalidInputError, match=r"^rng:"):
        rd.simulate(x0, 1.0, noise=0.1, rng=-3)
    three = co.ReplicatorDynamics(co.NormalFormGame([np.eye(3), np.eye(3)]))
    with pytest.raises(InvalidGameError, match="two strategies"):
        three.simulate(np.full((1, 4), 0.3), 1.0, noise=0.1)
    s = sp.Symbol("s")
    sym = co.ReplicatorDynamics(co.NormalFormGame([[[s, 0], [1, 1]], [[1, 0], [0, 1]]]))
    with pytest.raises(SymbolicNotSupported):
        sym.simulate(x0, 1.0, noise=0.1)
    with pytest.raises(SymbolicNotSupported):
        sym.splitting_probability(0.5, 0.1, 0.9, noise=1.0, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^low, high:"):
        rd.splitting_probability(0.5, 0.6, 0.4, noise=1.0, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^low, high:"):
        rd.splitting_probability(0.5, 0.0, 0.9, noise=1.0, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^x0:"):
        rd.splitting_probability(0.95, 0.1, 0.9, noise=1.0, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^others:"):
        rd.splitting_probability(0.5, 0.1, 0.9, noise=1.0)
    with pytest.raises(InvalidInputError, match=r"^others:"):
        rd.splitting_probability(0.5, 0.1, 0.9, noise=1.0, others=[1.5])
    with pytest.raises(InvalidInputError, match=r"^others:"):
        single(STAG).splitting_probability(0.5, 0.1, 0.9, noise=1.0, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^noise:"):
        rd.splitting_probability(0.5, 0.1, 0.9, noise=0.0, others=[0.5])
    with pytest.raises(UnknownPlayerError, match=r"^population:"):
        rd.splitting_probability(0.5, 0.1, 0.9, noise=1.0, population=5, others=[0.5])
    with pytest.raises(InvalidInputError, match=r"^paths:"):
        simulate_splitting(rd, 0.5, 0.1, 0.9, noise=1.0, others=[0.5], paths=0)
    with pytest.raises(co.errors.ConvergenceError, match=r"^t_max:"):
        simulate_splitting(single(np.full((2, 2), 1.0)), 0.5, 0.01, 0.99, noise=0.1, paths=50,
                           t_max=0.01, rng=0)
    with pytest.raises(InvalidInputError, match=r"^dynamics:"):
        simulate_sde(BISTABLE, x0, 1.0, noise=0.1)
    r = rd.simulate(x0, 1.0, noise=0.1, rng=0)
    with pytest.raises(InvalidInputError, match=r"^vertex:"):
        r.first_passage_times((2, 0))
    with pytest.raises(InvalidInputError, match=r"^radius:"):
        r.vertex_shares(0.7)
    with pytest.raises(InvalidInputError, match=r"^q:"):
        r.quantiles([1.5])
