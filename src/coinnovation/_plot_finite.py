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

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._util.tolerance import TOL
from .errors import InvalidInputError
from .evolutionary.stochastic import StochasticTrajectories

__all__ = ["OKABE_ITO", "fan_chart", "fixation_plot", "stationary_bars"]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")
"""The Okabe–Ito colour-blind-safe palette (blue, orange, green, vermillion, ...)."""

_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC",
                 "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
                 "Heiti SC", "Droid Sans Fallback")
_BASE_FAMILY = "DejaVu Sans"


def _mpl() -> Any:
    try:
        import matplotlib  # optional dependency (the plot extra)
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError("coinnovation.plot needs matplotlib: pip install 'coinnovation[plot]'"
                          ) from None
    return matplotlib


@functools.cache
def _cjk_font() -> str | None:
    """A CJK-capable font family: an installed one, else the ``plot`` extra's Noto font."""
    _mpl()
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for fam in _CJK_FAMILIES:
        if fam in installed:
            return fam
    try:
        from noto_cjk_sans_jp_regular import FONT_PATH  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(str(FONT_PATH))
    if not path.is_file():
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _families() -> list[str]:
    fam = _cjk_font()
    return [_BASE_FAMILY, fam] if fam else [_BASE_FAMILY]


@functools.cache
def _coverage(families: tuple[str, ...]) -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    codes: set[int] = set()
    for fam in families:
        path = font_manager.findfont(font_manager.FontProperties(family=fam),
                                     fallback_to_default=False)
        codes |= set(FT2Font(path).get_charmap())
    return frozenset(codes)


def _clean(text: str) -> str:
    """``text`` without characters no available font can draw (math text ``$...$`` is kept).

    matplotlib draws the plain parts of a label that contains math text with one
    font only, so such a label keeps only the characters of the base font.
    """
    parts = re.split(r"(\$[^$]*\$)", text)
    math = len(parts) > 1
    covered = _coverage((_BASE_FAMILY,) if math else tuple(_families()))
    kept = "".join(p if p.startswith("$") else "".join(
        ch for ch in p if ch in "\n\t " or ord(ch) in covered) for p in parts)
    if kept == text:
        return text
    kept = re.sub(r"[(\[（【]\s*[)\]）】]", "", kept)
    kept = re.sub(r"[ \t]{2,}", " ", kept).strip()
    return re.sub(r"\s+([,;:.)\]])", r"\1", kept)


def _font(size: float | None = None) -> Any:
    from matplotlib.font_manager import FontProperties

    f = FontProperties(family=_families())
    if size is not None:
        f.set_size(size)
    return f


def _axes(ax: Any, figsize: tuple[float, float] = (6.0, 4.5)) -> Any:
    _mpl()
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def _labels(ax: Any, title: str | None, xlabel: str | None, ylabel: str | None) -> None:
    if title is not None:
        ax.set_title(_clean(title), fontproperties=_font())
    if xlabel is not None:
        ax.set_xlabel(_clean(xlabel), fontproperties=_font())
    if ylabel is not None:
        ax.set_ylabel(_clean(ylabel), fontproperties=_font())


def _legend(ax: Any, **kw: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, [_clean(lab) for lab in labels], prop=_font(8), **kw)


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
    ax = _axes(ax)
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
    _labels(ax, title if title is not None else "Fixation probability of one mutant",
            parameter, ylabel)
    _legend(ax, loc="best")
    return ax


def _state_label(key: Any, paper_order: bool) -> str:
    if isinstance(key, tuple) and key and all(isinstance(k, tuple) for k in key):
        return "|".join(",".join(map(str, c)) for c in key)
    if isinstance(key, tuple):
        vals = [1 - a for a in key] if paper_order else list(key)
        return "(" + ", ".join(map(str, vals)) + ")"
    return str(key)


def stationary_bars(distribution: Mapping[Any, float], *, labels: Sequence[str] | None = None,
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
    names = [_state_label(k, paper_order) for k in keys] if labels is None else list(labels)
    if len(names) != len(keys):
        raise InvalidInputError(f"labels: expected {len(keys)} labels, got {len(names)}")
    ax = _axes(ax, figsize=(max(4.5, 0.7 * len(keys) + 2), 4.0))
    xs = np.arange(len(keys))
    top = int(np.argmax(vals))
    colors = [OKABE_ITO[0] if i != top else OKABE_ITO[1] for i in range(len(keys))]
    ax.bar(xs, vals, color=colors, edgecolor="black", linewidth=0.5)
    for x, v in zip(xs, vals, strict=True):
        if v > 0:
            ax.annotate(f"{v:.3g}", (x, v), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
    ax.set_xticks(xs)
    ax.set_xticklabels([_clean(n) for n in names], fontproperties=_font(8),
                       rotation=0 if len(keys) <= 8 else 45)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, min(1.05, 1.15 * float(vals.max()) + 0.02))
    _labels(ax, title if title is not None else "Stationary distribution (small mutations)",
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
    ax = _axes(ax)
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
    _labels(ax, title if title is not None else
            f"Stochastic paths: median and {lo:.0%}-{hi:.0%} bands ({paths.n_paths} paths)",
            "time t", "share playing strategy 0 (cooperate / active)")
    _legend(ax, loc="best")
    return ax
