"""Subsidy targeting on networks (精准补贴): rules, numbers, intervals, executors, bad input.

The numbers are checked against direct simulations with ``NetworkDynamics.run``
(the documented streams: child 0 of the root for the evaluation runs), the
rankings against NetworkX, the intervals against ``scipy.stats.t.interval``.
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import networkx as nx
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import InvalidInputError
from coinnovation.policy.targeting import RULES

S = sp.Symbol("S")
STAG = co.NormalFormGame([[[4 + S, S], [3, 1]], [[4 + S, 3], [S, 1]]])
PD = co.NormalFormGame([[[1 + S, S], [1.3, 0]], [[1 + S, 1.3], [S, 0]]])


def _child(seed: int, k: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed).spawn(k + 1)[k]


@pytest.fixture(scope="module")
def ba() -> co.NetworkDynamics:
    return co.NetworkDynamics(PD, nx.barabasi_albert_graph(30, 2, seed=4), update="fermi",
                              intensity=3.0, parameters={"S": 0})


@pytest.fixture(scope="module")
def ba_result(ba: co.NetworkDynamics) -> co.TargetingResult:
    return co.subsidy_targeting(ba, budget=[0, 2, 5], subsidy=0.8, steps=15, runs=12,
                                greedy_runs=4, candidates=8, rng=7)


def test_numbers_are_the_final_shares_of_direct_simulations(ba: co.NetworkDynamics,
                                                            ba_result: co.TargetingResult) -> None:
    res = ba_result
    assert res.rules == RULES and res.budgets == (0, 2, 5)
    for i, rule in enumerate(res.rules):
        if rule == "random":
            continue
        for j, k in enumerate(res.budgets):
            nodes = res.targets[rule][j]
            assert len(nodes) == k
            values = np.zeros(ba.n_nodes)
            values[[ba.nodes.index(v) for v in nodes]] = 0.8
            direct = ba.run(15, runs=12, rng=_child(7, 0), parameters={"S": values})
            assert np.array_equal(res.values[i, j], direct.final_share)
            assert np.array_equal(res.population_shares[i, j, :, 0], direct.shares[:, -1, 0])


def test_budget_zero_is_the_same_for_every_rule(ba_result: co.TargetingResult) -> None:
    col = ba_result.values[:, 0, :]
    assert all(np.array_equal(col[0], c) for c in col[1:])


def test_degree_and_betweenness_rankings_match_networkx(ba: co.NetworkDynamics,
                                                        ba_result: co.TargetingResult) -> None:
    g = ba.graph
    top_deg = [v for v, _ in sorted(g.degree, key=lambda item: (-item[1], list(g).index(item[0])))]
    assert ba_result.targets["degree"][2] == tuple(top_deg[:5])
    bc = nx.betweenness_centrality(g)
    got = ba_result.targets["betweenness"][2]
    threshold = sorted(bc.values(), reverse=True)[4]
    assert all(bc[v] >= threshold - 1e-12 for v in got)
    assert min(bc[v] for v in got) >= max(bc[v] for v in g if v not in got) - 1e-12


def test_confidence_intervals(ba_result: co.TargetingResult) -> None:
    res = ba_result
    for i in range(len(res.rules)):
        for j in range(len(res.budgets)):
            x = res.values[i, j]
            lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x)) \
                if x.std() > 0 else (x.mean(), x.mean())
            assert res.mean[i, j] == pytest.approx(x.mean(), abs=1e-15)
            assert res.lower[i, j] == pytest.approx(max(0.0, lo), abs=1e-12)
            assert res.upper[i, j] == pytest.approx(min(1.0, hi), abs=1e-12)


def test_greedy_is_nested_and_picks_the_hub_of_a_star() -> None:
    nd = co.NetworkDynamics(STAG, nx.star_graph(7), update="best_response", parameters={"S": 0})
    res = co.subsidy_targeting(nd, budget=[1, 2], strategies=("greedy",), subsidy=1.0, steps=6,
                               runs=10, rng=3)
    assert res.greedy_order[0] == 0
    assert res.targets["greedy"] == (res.greedy_order[:1], res.greedy_order[:2])
    # brute force: every single subsidised node, the hub is best by a margin
    single = []
    for v in range(8):
        vals = np.zeros(8)
        vals[v] = 1.0
        single.append(nd.run(6, runs=10, rng=_child(3, 2), parameters={"S": vals}).final_share.mean())
    assert int(np.argmax(single)) == 0 and single[0] > max(single[1:]) + 0.2
    assert res.mean[0, 0] == 1.0


def test_greedy_is_documented_as_a_heuristic() -> None:
    doc = co.subsidy_targeting.__doc__ or ""
    assert "**a heuristic**" in doc and "not* guaranteed" in doc


def test_random_sets_have_the_budget_and_change_between_runs() -> None:
    nd = co.NetworkDynamics(STAG, nx.star_graph(9), update="best_response", parameters={"S": 0})
    res = co.subsidy_targeting(nd, budget=[1], strategies=("random", "degree"), subsidy=1.0, steps=6,
                               runs=60, rng=2)
    # the hub is drawn in about 1 run in 10: random is far below the hub-first rule
    assert res.mean[1, 0] == 1.0
    assert 0.3 < res.mean[0, 0] < 0.95
    assert res.targets["random"] is None


def test_tripartite_subsidy_among_enterprises() -> None:
    game = co.models.government_enterprise_university(**{
        **co.models.TRIPARTITE_TYPICAL, "S_U": 2})
    g = nx.Graph()
    for k in range(6):
        g.add_node(f"f{k}", population="enterprise")
    for k in range(3):
        g.add_node(f"u{k}", population="university")
    g.add_node("gov", population="government")
    for k in range(6):
        g.add_edges_from([(f"f{k}", f"u{k % 3}"), (f"f{k}", "gov"), (f"f{k}", f"f{(k + 1) % 6}")])
    for k in range(3):
        g.add_edges_from([(f"u{k}", "gov"), (f"u{k}", f"u{(k + 1) % 3}")])
    nd = co.NetworkDynamics(game, g, update="best_response", parameters={"S_E": 0})
    res = co.subsidy_targeting(nd, budget=[0, 3, 6], strategies=("degree", "betweenness"),
                               parameter="S_E", subsidy=2.5, among="enterprise",
                               population="enterprise", steps=5, runs=4, rng=1)
    assert all(v.startswith("f") for sets in res.targets.values() for s in sets for v in s)
    assert res.measured == "enterprise"
    assert np.array_equal(res.values, res.population_shares[..., 0])
    # default eligibility: the populations whose payoffs contain S_E (enterprise, government)
    default = co.subsidy_targeting(nd, budget=[7], strategies=("degree",), parameter="S_E",
                                   subsidy=2.5, steps=2, runs=2, rng=1)
    assert set(default.targets["degree"][0]) == {f"f{k}" for k in range(6)} | {"gov"}
    with pytest.raises(InvalidInputError, match="only 7 are eligible"):
        co.subsidy_targeting(nd, budget=[8], strategies=("degree",), parameter="S_E", subsidy=2.5,
                             steps=2, runs=2, rng=1)


@settings(max_examples=15)
@given(graph=cst.networks(min_nodes=3, max_nodes=8), seed=st.integers(0, 2**32 - 1),
       update=st.sampled_from(["fermi", "best_response"]))
def test_law_no_budget_and_full_budget_give_every_rule_the_same_runs(graph: nx.Graph, seed: int,
                                                                     update: str) -> None:
    nd = co.NetworkDynamics(STAG, graph, update=update, parameters={"S": 0})
    n = nd.n_nodes
    res = co.subsidy_targeting(nd, budget=[0, n], strategies=("degree", "random", "betweenness"),
                               subsidy=1.5, steps=4, runs=3, rng=seed)
    for j in range(2):
        assert np.array_equal(res.values[0, j], res.values[1, j])
        assert np.array_equal(res.values[0, j], res.values[2, j])
    assert np.all((res.lower <= res.mean) & (res.mean <= res.upper))
    assert np.all((res.values >= 0) & (res.values <= 1))


class TestExecutors:
    def run(self, executor: Any = None) -> co.TargetingResult:
        nd = co.NetworkDynamics(PD, nx.barabasi_albert_graph(20, 2, seed=1), update="fermi",
                                parameters={"S": 0})
        return co.subsidy_targeting(nd, budget=[0, 3], subsidy=1.0, steps=8, runs=6, greedy_runs=3,
                                    candidates=5, executor=executor, rng=11)

    def test_threads_processes_and_dask_equal_one_process(self) -> None:
        from distributed import Client, LocalCluster

        ref = self.run()
        with ThreadPoolExecutor(2) as ex:
            a = self.run(ex)
        with ProcessPoolExecutor(2) as ex:
            b = self.run(ex)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            c = self.run(client)
        for got in (a, b, c):
            assert np.array_equal(got.values, ref.values)
            assert got.greedy_order == ref.greedy_order and got.targets == ref.targets


def test_result_forms(ba_result: co.TargetingResult) -> None:
    res = ba_result
    df = res.to_pandas()
    assert len(df) == 4 * 3 and list(df.columns[:3]) == ["rule", "budget", "mean"]
    assert df[(df.rule == "degree") & (df.budget == 5)]["mean"].item() == res.mean[0, 2]
    d = res.to_dict()
    assert d["budgets"] == [0, 2, 5] and d["targets"]["random"] is None
    assert repr(res).startswith("TargetingResult(S = 0.8 to k nodes; 12 runs, 95% intervals")
    assert "<table>" in res._repr_html_()
    assert res.best(0) == "degree"
    assert res.std.shape == (4, 3) and math.isfinite(float(res.std.sum()))


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"strategies": ("hubs",)}, "strategies: unknown rule 'hubs'", id="rule"),
    pytest.param({"strategies": ("degree", "degree")}, "repeated rules", id="repeated"),
    pytest.param({"budget": [0, 40]}, "40 nodes, but only 30 are eligible", id="too-large"),
    pytest.param({"budget": -1}, "budget: expected", id="negative"),
    pytest.param({"subsidy": None}, "subsidy: expected the", id="no-subsidy"),
    pytest.param({"parameter": "T"}, "parameter: 'T' is not a free symbol", id="parameter"),
    pytest.param({"runs": 1}, "runs: expected an integer >= 2", id="runs"),
    pytest.param({"among": "government"}, "among: 'government' is not a population", id="among"),
    pytest.param({"population": "firms"}, "population: 'firms' is not a population", id="population"),
    pytest.param({"level": 1.5}, r"level: expected a number in \(0, 1\)", id="level"),
    pytest.param({"strategies": ("greedy",), "candidates": 2, "budget": 3},
                 "greedy rule has only 2 candidates", id="candidates"),
    pytest.param({"strategies": ("greedy",), "candidates": ["nobody"]}, "'nobody' is not a node",
                 id="candidate-node"),
])
def test_bad_input(ba: co.NetworkDynamics, kwargs: dict[str, Any], message: str) -> None:
    kw: dict[str, Any] = {"budget": 2, "subsidy": 1.0, "steps": 2, "runs": 2, **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        co.subsidy_targeting(ba, **kw)


def test_a_numeric_game_has_no_subsidy_to_place() -> None:
    nd = co.NetworkDynamics(STAG.subs(S=0), nx.path_graph(4))
    with pytest.raises(InvalidInputError, match=r"parameter: name the subsidy symbol; the game's free "
                                                r"symbols are \[\]"):
        co.subsidy_targeting(nd, budget=1, subsidy=1.0)
    with pytest.raises(InvalidInputError, match="dynamics: expected a NetworkDynamics"):
        co.subsidy_targeting(STAG, budget=1, subsidy=1.0)


def test_targeting_figure(ba_result: co.TargetingResult) -> None:
    import io

    from coinnovation import plot

    ax = plot.targeting_curves(ba_result)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(RULES)
    for k, line in enumerate(ax.get_lines()):
        assert line.get_xdata().tolist() == [0, 2, 5]
        assert np.allclose(line.get_ydata(), ba_result.mean[k])
    assert ax.get_xlabel() == "budget k (subsidised nodes)"
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=50)
    with pytest.raises(InvalidInputError, match="needs a TargetingResult"):
        plot.targeting_curves(ba_result.values)
