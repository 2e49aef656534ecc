"""Network dynamics: co.NetworkDynamics vs the naive per-node reference of the tests, in one run.

Workload (issue 17): a 10^5-node Barabási–Albert network (3 edges per new node,
about 3 x 10^5 edges), 10^3 synchronous steps of the Fermi rule (intensity 1,
accumulated payoffs) in a snowdrift game (合作剩余 shared, cost split:
R = 3, S = 1, T = 4, P = 0), whose cooperators and defectors coexist, so no run
is absorbed and stopped early.

The naive reference is the per-node loop of
``tests/evolutionary/test_network_dynamics.py`` (``Naive``), which the tests
show gives the same trajectories bit for bit. It is far too slow for 10^3
steps of 10^5 nodes, so it runs ``--naive-steps`` steps and its time is
scaled per step (said in the output); its per-step absorption check is
switched off (the vectorized code does not check absorption every step
either), and its construction (one payoff table per node) is not timed.
The same steps of both are compared for equality.

The other update rules are timed the same way, per step; best response is
the logit choice (intensity 2), which never settles, so no early stop.

Memory: the peak of numpy/scipy allocations (tracemalloc) while building the
dynamics and running 20 steps, for 2.5 x 10^4 to 10^5 nodes, per edge.

Run:  .venv/bin/python benchmarks/bench_network.py [--nodes 100000 --steps 1000 --naive-steps 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import time
import tracemalloc
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

import coinnovation as co

HERE = Path(__file__).resolve().parent
SNOWDRIFT = co.NormalFormGame([[[3, 1], [4, 0]], [[3, 4], [1, 0]]],
                              strategies=[["cooperate", "defect"]] * 2)


def naive_class() -> Any:
    path = HERE.parent / "tests" / "evolutionary" / "test_network_dynamics.py"
    spec = importlib.util.spec_from_file_location("network_reference", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Naive


def timed(fn: Any) -> tuple[float, float, Any]:
    """Wall-clock and CPU (process) seconds of ``fn()``, and its value."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def compare(graph: nx.Graph, update: str, intensity: float | None, steps: int, naive_steps: int,
            Naive: Any) -> dict[str, Any]:
    nd = co.NetworkDynamics(SNOWDRIFT, graph, update=update, intensity=intensity)
    fast_w, fast_c, res = timed(lambda: nd.run(steps, initial=0.5, rng=1))
    ref = Naive(SNOWDRIFT, graph, update=update, intensity=intensity)
    ref.can_change = lambda s: True           # no per-step absorption check (not timed work)
    slow_w, slow_c, out = timed(lambda: ref.run(naive_steps, initial=0.5, seed=1))
    check = nd.run(naive_steps, initial=0.5, rng=1)
    same = bool(np.array_equal(check.final, out[1]) and np.array_equal(check.shares, out[0]))
    return {"update": update, "fast_step": fast_c / steps, "slow_step": slow_c / naive_steps,
            "fast_wall": fast_w / steps, "slow_wall": slow_w / naive_steps,
            "same": same, "absorbed": bool(res.absorbed[0]), "share": float(res.shares[0, -1, 0]),
            "fast_total": fast_w}


def memory(nodes: int, attach: int) -> tuple[int, int]:
    graph = nx.barabasi_albert_graph(nodes, attach, seed=2)
    tracemalloc.start()
    tracemalloc.reset_peak()
    nd = co.NetworkDynamics(SNOWDRIFT, graph, intensity=1.0)
    nd.run(20, initial=0.5, rng=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return graph.number_of_edges(), peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--attach", type=int, default=3)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--naive-steps", type=int, default=3)
    ap.add_argument("--other-steps", type=int, default=50)
    args = ap.parse_args()
    Naive = naive_class()
    t_graph, _, graph = timed(lambda: nx.barabasi_albert_graph(args.nodes, args.attach, seed=1))
    t_build, _, _ = timed(lambda: co.NetworkDynamics(SNOWDRIFT, graph))
    print(f"Barabási–Albert graph: {args.nodes} nodes, {graph.number_of_edges()} edges "
          f"(networkx {t_graph:.2f} s); NetworkDynamics built in {t_build:.2f} s")
    print(f"naive reference: {args.naive_steps} steps per rule, time scaled per step; "
          "vectorized: the steps below. CPU time per step (process time: the machine may be "
          "shared), wall-clock ratio alongside")
    print(f"{'rule':<16}{'steps':>7}{'vectorized':>14}{'naive':>12}{'ratio':>9}{'wall':>8}"
          "  same bits  absorbed")
    rows = [compare(graph, "fermi", 1.0, args.steps, args.naive_steps, Naive),
            compare(graph, "imitate_best", None, args.other_steps, args.naive_steps, Naive),
            compare(graph, "best_response", 2.0, args.other_steps, args.naive_steps, Naive)]
    for r, steps in zip(rows, (args.steps, args.other_steps, args.other_steps), strict=True):
        print(f"{r['update']:<16}{steps:>7}{r['fast_step'] * 1e3:>11.2f} ms{r['slow_step']:>10.3f} s"
              f"{r['slow_step'] / r['fast_step']:>8.0f}x{r['slow_wall'] / r['fast_wall']:>7.0f}x"
              f"  {r['same']!s:<9}  {r['absorbed']}")
    f = rows[0]
    print(f"fermi, {args.steps} synchronous steps of {args.nodes} nodes: {f['fast_total']:.2f} s "
          f"wall-clock vectorized; naive estimate {f['slow_wall'] * args.steps:.0f} s "
          f"({f['slow_step'] / f['fast_step']:.0f}x in CPU time); final share of cooperators "
          f"{f['share']:.3f}")
    print("peak memory (tracemalloc: build + 20 steps)")
    sizes = [args.nodes // 4, args.nodes // 2, args.nodes]
    for n in sizes:
        edges, peak = memory(n, args.attach)
        print(f"  {n:>7} nodes {edges:>8} edges: {peak / 2**20:7.1f} MiB = {peak / edges:6.1f} "
              f"bytes per edge")


if __name__ == "__main__":
    main()
