"""Finite populations: fixation probabilities, the small-mutation chain, the full chain, runs.

Every number is checked independently: against egttools (one population,
wherever egttools does not truncate), against mpmath high-precision references
(where it does: its fixation probabilities below about 1e-7 are returned as 0
and its stationary distribution can then weigh the wrong state), against a
brute-force birth–death computation written here (several populations), and
against agent-level simulations (within 3 standard errors).
"""

from __future__ import annotations

import itertools
import math
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import egttools
import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from egttools.analytical import PairwiseComparison, StochDynamics
from egttools.games import Matrix2PlayerGameHolder
from hypothesis import given, settings
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import (
    ConvergenceError,
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
    UnknownPlayerError,
    UnknownStrategyError,
)
from coinnovation.models import TRIPARTITE_TYPICAL

PD = np.array([[3.0, 0.0], [5.0, 1.0]])          # prisoner's dilemma, 0 = cooperate
SNOWDRIFT = np.array([[3.0, 1.0], [5.0, 0.0]])
STAG = np.array([[4.0, 0.0], [3.0, 3.0]])          # stag hunt: 0 = stag
THREE = np.array([[1.0, 0.5, 3.0], [2.0, 1.0, 0.2], [0.3, 2.5, 1.0]])
RPS = np.array([[0.0, -1.0, 2.0], [2.0, 0.0, -1.0], [-1.0, 2.0, 0.0]]) + 2.0
GAMES = {"pd": PD, "snowdrift": SNOWDRIFT, "stag": STAG, "three": THREE, "rps": RPS}


def symmetric(A: np.ndarray) -> co.NormalFormGame:
    return co.NormalFormGame([A, A.T.copy()])


def two_party() -> co.NormalFormGame:
    return co.models.industry_university(pi_E=2, pi_U=2, dR=6, alpha=sp.Rational(1, 2), C_E=2,
                                         C_U=2.5, T_E=1.5, T_U=1, F=0.5, S_E=0.5, S_U=0.5)


def tripartite(s: float = 2.0) -> co.NormalFormGame:
    return co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=s, S_U=s)


