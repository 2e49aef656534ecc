"""Figures of finite populations and noise: what is drawn, labels, fonts, no pyplot.

Every figure is rendered to PNG: with ``filterwarnings = error`` a matplotlib
"Glyph ... missing from font(s)" warning fails the test.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import matplotlib.collections
import numpy as np
import pytest

import coinnovation as co
from coinnovation import _plot_base, plot
from coinnovation.errors import InvalidInputError
from coinnovation.models import TRIPARTITE_TYPICAL

BISTABLE = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]],
                             players=["enterprise", "university"])


def render(ax: object) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=60)  # type: ignore[attr-defined]
    assert buf.getvalue().startswith(b"\x89PNG")
    return buf.getvalue()


def test_fixation_plot_draws_curves_the_neutral_level_and_thresholds() -> None:
    s = np.linspace(0, 4, 9)
    probs = []
    for v in s:
        g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=float(v), S_U=2)
        fp = co.FinitePopulation(g, size=20, intensity=0.5)
        probs.append(fp.fixation_probability(0, (1, 1, 0), population="enterprise"))
    ax = plot.fixation_plot(s, {"企业 (enterprise)": probs}, parameter="subsidy $S_E$ (政府补贴)",
                            size=20, threshold=[1.0], log=True)
    lines = ax.get_lines()
    assert np.allclose(lines[0].get_ydata(), probs)
    assert np.allclose(lines[1].get_ydata(), 1 / 20)             # the neutral level
    assert np.allclose(lines[2].get_xdata(), 1.0)                # the threshold
    assert ax.get_yscale() == "log"
    # matplotlib draws the plain text of a math label in one font: its Chinese is dropped
    assert ax.get_xlabel() == "subsidy $S_E$"
    assert ax.get_legend().get_texts()[0].get_text() == "企业 (enterprise)"
    assert np.all(np.diff(probs) > 0)                            # more subsidy, more fixation
    render(ax)


def test_stationary_bars_over_the_eight_vertices() -> None:
    g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    pi = co.FinitePopulation(g, size=30, intensity=0.1).stationary_distribution()
    ax = plot.stationary_bars(pi)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 8 and np.allclose(heights, list(pi.values()))
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "(1, 1, 1)" and ticks[-1] == "(0, 0, 0)"       # papers' order
    plain = plot.stationary_bars(pi, paper_order=False, log=True,
                                 labels=[f"状态{i}" for i in range(8)])
    assert plain.get_yscale() == "log"
    assert plain.get_xticklabels()[0].get_text() == "状态0"
    named = plot.stationary_bars(pi, strategies=g.strategies)     # the one vertex convention
    assert [t.get_text() for t in named.get_xticklabels()][::7] == [
        "(cooperate, cooperate, active)", "(defect, defect, passive)"]
    one = plot.stationary_bars({0: 0.25, 1: 0.75})
    assert [t.get_text() for t in one.get_xticklabels()] == ["0", "1"]
    render(ax)
    render(plain)


def test_fan_chart_bands_and_medians() -> None:
    rd = co.ReplicatorDynamics(co.models.government_enterprise_university(
        **TRIPARTITE_TYPICAL, S_E=2, S_U=2))
    paths = rd.simulate(np.tile([0.5, 0.5, 0.5], (300, 1)), 10.0, noise=0.4, rng=2, n_points=51)
    ax = plot.fan_chart(paths, names=["企业", "高校", "政府"])
    assert len(ax.get_lines()) == 3
    bands = [c for c in ax.collections if isinstance(c, matplotlib.collections.PolyCollection)
             or type(c).__name__ == "FillBetweenPolyCollection"]
    assert len(bands) == 6                                        # 2 bands x 3 populations
    q = paths.quantiles((0.05, 0.25, 0.5, 0.75, 0.95))
    assert np.allclose(ax.get_lines()[0].get_ydata(), q[2, :, 0])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "x: 企业 (median)"
    gov = plot.fan_chart(paths, populations=["government"], quantiles=(0.1, 0.5, 0.9))
    assert len(gov.get_lines()) == 1
    render(ax)


def test_draws_on_the_given_axes() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    a, b = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    assert plot.fixation_plot([0, 1], {"a": [0.1, 0.2]}, parameter="s", ax=a) is a
    assert plot.stationary_bars({0: 0.5, 1: 0.5}, ax=b) is b


def test_fallback_without_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_plot_base, "cjk_font", lambda: None)
    ax = plot.stationary_bars({0: 0.4, 1: 0.6}, labels=["合作 cooperate", "背叛 defect"],
                              title="平稳分布")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cooperate", "defect"]
    assert plot.clean_label("$S_E$ (政府补贴)") == "$S_E$"
    render(ax)


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"^values:"):
        plot.fixation_plot([1.0], {"a": [0.5]}, parameter="s")
    with pytest.raises(InvalidInputError, match=r"^curves\['a'\]:"):
        plot.fixation_plot([0, 1], {"a": [0.5]}, parameter="s")
    with pytest.raises(InvalidInputError, match=r"^curves\['a'\]:"):
        plot.fixation_plot([0, 1], {"a": [0.5, 1.5]}, parameter="s")
    with pytest.raises(InvalidInputError, match=r"^curves:"):
        plot.fixation_plot([0, 1], {}, parameter="s")
    with pytest.raises(InvalidInputError, match=r"^size:"):
        plot.fixation_plot([0, 1], {"a": [0.1, 0.2]}, parameter="s", size=1)
    with pytest.raises(InvalidInputError, match=r"^distribution:"):
        plot.stationary_bars({})
    with pytest.raises(InvalidInputError, match=r"^distribution:"):
        plot.stationary_bars({0: -0.1, 1: 1.1})
    with pytest.raises(InvalidInputError, match=r"^labels:"):
        plot.stationary_bars({0: 0.5, 1: 0.5}, labels=["a"])
    rd = co.ReplicatorDynamics(BISTABLE)
    paths = rd.simulate(np.array([[0.5, 0.5]]), 1.0, noise=0.1, rng=0)
    with pytest.raises(InvalidInputError, match=r"^paths:"):
        plot.fan_chart(rd.simulate(np.array([[0.5, 0.5]]), 1.0))
    with pytest.raises(InvalidInputError, match=r"^quantiles:"):
        plot.fan_chart(paths, quantiles=(0.1, 0.9))
    with pytest.raises(InvalidInputError, match=r"^populations:"):
        plot.fan_chart(paths, populations=["government"])
    with pytest.raises(InvalidInputError, match=r"^names:"):
        plot.fan_chart(paths, names=["a"])


def test_never_touches_pyplot_or_the_backend() -> None:
    code = textwrap.dedent("""
        import sys, matplotlib
        raw = dict.__getitem__(matplotlib.rcParams, "backend")
        import numpy as np, coinnovation as co
        from coinnovation import plot
        g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])
        paths = co.ReplicatorDynamics(g).simulate(np.tile([0.6, 0.6], (20, 1)), 2, noise=0.3, rng=0)
        plot.fan_chart(paths).figure.savefig(sys.argv[1])
        plot.stationary_bars({0: 0.3, 1: 0.7}).figure.savefig(sys.argv[1])
        plot.fixation_plot([0, 1], {"a": [0.1, 0.2]}, parameter="s").figure.savefig(sys.argv[1])
        assert "matplotlib.pyplot" not in sys.modules
        assert dict.__getitem__(matplotlib.rcParams, "backend") == raw
        print("ok")
    """)
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([sys.executable, "-W", "error", "-c", code, f"{d}/p.png"],
                             capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
