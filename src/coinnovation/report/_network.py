r"""Report section of ``[network]``: evolutionary dynamics on the cluster's graph, and targeting.

:func:`section_network` runs :class:`~coinnovation.NetworkDynamics` on the
section's graph (网络演化博弈), reports the cooperation share per population
over runs, absorption and cluster statistics, and — with ``targeting`` —
:func:`~coinnovation.subsidy_targeting` (精准补贴). Figures: the network
coloured by final strategy (graphs of at most :data:`MAX_DRAWN_NODES` nodes),
the share over time with a band over runs, and cooperation against the budget
per rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._plot_network import network_shares, network_strategies, targeting_curves
from ..io.model import Model
from ..policy.targeting import subsidy_targeting
from .document import Report

__all__ = ["MAX_DRAWN_NODES", "section_network"]

MAX_DRAWN_NODES = 300
"""Graphs with more nodes are not drawn (a drawing of them shows nothing readable)."""

_GENERATOR_NAMES = {"barabasi_albert": "Barabási–Albert", "watts_strogatz": "Watts–Strogatz",
                    "erdos_renyi": "Erdős–Rényi random", "random_regular": "random regular",
                    "edge_list": "given"}
_UPDATE_NAMES = {"fermi": "Fermi rule: copy a neighbour, the more likely the better it earns",
                 "imitate_best": "copy the best-earning neighbour",
                 "best_response": "best response to the neighbours"}


def _dynamics(model: Model) -> tuple[Any, str | None]:
    """The dynamics at the model's values; symbolic in the targeted parameter when there is one."""
    net = model.network
    if net.targeting is None:
        return net.dynamics(model.numeric_game()), None
    name = net.targeting.parameter
    game = model.game_in(name)
    return net.dynamics(game, {name: float(model.values[name])}), name


def section_network(rep: Report, model: Model, figures: bool) -> None:
    """The ``[network]`` section."""
    net = model.network
    nd, _ = _dynamics(model)
    res = nd.run(net.steps, initial=net.initial, runs=net.runs, rng=net.seed)
    g = net.graph
    rep.h("The cluster as a network (网络演化博弈)")
    pops = list(res.populations)
    roles = {p.name: p.role or p.name for p in model.players}
    counts = [int(np.sum(nd.population_of == k)) for k in range(len(pops))]
    who = (", ".join(f"{c} {roles.get(p, p)}" for c, p in zip(counts, pops, strict=True))
           if len(pops) > 1 else f"{g.number_of_nodes()} members of one population")
    kind = _GENERATOR_NAMES.get(net.spec["generator"], net.spec["generator"])
    rep.p(f"The game is played along the ties of a {kind} "
          f"network of {g.number_of_nodes()} nodes and {g.number_of_edges()} edges ({who}). "
          f"Each step every node plays its neighbours and then updates its strategy "
          f"({_UPDATE_NAMES[net.update]}; {net.schedule}, intensity {net.intensity:g}, "
          f"{net.payoff} payoffs); strategies are copied only within a population. "
          f"{net.runs} runs of {net.steps} steps (seed {net.seed}).")
    final = res.shares[:, -1, :]
    mean, (lo, hi) = final.mean(axis=0), np.quantile(final, [0.05, 0.95], axis=0)
    first = _first_strategy(model, len(pops))
    rows = [[roles.get(p, p), first[k], f"{mean[k]:.3f}", f"[{lo[k]:.3f}, {hi[k]:.3f}]"]
            for k, p in enumerate(pops)]
    rep.p("Share of each population playing its first strategy at the end (mean over runs and "
          "the range of the middle 90 % of runs):")
    rep.table(["population", "strategy", "final share", "90 % of runs"], rows)
    absorbed = res.absorbed
    rep.p(f"{int(absorbed.sum())} of {res.runs} runs reached a state where no node changes "
          f"any more. The largest connected group of cooperating nodes has "
          f"{float(np.mean(res.largest_cluster)):.1f} nodes on average.")
    rep.data["network"] = {"generator": net.spec["generator"], "nodes": g.number_of_nodes(),
                           "edges": g.number_of_edges(), "populations": pops,
                           "steps": net.steps, "runs": net.runs, "seed": net.seed,
                           "final_share_mean": mean.tolist(),
                           "final_share_band": [lo.tolist(), hi.tolist()],
                           "absorbed_runs": int(absorbed.sum()),
                           "largest_cluster_mean": float(np.mean(res.largest_cluster))}
    if figures:
        _figures(rep, res, [roles.get(p, p) for p in pops], g.number_of_nodes())
    if net.targeting is not None:
        _targeting(rep, model, nd, figures)


def _first_strategy(model: Model, n_pops: int) -> list[str]:
    return [p.strategies[0] for p in model.players][:max(n_pops, 1)]


def _figures(rep: Report, res: Any, names: list[str], n_nodes: int) -> None:
    ax = network_shares(res, names=names, title="Share playing strategy 0 over time")
    _fit(ax.figure)
    rep.figure("network_shares", ax.figure, "Share playing strategy 0 per population: mean over "
               "runs and the band of the middle 90 % of runs")
    if n_nodes <= MAX_DRAWN_NODES:
        ax = network_strategies(res, title="Final strategies (run 1)")
        _fit(ax.figure)
        rep.figure("network_final", ax.figure, "The network at the end of the first run, nodes "
                   "coloured by strategy and shaped by population")
    else:
        rep.p(f"The network itself is not drawn: with {n_nodes} nodes (more than "
              f"{MAX_DRAWN_NODES}) a drawing shows nothing readable.")


def _targeting(rep: Report, model: Model, nd: Any, figures: bool) -> None:
    net, t = model.network, model.network.targeting
    base = float(model.values[t.parameter])
    res = subsidy_targeting(nd, budget=list(t.budget), strategies=list(t.strategies),
                            parameter=t.parameter, subsidy=t.subsidy,
                            steps=t.steps or net.steps, runs=t.runs or max(net.runs, 2),
                            initial=net.initial, rng=net.seed)
    rep.h("Where to aim a limited subsidy (精准补贴)")
    rep.p(f"{t.parameter} is {t.subsidy:g} instead of {base:g} for k chosen nodes, the others "
          f"keep {base:g}. Final cooperation for each budget k and each way of choosing the "
          "nodes (mean over runs, 95 % confidence interval); every rule is scored on the same "
          "random runs." + (" The greedy rule is a heuristic: it adds one node at a time and is "
                            "not guaranteed to find the best set." if "greedy" in t.strategies
                            else ""))
    d = res.to_dict()
    d.pop("values", None)     # every run's share: too long for the report
    rows = []
    for i, rule in enumerate(res.rules):
        for j, k in enumerate(res.budgets):
            rows.append([rule, str(k), f"{res.mean[i, j]:.3f}",
                         f"[{res.lower[i, j]:.3f}, {res.upper[i, j]:.3f}]"])
    rep.table(["rule", "budget k", "final cooperation", "95 % interval"], rows)
    top = max(res.budgets)
    rep.p(f"With {top} subsidised nodes the highest mean is reached by {res.best(top)} "
          "(rules whose intervals overlap are not clearly different).")
    rep.data["targeting"] = d
    if figures:
        ax = targeting_curves(res, title=f"Cooperation against the budget ({t.parameter})")
        _fit(ax.figure)
        rep.figure("network_targeting", ax.figure,
                   "Final cooperation against the number of subsidised nodes, per rule")


def _fit(fig: Any) -> None:
    """Fit labels inside the figure unless it already has a layout engine (constrained layout)."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()