# ---------------------------------------------------------------------- references
def egt_matrices(A: np.ndarray, N: int, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """egttools' fixation matrix ``F[resident, mutant]`` and SML stationary distribution."""
    sd = StochDynamics(A.shape[0], A, N)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # egttools warns on near-1 entries
        _, F = sd.transition_and_fixation_matrix(beta)
        pi = sd.calculate_stationary_distribution(beta)
    return F, pi


def mp_log_fixation(A: np.ndarray, N: int, beta: float, a: int, b: int,
                    process: str = "fermi") -> mp.mpf:
    """log rho of one a-mutant among b's, in 60-digit arithmetic, term by term."""
    with mp.workdps(60):
        M = [[mp.mpf(float(v)) for v in row] for row in A]
        w = mp.mpf(beta)
        L = mp.mpf(0)
        terms = [mp.mpf(0)]
        for k in range(1, N):
            fa = ((k - 1) * M[a][a] + (N - k) * M[a][b]) / (N - 1)
            fb = (k * M[b][a] + (N - k - 1) * M[b][b]) / (N - 1)
            if process == "fermi":
                L += -w * (fa - fb)
            else:
                L += mp.log(1 - w + w * fb) - mp.log(1 - w + w * fa)
            terms.append(L)
        top = max(terms)
        return -(top + mp.log(mp.fsum(mp.exp(t - top) for t in terms)))


def mp_log_stationary(A: np.ndarray, N: int, beta: float) -> list[mp.mpf]:
    """log of the SML stationary vector by the Markov-chain tree theorem, in 60 digits.

    pi_i is proportional to the sum, over spanning trees directed to i, of the
    product of their transition probabilities (Kirchhoff; Freidlin & Wentzell):
    no linear solve, so nothing is lost however tiny the entries.
    """
    m = A.shape[0]
    with mp.workdps(60):
        q = {(b, a): mp_log_fixation(A, N, beta, a, b) - mp.log(m - 1)
             for a in range(m) for b in range(m) if a != b}
        logs = []
        for root in range(m):
            others = [i for i in range(m) if i != root]
            terms = []
            for targets in itertools.product(range(m), repeat=len(others)):
                edge = dict(zip(others, targets, strict=True))
                if any(i == j for i, j in edge.items()):
                    continue
                ok = True
                for start in others:          # every node must lead to the root
                    seen, v = set(), start
                    while v != root and v not in seen:
                        seen.add(v)
                        v = edge[v]
                    ok &= v == root
                if ok:
                    terms.append(mp.fsum(q[(i, j)] for i, j in edge.items()))
            top = max(terms)
            logs.append(top + mp.log(mp.fsum(mp.exp(t - top) for t in terms)))
        top = max(logs)
        norm = top + mp.log(mp.fsum(mp.exp(v - top) for v in logs))
        return [v - norm for v in logs]


def brute_force_sml(U: np.ndarray, sizes: tuple[int, ...], beta: float, process: str
                    ) -> tuple[list[tuple[int, ...]], np.ndarray, np.ndarray]:
    """Brute force for several populations: each fixation from the absorbing birth–death chain.

    For every monomorphic profile, population and mutant strategy, the chain of
    the number k of mutants (the other populations stay monomorphic, so payoffs
    are the profile payoffs) is written out as a (N+1)x(N+1) matrix and its
    absorption probability solved by linear algebra; the embedded chain's
    stationary vector is the left eigenvector for eigenvalue 1.
    """
    P = U.shape[0]
    m = U.shape[1:]
    states = list(itertools.product(*(range(k) for k in m)))
    index = {s: i for i, s in enumerate(states)}
    T = np.zeros((len(states), len(states)))
    for s in states:
        for p in range(P):
            for a in range(m[p]):
                if a == s[p]:
                    continue
                t = list(s)
                t[p] = a
                fa, fb = U[p][tuple(t)], U[p][s]
                N = sizes[p]
                M = np.zeros((N + 1, N + 1))
                M[0, 0] = M[N, N] = 1.0
                for k in range(1, N):
                    if process == "fermi":
                        up = (N - k) / N * k / (N - 1) / (1 + np.exp(-beta * (fa - fb)))
                        down = k / N * (N - k) / (N - 1) / (1 + np.exp(beta * (fa - fb)))
                    else:
                        Fa, Fb = 1 - beta + beta * fa, 1 - beta + beta * fb
                        up = k * Fa / (k * Fa + (N - k) * Fb) * (N - k) / N
                        down = (N - k) * Fb / (k * Fa + (N - k) * Fb) * k / N
                    M[k, k + 1], M[k, k - 1] = up / P, down / P
                    M[k, k] = 1 - (up + down) / P
                Q = M[1:N, 1:N]
                h = np.linalg.solve(np.eye(N - 1) - Q, M[1:N, N])
                T[index[s], index[tuple(t)]] = h[0] / (P * (m[p] - 1))
    np.fill_diagonal(T, 1 - T.sum(axis=1))
    vals, vecs = np.linalg.eig(T.T)
    v = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    return states, T, v / v.sum()


# ---------------------------------------------------------------------- neutral drift
@settings(max_examples=40)
@given(cst.finite_populations(max_size=200), st.data())
def test_neutral_drift_is_exactly_one_over_n(fp: co.FinitePopulation, data: st.DataObject) -> None:
    """Zero intensity: every mutant fixes with probability exactly 1/N (any game, any size)."""
    neutral = co.FinitePopulation(fp.game, size=fp.sizes[0] if fp.population == "single"
                                  else fp.sizes, intensity=0.0, process=fp.process,
                                  population=fp.population)
    if fp.population == "single":
        m = fp.n_strategies[0]
        a, b = data.draw(st.permutations(range(m)))[:2]
        assert neutral.fixation_probability(a, b) == 1 / fp.sizes[0]
    else:
        p = data.draw(st.integers(0, len(fp.sizes) - 1))
        resident = tuple(data.draw(st.integers(0, 1)) for _ in fp.sizes)
        mutant = 1 - resident[p]
        assert neutral.fixation_probability(mutant, resident, population=p) == 1 / fp.sizes[p]


@pytest.mark.parametrize("process", ["fermi", "moran"])
@pytest.mark.parametrize("N", [2, 3, 17, 10_000])
def test_constant_payoffs_are_neutral_at_any_intensity(process: str, N: int) -> None:
    g = symmetric(np.full((3, 3), 0.7))
    fp = co.FinitePopulation(g, size=N, intensity=0.9, process=process)
    assert fp.fixation_probability(2, 0) == 1 / N
    assert fp.log_fixation_probability(0, 1) == -math.log(N)
    pi = fp.stationary_distribution()
    assert all(abs(v - 1 / 3) <= atol_for(1.0) for v in pi.values())


# ---------------------------------------------------------------------- one population vs egttools
EGT_CASES = [pytest.param(name, N, beta, id=f"{name}-N{N}-beta{beta:g}")
             for name in GAMES for N in (10, 50, 100) for beta in (0.01, 0.1, 1.0, 5.0)]


@pytest.mark.parametrize(("name", "N", "beta"), EGT_CASES)
def test_fixation_and_stationary_equal_egttools_or_mpmath(name: str, N: int, beta: float) -> None:
    """Equal to egttools to 1e-8 where it does not truncate; to mpmath where it does."""
    A = GAMES[name]
    m = A.shape[0]
    fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta)
    F, pi_egt = egt_matrices(A, N, beta)
    truncated = False
    for b in range(m):
        for a in range(m):
            if a == b:
                continue
            ours = fp.fixation_probability(a, b)
            if F[b, a] > 0.0:
                assert abs(ours - F[b, a]) <= 1e-8
            else:
                truncated = True
                ref = mp_log_fixation(A, N, beta, a, b)
                assert ref < math.log(1e-7)        # egttools truncates below ~1e-7 only
                got = fp.log_fixation_probability(a, b)
                assert abs(got - float(ref)) <= atol_for(float(ref))
    ours_pi = fp.stationary_distribution()
    if not truncated:
        assert np.max(np.abs(np.array([ours_pi[k] for k in range(m)]) - pi_egt)) <= 1e-8
    else:
        ref = mp_log_stationary(A, N, beta)
        logs = fp.log_stationary_distribution()
        for k in range(m):
            assert abs(logs[k] - float(ref[k])) <= atol_for(float(ref[k]))


