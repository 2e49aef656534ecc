"""All Nash equilibria of random bimatrix games: coinnovation vs nashpy vs QuantEcon.

Run: ``.venv/bin/python benchmarks/bench_nash.py [--games N] [--markdown]``.

Every library solves the same games in the same process. QuantEcon is timed
warm (its numba functions are compiled on a first call that is not timed).
Times are medians per game over ``--games`` random games (standard normal
payoffs, seed 0); *ratio* is the peer's time over coinnovation's (above 1:
coinnovation is faster). *found* counts the equilibria each library returned,
summed over the games, next to the exact count (coinnovation's exact
enumeration in rational arithmetic).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import nashpy
import numpy as np
import quantecon.game_theory as qe

import coinnovation as co


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    warm = qe.NormalFormGame((qe.Player(np.eye(3)), qe.Player(np.eye(3))))
    qe.vertex_enumeration(warm)  # numba compilation, not timed
    rows = []
    for size in (6, 8, 10):
        times: dict[str, list[float]] = {"coinnovation": [], "quantecon vertex": [],
                                         "nashpy vertex": [], "nashpy support": []}
        found: dict[str, int] = dict.fromkeys(times, 0)
        exact_total = 0
        for _ in range(args.games):
            A, B = rng.standard_normal((size, size)), rng.standard_normal((size, size))
            game = co.NormalFormGame([A, B])
            t, eqs = timed(lambda game=game: co.nash_equilibria(game))
            times["coinnovation"].append(t)
            found["coinnovation"] += len(eqs)
            exact_total += len(co.nash_equilibria(game, exact=True))
            qg = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
            t, eqs = timed(lambda qg=qg: qe.vertex_enumeration(qg))
            times["quantecon vertex"].append(t)
            found["quantecon vertex"] += len(eqs)
            ng = nashpy.Game(A, B)
            if size <= 8:
                t, eqs = timed(lambda ng=ng: list(ng.vertex_enumeration()))
                times["nashpy vertex"].append(t)
                found["nashpy vertex"] += len(eqs)
            if size <= 6:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t, eqs = timed(lambda ng=ng: list(ng.support_enumeration()))
                times["nashpy support"].append(t)
                found["nashpy support"] += len(eqs)
        ours = statistics.median(times["coinnovation"])
        for name, ts in times.items():
            if not ts:
                rows.append((f"{size}x{size}", name, None, None, None, exact_total))
                continue
            med = statistics.median(ts)
            rows.append((f"{size}x{size}", name, med, med / ours, found[name], exact_total))
    if args.markdown:
        print("| game | library | median time (s) | ratio to coinnovation | found | exact |")
        print("|---|---|---:|---:|---:|---:|")
        for size, name, med, ratio, nfound, exact in rows:
            if med is None:
                print(f"| {size} | {name} | not run (too slow) | — | — | {exact} |")
            else:
                print(f"| {size} | {name} | {med:.4f} | {ratio:.1f} | {nfound} | {exact} |")
    else:
        print(f"{'game':6} {'library':18} {'median s':>10} {'ratio':>8} {'found':>6} {'exact':>6}")
        for size, name, med, ratio, nfound, exact in rows:
            if med is None:
                print(f"{size:6} {name:18} {'not run':>10}")
            else:
                print(f"{size:6} {name:18} {med:10.4f} {ratio:8.1f} {nfound:6d} {exact:6d}")


if __name__ == "__main__":
    main()
