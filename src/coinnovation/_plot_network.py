r"""Figures of network dynamics (需要 matplotlib): the network by final strategy, shares, targeting.

Re-exported by :mod:`coinnovation.plot` and following its conventions: every
function draws on the Axes it is given, or on a new Figure created without
pyplot, returns the Axes, and never changes the user's backend or settings;
Chinese labels are drawn with a CJK-capable font when there is one.

- :func:`network_strategies`: the graph, nodes coloured by final strategy
  (marker by population), for small graphs;
- :func:`network_shares`: shares of strategy 0 over time, mean and quantile
  band over runs;
- :func:`targeting_curves`: final cooperation against the subsidy budget, one
  curve with its confidence band per targeting rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._plot_base import clean_label, font_properties, legend, new_axes, palette, set_labels
from .errors import InvalidInputError
from .evolutionary.network import NetworkResult
from .policy.targeting import TargetingResult

__all__ = ["network_shares", "network_strategies", "targeting_curves"]

STRATEGY_COLORS = ("#2ca02c", "#d62728", "#1f77b4", "#ff7f0e", "#9467bd", "#8c564b")
"""Node colour of strategy 0 (cooperate: green), 1 (defect: red), 2, ..."""

POPULATION_MARKERS = ("o", "s", "^", "D", "v", "P")
"""Node marker of population 0, 1, 2, ..."""

MAX_DRAWN_NODES = 2000
"""Largest graph :func:`network_strategies` draws."""


def _result(result: Any, what: str) -> Any:
    if not isinstance(result, NetworkResult):
        raise InvalidInputError(f"result: {what} needs a NetworkResult (from NetworkDynamics.run), got "
                                f"{type(result).__name__}")
    return result


def network_strategies(result: Any, *, run: int = 0, pos: Mapping[Any, Any] | None = None,
                       ax: Any = None, title: str | None = None, node_size: float | None = None,
                       seed: int = 0) -> Any:
    """The network with every node coloured by its final strategy (small graphs).

    Colours: :data:`STRATEGY_COLORS` (strategy 0, cooperate, green; strategy
    1, defect, red); markers: :data:`POPULATION_MARKERS` by population.

    Parameters
    ----------
    result : NetworkResult
    run : int
        Which run's final state to draw.
    pos : mapping, optional
        ``{node: (x, y)}``; default: a spring layout (NetworkX, seeded by
        ``seed``), or the grid coordinates of a ``grid_2d_graph``.
    ax : matplotlib Axes, optional
    node_size : float, optional
        Marker area (default: smaller for larger graphs).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for more than :data:`MAX_DRAWN_NODES` nodes, a bad run index or a
        ``pos`` without some node.

    Examples
    --------
    >>> import networkx as nx, coinnovation as co
    >>> from coinnovation import plot
    >>> pd = co.NormalFormGame([[[1, 0], [1.2, 0]], [[1, 1.2], [0, 0]]])
    >>> res = co.NetworkDynamics(pd, nx.grid_2d_graph(6, 6), update="imitate_best").run(
    ...     10, initial=0.8, rng=1)
    >>> ax = plot.network_strategies(res)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['s0', 's1']
    """
    res = _result(result, "network_strategies")
    n = len(res.nodes)
    if n > MAX_DRAWN_NODES:
        raise InvalidInputError(f"result: network_strategies draws graphs of up to {MAX_DRAWN_NODES} "
                                f"nodes, this one has {n}; plot network_shares instead")
    if isinstance(run, bool) or not isinstance(run, (int, np.integer)) or not 0 <= run < res.runs:
        raise InvalidInputError(f"run: expected an index below {res.runs}, got {run!r}")
    xy = _layout(res, pos, seed)
    ax = new_axes(ax, figsize=(6.0, 5.5))
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    adj = res._adjacency
    rows = np.repeat(np.arange(n), np.diff(adj.indptr))
    upper = rows < adj.indices
    segs = np.stack([xy[rows[upper]], xy[adj.indices[upper]]], axis=1)
    ax.add_collection(LineCollection(segs, colors="#999999", linewidths=0.6, zorder=1))
    final = res.final[run]
    pops = res._population_of
    size = node_size if node_size is not None else float(np.clip(3000.0 / max(n, 1), 8.0, 120.0))
    handles, labels = [], []
    for s in range(int(final.max()) + 1):
        names = sorted({res.strategies[k][s] for k in range(len(res.populations))
                        if s < len(res.strategies[k])})
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=STRATEGY_COLORS[
            s % len(STRATEGY_COLORS)], markeredgecolor="black", markersize=7))
        labels.append(" / ".join(names))
    for k in range(len(res.populations)):
        sel = pops == k
        if not sel.any():
            continue
        colors = [STRATEGY_COLORS[int(v) % len(STRATEGY_COLORS)] for v in final[sel]]
        ax.scatter(xy[sel, 0], xy[sel, 1], s=size, c=colors, marker=POPULATION_MARKERS[
            k % len(POPULATION_MARKERS)], edgecolors="black", linewidths=0.4, zorder=2)
        if len(res.populations) > 1:
            handles.append(Line2D([], [], marker=POPULATION_MARKERS[k % len(POPULATION_MARKERS)],
                                  linestyle="", markerfacecolor="white", markeredgecolor="black",
                                  markersize=7))
            labels.append(res.populations[k])
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.set_xticks([])
    ax.set_yticks([])
    share = float(np.mean(final == 0))
    set_labels(ax, title if title is not None else
                  f"Final strategies (run {run}; share of strategy 0: {share:.2f})", None, None)
    font = font_properties()
    font.set_size(8)
    ax.legend(handles, [clean_label(t) for t in labels], prop=font, loc="upper left",
              bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax


def _layout(res: Any, pos: Mapping[Any, Any] | None, seed: int) -> np.ndarray:
    nodes = res.nodes
    if pos is not None:
        if not isinstance(pos, Mapping):
            raise InvalidInputError(f"pos: expected a mapping {{node: (x, y)}}, got "
                                    f"{type(pos).__name__}")
        missing = [v for v in nodes if v not in pos]
        if missing:
            raise InvalidInputError(f"pos: no position for node {missing[0]!r}")
        return np.array([[float(c) for c in pos[v]] for v in nodes])
    if all(isinstance(v, tuple) and len(v) == 2 and all(isinstance(c, (int, np.integer)) for c in v)
           for v in nodes):
        return np.array([[float(v[1]), -float(v[0])] for v in nodes])   # a grid: row, column
    import networkx as nx  # optional extra "network": the spring layout of small graphs

    g = nx.from_scipy_sparse_array(res._adjacency)
    lay = nx.spring_layout(g, seed=seed)
    return np.array([lay[i] for i in range(len(nodes))])


def network_shares(result: Any, *, level: float = 0.9, ax: Any = None,
                   names: Sequence[str] | None = None, title: str | None = None) -> Any:
    """Shares of strategy 0 over time: mean over runs with the central ``level`` band.

    Parameters
    ----------
    result : NetworkResult
    level : float
        Width of the quantile band over runs (0.9: from the 5 % to the 95 %
        quantile); no band for a single run.
    ax : matplotlib Axes, optional
    names : sequence of str, optional
        Population labels (default: the populations), e.g. ``["企业", "高校"]``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx, coinnovation as co
    >>> from coinnovation import plot
    >>> pd = co.NormalFormGame([[[1, 0], [1.2, 0]], [[1, 1.2], [0, 0]]])
    >>> res = co.NetworkDynamics(pd, nx.barabasi_albert_graph(50, 2, seed=1)).run(
    ...     20, runs=5, rng=1)
    >>> ax = plot.network_shares(res)
    >>> len(ax.get_lines()), len(ax.collections)
    (1, 1)
    """
    res = _result(result, "network_shares")
    pops = list(names) if names is not None else list(res.populations)
    if len(pops) != len(res.populations):
        raise InvalidInputError(f"names: expected {len(res.populations)} names, got {len(pops)}")
    ax = new_axes(ax)
    t = np.arange(res.steps + 1)
    mean = res.mean_shares
    colors = palette(len(pops))
    band = res.band(level) if res.runs > 1 else None
    for k, name in enumerate(pops):
        ax.plot(t, mean[:, k], color=colors[k], linewidth=1.6,
                label=f"{name} (mean of {res.runs} runs)" if res.runs > 1 else name)
        if band is not None:
            ax.fill_between(t, band[0][:, k], band[1][:, k], color=colors[k], alpha=0.2, linewidth=0)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0, max(1, res.steps))
    unit = "Monte Carlo steps" if res.schedule == "asynchronous" else "steps"
    s0 = " / ".join(sorted({s[0] for s in res.strategies}))
    set_labels(ax, title if title is not None else
                  f"Cooperation on the network ({res.update}, {res.schedule})", unit,
                  f"share playing strategy 0 ({s0})")
    legend(ax, loc="best", fontsize=8)
    return ax


def targeting_curves(result: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Final cooperation against the subsidy budget, one curve and confidence band per rule.

    Parameters
    ----------
    result : TargetingResult
        From :func:`coinnovation.subsidy_targeting`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx, sympy as sp, coinnovation as co
    >>> from coinnovation import plot
    >>> S = sp.Symbol("S")
    >>> stag = co.NormalFormGame([[[4 + S, S], [3, 1]], [[4 + S, 3], [S, 1]]])
    >>> nd = co.NetworkDynamics(stag, nx.star_graph(9), update="best_response",
    ...                         parameters={"S": 0})
    >>> res = co.subsidy_targeting(nd, budget=[0, 1, 2], strategies=("degree", "random"),
    ...                            subsidy=1.0, steps=5, runs=10, rng=1)
    >>> ax = plot.targeting_curves(res)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['degree', 'random']
    """
    if not isinstance(result, TargetingResult):
        raise InvalidInputError(f"result: targeting_curves needs a TargetingResult (from "
                                f"co.subsidy_targeting), got {type(result).__name__}")
    ax = new_axes(ax)
    b = np.asarray(result.budgets, dtype=float)
    colors = palette(len(result.rules))
    markers = ("o", "s", "^", "D", "v", "P")
    for k, rule in enumerate(result.rules):
        ax.plot(b, result.mean[k], color=colors[k], marker=markers[k % len(markers)], linewidth=1.5,
                label=rule)
        ax.fill_between(b, result.lower[k], result.upper[k], color=colors[k], alpha=0.15,
                        linewidth=0)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(b)
    set_labels(ax, title if title is not None else
                  f"Final cooperation when k nodes get {result.parameter} = {result.subsidy:g} "
                  f"({result.level:.0%} intervals)", "budget k (subsidised nodes)",
                  f"final share of {result.measured} cooperating")
    legend(ax, loc="best", fontsize=8)
    return ax