def test_the_egttools_cases_cover_both_regimes() -> None:
    """The case list above has cases egttools truncates and cases it does not, and one where
    its stationary distribution puts the weight on the wrong state."""
    regimes = set()
    for name, N, beta in (c.values for c in EGT_CASES):
        F, _ = egt_matrices(GAMES[name], N, beta)
        regimes.add(bool(np.any(F[~np.eye(F.shape[0], dtype=bool)] == 0)))
    assert regimes == {True, False}
    _, pi_egt = egt_matrices(STAG, 100, 5.0)
    ours = co.FinitePopulation(symmetric(STAG), size=100, intensity=5.0).stationary_distribution()
    assert pi_egt[0] > 0.99 and ours[1] > 0.99     # egttools: stag; truth: hare
    assert ours[0] < 1e-200


@pytest.mark.parametrize("name", ["pd", "stag", "three"])
def test_fixation_equals_egttools_cpp_pairwise_comparison(name: str) -> None:
    A = GAMES[name]
    N, beta = 40, 0.05
    holder = Matrix2PlayerGameHolder(A.shape[0], A)   # egttools keeps no reference: hold it
    pc = PairwiseComparison(N, holder)
    fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta)
    for a, b in itertools.permutations(range(A.shape[0]), 2):
        ref = pc.calculate_fixation_probability(a, b, beta)
        assert ref > 0 and abs(fp.fixation_probability(a, b) - ref) <= 1e-8
    del pc, holder


@pytest.mark.parametrize("name", ["pd", "snowdrift", "stag"])
@pytest.mark.parametrize("beta", [0.1, 2.0])
def test_gradient_of_selection_equals_egttools(name: str, beta: float) -> None:
    A = GAMES[name]
    N = 30
    sd = StochDynamics(2, A, N)
    fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta)
    ks = np.arange(N + 1)
    ours = fp.gradient_of_selection(ks)
    ref = np.array([sd.gradient_selection(int(k), 0, 1, beta) for k in ks])
    assert np.max(np.abs(ours - ref)) <= 1e-12
    up, down = fp.transition_probabilities(ks)
    assert np.max(np.abs(up - down - ours)) <= atol_for(1.0)
    assert fp.gradient_of_selection(5) == pytest.approx(ref[5], abs=1e-15)


def egt_full_matrix(A: np.ndarray, N: int, beta: float, mu: float) -> tuple[list, np.ndarray]:
    """egttools' full transition matrix (row-stochastic) and its states as count tuples."""
    m = A.shape[0]
    sd = StochDynamics(m, A, N, mu=mu)
    T = sd.calculate_full_transition_matrix(beta).toarray().T
    keys = [tuple(int(v) for v in egttools.sample_simplex(i, N, m)) for i in range(T.shape[0])]
    return keys, T


