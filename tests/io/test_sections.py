"""Model-file sections [finite], [noise] and [network]: reading, defaults, errors naming the key."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import coinnovation as co
from coinnovation.errors import ModelFileError
from coinnovation.io._sections import (
    FINITE_KEYS,
    NETWORK_KEYS,
    NOISE_KEYS,
    FiniteSection,
    NetworkSection,
    NoiseSection,
)

pytest.importorskip("networkx", reason="the [network] section needs the 'network' extra")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

PD = """\
[parameters]
S = { value = 1, range = [0, 4], assumptions = ["nonnegative"] }
K = { value = 0 }

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


def _load(extra: str, base: str = PD, **kw: Any) -> co.Model:
    return co.loads_model(base + "\n" + extra, **kw)


def _error(extra: str, base: str = PD) -> ModelFileError:
    with pytest.raises(ModelFileError) as info:
        _load(extra, base)
    return info.value


# ---------------------------------------------------------------------------- good files
def test_examples_read_their_sections() -> None:
    m = co.load_model(EXAMPLES / "tripartite_finite.toml")
    assert isinstance(m.finite, FiniteSection) and isinstance(m.noise, NoiseSection)
    assert m.network is None
    assert m.finite.size == (30, 10, 3) and m.finite.process == "fermi"
    assert m.finite.sweep is not None and m.finite.sweep.parameter == "S_E"
    assert m.finite.sweep.values[0] == 0 and m.finite.sweep.values[-1] == 6
    assert len(m.finite.sweep.values) == 13
    assert m.noise.sigma == (0.8, 0.8, 0.5) and m.noise.initial == (0.5,) * 3
    assert m.noise.method == "milstein" and m.noise.seed == 2026
    text = m.summary()
    assert "finite populations: size (30, 10, 3)" in text and "noise: sigma [0.8, 0.8, 0.5]" in text

    c = co.load_model(EXAMPLES / "cluster_network.toml")
    assert isinstance(c.network, NetworkSection) and c.finite is None
    assert c.network.graph.number_of_nodes() == 160
    pops = [d["population"] for _, d in c.network.graph.nodes(data=True)]
    assert pops.count("enterprise") == 120 and pops.count("university") == 40
    assert c.network.targeting is not None
    assert c.network.targeting.budget == (0, 10, 20, 40)
    assert "network: barabasi_albert, 160 nodes" in c.summary()


def test_defaults_are_the_declared_ones() -> None:
    m = _load("[finite]\n[noise]\nsigma = 0.3\n[network]\ngenerator = \"ring\"\nnodes = 6")
    assert m.finite == FiniteSection(*(FINITE_KEYS[k].default for k in
                                       ("size", "intensity", "process", "mutation", "population",
                                        "sweep")))
    assert m.noise.sigma == (0.3, 0.3)
    assert m.noise.paths == NOISE_KEYS["paths"].default and m.noise.dt == NOISE_KEYS["dt"].default
    net = m.network
    assert (net.update, net.steps, net.runs, net.seed) == tuple(
        NETWORK_KEYS[k].default for k in ("update", "steps", "runs", "seed"))
    assert not net.has_populations


def test_per_player_forms_agree() -> None:
    a = _load("[finite]\nsize = [10, 12]\n[noise]\nsigma = [0.1, 0.2]")
    b = _load("[finite]\nsize = { column = 12, row = 10 }\n[noise]\nsigma = { row = 0.1, column = 0.2 }")
    assert a.finite.size == b.finite.size == (10, 12)
    assert a.noise.sigma == b.noise.sigma == (0.1, 0.2)


def test_sweep_range_defaults_to_the_parameter_range() -> None:
    m = _load("[finite]\nsweep = { parameter = \"S\", points = 5 }")
    assert m.finite.sweep.values == (0.0, 1.0, 2.0, 3.0, 4.0)
    m = _load("[finite]\nsweep = { parameter = \"S\", values = [0.5, 2] }")
    assert m.finite.sweep.values == (0.5, 2.0)


def test_the_same_seed_gives_the_same_graph_and_another_seed_another() -> None:
    spec = "[network]\ngenerator = \"barabasi_albert\"\nnodes = 40\nattach = 2\nseed = {}"
    a, b, c = (_load(spec.format(s)).network.graph for s in (3, 3, 4))
    assert sorted(a.edges) == sorted(b.edges)
    assert sorted(a.edges) != sorted(c.edges)


