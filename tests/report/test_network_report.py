"""Reports of a [network] section: the run, the figures (small graphs only) and targeting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import coinnovation as co
from coinnovation.report import analyze
from coinnovation.report._network import MAX_DRAWN_NODES

pytest.importorskip("networkx", reason="the [network] section needs the 'network' extra")
pytest.importorskip("matplotlib", reason="the report figures need the 'plot' extra")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# cooperation (C) strictly dominant for S > 2: C earns 3 + S or S, D earns 5 or 1... with S = 6
DOMINANT = """\
[parameters]
S = { value = 6, range = [0, 8], assumptions = ["nonnegative"] }

[[players]]
name = "row"
strategies = ["C", "D"]

[[players]]
name = "column"
strategies = ["C", "D"]

[payoffs]
"C,C" = ["3 + S", "3 + S"]
"C,D" = ["S", 5]
"D,C" = [5, "S"]
"D,D" = [1, 1]
"""


def test_cluster_example_report() -> None:
    m = co.load_model(EXAMPLES / "cluster_network.toml")
    rep = analyze(m)
    net = rep.data["network"]
    assert net["nodes"] == 160 and net["populations"] == ["enterprise", "university"]
    assert all(0 <= x <= 1 for x in net["final_share_mean"])
    lo, hi = net["final_share_band"]
    assert all(a <= x + co.TOL and x <= b + co.TOL
               for a, x, b in zip(lo, net["final_share_mean"], hi, strict=True))
    assert {"network_shares", "network_final", "network_targeting"} <= set(rep.figures)
    tg = rep.data["targeting"]
    assert tg["rules"] == ["degree", "betweenness", "random"] and tg["budgets"] == [0, 10, 20, 40]
    # budget 0 subsidises nobody: every rule sees the same runs (common random numbers)
    col0 = [row[0] for row in tg["mean"]]
    assert max(col0) - min(col0) == pytest.approx(0, abs=co.TOL)
    assert "values" not in tg


def test_all_cooperating_under_dominance_stays_there() -> None:
    text = DOMINANT + ('[network]\ngenerator = "watts_strogatz"\nnodes = 30\nneighbours = 4\n'
                       "rewire = 0.2\ninitial = 1.0\nsteps = 10\nruns = 3\n")
    rep = analyze(co.loads_model(text), figures=False)
    assert rep.data["network"]["final_share_mean"] == [1.0]
    assert rep.data["network"]["absorbed_runs"] == 3


def test_a_large_graph_is_not_drawn_and_the_report_says_why() -> None:
    n = MAX_DRAWN_NODES + 1
    text = DOMINANT + f'[network]\ngenerator = "ring"\nnodes = {n}\nsteps = 1\nruns = 1\n'
    rep = analyze(co.loads_model(text))
    assert "network_shares" in rep.figures and "network_final" not in rep.figures
    assert any(b[0] == "p" and f"with {n} nodes" in b[1] for b in rep.blocks)
    small = analyze(co.loads_model(text.replace(f"nodes = {n}", f"nodes = {MAX_DRAWN_NODES}")))
    assert "network_final" in small.figures


def test_a_network_the_dynamics_refuse_is_reported_not_fatal() -> None:
    # an asymmetric game needs populations on the nodes
    asym = DOMINANT.replace('"D,D" = [1, 1]', '"D,D" = [1, 2]')
    rep = analyze(co.loads_model(asym + '[network]\ngenerator = "ring"\nnodes = 6\n'),
                  figures=False)
    assert "error" in rep.data["network"][0]
    assert "population" in rep.data["network"][0]["error"]


def test_the_report_run_is_the_api_run() -> None:
    text = DOMINANT.replace("value = 6", "value = 1") + (
        '[network]\ngenerator = "grid"\nrows = 5\ncolumns = 5\nsteps = 15\nruns = 4\nseed = 3\n'
        'update = "imitate_best"\n')
    m = co.loads_model(text)
    rep = analyze(m, figures=False)
    nd = co.NetworkDynamics(m.numeric_game(), m.network.graph, update="imitate_best")
    res = nd.run(15, runs=4, rng=3)
    assert rep.data["network"]["final_share_mean"] == pytest.approx(
        [float(np.mean(res.shares[:, -1, 0]))], abs=co.TOL)
