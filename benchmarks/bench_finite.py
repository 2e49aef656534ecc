"""Finite populations and stochastic dynamics: coinnovation vs egttools vs a per-path loop, one run.

Workload 1 (issue 15): a 3-strategy population of N = 100 (pairwise
comparison, four selection intensities): all six fixation probabilities and
the small-mutation stationary distribution, against egttools 0.1.14 — its
C++ ``PairwiseComparison`` (transition and fixation matrices, then
``egttools.utils.calculate_stationary_distribution``; the model object is built
once, outside the timing) and its Python ``StochDynamics``. coinnovation's
time includes building the ``FinitePopulation``. Accuracy: max relative error
of the fixation probabilities and of the stationary vector against 60-digit
mpmath references (egttools returns 0 for fixation probabilities below about
1e-7: a relative error of 1).

Workload 2: 10^4 paths of the stochastic tripartite government–enterprise–
university game (吴洁 et al. 2019, S_E = S_U = 2, sigma = 0.5 per population) to
t = 50 with Euler–Maruyama, dt = 0.01, against a per-path loop in plain Python
floats (the MATLAB way: one path, one step at a time), timed on a subset of
paths and scaled linearly. Accuracy: the share of paths ending near each
vertex, ours vs the loop's subset (binomial standard errors).

Run:  .venv/bin/python benchmarks/bench_finite.py [--paths 10000] [--loop-paths 300]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import time
import warnings
from collections.abc import Callable
from typing import Any

import egttools.utils
import mpmath as mp
import numpy as np
from egttools.analytical import PairwiseComparison, StochDynamics
from egttools.games import Matrix2PlayerGameHolder

import coinnovation as co
from coinnovation.models import TRIPARTITE_TYPICAL

THREE = np.array([[1.0, 0.5, 3.0], [2.0, 1.0, 0.2], [0.3, 2.5, 1.0]])


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def mp_reference(A: np.ndarray, N: int, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """Fixation matrix F[resident, mutant] and SML stationary vector, 60 digits (tree theorem)."""
    m = A.shape[0]
    with mp.workdps(60):
        M = [[mp.mpf(float(v)) for v in row] for row in A]
        logrho = {}
        for a, b in itertools.permutations(range(m), 2):
            L, terms = mp.mpf(0), [mp.mpf(0)]
            for k in range(1, N):
                fa = ((k - 1) * M[a][a] + (N - k) * M[a][b]) / (N - 1)
                fb = (k * M[b][a] + (N - k - 1) * M[b][b]) / (N - 1)
                L -= beta * (fa - fb)
                terms.append(L)
            top = max(terms)
            logrho[(b, a)] = -(top + mp.log(mp.fsum(mp.exp(t - top) for t in terms)))
        F = np.zeros((m, m))
        for (b, a), v in logrho.items():
            F[b, a] = float(mp.exp(v))
        # three states: pi_i ~ sum over spanning trees into i of the products of rates
        q = {k: v - mp.log(m - 1) for k, v in logrho.items()}
        logs = []
        for r in range(m):
            i, j = (s for s in range(m) if s != r)
            trees = [q[(i, r)] + q[(j, r)], q[(i, j)] + q[(j, r)], q[(i, r)] + q[(j, i)]]
            top = max(trees)
            logs.append(top + mp.log(mp.fsum(mp.exp(t - top) for t in trees)))
        top = max(logs)
        norm = top + mp.log(mp.fsum(mp.exp(v - top) for v in logs))
        pi = np.array([float(mp.exp(v - norm)) for v in logs])
    return F, pi


def rel_err(got: np.ndarray, ref: np.ndarray) -> float:
    """Max relative error over the entries (off-diagonal for a matrix); an entry whose
    reference underflows float64 counts as exact only when it is 0 too."""
    mask = ~np.eye(ref.shape[0], dtype=bool) if ref.ndim == 2 else np.ones(ref.shape, bool)
    g, r = got[mask], ref[mask]
    tiny = r == 0
    err = np.where(tiny, np.where(g == 0, 0.0, np.inf), np.abs(g - r) / np.where(tiny, 1, r))
    return float(np.max(err))


def workload_fixation(N: int) -> None:
    game = co.NormalFormGame([THREE, THREE.T.copy()])
    holder = Matrix2PlayerGameHolder(3, THREE)     # egttools keeps no reference: hold it
    pc = PairwiseComparison(N, holder)
    sd = StochDynamics(3, THREE, N)

    def ours(beta: float) -> tuple[np.ndarray, np.ndarray]:
        fp = co.FinitePopulation(game, size=N, intensity=beta)
        F = np.zeros((3, 3))
        for a, b in itertools.permutations(range(3), 2):
            F[b, a] = fp.fixation_probability(a, b)
        pi = fp.stationary_distribution()
        return F, np.array([pi[k] for k in range(3)])

    def egt_cpp(beta: float) -> tuple[np.ndarray, np.ndarray]:
        T, F = pc.calculate_transition_and_fixation_matrix_sml(beta)
        return F, egttools.utils.calculate_stationary_distribution(T.transpose())

    def egt_py(beta: float) -> tuple[np.ndarray, np.ndarray]:
        _, F = sd.transition_and_fixation_matrix(beta)
        return F, sd.calculate_stationary_distribution(beta)

    print(f"Fixation probabilities (6) + stationary distribution, 3 strategies, N = {N}, "
          "pairwise comparison")
    print(f"{'beta':>6} | {'ours':>9} | {'egttools C++':>12} {'ratio':>7} | "
          f"{'egttools py':>11} {'ratio':>7} | max rel. error fixation / stationary "
          "(ours; C++; py)")
    for beta in (0.01, 0.1, 1.0, 10.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # egttools warns on near-1 entries
            ours(beta)   # warm-up
            t_ours, (F0, p0) = timed(lambda b=beta: ours(b), repeat=20)
            t_cpp, (F1, p1) = timed(lambda b=beta: egt_cpp(b), repeat=5)
            t_py, (F2, p2) = timed(lambda b=beta: egt_py(b), repeat=3)
        Fr, pr = mp_reference(THREE, N, beta)
        errs = "; ".join(f"{rel_err(F, Fr):.1e} / {rel_err(p, pr):.1e}"
                         for F, p in ((F0, p0), (F1, p1), (F2, p2)))
        print(f"{beta:>6g} | {t_ours * 1e3:>7.3f}ms | {t_cpp * 1e3:>10.2f}ms {t_cpp / t_ours:>6.0f}x"
              f" | {t_py * 1e3:>9.2f}ms {t_py / t_ours:>6.0f}x | {errs}")


def tripartite_loop(n: int, t_end: float, dt: float, sigma: float, seed: int) -> np.ndarray:
    """One path, one step at a time, in plain Python floats (gains from MODELS.md, S = 2)."""
    rnd = random.Random(seed)
    steps = round(t_end / dt)
    sq = math.sqrt(dt)
    out = np.empty((n, 3))
    for i in range(n):
        x = y = z = 0.5
        for _ in range(steps):
            gx = 2 * y + 3 * z - 4
            gy = 2 * x + 3 * z - 4
            gz = 5 * x * y - 3 * x - 3 * y + 3
            x += x * (1 - x) * (gx * dt + sigma * sq * rnd.gauss(0.0, 1.0))
            y += y * (1 - y) * (gy * dt + sigma * sq * rnd.gauss(0.0, 1.0))
            z += z * (1 - z) * (gz * dt + sigma * sq * rnd.gauss(0.0, 1.0))
            x, y, z = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0), min(max(z, 0.0), 1.0)
        out[i] = (x, y, z)
    return out


def workload_paths(paths: int, loop_paths: int) -> None:
    game = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    rd = co.ReplicatorDynamics(game)
    gains = [str(g) for g in rd.gains]
    assert gains == ["2*y + 3*z - 4", "2*x + 3*z - 4", "5*x*y - 3*x - 3*y + 3"], gains
    t_end, dt, sigma = 50.0, 0.01, 0.5
    x0 = np.full((paths, 3), 0.5)
    rd.simulate(x0[:10], 1.0, noise=sigma, rng=0)     # warm-up (lambdify)
    t_ours, res = timed(lambda: rd.simulate(x0, t_end, noise=sigma, rng=1, dt=dt), repeat=1)
    t_loop, ends = timed(lambda: tripartite_loop(loop_paths, t_end, dt, sigma, 1), repeat=1)
    t_loop_full = t_loop / loop_paths * paths
    print(f"\nStochastic tripartite game, {paths} paths to t = {t_end:g} (Euler–Maruyama, "
          f"dt = {dt:g}, sigma = {sigma:g}; {round(t_end / dt)} steps)")
    print(f"  coinnovation (vectorized, seeded blocks): {t_ours:8.2f} s")
    print(f"  per-path loop, plain Python floats:       {t_loop_full:8.2f} s  (timed on "
          f"{loop_paths} paths: {t_loop:.2f} s, scaled)   ratio {t_loop_full / t_ours:.0f}x")
    shares = res.vertex_shares()
    print("  share of paths ending within 0.05 of each vertex (papers' order, 1 = cooperate):")
    for v, p in shares.items():
        if p > 0 or np.any(np.all(np.abs(ends - (1 - np.array(v))) <= 0.05, axis=1)):
            q = float(np.mean(np.all(np.abs(ends - (1 - np.array(v))) <= 0.05, axis=1)))
            se = math.sqrt(max(q * (1 - q), 1e-12) / loop_paths)
            label = "(" + ", ".join(str(1 - a) for a in v) + ")"
            print(f"    {label}: ours {p:.4f} ± {math.sqrt(p * (1 - p) / paths):.4f}   "
                  f"loop {q:.4f} ± {se:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=10_000)
    ap.add_argument("--loop-paths", type=int, default=300)
    ap.add_argument("--size", type=int, default=100)
    args, _ = ap.parse_known_args()     # run_all.py passes every script the same arguments
    workload_fixation(args.size)
    workload_paths(args.paths, args.loop_paths)


if __name__ == "__main__":
    main()
