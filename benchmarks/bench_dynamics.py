"""Replicator-dynamics simulation: coinnovation vs a solve_ivp loop vs nashpy, in one run.

Workload (issue 4): 1,000 initial conditions of a 3-population, 2-strategy game
(the government–enterprise–university game of 吴洁 et al. 2019 with subsidy
S = 2.5, bistable) integrated to t = 50; and 1,000 initial conditions of the
2-population industry–university game for nashpy, whose asymmetric replicator
dynamics handles two populations only.

Accuracy: end points against ``solve_ivp`` (DOP853, rtol 1e-10, atol 1e-12)
started from the same points.

Run:  .venv/bin/python benchmarks/bench_dynamics.py [--n 1000]
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from typing import Any

import nashpy
import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp

import coinnovation as co


def tripartite(subsidy: float) -> co.NormalFormGame:
    """MODELS.md tripartite payoffs with numbers (1 = cooperate in the formulas)."""
    s = {"R_E": 10, "R_U": 8, "alpha": 0.5, "DeltaR": 10, "C_E": 5, "C_U": 5, "F": 1,
         "T_E": 3, "T_U": 3, "P_E": 1, "P_U": 1, "C_G": 2, "L": 3, "W_a": 8,
         "S_E": subsidy, "S_U": subsidy}
    arrays = [np.zeros((2, 2, 2)) for _ in range(3)]
    for a in itertools.product(range(2), repeat=3):
        e, u, g = (1 - v for v in a)
        arrays[0][a] = (s["R_E"] + e * u * s["alpha"] * s["DeltaR"] - e * s["C_E"]
                        + e * (1 - u) * s["F"] + (1 - e) * u * (s["T_E"] - s["F"])
                        + g * (e * s["S_E"] - (1 - e) * s["P_E"]))
        arrays[1][a] = (s["R_U"] + e * u * (1 - s["alpha"]) * s["DeltaR"] - u * s["C_U"]
                        + u * (1 - e) * s["F"] + (1 - u) * e * (s["T_U"] - s["F"])
                        + g * (u * s["S_U"] - (1 - u) * s["P_U"]))
        arrays[2][a] = (g * (-s["C_G"] - e * s["S_E"] - u * s["S_U"] + (1 - e) * s["P_E"]
                             + (1 - u) * s["P_U"] + e * u * s["W_a"])
                        - (1 - g) * (1 - e * u) * s["L"])
    return co.NormalFormGame(arrays)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = np.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def solve_ivp_loop(f: Callable[..., Any], x0: np.ndarray, t_end: float, **kw: Any) -> np.ndarray:
    ends = []
    for row in x0:
        sol = solve_ivp(lambda _t, v: np.array(f(*v), dtype=float), (0.0, t_end), row, **kw)
        ends.append(sol.y[:, -1])
    return np.array(ends)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--t-end", type=float, default=50.0)
    args = ap.parse_args()
    n, t_end = args.n, args.t_end

    rd = co.ReplicatorDynamics(tripartite(2.5))
    x0 = rd.random_states(n, rng=0)
    f = sp.lambdify(rd.state, list(rd.equations), "numpy")

    cold, _ = timed(lambda: rd.simulate(x0, t_end))
    warm, tr = timed(lambda: rd.simulate(x0, t_end), repeat=3)
    report, _ = timed(lambda: tr.converged)
    ours_end = tr.final

    t_default, _ = timed(lambda: solve_ivp_loop(f, x0, t_end))
    t_tight, tight_end = timed(lambda: solve_ivp_loop(f, x0, t_end, rtol=1e-8, atol=1e-10))
    t_ref, ref_end = timed(lambda: solve_ivp_loop(f, x0, t_end, method="DOP853", rtol=1e-10,
                                                  atol=1e-12))
    err_ours = float(np.max(np.abs(ours_end - ref_end)))
    err_tight = float(np.max(np.abs(tight_end - ref_end)))
    default_end = solve_ivp_loop(f, x0, t_end)
    err_default = float(np.max(np.abs(default_end - ref_end)))

    # two populations: nashpy's asymmetric replicator dynamics (odeint), one start at a time
    A = np.array([[4.0, -1.0], [3.0, 0.0]])
    B = np.array([[4.0, 3.0], [-1.0, 0.0]])
    rd2 = co.ReplicatorDynamics(co.NormalFormGame([A, B]))
    y0 = rd2.random_states(n, rng=1)
    tp = np.linspace(0.0, t_end, 201)
    game2 = nashpy.Game(A, B)

    def nashpy_loop() -> np.ndarray:
        ends = []
        for row in y0:
            xs, ys = game2.asymmetric_replicator_dynamics(
                x0=np.array([row[0], 1 - row[0]]), y0=np.array([row[1], 1 - row[1]]),
                timepoints=tp)
            ends.append([xs[-1, 0], ys[-1, 0]])
        return np.array(ends)

    rd2.simulate(y0[:2], t_end)  # warm-up (lambdify)
    t_ours2, tr2 = timed(lambda: rd2.simulate(y0, t_end, t_eval=tp), repeat=3)
    t_nashpy, nashpy_end = timed(nashpy_loop)
    f2 = sp.lambdify(rd2.state, list(rd2.equations), "numpy")
    ref2 = solve_ivp_loop(f2, y0, t_end, method="DOP853", rtol=1e-10, atol=1e-12)
    err_ours2 = float(np.max(np.abs(tr2.final - ref2)))
    err_nashpy = float(np.max(np.abs(nashpy_end - ref2)))

    print(f"Replicator dynamics, {n} initial conditions to t = {t_end:g} "
          "(max |end - reference|, reference: solve_ivp DOP853 rtol 1e-10 atol 1e-12)")
    print()
    print("3 populations x 2 strategies (tripartite government-enterprise-university game)")
    print(f"{'method':<52}{'time [s]':>10}{'ratio':>9}{'end error':>12}")
    rows = [
        ("coinnovation simulate (warm, best of 3)", warm, err_ours),
        ("coinnovation simulate (first call)", cold, err_ours),
        ("  + convergence report (rest points, outcomes)", report, float("nan")),
        ("solve_ivp loop, RK45 defaults (rtol 1e-3)", t_default, err_default),
        ("solve_ivp loop, RK45 rtol 1e-8 atol 1e-10", t_tight, err_tight),
        ("solve_ivp loop, DOP853 rtol 1e-10 (reference)", t_ref, 0.0),
    ]
    for name, t, err in rows:
        err_s = "" if np.isnan(err) else f"{err:.1e}"
        print(f"{name:<52}{t:>10.3f}{t / warm:>8.1f}x{err_s:>12}")
    print()
    print("2 populations x 2 strategies (industry-university game; nashpy handles 2 only)")
    print(f"{'method':<52}{'time [s]':>10}{'ratio':>9}{'end error':>12}")
    for name, t, err in [("coinnovation simulate (201 output times)", t_ours2, err_ours2),
                         ("nashpy asymmetric_replicator_dynamics loop", t_nashpy, err_nashpy)]:
        print(f"{name:<52}{t:>10.3f}{t / t_ours2:>8.1f}x{err:>12.1e}")
    print()
    print(f"converged: {int(tr.converged.sum())}/{n}; limits {tr.summary()}")


if __name__ == "__main__":
    main()
