"""Policy questions: regime map of 10^6 points and the full symbolic tripartite derivation.

Workloads (issue 5):

1. A 1000 x 1000 regime map (ESS set at every point) of the tripartite
   government–enterprise–university game (吴洁 et al. 2019) over the two
   subsidies S_E, S_U in [0, 8], the other parameters at
   ``coinnovation.models.TRIPARTITE_TYPICAL``. Target: under 1 s. Baseline:
   a Python loop substituting each point and calling
   ``co.evolutionarily_stable_states`` (timed on a sample, extrapolated),
   which must give the same ESS sets on the sample.
2. The full symbolic derivation from scratch: build the symbolic game, the
   ESS conditions of all 8 vertices (``co.nash_conditions(strict=True)``),
   the subsidy window for S_E and S_U (``co.stability_region``) and the
   threshold, checked against the hand derivation. Target: under 2 s. The
   sympy cache is cleared before each repetition.

Run:  .venv/bin/python benchmarks/bench_policy.py [--n 1000] [--sample 2000] [--markdown]
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp
from sympy.core.cache import clear_cache

import coinnovation as co
from coinnovation.models import TRIPARTITE_TYPICAL


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def regime(n: int) -> co.RegimeMap:
    game = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)
    grid = np.linspace(0.0, 8.0, n)
    return co.regime_map(game, ("S_E", grid), ("S_U", grid), criterion="ess")


def loop_baseline(n: int, sample: int, rng: np.random.Generator) -> tuple[float, bool]:
    game = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)
    grid = np.linspace(0.0, 8.0, n)
    m = regime(n)
    idx = rng.integers(0, n, size=(sample, 2))
    t0 = time.perf_counter()
    same = True
    for j, i in idx:
        g = game.subs({"S_E": float(grid[i]), "S_U": float(grid[j])})
        ess = tuple(e.profile for e in co.evolutionarily_stable_states(g))
        same &= ess == m.regimes[m.labels[j, i]]
    return (time.perf_counter() - t0) / sample * n * n, bool(same)


def derivation() -> dict[str, Any]:
    S_E, S_U = sp.symbols("S_E S_U", real=True)
    game = co.models.government_enterprise_university(S_E=S_E, S_U=S_U)
    conditions = {v: co.nash_conditions(game, profile=v, strict=True)
                  for v in itertools.product(range(2), repeat=3)}
    region_e = co.stability_region(game, S_E, profile=(0, 0, 0))
    region_u = co.stability_region(game, S_U, profile=(0, 0, 0))
    t = co.threshold(game, S_E, profile=(0, 0, 0))
    return {"game": game, "conditions": conditions, "region_e": region_e, "region_u": region_u,
            "threshold": t, "S_E": S_E, "S_U": S_U}


def check_derivation(d: dict[str, Any]) -> bool:
    s = {str(x): x for x in d["game"].free_symbols}
    low_e = s["C_E"] + s["T_E"] - s["F"] - s["P_E"] - s["alpha"] * s["dR"]
    low_u = s["C_U"] + s["T_U"] - s["F"] - s["P_U"] - (1 - s["alpha"]) * s["dR"]
    base_e, base_u = d["region_e"].base_set, d["region_u"].base_set
    return all(sp.simplify(a) == 0 for a in (
        base_e.inf - low_e, base_e.sup - (s["W_a"] - s["C_G"] - d["S_U"]),
        base_u.inf - low_u, base_u.sup - (s["W_a"] - s["C_G"] - d["S_E"]),
        d["threshold"] - low_e)) and len(d["conditions"]) == 8 and all(
        len(c) == 3 for c in d["conditions"].values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="grid points per axis")
    ap.add_argument("--sample", type=int, default=2000, help="points timed in the loop baseline")
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    n = args.n

    cold, m = timed(lambda: regime(n))
    warm, m = timed(lambda: regime(n), repeat=5)
    grid = np.linspace(0.0, 8.0, n)
    X, Y = np.meshgrid(grid, grid)
    window = (X > 1 + 1e-9) & (Y > 1 + 1e-9) & (X + Y < 6 - 1e-9)
    map_ok = bool(np.array_equal(m.mask((0, 0, 0)), window))
    loop_est, loop_same = loop_baseline(n, args.sample, rng)

    clear_cache()
    d_cold, d = timed(derivation)
    times = []
    for _ in range(5):
        clear_cache()
        t, d = timed(derivation)
        times.append(t)
    d_warm = min(times)
    d_ok = check_derivation(d)

    rows = [
        (f"regime map {n}x{n} ({n * n:,} points), first call (incl. lambdify)", cold, "yes" if map_ok
         else "NO"),
        (f"regime map {n}x{n}, best of 5", warm, "yes" if map_ok else "NO"),
        (f"loop of evolutionarily_stable_states per point (extrapolated from {args.sample:,})",
         loop_est, "yes" if loop_same else "NO"),
        ("symbolic tripartite derivation (8 vertices + window), first call", d_cold,
         "yes" if d_ok else "NO"),
        ("symbolic tripartite derivation, best of 5 (sympy cache cleared)", d_warm,
         "yes" if d_ok else "NO"),
    ]
    if args.markdown:
        print("| workload | time (s) | correct |")
        print("|---|---:|:---:|")
        for name, t, ok in rows:
            print(f"| {name} | {t:.3f} | {ok} |")
        print(f"\nregime map speed-up over the loop: {loop_est / warm:,.0f}x")
    else:
        for name, t, ok in rows:
            print(f"{name:<92} {t:9.3f} s  correct: {ok}")
        print(f"regime map speed-up over the loop: {loop_est / warm:,.0f}x")
        print(m)
    return 0 if (map_ok and loop_same and d_ok) else 1


if __name__ == "__main__":
    raise SystemExit(main())