def test_full_chain_equals_egttools_with_mutation() -> None:
    """mutation > 0, two strategies: the full chain's stationary vector equals egttools'."""
    for A, N, beta, mu in ((STAG, 12, 1.5, 0.02), (PD, 30, 0.3, 0.01), (SNOWDRIFT, 9, 2.0, 0.1)):
        sd = StochDynamics(2, A, N, mu=mu)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ref = sd.calculate_stationary_distribution(beta)
        fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta, mutation=mu)
        ours = fp.stationary_distribution(states="all")
        keys, _ = egt_full_matrix(A, N, beta, mu)
        assert len(ours) == ref.size
        for i, key in enumerate(keys):
            assert abs(ours[key] - ref[i]) <= 1e-8


def test_full_chain_three_strategies_against_egttools_transitions() -> None:
    """Three strategies: egttools' off-diagonal transitions equal ours, but its rows for states
    with an absent strategy do not sum to 1 (it leaves the mutation into that strategy out of
    the diagonal); with the diagonal repaired, its eigenvector equals our stationary vector."""
    A, N, beta, mu = THREE, 7, 0.8, 0.05
    keys, T = egt_full_matrix(A, N, beta, mu)
    assert np.max(np.abs(T.sum(axis=1) - 1)) > 0.01                 # the egttools defect
    off = T.copy()
    np.fill_diagonal(off, 0.0)
    fixed = off + np.diag(1 - off.sum(axis=1))
    vals, vecs = np.linalg.eig(fixed.T)
    ref = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    ref = ref / ref.sum()
    fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta, mutation=mu)
    ours = fp.stationary_distribution(states="all")
    assert max(abs(ours[k] - ref[i]) for i, k in enumerate(keys)) <= 1e-10


# ---------------------------------------------------------------------- extreme sizes: mpmath
@pytest.mark.parametrize(("N", "beta"), [(10_000, 100.0), (10_000, 0.001), (1000, 50.0)])
def test_large_populations_and_strong_selection_match_mpmath(N: int, beta: float) -> None:
    fp = co.FinitePopulation(symmetric(STAG), size=N, intensity=beta)
    for a, b in ((0, 1), (1, 0)):
        ref = float(mp_log_fixation(STAG, N, beta, a, b))
        got = fp.log_fixation_probability(a, b)
        assert abs(got - ref) <= atol_for(ref)
        assert fp.fixation_probability(a, b) == pytest.approx(math.exp(ref), rel=1e-9, abs=0)


def test_moran_matches_mpmath() -> None:
    for A, N, w in ((STAG, 500, 0.9), (SNOWDRIFT, 64, 0.2), (THREE, 33, 0.3)):
        fp = co.FinitePopulation(symmetric(A), size=N, intensity=w, process="moran")
        for a, b in itertools.permutations(range(A.shape[0]), 2):
            ref = float(mp_log_fixation(A, N, w, a, b, process="moran"))
            assert abs(fp.log_fixation_probability(a, b) - ref) <= atol_for(ref)


PUNISH = np.array([[3.0, 0.0, 0.0], [5.0, 1.0, 1.0], [4.0, 0.5, 2.0]])


@pytest.mark.parametrize(("A", "N", "beta"), [
    pytest.param(PUNISH, 400, 20.0, id="three-strategies-400-20"),
    pytest.param(PD, 1000, 10.0, id="pd-1000-10"),
    pytest.param(STAG, 300, 8.0, id="stag-300-8")])
def test_tiny_stationary_entries_survive(A: np.ndarray, N: int, beta: float) -> None:
    """Entries far below 1e-308 are kept as logarithms with full relative accuracy."""
    fp = co.FinitePopulation(symmetric(A), size=N, intensity=beta)
    logs = fp.log_stationary_distribution()
    ref = mp_log_stationary(A, N, beta)
    assert min(logs.values()) < -700
    for k in range(A.shape[0]):
        assert abs(logs[k] - float(ref[k])) <= atol_for(float(ref[k]))


# ---------------------------------------------------------------------- several populations
@pytest.mark.parametrize("process", ["fermi", "moran"])
@pytest.mark.parametrize(("label", "game", "sizes", "beta"), [
    pytest.param("two-party", two_party, (30, 4), 0.3, id="two-party-30-4"),
    pytest.param("two-party", two_party, (7, 7), 0.1, id="two-party-7-7"),
    pytest.param("tripartite", tripartite, (10, 10, 10), 0.05, id="tripartite-10"),
    pytest.param("tripartite", tripartite, (12, 5, 3), 0.08, id="tripartite-12-5-3"),
])
def test_multi_population_chain_equals_brute_force(label: str, game: object, sizes: tuple[int, ...],
                                                   beta: float, process: str) -> None:
    g = game()  # type: ignore[operator]
    U = g.payoff_array()
    if process == "moran":
        beta = min(beta, 0.9 / (1 - float(U.min())))
    fp = co.FinitePopulation(g, size=sizes, intensity=beta, process=process)
    states, T, pi = brute_force_sml(U, sizes, beta, process)
    assert fp.monomorphic_states == states
    assert np.max(np.abs(fp.transition_matrix() - T)) <= 1e-12
    ours = fp.stationary_distribution()
    assert np.max(np.abs(np.array([ours[s] for s in states]) - pi)) <= 1e-10
    s, p = states[-1], 0
    mutant = 1 - s[p]
    i, j = states.index(s), states.index(tuple([mutant, *s[1:]]))
    rho = fp.fixation_probability(mutant, s, population=p)
    assert rho == pytest.approx(T[i, j] * len(sizes) * 1, rel=1e-10)


