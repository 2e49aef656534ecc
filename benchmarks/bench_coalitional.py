"""Coalitional games, side by side with coopgame-py (Rust) in one run.

Run ``.venv/bin/python benchmarks/bench_coalitional.py`` (or ``make bench``).
Prints one table: best-of-k wall times, the ratio coinnovation / coopgame-py
(below 1 means coinnovation is faster), and whether the answers agree. With
``--markdown`` it prints the table for docs/performance.md.

Cases (issue 3's acceptance):

- exact Shapley value of random games with n = 16, 20, 22 (uniform worths,
  seed 0); the peer's time excludes building its ``Game`` from a list;
- nucleolus of random games with n = 8, 10, 12 (worths |S|·U(0,1), singletons
  0, seed 0) and of the peer's Benedek–Fliege–Nguyen type-1 games;
- nucleolus of the UN Security Council voting game (15 players), with the
  absolute time (target: under 1 s);
- exact Shapley value for n = 25, in a child process: its peak resident memory
  (target: within 2 GiB) and the memory the computation itself allocates.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import coinnovation as co

try:
    import coopgame
except ImportError:  # pragma: no cover - coopgame-py is a dev extra
    coopgame = None


def best_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches and imports
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def random_game(n: int, seed: int, *, nucleolus: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.random(1 << n)
    if nucleolus:
        pc = np.array([bin(s).count("1") for s in range(1 << n)])
        v = v * pc
        v[pc == 1] = 0
    v[0] = 0
    return v


def row(case: str, ours: float, peer: float | None, agree: bool | None) -> dict[str, Any]:
    return {"case": case, "coinnovation_s": ours, "coopgame_s": peer,
            "ratio": None if peer is None else ours / peer, "agree": agree}


def bench_shapley(n: int, repeat: int) -> dict[str, Any]:
    v = random_game(n, 0, nucleolus=False)
    g = co.CoalitionalGame(v)
    ours = best_time(lambda: co.shapley_value(g), repeat)
    if coopgame is None:
        return row(f"Shapley exact, n={n}", ours, None, None)
    pg = coopgame.Game(list(v[1:]))
    peer = best_time(lambda: coopgame.shapley(pg), repeat)
    agree = bool(np.allclose(np.asarray(co.shapley_value(g)), coopgame.shapley(pg), atol=1e-9))
    return row(f"Shapley exact, n={n}", ours, peer, agree)


def bench_nucleolus(label: str, v: np.ndarray, repeat: int) -> dict[str, Any]:
    g = co.CoalitionalGame(v)
    ours = best_time(lambda: co.nucleolus(g), repeat)
    if coopgame is None:
        return row(label, ours, None, None)
    pg = coopgame.Game(list(v[1:]))
    peer = best_time(lambda: coopgame.nucleolus(pg), repeat)
    agree = bool(np.allclose(np.asarray(co.nucleolus(g)), coopgame.nucleolus(pg)["allocation"],
                             atol=1e-7))
    return row(label, ours, peer, agree)


_MEMORY_CHILD = r"""
import json, resource, sys, time, tracemalloc
import numpy as np
import coinnovation as co
n = int(sys.argv[1])
v = np.random.default_rng(0).random(1 << n)
v[0] = 0
g = co.CoalitionalGame(v)
del v
tracemalloc.start()
t = time.perf_counter()
phi = co.shapley_value(g)
elapsed = time.perf_counter() - t
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
ok = abs(phi.total - g.grand_value()) < 1e-6
print(json.dumps({"seconds": elapsed, "alloc_peak": peak,
                  "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "efficient": ok}))
"""


def bench_memory(n: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(n)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args(argv)
    rows = [bench_shapley(n, args.repeat) for n in (16, 20, 22)]
    for n in (8, 10, 12):
        rows.append(bench_nucleolus(f"nucleolus, random n={n}",
                                    random_game(n, 0, nucleolus=True), args.repeat))
    if coopgame is not None:
        for n in (8, 10, 12):
            bnf = coopgame.Game.bnf(1, n, 0)
            rows.append(bench_nucleolus(f"nucleolus, BFN type 1 n={n}",
                                        np.r_[0.0, bnf.values()], args.repeat))
    unsc = co.un_security_council()
    rows.append(bench_nucleolus("nucleolus, UN Security Council (15)",
                                np.asarray(unsc.values, dtype=float), args.repeat))
    unsc_x = co.nucleolus(unsc)
    unsc_ok = bool(np.allclose(np.asarray(unsc_x), [0.2] * 5 + [0.0] * 10, atol=1e-9))
    if args.markdown:
        print("| case | coinnovation (s) | coopgame-py (s) | ratio | same answer |")
        print("|---|---:|---:|---:|:---:|")
        for r in rows:
            peer = "—" if r["coopgame_s"] is None else f"{r['coopgame_s']:.4f}"
            ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
            print(f"| {r['case']} | {r['coinnovation_s']:.4f} | {peer} | {ratio} | "
                  f"{'yes' if r['agree'] else ('—' if r['agree'] is None else 'NO')} |")
    else:
        print(f"{'case':40s} {'coinnovation':>13s} {'coopgame-py':>12s} {'ratio':>7s}  agree")
        for r in rows:
            peer = "-" if r["coopgame_s"] is None else f"{r['coopgame_s']:.4f}s"
            ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
            print(f"{r['case']:40s} {r['coinnovation_s']:12.4f}s {peer:>12s} {ratio:>7s}  "
                  f"{r['agree']}")
    print(f"\nUN Security Council nucleolus correct: {unsc_ok} "
          f"(permanent members 1/5 each, elected members 0)")
    if not args.skip_memory:
        mem = bench_memory(25)
        print(f"Shapley n=25: {mem['seconds']:.2f} s, peak RSS {mem['maxrss'] / 2**30:.2f} GiB "
              f"(whole process: interpreter, the 2**25 worths and the computation), "
              f"allocated by shapley_value {mem['alloc_peak'] / 2**30:.2f} GiB, "
              f"efficient: {mem['efficient']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