def test_edge_list_file_is_read_relative_to_the_model_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ties.csv").write_text("source,target\nf1,u1\nf2,u1\nf1,f2\n",
                                                encoding="utf-8")
    (tmp_path / "data" / "roles.csv").write_text("f1,row\nf2,row\nu1,column\n", encoding="utf-8")
    model = tmp_path / "data" / "m.toml"
    model.write_text(PD + '\n[network]\ngenerator = "edge_list"\nfile = "ties.csv"\n'
                     'role_file = "roles.csv"\n', encoding="utf-8")
    m = co.load_model(model)
    g = m.network.graph
    assert sorted(g.nodes) == ["f1", "f2", "u1"] and g.number_of_edges() == 3
    assert g.nodes["u1"]["population"] == "column"


# ---------------------------------------------------------------------------- bad files
@pytest.mark.parametrize(("extra", "key", "message"), [
    ("[finite]\nintensity = -1", "finite.intensity", "expected a number in [0, 100], got -1"),
    ("[finite]\nprocess = \"wright_fisher\"", "finite.process", "expected one of 'fermi', 'moran'"),
    ("[finite]\nprocess = \"moran\"\nintensity = 2", "finite.intensity", "Moran"),
    ("[finite]\nsize = 1", "finite.size", "expected an integer in [2, 10000], got 1"),
    ("[finite]\nsize = 2.5", "finite.size", "expected an integer, got a float"),
    ("[finite]\nsize = [10]", "finite.size", "one value per player (2: row, column), got 1"),
    ("[finite]\nsize = { row = 10 }", "finite.size", "missing a value for column"),
    ("[finite]\nsize = { row = 10, column = 5, third = 2 }", "finite.size.third", "unknown key"),
    ("[finite]\nmutation = 1.5", "finite.mutation", "[0, 1]"),
    ("[finite]\nsteps = 3", "finite.steps", "unknown key 'steps'"),
    ("[finite]\nsweep = { parameter = \"Q\", values = [1] }", "finite.sweep.parameter",
     "'Q' is not a parameter"),
    ("[finite]\nsweep = { parameter = \"K\", values = [1] }", "finite.sweep.parameter",
     "does not appear in any payoff"),
    ("[finite]\nsweep = { parameter = \"S\", values = [1], range = [0, 1] }", "finite.sweep",
     "not both"),
    ("[finite]\nsweep = { parameter = \"S\", values = [] }", "finite.sweep.values",
     "expected an array of 1 to"),
    ("[finite]\nsweep = { parameter = \"S\", values = [1, \"x\"] }", "finite.sweep.values[1]",
     "expected a number"),
    ("[finite]\nsweep = { parameter = \"S\", range = [2, 1] }", "finite.sweep.range", "low < high"),
    ("[finite]\nsweep = 3", "finite.sweep", "expected a table"),
    ("[finite]\nsweep = { parameter = \"S\", values = [1, -1] }", "finite.sweep.values[1]",
     "-1 contradicts the assumption 'nonnegative' of S"),
    ("[finite]\nsweep = { parameter = \"S\", values = [5] }", "finite.sweep.values[0]",
     "5 lies outside the range [0, 4] of S"),
    ("[finite]\nsweep = { parameter = \"S\", range = [1, 9] }", "finite.sweep.range",
     "9 lies outside the range [0, 4] of S"),
    ("[noise]\npaths = 10", "noise.sigma", "missing key 'sigma'"),
    ("[noise]\nsigma = -0.1", "noise.sigma", "expected a number in [0, 10]"),
    ("[noise]\nsigma = 1\ndt = 0", "noise.dt", "(0, 1]"),
    ("[noise]\nsigma = 1\nt_end = 0.001\ndt = 0.01", "noise.dt", "longer than t_end"),
    ("[noise]\nsigma = 1\nmethod = \"heun\"", "noise.method", "'euler_maruyama', 'milstein'"),
    ("[noise]\nsigma = 1\npaths = 0", "noise.paths", "expected an integer in [1, 100000]"),
    ("[noise]\nsigma = 1\ninitial = 0.01", "noise.initial", "inside (low, high)"),
    ("[noise]\nsigma = 1\nlow = 0.6\nhigh = 0.4", "noise.high", "0 < low < high < 1"),
    ("[noise]\nsigma = 1\nseed = -1", "noise.seed", "expected an integer in [0,"),
    ("[network]\nnodes = 5", "network.generator", "missing key 'generator'"),
    ("[network]\ngenerator = \"lattice\"", "network.generator", "expected one of"),
    ("[network]\ngenerator = \"barabasi_albert\"\nnodes = 5\nattach = 9", "network.attach", ""),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\nsteps = 0", "network.steps",
     "expected an integer in [1, 100000], got 0"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\nupdate = \"moran\"", "network.update",
     "'fermi', 'imitate_best', 'best_response'"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ncolour = 1", "network.colour", "unknown key"),
    ("[network]\ngenerator = \"ring\"\nnodes = 4\npopulations = { row = 0.5, firm = 0.5 }",
     "network.populations", "'firm' are not players of the game"),
    ("[network]\ngenerator = \"ring\"\nnodes = 4\ninitial = { firm = 0.5 }", "network.initial.firm",
     "unknown key"),
    ("[network]\ngenerator = \"edge_list\"\nedges = []", "network.edges", "non-empty list"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ntargeting = { parameter = \"S\", subsidy = 2, "
     "budget = [9] }", "network.targeting.budget[0]", "in [0, 5], got 9"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ntargeting = { parameter = \"S\", subsidy = 2, "
     "budget = 1, strategies = [\"pagerank\"] }", "network.targeting.strategies[0]",
     "expected one of 'degree'"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ntargeting = { parameter = \"S\", budget = 1 }",
     "network.targeting.subsidy", "missing key 'subsidy'"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ntargeting = { parameter = \"S\", subsidy = 1, "
     "budget = 1, runs = 1 }", "network.targeting.runs", "[2, 10000]"),
    ("[network]\ngenerator = \"ring\"\nnodes = 5\ntargeting = { parameter = \"S\", subsidy = -2, "
     "budget = 1 }", "network.targeting.subsidy", "contradicts the assumption 'nonnegative'"),
    ("[network]\ngenerator = \"ring\"\nnodes = 1000000000", "network.nodes", "above the limit"),
    ("[network]\ngenerator = \"grid\"\nrows = 100000\ncolumns = 100000", "network.rows",
     "above the limit"),
    ("[network]\ngenerator = \"complete\"\nnodes = 100000", "network", "about 5.00e+09 edges"),
    ("[network]\ngenerator = \"erdos_renyi\"\nnodes = 200000\nprobability = 0.5", "network",
     "edges, above the limit"),
    ("[network]\ngenerator = \"ring\"\nnodes = 100000\nsteps = 100000\nruns = 100",
     "network.runs", "use fewer steps or runs"),
])
def test_bad_sections_name_the_file_section_and_key(extra: str, key: str, message: str) -> None:
    exc = _error(extra)
    assert exc.path == "<string>"
    assert exc.key == key, str(exc)
    assert message in exc.problem, str(exc)
    assert exc.line is not None and exc.line > PD.count("\n"), str(exc)


def test_noise_needs_two_strategies_per_player() -> None:
    rps = PD.replace('strategies = ["C", "D"]', 'strategies = ["C", "D", "E"]', 1)
    rps = rps.replace('[payoffs]', '[payoffs]\n"E,C" = [0, 0]\n"E,D" = [0, 0]')
    exc = _error("[noise]\nsigma = 1", rps)
    assert exc.key == "noise" and "row has more" in exc.problem


def test_network_without_networkx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)     # an import of networkx now fails
    exc = _error("[network]\ngenerator = \"ring\"\nnodes = 5")
    assert exc.key == "network"
    assert "coinnovation[network]" in exc.problem and "NetworkX" in exc.problem


def test_cli_check_reports_a_bad_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    from coinnovation.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text(PD + "\n[finite]\nintensity = \"strong\"\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.toml: finite.intensity (line 20): expected a number, got a string" in err


def test_targeting_needs_a_value_for_the_nodes_left_out() -> None:
    free = PD.replace("S = { value = 1, range", "S = { range")
    exc = _error('[network]\ngenerator = "ring"\nnodes = 5\ntargeting = { parameter = "S", '
                 "subsidy = 2, budget = 1 }", free)
    assert exc.key == "network.targeting.parameter" and "needs a value" in exc.problem
