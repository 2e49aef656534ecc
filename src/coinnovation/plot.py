r"""Figures for papers: phase portraits, trajectories, regime maps, allocations (需要 matplotlib).

Install with ``pip install "coinnovation[plot]"``. Every function draws on the
Axes it is given, or on a new :class:`matplotlib.figure.Figure` (created
without :mod:`matplotlib.pyplot`), and returns the Axes; none of them changes
the user's backend or global settings. Save with ``ax.figure.savefig(...)``.

Chinese labels (角色名称 such as 企业, 高校, 政府) are drawn with a CJK-capable
font when one is available: an installed Noto Sans CJK / Source Han /
WenQuanYi / SimHei font, or the OFL-licensed Noto Sans CJK font that the
``plot`` extra installs from PyPI (``noto-cjk-sans-jp-regular``). Without one,
characters no available font can draw are left out of the label (with a
clean result, never a missing-glyph box or warning).

The figures:

- :func:`phase_portrait`: 2-population replicator dynamics on the unit
  square, with rest points marked by kind (sink, source, saddle, ...).
- :func:`trajectories_3d`: 3-population trajectories in the unit cube.
- :func:`evolution`: shares over time from several starting points.
- :func:`allocation_bars`: grouped bars of several allocation rules.
- :func:`regime_map`: which outcome holds over a grid of two parameters.
- :func:`threshold_plot`: stability margins against a parameter, with the
  threshold and the stable region marked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from ._plot_base import (
    OKABE_ITO,
    cjk_font,
    clean_label,
    font_properties,
    legend,
    new_axes,
    palette,
    set_labels,
)
from ._util.latex import latex
from .coalitional.rules import label_of
from .errors import InvalidInputError
from .evolutionary.replicator import ReplicatorDynamics
from .games.normal_form import NormalFormGame

__all__ = [
    "KIND_STYLE",
    "allocation_bars",
    "cjk_font",
    "clean_label",
    "evolution",
    "phase_portrait",
    "regime_map",
    "threshold_plot",
    "trajectories_3d",
]

KIND_STYLE: dict[str, dict[str, Any]] = {
    "sink": {"marker": "o", "facecolor": "black", "edgecolor": "black", "label": "sink (ESS)"},
    "source": {"marker": "o", "facecolor": "white", "edgecolor": "black", "label": "source"},
    "saddle": {"marker": "s", "facecolor": "#bbbbbb", "edgecolor": "black", "label": "saddle"},
    "non-hyperbolic": {"marker": "D", "facecolor": "#f0c000", "edgecolor": "black",
                       "label": "non-hyperbolic"},
    "undecided": {"marker": "^", "facecolor": "#9ecae1", "edgecolor": "black",
                  "label": "undecided"},
}
"""Marker style of each kind of rest point."""

def _dynamics(dynamics: Any, d: int, what: str) -> Any:
    rd = ReplicatorDynamics(dynamics) if isinstance(dynamics, NormalFormGame) else dynamics
    if not isinstance(rd, ReplicatorDynamics):
        raise InvalidInputError(f"dynamics: expected a ReplicatorDynamics or NormalFormGame, got "
                                f"{type(dynamics).__name__}")
    if len(rd.state) != d:
        raise InvalidInputError(f"dynamics: {what} needs {d} state variables (e.g. "
                                f"{d} populations with two strategies), got {len(rd.state)}")
    if rd.parameters:
        raise InvalidInputError("dynamics: the payoffs have free parameters "
                                f"{sorted(map(str, rd.parameters))}; substitute numbers first")
    return rd


def _axis_names(rd: Any, names: Sequence[str] | None, short: bool = False) -> list[str]:
    game = rd.game
    pops = list(names) if names is not None else list(game.players)
    if len(pops) != len(rd.state):
        raise InvalidInputError(f"names: expected {len(rd.state)} names, got {len(pops)}")
    out = []
    for k, (s, who) in enumerate(zip(rd.state, pops, strict=True)):
        strat = game.strategies[k][0] if k < game.n_players and len(rd.state) == game.n_players \
            else "strategy 0"
        out.append(f"{s}: {who}, {strat}" if short else f"{s}: share of {who} playing {strat}")
    return out


def phase_portrait(dynamics: Any, *, ax: Any = None, names: Sequence[str] | None = None,
                   density: float = 1.1, title: str | None = None) -> Any:
    """Phase portrait of 2-population replicator dynamics on the unit square.

    The vector field is drawn as streamlines coloured by speed; rest points
    (vertices, edges, interior) are marked by kind from
    :meth:`ReplicatorDynamics.classify` (:data:`KIND_STYLE`).

    Parameters
    ----------
    dynamics : ReplicatorDynamics or NormalFormGame
        Numeric, two populations with two strategies each (state ``x, y``).
    ax : matplotlib Axes, optional
    names : sequence of str, optional
        Population labels for the axes (default: the players' names), e.g.
        ``["企业", "高校"]``.
    density : float
        Streamline density.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import coinnovation as co
    >>> from coinnovation import plot
    >>> g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]],
    ...                       players=["enterprise", "university"])
    >>> ax = plot.phase_portrait(g)
    >>> ax.get_xlabel()
    'x: share of enterprise playing s0'
    """
    rd = _dynamics(dynamics, 2, "phase_portrait")
    ax = new_axes(ax)
    f = sp.lambdify(rd.state, list(rd.equations), "numpy")
    grid = np.linspace(0.0, 1.0, 41)
    X, Y = np.meshgrid(grid, grid)
    U, V = (np.broadcast_to(np.asarray(v, dtype=float), X.shape) for v in f(X, Y))
    speed = np.hypot(U, V)
    ax.streamplot(X, Y, U, V, density=density, color=speed, cmap="Blues", linewidth=0.9,
                  arrowsize=1.0)
    seen: set[str] = set()
    for rp in rd.rest_points():
        if rp.is_continuum or rp.is_implicit:
            continue
        kind = rd.classify(rp).kind
        st = KIND_STYLE.get(kind, KIND_STYLE["undecided"])
        x, y = (float(v) for v in rp.reduced)
        ax.scatter([x], [y], s=70, marker=st["marker"], facecolors=st["facecolor"],
                   edgecolors=st["edgecolor"], zorder=5, clip_on=False,
                   label=st["label"] if kind not in seen else None)
        seen.add(kind)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    xl, yl = _axis_names(rd, names)
    set_labels(ax, title if title is not None else "Phase portrait of the replicator dynamics",
                xl, yl)
    ax.tick_params(pad=8)  # tick labels clear of the rest-point markers on the corners
    ax.title.set_y(1.03)
    legend(ax, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=8)
    return ax


def _starts(rd: Any, x0: Any, n: int, rng: Any) -> np.ndarray:
    if x0 is None:
        return rd.random_states(n, rng=rng)
    arr = np.asarray(x0, dtype=float)
    if arr.ndim == 1:
        arr = arr[None, :]
    return arr


def trajectories_3d(dynamics: Any, x0: Any = None, *, t_end: float = 50.0, n: int = 12,
                    rng: Any = 0, ax: Any = None, names: Sequence[str] | None = None,
                    title: str | None = None) -> Any:
    """Trajectories of 3-population replicator dynamics in the unit cube (x, y, z).

    Parameters
    ----------
    dynamics : ReplicatorDynamics or NormalFormGame
        Numeric, three populations with two strategies each (the
        government–enterprise–university game).
    x0 : array_like, shape (k, 3), optional
        Starting points (default: ``n`` uniform random states drawn with ``rng``).
    t_end : float
    ax : 3-D matplotlib Axes, optional
    names : sequence of str, optional
        Population labels, e.g. ``["企业", "高校", "政府"]``.

    Returns
    -------
    mpl_toolkits.mplot3d.axes3d.Axes3D

    Examples
    --------
    >>> import coinnovation as co
    >>> from coinnovation import plot
    >>> from coinnovation.models import TRIPARTITE_TYPICAL
    >>> g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    >>> ax = plot.trajectories_3d(g, n=4, t_end=20)
    >>> ax.get_zlabel()
    'z: government, active'
    """
    rd = _dynamics(dynamics, 3, "trajectories_3d")
    ax = new_axes(ax, projection="3d", figsize=(6.5, 5.5))
    starts = _starts(rd, x0, n, rng)
    tr = rd.simulate(starts, t_end, n_points=301)
    red = tr.reduced
    colors = palette(len(starts))
    for b in range(red.shape[0]):
        ax.plot(red[b, :, 0], red[b, :, 1], red[b, :, 2], color=colors[b], linewidth=1.1)
        ax.scatter([red[b, 0, 0]], [red[b, 0, 1]], [red[b, 0, 2]], color=colors[b], s=12,
                   marker="o", label="start" if b == 0 else None)
    ends = red[:, -1, :]
    ax.scatter(ends[:, 0], ends[:, 1], ends[:, 2], color="black", s=30, marker="*",
               label=f"state at t = {t_end:g}", depthshade=False)
    for rp in rd.rest_points_on_vertices():
        if rd.classify(rp).kind == "sink":
            x, y, z = (float(v) for v in rp.reduced)
            ax.scatter([x], [y], [z], s=90, facecolors="none", edgecolors=OKABE_ITO[3],
                       linewidths=1.5, label="ESS vertex", depthshade=False)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_zlim(0, 1)
    ax.set_box_aspect(None, zoom=0.85)
    xl, yl, zl = _axis_names(rd, names, short=True)
    set_labels(ax, title if title is not None else
               "Evolutionary trajectories (axes: share playing the named strategy)", xl, yl, zl)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.labelpad = 10  # clear of the tick labels where two axes meet
    handles, labels = ax.get_legend_handles_labels()
    uniq = dict(zip(labels, handles, strict=True))
    font = font_properties()
    font.set_size(8)
    ax.legend(list(uniq.values()), [clean_label(k) for k in uniq], prop=font, loc="upper left")
    return ax


def _basin_starts(rd: Any, rng: Any, t_end: float, pool: int = 64, least: int = 3
                  ) -> np.ndarray:
    """One start per attractor reached from ``pool`` random starts (and one that did not
    settle), topped up to ``least`` starts from the pool."""
    starts = rd.random_states(pool, rng=rng)
    tr = rd.simulate(starts, t_end, n_points=101)
    chosen: dict[str, int] = {}
    for b in range(starts.shape[0]):
        lim = tr.limits[b] if tr.converged[b] else None
        key = _limit_label(rd, lim) if lim is not None else "not settled"
        chosen.setdefault(key, b)
    picks = [chosen[k] for k in sorted(chosen, key=lambda k: (k == "not settled", k))]
    picks += [b for b in range(starts.shape[0]) if b not in picks][:max(0, least - len(picks))]
    return starts[picks]


def _limit_label(rd: Any, lim: Any) -> str:
    if lim.profile is not None:
        return "(" + ", ".join(rd.game.strategies[i][a] for i, a in enumerate(lim.profile)) + ")"
    if getattr(lim, "free", ()):
        return "a continuum of rest points"

    def coord(v: Any) -> str:
        try:
            return f"{float(v):.2f}"
        except TypeError:
            return str(v)

    return "(" + ", ".join(coord(v) for v in lim.reduced) + ")"


def _settle_time(t: np.ndarray, red: np.ndarray) -> float:
    """The time after which every curve stays within half a percent of its end value."""
    moving = np.any(np.abs(red - red[:, -1:, :]) > 0.005, axis=(0, 2))
    idx = np.nonzero(moving)[0]
    last = int(idx[-1]) + 1 if idx.size else 1
    return float(t[min(len(t) - 1, max(last + max(last // 5, 2), 2))])


def evolution(dynamics: Any, x0: Any = None, *, t_end: float = 50.0, n: int | None = None,
              rng: Any = 0, ax: Any = None, names: Sequence[str] | None = None,
              title: str | None = None, cut: bool = True) -> Any:
    """Shares of strategy 0 over time, one start in each basin of attraction (演化路径).

    One colour per population, one line style per start; the legend names
    the populations (colours) and where each start ends (line styles).

    Parameters
    ----------
    dynamics : ReplicatorDynamics or NormalFormGame
        Numeric; every population has two strategies.
    x0 : array_like, shape (k, d), optional
        Starting points in reduced coordinates. Default: ``n`` random states
        when ``n`` is given, else one start from the basin of each attractor
        found from 64 random starts (so a bistable game shows both outcomes).
    t_end : float
    n : int, optional
    rng : seed or Generator
    ax : matplotlib Axes, optional
    names : sequence of str, optional
        Population labels (default: the players' names).
    cut : bool
        End the time axis where every curve has settled (within half a
        percent of its final value), not at ``t_end``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import coinnovation as co
    >>> from coinnovation import plot
    >>> g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])
    >>> ax = plot.evolution(g, [[0.6, 0.7], [0.3, 0.2]], t_end=20)
    >>> len(ax.get_lines())
    4
    >>> ax = plot.evolution(g, t_end=40)   # bistable: one start ends in each sink
    >>> [t.get_text() for t in ax.get_legend().get_texts()][2:4]
    ['start 1 → (s0, s0)', 'start 2 → (s1, s1)']
    """
    rd = ReplicatorDynamics(dynamics) if isinstance(dynamics, NormalFormGame) else dynamics
    rd = _dynamics(rd, len(rd.state), "evolution")
    ax = new_axes(ax, figsize=(7.5, 4.5))
    if x0 is None and n is None:
        starts = _basin_starts(rd, rng, t_end)
    else:
        starts = _starts(rd, x0, 5 if n is None else n, rng)
    tr = rd.simulate(starts, t_end, n_points=401)
    limits = [tr.limits[b] if tr.converged[b] else None for b in range(len(starts))]
    if cut:
        t_cut = _settle_time(tr.t, tr.reduced)
        if t_cut < float(tr.t[-1]):
            tr = rd.simulate(starts, t_cut, n_points=301)
    red = tr.reduced
    ends = [_limit_label(rd, lim) if lim is not None else "not settled" for lim in limits]
    pops = list(names) if names is not None else (
        list(rd.game.players) if len(rd.state) == rd.game.n_players else [str(s) for s in rd.state])
    colors = palette(len(rd.state))
    styles = ["-", "--", ":", "-.", (0, (5, 1)), (0, (1, 3))]
    for b in range(red.shape[0]):
        for k in range(red.shape[2]):
            ax.plot(tr.t, red[b, :, k], color=colors[k], linestyle=styles[b % len(styles)],
                    linewidth=1.4)
    from matplotlib.lines import Line2D  # optional dependency (the plot extra)

    handles = [Line2D([], [], color=colors[k], linewidth=2.0) for k in range(len(rd.state))]
    labels = [f"{rd.state[k]}: {pops[k]}" for k in range(len(rd.state))]
    handles += [Line2D([], [], color="0.3", linestyle=styles[b % len(styles)], linewidth=1.4)
                for b in range(red.shape[0])]
    labels += [f"start {b + 1} → {ends[b]}" for b in range(red.shape[0])]
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0, float(tr.t[-1]))
    set_labels(ax, title if title is not None else "Evolution of the shares over time",
               "time $t$", "share playing strategy 0")
    ax.legend(handles, [clean_label(lab) for lab in labels], prop=font_properties(8),
              loc="center left", bbox_to_anchor=(1.02, 0.5), borderaxespad=0.0)
    return ax


def allocation_bars(allocations: Mapping[str, Any], *, players: Sequence[str] | None = None,
                    ax: Any = None, title: str | None = None, ylabel: str = "payoff") -> Any:
    """Grouped bars: each allocation rule's payoff to each player.

    Parameters
    ----------
    allocations : mapping of str to Allocation or sequence of float
        Rule name -> payoffs (one per player, in the same order); registry names such as
        ``"modified_shapley"`` are shown in words ("modified Shapley value").
    players : sequence of str, optional
        Player labels (default: taken from the first
        :class:`~coinnovation.Allocation`, else ``player 0``...).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from coinnovation import plot
    >>> ax = plot.allocation_bars({"Shapley": [2, 7, 3], "nucleolus": [2.5, 6.5, 3]},
    ...                           players=["政府", "企业", "高校"])
    >>> len(ax.patches)
    6
    """
    if not allocations:
        raise InvalidInputError("allocations: expected at least one rule")
    rows = {name: np.asarray([float(v) for v in vals], dtype=float)
            for name, vals in allocations.items()}
    n = {len(v) for v in rows.values()}
    if len(n) != 1:
        raise InvalidInputError("allocations: every rule needs one payoff per player")
    k = n.pop()
    if players is None:
        first = next(iter(allocations.values()))
        players = list(getattr(first, "players", None) or [f"player {i}" for i in range(k)])
    if len(players) != k:
        raise InvalidInputError(f"players: expected {k} labels, got {len(players)}")
    ax = new_axes(ax)
    width = 0.8 / len(rows)
    xs = np.arange(k)
    for j, (name, vals) in enumerate(rows.items()):
        ax.bar(xs + (j - (len(rows) - 1) / 2) * width, vals, width, label=label_of(name),
               color=palette(len(rows))[j])
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(xs)
    ax.set_xticklabels([clean_label(p) for p in players], fontproperties=font_properties())
    set_labels(ax, title if title is not None else "Division of the cooperative surplus",
                None, ylabel)
    legend(ax, fontsize=8)
    return ax


def _regime_texts(rmap: Any, strategies: Sequence[Sequence[str]] | None) -> tuple[Any, ...]:
    tag = {"ess": "ESS", "nash": "NE", "strict_nash": "strict NE"}.get(rmap.criterion,
                                                                      rmap.criterion)

    def prof(p: Sequence[int]) -> str:
        if strategies is None:
            return "(" + ", ".join(map(str, p)) + ")"
        return "(" + ", ".join(strategies[i][a] for i, a in enumerate(p)) + ")"

    texts = [f"{tag}: " + "; ".join(prof(p) for p in r) if r else f"no {tag}"
             for r in rmap.regimes]
    return (rmap.x, rmap.y, np.array([*texts, None], dtype=object)[:-1][rmap.labels],
            f"${latex(rmap.x_parameter)}$", f"${latex(rmap.y_parameter)}$")


def regime_map(x: Any, y: Any = None, regimes: Any = None, *, x_label: str | None = None,
               y_label: str | None = None, ax: Any = None, title: str | None = None,
               strategies: Sequence[Sequence[str]] | None = None) -> Any:
    """A map of which regime (e.g. which profiles are ESS) holds over two parameters.

    Parameters
    ----------
    x : RegimeMap or array_like, 1-D
        A :class:`~coinnovation.RegimeMap` from :func:`coinnovation.regime_map`
        (then ``y`` and ``regimes`` are left out and the axis labels default
        to the parameters' symbols), or the grid values of the first parameter.
    y : array_like, 1-D
        Grid values of the second parameter (increasing).
    regimes : array_like of str, shape (len(y), len(x))
        The regime at each grid point (``regimes[j, i]`` at ``(x[i], y[j])``),
        e.g. ``"ESS: (cooperate, cooperate)"`` or ``"no ESS"``.
    x_label, y_label : str
        Short axis labels, e.g. ``"$S_E$"`` (describe the symbols in the caption).
    ax : matplotlib Axes, optional
    strategies : sequence of sequence of str, optional
        With a RegimeMap: strategy labels per player for the legend (default:
        strategy indices).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from coinnovation import plot
    >>> s = np.linspace(0, 4, 5)
    >>> reg = np.where(np.add.outer(s, s) > 3, "cooperation", "defection")
    >>> ax = plot.regime_map(s, s, reg, x_label="$S_E$", y_label="$S_U$")
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())
    ['cooperation', 'defection']
    """
    if hasattr(x, "regimes") and hasattr(x, "labels") and y is None and regimes is None:
        x, y, regimes, xl, yl = _regime_texts(x, strategies)
        x_label = xl if x_label is None else x_label
        y_label = yl if y_label is None else y_label
    if y is None or regimes is None:
        raise InvalidInputError("regimes: expected a RegimeMap, or the grid values x, y and "
                                "the regimes")
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    reg = np.asarray(regimes, dtype=object)
    if xs.ndim != 1 or ys.ndim != 1 or reg.shape != (ys.size, xs.size):
        raise InvalidInputError(f"regimes: expected shape (len(y), len(x)) = ({ys.size}, "
                                f"{xs.size}), got {reg.shape}")
    labels = sorted(dict.fromkeys(str(r) for r in reg.ravel()), key=lambda t: (
        t.startswith("no "), t.count(";"), t))
    index = {lab: i for i, lab in enumerate(labels)}
    codes = np.vectorize(lambda r: index[str(r)])(reg).astype(float)
    from matplotlib.colors import BoundaryNorm, ListedColormap  # optional dependency
    from matplotlib.patches import Patch  # optional dependency (the plot extra)

    colors = [("#DDDDDD" if lab.startswith("no ") else c)
              for lab, c in zip(labels, palette(len(labels)), strict=True)]
    cmap = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(len(labels) + 1) - 0.5, len(labels))
    ax = new_axes(ax, figsize=(6.0, 5.5))
    ax.pcolormesh(xs, ys, codes, cmap=cmap, norm=norm, shading="nearest")
    handles = [Patch(facecolor=c, edgecolor="black", linewidth=0.4) for c in colors]
    ax.legend(handles, [clean_label(lab) for lab in labels], prop=font_properties(8),
              loc="upper center", bbox_to_anchor=(0.5, -0.13), borderaxespad=0.0,
              ncols=1 if len(labels) > 2 else 2, frameon=False)
    set_labels(ax, title if title is not None else "Regime map",
               "" if x_label is None else x_label, "" if y_label is None else y_label)
    return ax


def threshold_plot(values: Any, margins: Mapping[str, Any], *, parameter: str,
                   threshold: float | Sequence[float] | None = None, ax: Any = None,
                   title: str | None = None, ylabel: str = "stability margin") -> Any:
    """Stability margins against a parameter, the threshold(s) and the stable region.

    Parameters
    ----------
    values : array_like, 1-D
        Values of the parameter (e.g. the subsidy).
    margins : mapping of str to array_like
        Named curves over ``values``: e.g. each player's gain from keeping
        the profile (positive = stable). The region where every curve is
        positive is shaded.
    parameter : str
        The parameter's name (x-axis label).
    threshold : float or sequence of float, optional
        Vertical lines at the threshold(s) (e.g. from :func:`coinnovation.threshold`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from coinnovation import plot
    >>> s = np.linspace(0, 4, 41)
    >>> ax = plot.threshold_plot(s, {"enterprise": s - 1, "government": 3 - s},
    ...                          parameter="S_E", threshold=[1, 3])
    >>> ax.get_xlabel()
    'S_E'
    """
    xs = np.asarray(values, dtype=float)
    if xs.ndim != 1 or xs.size < 2:
        raise InvalidInputError("values: expected a 1-D array of at least two values")
    if not margins:
        raise InvalidInputError("margins: expected at least one curve")
    ax = new_axes(ax, figsize=(7.5, 4.5))
    curves = {}
    for k, (name, ys) in enumerate(margins.items()):
        arr = np.asarray(ys, dtype=float)
        if arr.shape != xs.shape:
            raise InvalidInputError(f"margins[{name!r}]: expected {xs.size} values, got "
                                    f"{arr.shape}")
        curves[name] = arr
        ax.plot(xs, arr, color=palette(len(margins))[k], linewidth=1.6, label=name)
    stable = np.all(np.stack(list(curves.values())) > 0, axis=0)
    if stable.any():
        ax.fill_between(xs, 0, 1, where=stable, transform=ax.get_xaxis_transform(),
                        color=OKABE_ITO[2], alpha=0.15, label="stable (all margins > 0)")
    ax.axhline(0, color="black", linewidth=0.7)
    if threshold is not None:
        ts = [threshold] if np.isscalar(threshold) else list(threshold)  # type: ignore[arg-type]
        for j, t in enumerate(ts):
            ax.axvline(float(t), color="0.25", linestyle="--", linewidth=1.2,
                       label="threshold" if j == 0 else None)
    set_labels(ax, title if title is not None else f"Stability margins against {parameter}",
                parameter, ylabel)
    legend(ax, fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5), borderaxespad=0.0)
    return ax
from ._plot_finite import fan_chart, fixation_plot, stationary_bars  # noqa: E402, F401
from ._plot_network import network_shares, network_strategies, targeting_curves  # noqa: E402, F401
