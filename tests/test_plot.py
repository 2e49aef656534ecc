"""Figures: titles, axis labels, rest-point markers, Chinese labels and no missing glyphs.

Every figure is rendered to PNG: with ``filterwarnings = error`` a matplotlib
"Glyph ... missing from font(s)" warning fails the test.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import matplotlib
import matplotlib.collections
import matplotlib.text
import numpy as np
import pytest

import coinnovation as co
from coinnovation import _plot_base, plot
from coinnovation.errors import InvalidInputError
from coinnovation.models import TRIPARTITE_TYPICAL

BISTABLE = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]],
                             players=["enterprise", "university"],
                             strategies=[["cooperate", "defect"], ["cooperate", "defect"]])
TRIPARTITE = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)


def render(ax: object) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=60)  # type: ignore[attr-defined]
    data = buf.getvalue()
    assert data.startswith(b"\x89PNG")
    return data


def all_text(ax: object) -> list[str]:
    return [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]  # type: ignore[attr-defined]


def test_a_cjk_font_is_available_with_the_plot_extra() -> None:
    assert plot.cjk_font() is not None
    assert plot.clean_label("企业 (enterprise)") == "企业 (enterprise)"


def test_phase_portrait_marks_rest_points_by_kind() -> None:
    ax = plot.phase_portrait(BISTABLE, names=["企业", "高校"])
    assert ax.get_title() == "Phase portrait of the replicator dynamics"
    assert ax.get_xlabel() == "x: share of 企业 playing cooperate"
    assert ax.get_ylabel() == "y: share of 高校 playing cooperate"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["sink (ESS)", "source", "saddle"]
    # two sinks, two sources and the interior saddle at (1/2, 1/2)
    points = np.concatenate([c.get_offsets() for c in ax.collections
                             if isinstance(c, matplotlib.collections.PathCollection)])
    assert sorted(map(tuple, points.round(9).tolist())) == sorted(
        [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (0.5, 0.5)])
    render(ax)


def test_trajectories_3d_labels_and_ess_marker() -> None:
    ax = plot.trajectories_3d(TRIPARTITE, n=4, t_end=20, names=["企业", "高校", "政府"], rng=3)
    assert ax.name == "3d"
    assert ax.get_title() == "Evolutionary trajectories (axes: share playing the named strategy)"
    assert ax.get_zlabel() == "z: 政府, active"
    assert "ESS vertex" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(ax.get_lines()) == 4
    render(ax)


def test_evolution_one_line_per_start_and_population() -> None:
    ax = plot.evolution(TRIPARTITE, [[0.2, 0.3, 0.9], [0.8, 0.9, 0.5]], t_end=15)
    assert len(ax.get_lines()) == 6
    assert ax.get_xlabel() == "time $t$"
    assert ax.get_ylabel() == "share playing strategy 0"
    # colours name the populations, line styles the starts and where they end
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "x: enterprise", "y: university", "z: government",
        "start 1 → (defect, defect, active)", "start 2 → (cooperate, cooperate, active)"]
    render(ax)


def test_allocation_bars_from_allocations() -> None:
    alliance = co.CoalitionalGame({("政府",): 0, ("企业",): 4, ("高校",): 1, ("政府", "企业"): 6,
                                   ("政府", "高校"): 2, ("企业", "高校"): 8,
                                   ("政府", "企业", "高校"): 12})
    rules = {"Shapley": co.shapley_value(alliance), "nucleolus": co.nucleolus(alliance)}
    ax = plot.allocation_bars(rules)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["政府", "企业", "高校"]
    heights = [p.get_height() for p in ax.patches]
    assert heights[:3] == pytest.approx(list(np.asarray(rules["Shapley"])))
    assert ax.get_ylabel() == "payoff"
    render(ax)


def test_regime_map_and_threshold_plot_take_plain_arrays() -> None:
    s = np.linspace(0, 6, 25)
    reg = np.where(np.add.outer(s, s) < 6, "ESS: all cooperate", "no ESS")
    ax = plot.regime_map(s, s, reg, x_label="S_E (政府补贴)", y_label="S_U", title="政策区间")
    assert ax.get_title() == "政策区间" and ax.get_xlabel() == "S_E (政府补贴)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ESS: all cooperate", "no ESS"]
    render(ax)
    ax = plot.threshold_plot(s, {"enterprise": s - 1, "government": 4 - s}, parameter="S_E",
                             threshold=[1.0, 4.0])
    assert ax.get_xlabel() == "S_E" and ax.get_ylabel() == "stability margin"
    assert sum(1 for line in ax.get_lines() if line.get_linestyle() == "--") == 2
    render(ax)


def test_draws_on_the_given_axes() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax0 = fig.add_subplot(1, 2, 1)
    assert plot.phase_portrait(BISTABLE, ax=ax0) is ax0
    ax1 = fig.add_subplot(1, 2, 2)
    assert plot.allocation_bars({"a": [1, 2]}, ax=ax1) is ax1
    with pytest.raises(InvalidInputError, match="3-D Axes"):
        plot.trajectories_3d(TRIPARTITE, ax=ax1)


def test_fallback_without_a_cjk_font_drops_unprintable_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_plot_base, "cjk_font", lambda: None)
    assert plot.clean_label("企业 (enterprise)") == "(enterprise)"
    assert plot.clean_label("share of 企业 playing cooperate") == "share of playing cooperate"
    assert plot.clean_label("S_E (政府补贴)") == "S_E"
    ax = plot.phase_portrait(BISTABLE, names=["企业", "高校"], title="产学研合作")
    assert ax.get_xlabel() == "x: share of playing cooperate"
    render(ax)  # no missing-glyph warning (an error here)


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="free parameters"):
        plot.phase_portrait(co.models.industry_university())
    with pytest.raises(InvalidInputError, match="needs 2 state variables"):
        plot.phase_portrait(TRIPARTITE)
    with pytest.raises(InvalidInputError, match="expected shape"):
        plot.regime_map([0, 1], [0, 1, 2], [["a", "b"]], x_label="x", y_label="y")
    with pytest.raises(InvalidInputError, match="one payoff per player"):
        plot.allocation_bars({"a": [1, 2], "b": [1]})


def test_never_touches_pyplot_or_the_backend() -> None:
    code = textwrap.dedent("""
        import sys, matplotlib
        raw = dict.__getitem__(matplotlib.rcParams, "backend")  # read without resolving it
        import coinnovation as co
        from coinnovation import plot
        g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])
        plot.phase_portrait(g).figure.savefig(sys.argv[1])
        plot.trajectories_3d(co.NormalFormGame([[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3),
                             n=2, t_end=5).figure.savefig(sys.argv[1])
        assert "matplotlib.pyplot" not in sys.modules
        assert dict.__getitem__(matplotlib.rcParams, "backend") == raw
        print("ok")
    """)
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([sys.executable, "-W", "error", "-c", code, f"{d}/p.png"],
                             capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