def test_symmetric_game_as_two_populations() -> None:
    """population='multi' treats a symmetric game as two populations (and needs no symmetry)."""
    g = symmetric(STAG)
    one = co.FinitePopulation(g, size=20, intensity=0.5)
    two = co.FinitePopulation(g, size=20, intensity=0.5, population="multi")
    assert one.population == "single" and two.population == "multi"
    # in two populations a stag mutant meets the other population's hares: payoff 0 vs 3
    expected = 1 / sum(math.exp(-0.5 * (0 - 3) * j) for j in range(20))
    assert two.fixation_probability(0, (1, 1), population=1) == pytest.approx(expected, rel=1e-12)
    assert set(two.stationary_distribution()) == {(0, 0), (0, 1), (1, 0), (1, 1)}


# ---------------------------------------------------------------------- laws
@settings(max_examples=60)
@given(cst.finite_populations(process="fermi", population="single", max_size=80), st.data())
def test_fixation_ratio_law(fp: co.FinitePopulation, data: st.DataObject) -> None:
    r"""rho_a / rho_b = prod T+/T- (closed form for Fermi), from two independent computations."""
    a, b = data.draw(st.permutations(range(fp.n_strategies[0])))[:2]
    log_ratio = fp.log_fixation_probability(a, b) - fp.log_fixation_probability(b, a)
    A = fp.game.payoff_array()[0]
    N, beta = fp.sizes[0], fp.intensity
    closed = beta * (N / 2 * (A[a, a] - A[b, a] + A[a, b] - A[b, b]) - (A[a, a] - A[b, b]))
    assert abs(log_ratio - closed) <= atol_for([closed, N * np.max(np.abs(A)) * beta])
    ratio = fp.fixation_ratio(a, b)
    if abs(closed) < 300:
        assert ratio == pytest.approx(math.exp(closed), rel=1e-9)


@settings(max_examples=40)
@given(cst.finite_populations(max_size=40, max_intensity=2.0))
def test_stationary_distribution_is_stationary(fp: co.FinitePopulation) -> None:
    """pi T = pi and sum pi = 1 (a residual check, independent of the solver)."""
    T = fp.transition_matrix()
    pi = np.array(list(fp.stationary_distribution().values()))
    assert abs(pi.sum() - 1) <= atol_for(1.0)
    assert np.all(pi >= 0)
    assert np.max(np.abs(pi @ T - pi)) <= atol_for(1.0)
    assert np.allclose(T.sum(axis=1), 1.0, rtol=0, atol=atol_for(1.0))


@settings(max_examples=40)
@given(cst.finite_populations(population="single", max_size=50), st.data())
def test_raising_the_mutants_payoffs_raises_its_fixation(fp: co.FinitePopulation,
                                                         data: st.DataObject) -> None:
    """Monotonicity: a bonus d > 0 on every payoff of the mutant strategy cannot lower rho."""
    m = fp.n_strategies[0]
    a, b = data.draw(st.permutations(range(m)))[:2]
    d = data.draw(st.floats(0.1, 3.0))
    A = fp.game.payoff_array()[0].copy()
    A[a, :] += d
    better = co.FinitePopulation(symmetric(A), size=fp.sizes[0], intensity=fp.intensity,
                                 process=fp.process)
    assert better.log_fixation_probability(a, b) >= fp.log_fixation_probability(a, b) \
        - atol_for(fp.log_fixation_probability(a, b))


def test_rock_paper_scissors_cycle_is_uniform() -> None:
    """A cyclically symmetric game has the uniform stationary distribution, at any intensity."""
    for beta in (0.1, 3.0, 40.0):
        pi = co.FinitePopulation(symmetric(RPS), size=25, intensity=beta).stationary_distribution()
        assert max(abs(v - 1 / 3) for v in pi.values()) <= atol_for(1.0)


