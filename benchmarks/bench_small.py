"""Everyday speed: start-up, tiny games, many games at once (coinnovation vs QuantEcon vs nashpy).

Run: ``PYTHONPATH=src python benchmarks/bench_small.py [--quick] [--markdown]``.

Every figure is a ratio measured in the same run on the same machine.
QuantEcon is timed warm (its numba functions are compiled by an untimed first
call). Start-up times are the best of several fresh interpreters. Per-game
times are the best of several repeats of a loop (the minimum is the least
noisy estimate on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nashpy
import numpy as np
import quantecon.game_theory as qe

import coinnovation as co

SRC = str(Path(__file__).resolve().parents[1] / "src")


def best_of(fn: Callable[[], Any], number: int, repeat: int) -> float:
    """Seconds per call: the best of ``repeat`` loops of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t) / number)
    return best


def fresh(args: list[str], repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
        best = min(best, time.perf_counter() - t)
    return best


def qe_game(A: np.ndarray, B: np.ndarray) -> Any:
    return qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))


def quiet(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()
    return run


def startup(rows: list[tuple[str, str, float, str]], repeat: int) -> None:
    # interleaved, so that a busy moment of the machine hits all three alike
    numpy = imp = helps = float("inf")
    for _ in range(2 * repeat):
        numpy = min(numpy, fresh(["-c", "import numpy"], 1))
        imp = min(imp, fresh(["-c", "import coinnovation"], 1))
        helps = min(helps, fresh(["-m", "coinnovation", "--help"], 1))
    rows.append(("import coinnovation / import numpy", f"{imp * 1e3:.0f} ms / {numpy * 1e3:.0f} ms",
                 imp / numpy, "<= 1.5"))
    rows.append(("coinnovation --help / import numpy", f"{helps * 1e3:.0f} ms / {numpy * 1e3:.0f} ms",
                 helps / numpy, "< 2"))


def two_by_two(rows: list[tuple[str, str, float, str]], repeat: int) -> None:
    A = np.array([[3.0, 0.0], [0.0, 2.0]])
    B = np.array([[2.0, 0.0], [0.0, 3.0]])
    game = co.NormalFormGame([A, B])
    qg = qe_game(A, B)
    qe.vertex_enumeration(qg)
    qe.support_enumeration(qg)
    ng = nashpy.Game(A, B)
    t_co = best_of(lambda: co.nash_equilibria(game), 2000, repeat)
    t_qv = best_of(lambda: qe.vertex_enumeration(qg), 2000, repeat)
    t_qs = best_of(lambda: qe.support_enumeration(qg), 2000, repeat)
    t_np = best_of(lambda: list(ng.support_enumeration()), 200, repeat)
    rows.append(("2x2 all equilibria: QuantEcon vertex / coinnovation",
                 f"{t_qv * 1e6:.0f} us / {t_co * 1e6:.0f} us", t_qv / t_co, ">= 1"))
    rows.append(("2x2: nashpy support / coinnovation", f"{t_np * 1e6:.0f} us / {t_co * 1e6:.0f} us",
                 t_np / t_co, ">= 10"))
    rows.append(("2x2: coinnovation / QuantEcon support (numba)",
                 f"{t_co * 1e6:.0f} us / {t_qs * 1e6:.1f} us", t_co / t_qs, "<= 2 (stretch)"))


def random_games(rows: list[tuple[str, str, float, str]], repeat: int, games: int) -> None:
    rng = np.random.default_rng(0)
    for sizes, target in (((4, 5, 6, 7, 8), "<= 1.5"), ((10,), "1 to 1.5")):
        t_co = t_qe = 0.0
        for n in sizes:
            for _ in range(games):
                A, B = rng.standard_normal((2, n, n))
                game, qg = co.NormalFormGame([A, B]), qe_game(A, B)
                qe.vertex_enumeration(qg)
                number = 20 if n <= 6 else 3
                t_co += best_of(quiet(lambda game=game: co.nash_equilibria(game)), number, repeat)
                t_qe += best_of(lambda qg=qg: qe.vertex_enumeration(qg), number, repeat)
        label = "4x4 to 8x8" if len(sizes) > 1 else "10x10"
        rows.append((f"random {label}: coinnovation / QuantEcon vertex",
                     f"{t_co * 1e3 / (games * len(sizes)):.2f} ms / "
                     f"{t_qe * 1e3 / (games * len(sizes)):.2f} ms per game", t_co / t_qe, target))


def three_player(rows: list[tuple[str, str, float, str]], repeat: int) -> None:
    rng = np.random.default_rng(1)
    t_all = t_pure = 0.0
    for _ in range(10):
        game = co.NormalFormGame(list(rng.standard_normal((3, 2, 2, 2))))
        t_all += best_of(quiet(lambda game=game: co.nash_equilibria(game)), 100, repeat)
        t_pure += best_of(lambda game=game: co.pure_nash_equilibria(game), 100, repeat)
    rows.append(("2x2x2: all equilibria / pure equilibria", f"{t_all * 1e5:.0f} us / {t_pure * 1e5:.0f} us",
                 t_all / t_pure, "<= 20"))


def many(rows: list[tuple[str, str, float, str]], k: int) -> None:
    rng = np.random.default_rng(2)
    A, B = rng.standard_normal((2, k, 2, 2))
    qe.support_enumeration(qe_game(A[0], B[0]))
    times = []
    for _ in range(3):  # the first call also pays for first touches of fresh memory
        t = time.perf_counter()
        result = co.nash_equilibria(co.GameBatch([A, B]))
        times.append(time.perf_counter() - t)
    t_co, cold = min(times), times[0]
    t = time.perf_counter()
    ref = [qe.support_enumeration(qe_game(A[g], B[g])) for g in range(k)]
    t_qe = time.perf_counter() - t
    same = all(len(ref[g]) == result.counts[g] for g in range(k))
    for g in range(0, k, max(1, k // 1000)):  # a sample of the games, every profile compared
        mine = sorted((tuple(np.round(e.strategies[0], 9)), tuple(np.round(e.strategies[1], 9)))
                      for e in result[g])
        theirs = sorted((tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in ref[g])
        same = same and mine == theirs
    rows.append((f"{k:.0e} 2x2 games: QuantEcon support loop / coinnovation batch",
                 f"{t_qe:.2f} s / {t_co:.3f} s, first call {cold:.3f} s (same equilibria: {same})",
                 t_qe / t_co, ">= 20"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and games")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.quick else 5
    rows: list[tuple[str, str, float, str]] = []
    startup(rows, repeat)
    two_by_two(rows, repeat)
    random_games(rows, repeat, 2 if args.quick else 5)
    three_player(rows, repeat)
    many(rows, 10_000 if args.quick else 100_000)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.markdown:
        print(f"Machine: {machine}.\n")
        print("| measurement | times | ratio | target |\n|---|---|---|---|")
        for name, times, ratio, target in rows:
            print(f"| {name} | {times} | {ratio:.2f} | {target} |")
    else:
        print(machine)
        for name, times, ratio, target in rows:
            print(f"{name:<60} {ratio:8.2f}  (target {target}; {times})")


if __name__ == "__main__":
    main()
