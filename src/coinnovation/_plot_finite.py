r"""Figures of finite populations and noise (需要 matplotlib), re-exported by :mod:`coinnovation.plot`.

- :func:`fixation_plot`: fixation probabilities against a parameter such as
  a subsidy (政府补贴), with the neutral level :math:`1/N`;
- :func:`stationary_bars`: the long-run share of time in each monomorphic
  regime (平稳分布), e.g. over the 8 vertices of the tripartite game;
- :func:`fan_chart`: quantile bands of stochastic replicator paths over time.

They follow the conventions of :mod:`coinnovation.plot`: they draw on the
Axes given or on a new :class:`matplotlib.figure.Figure` (never
:mod:`matplotlib.pyplot`, never a backend or global setting), return the
Axes, write labels with a CJK-capable font when there is one (characters no
font can draw are dropped), and use the colour-blind-safe Okabe–Ito palette
(Okabe & Ito 2008). The helpers are this module's own, because
:mod:`coinnovation.plot` imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._plot_base import OKABE_ITO, clean_label, font_properties, legend, new_axes, set_labels
from ._util.naming import profile_text
from ._util.tolerance import TOL
from .errors import InvalidInputError
from .evolutionary.stochastic import StochasticTrajectories

__all__ = ["OKABE_ITO", "fan_chart", "fixation_plot", "stationary_bars"]

def fixation_plot(values: Any, curves: Mapping[str, Any], *, parameter: str,
                  size: int | None = None, threshold: float | Sequence[float] | None = None,
                  log: bool = False, ax: Any = None, title: str | None = None,
                  ylabel: str = r"fixation probability $\rho$") -> Any:
    r"""Fixation probabilities against a parameter (固定概率随补贴的变化).

    Parameters
    ----------
    values : array_like, 1-D
        Values of the parameter, e.g. the subsidy :math:`S_E`.
    curves : mapping of str to array_like
        Named curves of probabilities over ``values`` (e.g. "enterprise
        cooperates", "university cooperates").
    parameter : str
        The x-axis label (math text allowed: ``"$S_E$"``).
    size : int, optional
        Population size: draws the neutral level :math:`1/N` — above it,
        selection favours the mutant (Nowak et al. 2004).
    threshold : float or sequence of float, optional
        Vertical lines, e.g. the infinite-population threshold from
        :func:`coinnovation.threshold`.
    log : bool
        Logarithmic probability axis (fixation probabilities span many decades).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from coinnovation import plot
    >>> s = np.linspace(0, 4, 9)
    >>> ax = plot.fixation_plot(s, {"enterprise": 1 / (1 + np.exp(2 - s))}, parameter="$S_E$",
    ...                         size=30, threshold=2.0)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('$S_E$', ['enterprise', 'neutral 1/N (N = 30)', 'threshold'])
    """
    xs = np.asarray(values, dtype=float)
    if xs.ndim != 1 or xs.size < 2 or not np.all(np.isfinite(xs)):
        raise InvalidInputError("values: expected a 1-D array of at least two finite values")
    if not curves:
        raise InvalidInputError("curves: expected at least one curve")
    ax = new_axes(ax)
    for k, (name, ys) in enumerate(curves.items()):
        arr = np.asarray(ys, dtype=float)
        if arr.shape != xs.shape:
            raise InvalidInputError(f"curves[{name!r}]: expected {xs.size} values, got shape "
                                    f"{arr.shape}")
        if np.any((arr < 0) | (arr > 1)) or not np.all(np.isfinite(arr)):
            raise InvalidInputError(f"curves[{name!r}]: probabilities must lie in [0, 1]")
        ax.plot(xs, arr, color=OKABE_ITO[k % len(OKABE_ITO)], linewidth=1.8, marker="o",
                markersize=3, label=name)
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 2:
            raise InvalidInputError(f"size: expected an integer >= 2, got {size!r}")
        ax.axhline(1.0 / size, color="#555555", linestyle=":", linewidth=1.2,
                   label=f"neutral 1/N (N = {int(size)})")
    if threshold is not None:
        ts = [threshold] if np.isscalar(threshold) else list(threshold)  # type: ignore[arg-type]
        for j, t in enumerate(ts):
            ax.axvline(float(t), color=OKABE_ITO[3], linestyle="--", linewidth=1.2,
                       label="threshold" if j == 0 else None)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(-0.02, 1.02)
    set_labels(ax, title if title is not None else "Fixation probability of one mutant",
            parameter, ylabel)
    legend(ax, loc="best")
    return ax


def _state_label(key: Any, paper_order: bool, strategies: Any = None) -> str:
    if isinstance(key, tuple) and key and all(isinstance(k, tuple) for k in key):
        return "|".join(",".join(map(str, c)) for c in key)
    if isinstance(key, tuple) and strategies is not None:
        return profile_text(strategies, key)
    if isinstance(key, tuple):
        vals = [1 - a for a in key] if paper_order else list(key)
        return "(" + ", ".join(map(str, vals)) + ")"
    return str(key)


def stationary_bars(distribution: Mapping[Any, float], *, labels: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None,
                    paper_order: bool = True, log: bool = False, ax: Any = None,
                    title: str | None = None, ylabel: str = "share of time in the long run"
                    ) -> Any:
    r"""Bar chart of a stationary distribution over monomorphic regimes (平稳分布).

    Parameters
    ----------
    distribution : mapping
        State -> probability, as returned by
        :meth:`coinnovation.FinitePopulation.stationary_distribution` (pure
        profiles such as ``(0, 0, 0)``, or strategy indices).
    labels : sequence of str, optional
        Tick labels, one per state (default: the profiles, in the papers'
        order when ``paper_order``: 1 = strategy 0 = cooperate / active, so
        ``(0, 0, 0)`` reads ``(1, 1, 1)``).
    strategies : sequence of sequence of str, optional
        The game's strategy labels (``game.strategies``): profiles are then
        written as every other output writes them, ``(cooperate, cooperate,
        active)`` (this takes precedence over ``paper_order``).
    paper_order : bool
    log : bool
        Logarithmic axis, for regimes visited :math:`10^{-30}` of the time
        (bars of exactly 0 are then not drawn).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import coinnovation as co
    >>> from coinnovation import plot
    >>> from coinnovation.models import TRIPARTITE_TYPICAL
    >>> g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    >>> pi = co.FinitePopulation(g, size=30, intensity=0.1).stationary_distribution()
    >>> ax = plot.stationary_bars(pi)
    >>> len(ax.patches), ax.get_xticklabels()[0].get_text()
    (8, '(1, 1, 1)')
    """
    if not isinstance(distribution, Mapping) or not distribution:
        raise InvalidInputError("distribution: expected a non-empty mapping state -> probability")
    keys = list(distribution)
    vals = np.array([float(distribution[k]) for k in keys])
    if np.any((vals < 0) | (vals > 1 + TOL)) or not np.all(np.isfinite(vals)):
        raise InvalidInputError("distribution: probabilities must lie in [0, 1]")
    names = ([_state_label(k, paper_order, strategies) for k in keys] if labels is None
             else list(labels))
    if len(names) != len(keys):
        raise InvalidInputError(f"labels: expected {len(keys)} labels, got {len(names)}")
    ax = new_axes(ax, figsize=(max(4.5, 0.7 * len(keys) + 2), 4.0))
    xs = np.arange(len(keys))
    top = int(np.argmax(vals))
    colors = [OKABE_ITO[0] if i != top else OKABE_ITO[1] for i in range(len(keys))]
    ax.bar(xs, vals, color=colors, edgecolor="black", linewidth=0.5)
    for x, v in zip(xs, vals, strict=True):
        if v > 0:
            ax.annotate(f"{v:.3g}", (x, v), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs)
    ax.set_xticklabels([clean_label(n) for n in names], fontproperties=font_properties(8),
                       rotation=0 if len(keys) <= 8 else 45)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, min(1.05, 1.15 * float(vals.max()) + 0.02))
    set_labels(ax, title if title is not None else "Stationary distribution (small mutations)",
            "regime (monomorphic state)", ylabel)
    return ax


def fan_chart(paths: Any, *, populations: Sequence[int | str] | None = None,
              quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
              names: Sequence[str] | None = None, ax: Any = None, title: str | None = None
              ) -> Any:
    r"""Fan chart of stochastic replicator paths: quantile bands over time (随机路径扇形图).

    For each population the band between the quantiles :math:`q` and
    :math:`1-q` is shaded (darker towards the median), and the median is drawn.

    Parameters
    ----------
    paths : StochasticTrajectories
        From ``ReplicatorDynamics.simulate(..., noise=...)``.
    populations : sequence of int or str, optional
        Which populations (default: all).
    quantiles : sequence of float
        Symmetric levels, e.g. ``(0.05, 0.25, 0.5, 0.75, 0.95)``; must
        contain 0.5.
    names : sequence of str, optional
        Legend labels (default: the populations' names), e.g. ``["企业", "高校", "政府"]``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> from coinnovation import plot
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> paths = rd.simulate(np.tile([0.6, 0.6], (200, 1)), 10, noise=0.5, rng=0)
    >>> ax = plot.fan_chart(paths, names=["企业", "高校"])
    >>> len(ax.get_lines()), len(ax.collections)
    (2, 4)
    """
    if not isinstance(paths, StochasticTrajectories):
        raise InvalidInputError(f"paths: expected StochasticTrajectories (simulate with noise=), "
                                f"got {type(paths).__name__}")
    qs = sorted(float(q) for q in quantiles)
    if 0.5 not in qs or any(not 0 <= q <= 1 for q in qs) or \
            not np.allclose(qs, [1 - q for q in reversed(qs)]):
        raise InvalidInputError(f"quantiles: expected symmetric levels in [0, 1] around 0.5, got "
                                f"{list(quantiles)}")
    P = paths.reduced.shape[2]
    if populations is None:
        pops = list(range(P))
    else:
        pops = []
        for p in populations:
            if isinstance(p, str) and p in paths.populations:
                pops.append(paths.populations.index(p))
            elif isinstance(p, (int, np.integer)) and not isinstance(p, bool) and 0 <= p < P:
                pops.append(int(p))
            else:
                raise InvalidInputError(f"populations: unknown population {p!r}; populations are "
                                        f"{list(paths.populations)}")
    labels = list(names) if names is not None else [paths.populations[p] for p in pops]
    if len(labels) != len(pops):
        raise InvalidInputError(f"names: expected {len(pops)} names, got {len(labels)}")
    band = paths.quantiles(qs)
    ax = new_axes(ax)
    half = len(qs) // 2
    for j, p in enumerate(pops):
        color = OKABE_ITO[j % len(OKABE_ITO)]
        for i in range(half):
            ax.fill_between(paths.t, band[i, :, p], band[-1 - i, :, p], color=color,
                            alpha=0.15 + 0.2 * i / max(1, half - 1), linewidth=0)
        ax.plot(paths.t, band[half, :, p], color=color, linewidth=1.8,
                label=f"{paths.state_names[p]}: {labels[j]} (median)")
    ax.set_xlim(float(paths.t[0]), float(paths.t[-1]))
    ax.set_ylim(-0.02, 1.02)
    lo, hi = qs[0], qs[-1]
    set_labels(ax, title if title is not None else
            f"Stochastic paths: median and {lo:.0%}-{hi:.0%} bands ({paths.n_paths} paths)",
            "time t", "share playing strategy 0 (cooperate / active)")
    legend(ax, loc="best")
    return ax