def test_small_mutation_limit_of_the_full_chain() -> None:
    """As mutation -> 0 the full chain's mass on monomorphic states approaches the SML vector."""
    fp0 = co.FinitePopulation(symmetric(STAG), size=15, intensity=0.4)
    sml = fp0.stationary_distribution()
    gaps = []
    for mu in (1e-3, 1e-4, 1e-5):
        full = co.FinitePopulation(symmetric(STAG), size=15, intensity=0.4,
                                   mutation=mu).stationary_distribution(states="all")
        mono = np.array([full[(15, 0)], full[(0, 15)]])
        gaps.append(float(np.max(np.abs(mono / mono.sum() - [sml[0], sml[1]]))))
        assert sum(full.values()) == pytest.approx(1.0, abs=1e-12)
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3


def test_full_chain_of_several_populations_is_stationary_and_near_sml() -> None:
    g = two_party()
    fp = co.FinitePopulation(g, size=(6, 5), intensity=0.3, mutation=1e-4)
    full = fp.stationary_distribution(states="all")
    assert len(full) == 7 * 6 and sum(full.values()) == pytest.approx(1.0, abs=1e-12)
    sml = co.FinitePopulation(g, size=(6, 5), intensity=0.3).stationary_distribution()
    mono = {s: full[((6, 0) if s[0] == 0 else (0, 6), (5, 0) if s[1] == 0 else (0, 5))]
            for s in sml}
    tot = sum(mono.values())
    assert max(abs(mono[s] / tot - sml[s]) for s in sml) < 0.01


# ---------------------------------------------------------------------- symbolic closed forms
def test_symbolic_fixation_substitutes_to_the_numeric_value() -> None:
    R, S, T, P = sp.symbols("R S T P")
    beta = sp.Symbol("beta", positive=True)
    g = co.NormalFormGame([[[R, S], [T, P]], [[R, T], [S, P]]])
    vals = {R: 3, S: 0.5, T: 4, P: 1, beta: 0.7}
    num = symmetric(np.array([[3, 0.5], [4, 1]]))
    for N in (2, 5, 40):
        for process in ("fermi", "moran"):
            w = beta if process == "fermi" else sp.Rational(1, 5)
            expr = co.FinitePopulation(g, size=N, intensity=w, process=process).fixation_probability(0, 1)
            value = float(sp.sympify(expr).subs(vals).doit())
            ref = co.FinitePopulation(num, size=N, intensity=0.7 if process == "fermi" else 0.2,
                                      process=process).fixation_probability(0, 1)
            assert value == pytest.approx(ref, rel=1e-10)
    ratio = co.FinitePopulation(g, size=12, intensity=beta).fixation_ratio(0, 1)
    ref = co.FinitePopulation(num, size=12, intensity=0.7)
    assert float(ratio.subs(vals)) == pytest.approx(
        ref.fixation_probability(0, 1) / ref.fixation_probability(1, 0), rel=1e-10)


def test_symbolic_multi_population_subsidy() -> None:
    """The fixation of a cooperating firm as a closed form in the subsidy S_E."""
    S = sp.Symbol("S_E", nonnegative=True)
    g = co.models.industry_university(pi_E=2, pi_U=2, dR=6, alpha=sp.Rational(1, 2), C_E=2,
                                      C_U=2.5, T_E=1.5, T_U=1, F=0.5, S_E=S, S_U=0.5)
    fp = co.FinitePopulation(g, size=(4, 3), intensity=1)
    expr = fp.fixation_probability(0, (1, 0), population=0)
    assert expr.free_symbols == {S}
    for s in (0.0, 0.5, 2.0):
        num = co.FinitePopulation(g.subs({S: s}), size=(4, 3), intensity=1.0)
        assert float(expr.subs(S, s)) == pytest.approx(
            num.fixation_probability(0, (1, 0), population=0), rel=1e-12)
    with pytest.raises(SymbolicNotSupported, match="S_E"):
        fp.stationary_distribution()


# ---------------------------------------------------------------------- agent-level runs
@pytest.mark.parametrize(("process", "w", "a", "b"), [
    ("fermi", 0.3, 0, 1), ("fermi", 0.3, 1, 0), ("moran", 0.3, 0, 1), ("moran", 0.5, 1, 0)])
