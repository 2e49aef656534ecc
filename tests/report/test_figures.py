"""The report's figures, opened at 100 %: no text outside the figure, no overlapping labels.

For every figure of the demo report (and of the example models, which add the
phase portrait and the allocation bars), after drawing: every visible text
artist's window extent lies inside the figure, and no two of the axis labels,
titles and tick labels of different axes overlap.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import coinnovation as co
from coinnovation.report import analyze

pytest.importorskip("matplotlib", reason="the figures need the plot extra")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SLACK = 1.0  # pixels: the anti-aliasing margin of a glyph's extent


def _figures() -> list[tuple[str, Any]]:
    out = []
    for name in ("tripartite", "two_party", "alliance"):
        rep = analyze(co.load_model(EXAMPLES / f"{name}.toml"))
        out += [(f"{name}/{k}", fig) for k, fig in rep.figures.items()]
    return out


FIGURES = _figures()


def _ghost_ticks(fig: Any) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (their tick lies outside the view)."""
    ghosts = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, *([ax.zaxis] if hasattr(ax, "zaxis") else [])):
            lo, hi = sorted(axis.get_view_interval())
            span = (hi - lo) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - span <= tick.get_loc() <= hi + span:
                    ghosts |= {id(tick.label1), id(tick.label2)}
    return ghosts


def _texts(fig: Any) -> list[Any]:
    from matplotlib.text import Text

    ghosts = _ghost_ticks(fig)
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and id(t) not in ghosts]


def _groups(fig: Any, renderer: Any) -> list[tuple[str, list[Any]]]:
    """Named groups of text extents that must not overlap one another."""
    groups = []
    ghosts = _ghost_ticks(fig)
    for k, ax in enumerate(fig.axes):
        axes = [("x", ax.xaxis), ("y", ax.yaxis)] + ([("z", ax.zaxis)] if hasattr(ax, "zaxis")
                                                     else [])
        for name, axis in axes:
            # the labels as drawn (get_ticklabels() recomputes 3-D ticks in 2-D coordinates)
            labels = [t for tick in axis.get_major_ticks() for t in (tick.label1, tick.label2)]
            ticks = [t for t in labels
                     if t.get_visible() and t.get_text() and id(t) not in ghosts]
            groups.append((f"axes {k} {name} tick labels",
                           [_shape(t, renderer) for t in ticks]))
            if axis.label.get_text():
                groups.append((f"axes {k} {name} label", [_shape(axis.label, renderer)]))
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                groups.append((f"axes {k} title", [_shape(t, renderer)]))
    if fig._suptitle is not None and fig._suptitle.get_text():
        groups.append(("suptitle", [_shape(fig._suptitle, renderer)]))
    return groups


def _draw(fig: Any) -> Any:
    """Draw ``fig`` as the PNG writer does; returns the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _shape(text: Any, renderer: Any) -> np.ndarray:
    """The four corners of a text as drawn: its rotated rectangle, not the rectangle around it
    (a 3-D axis label runs along its axis, at an angle)."""
    from matplotlib.text import Text

    e = text.get_window_extent(renderer).frozen()
    flat = Text(text=text.get_text(), fontproperties=text.get_fontproperties(), rotation=0,
                linespacing=text.get_linespacing())
    flat.set_figure(text.get_figure())
    f = flat.get_window_extent(renderer)
    theta = np.deg2rad(text.get_rotation())
    u = np.array([np.cos(theta), np.sin(theta)]) * f.width / 2
    v = np.array([-np.sin(theta), np.cos(theta)]) * f.height / 2
    mid = np.array([(e.x0 + e.x1) / 2, (e.y0 + e.y1) / 2])
    return np.array([mid - u - v, mid + u - v, mid + u + v, mid - u + v])


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    """Separating-axis test of two convex quadrilaterals, overlapping by more than SLACK."""
    for poly in (a, b):
        for k in range(4):
            edge = poly[(k + 1) % 4] - poly[k]
            n = np.array([-edge[1], edge[0]])
            if not np.any(n):
                continue
            n = n / np.hypot(*n)
            pa, pb = a @ n, b @ n
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= SLACK:
                return False
    return True


def test_the_demo_has_figures() -> None:
    names = {n for n, _ in FIGURES}
    assert {"tripartite/trajectories", "tripartite/evolution", "tripartite/threshold_0_S_E",
            "tripartite/regime_map_0_S_E_S_U", "two_party/phase_portrait",
            "alliance/allocation_0"} <= names


@pytest.mark.parametrize(("name", "fig"), FIGURES, ids=[n for n, _ in FIGURES])
def test_every_text_lies_inside_the_figure(name: str, fig: Any) -> None:
    renderer = _draw(fig)
    box = fig.bbox
    for t in _texts(fig):
        e = t.get_window_extent(renderer)
        assert (e.x0 >= box.x0 - SLACK and e.y0 >= box.y0 - SLACK and e.x1 <= box.x1 + SLACK
                and e.y1 <= box.y1 + SLACK), (name, t.get_text(), e, box)


@pytest.mark.parametrize(("name", "fig"), FIGURES, ids=[n for n, _ in FIGURES])
def test_no_two_labels_overlap(name: str, fig: Any) -> None:
    renderer = _draw(fig)
    for (ga, ea), (gb, eb) in combinations(_groups(fig, renderer), 2):
        for a in ea:
            for b in eb:
                assert not _overlap(a, b), (name, ga, gb, a, b)


def test_the_check_sees_an_overlap() -> None:
    """The checks can fail: a label moved onto the tick labels, a title pushed outside."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.set_xlabel("a long label on the ticks")
    ax.xaxis.set_label_coords(0.5, 0.0)
    ax.set_title("outside", y=1.5)
    renderer = _draw(fig)
    groups = dict(_groups(fig, renderer))
    assert any(_overlap(a, b) for a in groups["axes 0 x label"]
               for b in groups["axes 0 x tick labels"])
    title = ax.title.get_window_extent(renderer)
    assert title.y1 > fig.bbox.y1
    # a rotated label is its rotated rectangle: clear of a box in the corner of its bounding box
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], dtype=float)
    diagonal = np.array([[4, 18], [18, 4], [40, 26], [26, 40]], dtype=float)
    assert not _overlap(square, diagonal) and _overlap(square, square + 5)
