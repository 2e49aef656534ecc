"""Differential games: the symbolic three-mode solution of the canonical knowledge-stock model.

Workload (issue 16): build ``co.models.knowledge_stock()`` (cost sharing, all
parameters symbolic) and solve it in the three modes — feedback Nash,
Stackelberg with the enterprise's bounded cost-sharing rate (a ``Piecewise``
over its regimes), cooperation — each verified by substitution into its HJB
equations. Target: under 2 s. The sympy cache is cleared before each
repetition. The answers are checked against the closed forms of the
literature (Nash efforts, the rate (3 alpha - 1)/(1 + alpha) above 1/3).

No peer library solves differential games symbolically; the figure is
absolute.

Run:  .venv/bin/python benchmarks/bench_differential.py [--repeat 3] [--markdown]
"""

from __future__ import annotations

import argparse
import time

import sympy as sp
from sympy.core.cache import clear_cache

import coinnovation as co


def three_modes() -> dict[str, co.FeedbackEquilibrium]:
    game = co.models.knowledge_stock()
    return {"nash": co.feedback_equilibrium(game, mode="nash"),
            "cooperative": co.feedback_equilibrium(game, mode="cooperative"),
            "stackelberg": co.feedback_equilibrium(game, mode="stackelberg", leader="enterprise")}


def check(eqs: dict[str, co.FeedbackEquilibrium]) -> bool:
    game = eqs["nash"].game
    s = game.symbols
    nash = s["a_E"] * s["alpha"] * s["theta"] / (s["mu_E"] * (s["rho"] + s["delta"]))
    rate = eqs["stackelberg"].controls[s["t"]]
    return (sp.simplify(eqs["nash"].controls[s["u_E"]] - nash) == 0
            and rate.subs(s["alpha"], sp.Rational(1, 2)) == sp.Rational(1, 3)
            and rate.subs(s["alpha"], sp.Rational(1, 4)) == 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    best, ok = float("inf"), False
    for _ in range(args.repeat):
        clear_cache()
        t0 = time.perf_counter()
        eqs = three_modes()
        best = min(best, time.perf_counter() - t0)
        ok = check(eqs)
    if args.markdown:
        print("| case | coinnovation (s) | target (s) | same answer as the closed forms |")
        print("|---|---:|---:|:---:|")
        print(f"| knowledge stock, three modes, symbolic | {best:.2f} | 2.00 | {'yes' if ok else 'NO'} |")
    else:
        print(f"three-mode symbolic solution: best of {args.repeat}: {best:.2f} s (target 2 s); "
              f"closed forms {'match' if ok else 'DO NOT match'}")


if __name__ == "__main__":
    main()