def test_simulated_fixation_frequencies_match_the_formula(process: str, w: float, a: int,
                                                          b: int) -> None:
    fp = co.FinitePopulation(symmetric(STAG), size=8, intensity=w, process=process)
    sim = fp.simulate(fp.initial_state(a, b), runs=20_000, rng=11)
    assert sim.absorbed.all()
    assert abs(sim.frequency(a) - fp.fixation_probability(a, b)) <= 3 * sim.standard_errors[a]


def test_simulated_fixation_three_strategies_and_several_populations() -> None:
    fp = co.FinitePopulation(symmetric(THREE), size=6, intensity=0.7)
    sim = fp.simulate((0, 1, 5), runs=20_000, rng=3)
    rho = fp.fixation_probability(1, 2)
    assert abs(sim.frequency(1) - rho) <= 3 * sim.standard_errors[1]
    assert sim.frequency(0) == 0.0
    g = tripartite()
    fp3 = co.FinitePopulation(g, size=(5, 4, 6), intensity=0.2, process="moran")
    start = fp3.initial_state(0, (1, 1, 0), population=0)
    assert start == ((1, 4), (0, 4), (6, 0))
    sim3 = fp3.simulate(start, runs=20_000, rng=8)
    rho3 = fp3.fixation_probability(0, (1, 1, 0), population=0)
    assert abs(sim3.frequency((0, 1, 0)) - rho3) <= 3 * sim3.standard_errors[(0, 1, 0)]
    assert sim3.frequency((0, 1, 0)) + sim3.frequency((1, 1, 0)) == 1.0


def test_simulated_occupation_matches_the_full_chain() -> None:
    """With mutation, end states of long runs are draws from the full chain's distribution."""
    fp = co.FinitePopulation(symmetric(SNOWDRIFT), size=5, intensity=0.5, mutation=0.2)
    full = fp.stationary_distribution(states="all")
    sim = fp.simulate((5, 0), runs=20_000, steps=300, rng=2)
    for k in range(6):
        p = full[(k, 5 - k)]
        freq = float(np.mean(sim.final[:, 0] == k))
        assert abs(freq - p) <= 3 * math.sqrt(p * (1 - p) / sim.n_runs) + 1e-12


def test_runs_are_seeded_per_block_whatever_the_executor() -> None:
    fp = co.FinitePopulation(symmetric(STAG), size=6, intensity=0.5)
    start = fp.initial_state(0, 1)
    a = fp.simulate(start, runs=5000, rng=21)
    with ThreadPoolExecutor(2) as pool:
        b = fp.simulate(start, runs=5000, rng=21, executor=pool)
    c = fp.simulate(start, runs=4097, rng=21)
    assert np.array_equal(a.final, b.final) and np.array_equal(a.steps, b.steps)
    assert np.array_equal(a.final[:4096], c.final[:4096])
    d = fp.simulate(start, runs=5000, rng=np.random.default_rng(4))
    e = fp.simulate(start, runs=5000, rng=np.random.default_rng(4))
    assert np.array_equal(d.final, e.final)


def test_runs_serial_threads_and_processes_are_bit_identical() -> None:
    fp = co.FinitePopulation(symmetric(STAG), size=6, intensity=0.5)
    start = fp.initial_state(0, 1)
    a = fp.simulate(start, runs=4200, rng=8)
    with ThreadPoolExecutor(2) as pool:
        b = fp.simulate(start, runs=4200, rng=8, executor=pool)
    with ProcessPoolExecutor(2) as pool:
        c = fp.simulate(start, runs=4200, rng=8, executor=pool)
    for other in (b, c):
        assert np.array_equal(a.final, other.final) and np.array_equal(a.steps, other.steps)


def test_recorded_history_and_tables() -> None:
    fp = co.FinitePopulation(symmetric(PD), size=10, intensity=0.2, mutation=0.05)
    sim = fp.simulate((5, 5), runs=300, steps=200, record_every=50, rng=1)
    assert sim.history is not None and sim.history.shape == (300, 5, 2)
    assert np.array_equal(sim.history[:, -1], sim.final)
    assert np.all(sim.history.sum(axis=2) == 10)
    assert np.allclose(sim.shares.sum(axis=2), 1.0)
    df = sim.to_pandas()
    assert list(df.columns[:2]) == ["n[s0]", "n[s1]"] and len(df) == 300
    d = sim.to_dict()
    assert d["runs"] == 300 and set(d["frequencies"]) == {"0", "1"}
    assert "FiniteSimulation(300 runs" in repr(sim) and "<table>" in sim._repr_html_()
    assert "mutation=0.05" in repr(fp)


