"""Notebook display (_repr_html_, _repr_markdown_, _repr_latex_), to_pandas, and unpacking."""

from __future__ import annotations

import html
import re
import sys
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import DegenerateGameWarning, MissingDependencyError

pd = pytest.importorskip("pandas", reason="to_pandas is tested where pandas is installed")

EVIL = "<script>alert(1)</script>"
COORD = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]], players=[EVIL, "U & co"],
                          strategies=[["<C>", "D"], ["C", "D"]])


def _no_raw_user_text(markup: str) -> None:
    assert "<script>" not in markup and "<C>" not in markup
    assert html.escape(EVIL) in markup


def _cells(markup: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", markup)]


def displayable() -> list[object]:
    rd = co.ReplicatorDynamics(COORD)
    return [COORD, co.nash_equilibria(COORD), co.nash_equilibria(COORD)[0],
            rd.stability_table(), rd.simulate(np.array([[0.9, 0.8], [0.1, 0.2]]), 30),
            rd.basins(n=40, t_end=30, rng=2)]


def test_html_escapes_user_text_everywhere() -> None:
    for obj in displayable():
        markup = obj._repr_html_()          # type: ignore[attr-defined]
        assert markup.startswith("<div>") and markup.count("<table>") == 1
        if not isinstance(obj, (co.Trajectories, co.BasinEstimate, co.StabilityTable)):
            _no_raw_user_text(markup)
        assert "<script>" not in obj._repr_markdown_()   # type: ignore[attr-defined]


def test_game_display_matches_the_payoffs() -> None:
    cells = _cells(COORD._repr_html_())
    assert cells[:4] == [EVIL, "U & co", f"payoff of {EVIL}", "payoff of U & co"]
    frame = COORD.to_pandas()
    assert len(frame) == 4 and list(frame.columns[:2]) == [EVIL, "U & co"]
    for _, row in frame.iterrows():
        prof = (COORD.strategy_index(0, row[EVIL]), COORD.strategy_index(1, row["U & co"]))
        assert (row.iloc[2], row.iloc[3]) == COORD.payoff(prof)


def test_coalitional_game_and_allocation_display() -> None:
    g = co.CoalitionalGame([0, 1, 2, 6], players=["E", EVIL])
    _no_raw_user_text(g._repr_html_())
    frame = g.to_pandas()
    assert frame["worth"].tolist() == [1.0, 2.0, 6.0] and frame["size"].tolist() == [1, 1, 2]
    phi = co.shapley_value(g)
    _no_raw_user_text(phi._repr_html_())
    shares = phi.to_pandas()
    assert shares["share"].sum() == pytest.approx(6.0, abs=co.TOL * 6)   # efficiency
    assert phi._repr_latex_() is None   # numeric: the HTML table is shown
    S = sp.Symbol("S")
    sym = co.shapley_value(co.CoalitionalGame([0, 1, 2, S]))
    assert sym._repr_latex_().startswith("$$\\begin{aligned}")


@given(game=cst.normal_form_games(n_players=2, max_strategies=3))
def test_equilibria_unpack_like_nashpy_and_stay_lists(game: co.NormalFormGame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)   # every extreme equilibrium
        eqs = co.nash_equilibria(game)
    assert isinstance(eqs, list) and list(eqs) == eqs
    for eq in eqs:
        sigma_r, sigma_c = eq
        assert sigma_r is eq.strategies[0] and sigma_c is eq[1] and len(eq) == 2
        scale = max(1.0, float(np.abs(game.payoff_array()).max()))
        assert np.all(co.regrets(game, [sigma_r, sigma_c]) <= co.TOL * scale)
    frame = eqs.to_pandas()
    assert len(frame) == len(eqs)


def test_equilibria_table_reads_the_strategies() -> None:
    eqs = co.nash_equilibria(COORD)
    frame = eqs.to_pandas()
    assert frame[EVIL].tolist()[0] in ("<C>", "D") or "*" in frame[EVIL].tolist()[0]
    pure = co.pure_nash_equilibria(COORD)
    assert [r[EVIL] for _, r in pure.to_pandas().iterrows()] == ["<C>", "D"]
    assert co.evolutionarily_stable_states(COORD).to_pandas().shape == (2, 4)
    assert "no equilibrium" in co.Equilibria([])._repr_markdown_()


def test_stability_and_dynamics_results() -> None:
    rd = co.ReplicatorDynamics(COORD)
    table = rd.stability_table()
    frame = table.to_pandas()
    assert frame["kind"].tolist() == [r.kind for r in table.rows]
    assert frame["stable if"].tolist() == ["always", "never", "never", "always"]
    assert "Re λ_i &lt; 0" in table._repr_html_()   # the sign convention, escaped
    assert rd.classify((0, 0))._repr_latex_() == f"${rd.classify((0, 0)).to_latex()}$"
    tr = rd.simulate(np.array([[0.9, 0.8], [0.1, 0.2]]), 30, n_points=5)
    tidy = tr.to_pandas()
    assert tidy.shape == (10, 5) and set(tidy["outcome"]) == {"(<C>, C)", "(D, D)"}
    assert np.array_equal(tidy[tidy.trajectory == 0]["x"].to_numpy(), tr.reduced[0, :, 0])
    est = rd.basins(n=40, t_end=30, rng=2)
    shares = est.to_pandas()
    assert shares["share"].sum() == pytest.approx(1.0) and set(shares["attractor"]) >= {"(D, D)"}


def test_regime_map_display() -> None:
    from coinnovation.models import TRIPARTITE_TYPICAL

    game = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)
    rmap = co.regime_map(game, ("S_E", np.linspace(0, 6, 5)), ("S_U", np.linspace(0, 6, 4)))
    tidy = rmap.to_pandas()
    assert len(tidy) == 20 and list(tidy.columns) == ["S_E", "S_U", "regime", "label"]
    for _, row in tidy.iterrows():
        j = int(np.flatnonzero(rmap.y == row["S_U"])[0])
        i = int(np.flatnonzero(rmap.x == row["S_E"])[0])
        assert row["regime"] == rmap.regime_names[rmap.labels[j, i]]
    summary = rmap._repr_markdown_()
    assert "(cooperate, cooperate, active)" in summary and "| none |" in summary


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)   # import pandas now raises ImportError
    rd = co.ReplicatorDynamics(COORD)
    for obj in (COORD, co.nash_equilibria(COORD), rd.stability_table(),
                rd.simulate(np.array([[0.9, 0.8]]), 5),
                co.shapley_value(co.CoalitionalGame([0, 1, 1, 3]))):
        with pytest.raises(MissingDependencyError, match=r"to_pandas needs.*coinnovation\[pandas\]"):
            obj.to_pandas()   # type: ignore[attr-defined]
    assert issubclass(MissingDependencyError, ImportError)