def test_run_cap_raises() -> None:
    fp = co.FinitePopulation(symmetric(STAG), size=50, intensity=0.01)
    with pytest.raises(ConvergenceError, match="max_steps"):
        fp.simulate(fp.initial_state(0, 1), runs=200, max_steps=3, rng=0)


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("kwargs", "name"), [
    ({"size": 1}, "size"), ({"size": 2.5}, "size"), ({"size": True}, "size"),
    ({"size": (10, 1)}, "size"), ({"size": 10, "intensity": -0.1}, "intensity"),
    ({"size": 10, "intensity": float("nan")}, "intensity"),
    ({"size": 10, "mutation": -0.01}, "mutation"), ({"size": 10, "mutation": 1.5}, "mutation"),
    ({"size": 10, "process": "wright-fisher"}, "process"),
    ({"size": 10, "process": "moran", "intensity": 1.2}, "intensity"),
    ({"size": 10, "population": "both"}, "population"),
])
def test_bad_constructor_arguments_are_named(kwargs: dict, name: str) -> None:
    game = two_party()
    with pytest.raises(InvalidInputError, match=rf"^{name}:"):
        co.FinitePopulation(game, **kwargs)


def test_bad_arguments_of_the_methods_are_named() -> None:
    fp1 = co.FinitePopulation(symmetric(STAG), size=10, intensity=1.0)
    fp2 = co.FinitePopulation(two_party(), size=(10, 5), intensity=1.0)
    with pytest.raises(InvalidInputError, match=r"^size:"):
        co.FinitePopulation(symmetric(STAG), size=(10, 10))
    with pytest.raises(InvalidInputError, match=r"^intensity: the Moran fitness"):
        co.FinitePopulation(symmetric(np.array([[-5.0, 1], [1, 1]])), size=5, intensity=0.5,
                            process="moran")
    with pytest.raises(InvalidInputError, match=r"^resident:"):
        fp1.fixation_probability(0, 0.5)
    with pytest.raises(InvalidInputError, match=r"^resident:"):
        fp2.fixation_probability(0, (np.array([0.5, 0.5]), 1))
    with pytest.raises(InvalidInputError, match=r"^resident:"):
        fp2.fixation_probability(0, (1.0, 0))
    with pytest.raises(InvalidInputError, match=r"^resident:"):
        fp2.fixation_probability(0, 1)
    with pytest.raises(UnknownStrategyError, match=r"^mutant:"):
        fp1.fixation_probability(7, 1)
    with pytest.raises(InvalidInputError, match=r"^mutant:"):
        fp1.fixation_probability(1, 1)
    with pytest.raises(UnknownPlayerError, match=r"^population:"):
        fp2.fixation_probability(0, (1, 1), population="government")
    with pytest.raises(UnknownPlayerError, match=r"^population:"):
        fp1.fixation_probability(0, 1, population=1)
    with pytest.raises(InvalidInputError, match=r"^k:"):
        fp1.gradient_of_selection(11)
    with pytest.raises(InvalidInputError, match=r"^k:"):
        fp1.gradient_of_selection(2.0)
    with pytest.raises(InvalidInputError, match=r"^gradient_of_selection:"):
        fp2.gradient_of_selection(3)
    with pytest.raises(InvalidInputError, match=r"^states:"):
        fp1.stationary_distribution(states="all")
    with pytest.raises(InvalidInputError, match=r"^states:"):
        fp1.stationary_distribution(states="some")
    with pytest.raises(InvalidInputError, match=r"^initial:"):
        fp1.simulate((3, 3), runs=10)
    with pytest.raises(InvalidInputError, match=r"^initial\[1\]:"):
        fp2.simulate(((10, 0), (4, 0)), runs=10)
    with pytest.raises(InvalidInputError, match=r"^steps:"):
        co.FinitePopulation(symmetric(STAG), size=10, mutation=0.1).simulate((5, 5))
    with pytest.raises(InvalidInputError, match=r"^record_every:"):
        fp1.simulate((5, 5), record_every=3)
    with pytest.raises(InvalidInputError, match=r"^runs:"):
        fp1.simulate((5, 5), runs=0)
    with pytest.raises(InvalidInputError, match=r"^rng:"):
        fp1.simulate((5, 5), runs=2, rng=-1)
    with pytest.raises(InvalidInputError, match=r"^game:"):
        co.FinitePopulation([[1, 2], [3, 4]], size=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidGameError, match=r"^game:"):
        co.FinitePopulation(two_party(), size=5, population="single")
    with pytest.raises(InvalidInputError, match=r"^state:"):
        fp1.simulate((5, 5), runs=2, rng=0).frequency(3)
