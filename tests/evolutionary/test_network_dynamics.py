"""Network dynamics (网络演化博弈): a naive per-node reference, mean-field limits, laws, bad input.

The reference below is written from the documented model (the class
docstring of ``co.NetworkDynamics`` and the seed-consumption order of
``coinnovation.evolutionary._network_engine``), node by node in plain Python,
with each node's payoffs taken from ``game.subs(...)``; the library must give
the same trajectories bit for bit.
"""

from __future__ import annotations

import itertools
import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import networkx as nx
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.special import expit

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import InvalidGameError, InvalidInputError, UnknownPlayerError
from coinnovation.evolutionary._network_graphs import graph_from_spec

TOL = 1e-9  # the library's documented tolerance co.TOL, restated: the reference is independent


# ---------------------------------------------------------------------- the naive reference
class Naive:
    """Per-node reference of the documented model (plain Python loops)."""

    def __init__(self, game: co.NormalFormGame, graph: nx.Graph, *, update: str = "fermi",
                 intensity: float | None = None, schedule: str = "synchronous",
                 population: str | None = "population", payoff: str = "accumulated",
                 parameters: dict[str, Any] | None = None) -> None:
        self.update, self.schedule, self.averaged = update, schedule, payoff == "averaged"
        self.beta = (1.0 if update == "fermi" else math.inf) if intensity is None else float(intensity)
        self.nodes = list(graph.nodes)
        idx = {v: k for k, v in enumerate(self.nodes)}
        self.n = len(self.nodes)
        self.nbrs = [sorted(idx[u] for u in graph.neighbors(v)) for v in self.nodes]
        has_pop = population is not None and any(population in graph.nodes[v] for v in self.nodes)
        self.single = not has_pop
        if self.single:
            self.pop = [0] * self.n
            self.m = [game.shape[0]]
            self.others: list[list[int]] = [[0]]
        else:
            players = list(game.players)
            self.pop = [players.index(graph.nodes[v][population]) for v in self.nodes]
            self.m = list(game.shape)
            self.others = [[q for q in range(game.n_players) if q != p] for p in range(game.n_players)]
        # interaction and imitation neighbours
        if self.single:
            self.inter = self.nbrs
            self.imit = self.nbrs
        else:
            self.inter = [[j for j in nb if self.pop[j] != self.pop[i]] for i, nb in enumerate(self.nbrs)]
            self.imit = [[j for j in nb if self.pop[j] == self.pop[i]] for i, nb in enumerate(self.nbrs)]
        # every node's own payoff table u[a][profile of the others], from game.subs
        params = dict(parameters or {})
        tables = []
        for i, v in enumerate(self.nodes):
            g = game
            if game.is_symbolic:
                vals = {}
                for s in game.free_symbols:
                    name = str(s)
                    given = params.get(name)
                    if isinstance(given, (list, np.ndarray)):     # one value per node: overrides
                        x = given[i]
                    else:                                           # attribute, else the default
                        x = graph.nodes[v].get(name, given)
                    vals[name] = int(x) if float(x).is_integer() else float(x)
                g = game.subs(vals)
            p = self.pop[i]
            arr = np.moveaxis(g.payoff_array(p), p, 0)
            tables.append([[float(x) for x in row] for row in arr.reshape(arr.shape[0], -1)])
        self.tables = tables
        scale = max(1.0, max(abs(x) for t in tables for row in t for x in row))
        gmax = max(self.groups(i) for i in range(self.n))
        self.tol = TOL * scale * (1.0 if self.averaged else max(1.0, gmax))

    def groups(self, i: int) -> int:
        g = 1
        for q in self.others[self.pop[i]]:
            g *= sum(1 for j in self.inter[i] if self.pop[j] == q)
        return g

    def payoff(self, s: list[int], i: int, a: int) -> float:
        p = self.pop[i]
        counts = []
        for q in self.others[p]:
            c = [0] * self.m[q]
            for j in self.inter[i]:
                if self.pop[j] == q:
                    c[s[j]] += 1
            counts.append(c)
        total = 0.0
        for k, prof in enumerate(itertools.product(*(range(len(c)) for c in counts))):
            w = counts[0][prof[0]]
            for t in range(1, len(prof)):
                w = w * counts[t][prof[t]]
            term = self.tables[i][a][k] * w
            total = term if k == 0 else total + term
        if self.averaged:
            g = self.groups(i)
            return total / g if g > 0 else 0.0
        return total

    def fermi(self, d: float) -> float:
        if math.isinf(self.beta):
            return 1.0 if d > self.tol else (0.0 if d < -self.tol else 0.5)
        with np.errstate(over="ignore"):
            return float(1.0 / (1.0 + np.exp(-(self.beta * d))))

    @staticmethod
    def pick(u: float, k: int) -> int:
        return min(math.floor(u * k), k - 1)

    def new_strategy(self, s: list[int], pay: list[float], i: int, u1: float, u2: float | None
                     ) -> int:
        """Node i's next strategy; ``pay`` holds everybody's current payoff."""
        if self.update == "fermi":
            k = len(self.imit[i])
            if k == 0:
                return s[i]
            j = self.imit[i][self.pick(u1, k)]
            if s[j] != s[i] and u2 < self.fermi(pay[j] - pay[i]):
                return s[j]
            return s[i]
        if self.update == "imitate_best":
            if not self.imit[i]:
                return s[i]
            top = max([pay[i]] + [pay[j] for j in self.imit[i]])
            if pay[i] >= top - self.tol:
                return s[i]
            cands = [j for j in self.imit[i] if pay[j] >= top - self.tol]
            return s[cands[self.pick(u1, len(cands))]]
        m = self.m[self.pop[i]]
        if m < 2:
            return s[i]
        ps = [self.payoff(s, i, a) for a in range(m)]
        top = max(ps)
        if math.isinf(self.beta):
            best = [a for a in range(m) if ps[a] >= top - self.tol]
            return s[i] if s[i] in best else best[self.pick(u1, len(best))]
        w = [float(np.exp(self.beta * (x - top))) for x in ps]
        cum = list(itertools.accumulate(w))
        t = u1 * cum[-1]
        return next((a for a in range(m) if t < cum[a]), m - 1)

    def can_change(self, s: list[int]) -> bool:
        """Brute force: can any node's update ever change this state?"""
        pay = [self.payoff(s, i, s[i]) for i in range(self.n)]
        for i in range(self.n):
            if self.update == "fermi":
                if any(s[j] != s[i] for j in self.imit[i]):
                    return True
            elif self.update == "imitate_best":
                if self.imit[i]:
                    top = max([pay[i]] + [pay[j] for j in self.imit[i]])
                    if pay[i] < top - self.tol and any(
                            s[j] != s[i] for j in self.imit[i] if pay[j] >= top - self.tol):
                        return True
            else:
                m = self.m[self.pop[i]]
                if m >= 2 and not math.isinf(self.beta):
                    return True
                ps = [self.payoff(s, i, a) for a in range(m)]
                if ps[s[i]] < max(ps) - self.tol:
                    return True
        return False

    def shares(self, s: list[int]) -> list[float]:
        out = []
        for p in range(len(self.m)):
            mem = [i for i in range(self.n) if self.pop[i] == p]
            out.append(sum(1 for i in mem if s[i] == 0) / len(mem))
        return out

    def run(self, steps: int, *, initial: Any = 0.5, runs: int = 1, seed: int = 0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        children = np.random.SeedSequence(seed).spawn(runs)
        all_shares, finals, absorb = [], [], []
        for r in range(runs):
            g = np.random.default_rng(children[r])
            if isinstance(initial, (int, float)):
                keys = g.random(self.n)
                s = [0] * self.n
                for p in range(len(self.m)):
                    mem = sorted((i for i in range(self.n) if self.pop[i] == p), key=lambda i: keys[i])
                    k0 = math.floor(initial * len(mem) + 0.5)
                    for rank, i in enumerate(mem):
                        s[i] = 0 if rank < k0 else 1 + (rank - k0) % (self.m[p] - 1)
            else:
                s = [int(x) for x in initial]
            traj = [self.shares(s)]
            t_abs = 0 if not self.can_change(s) else -1
            for t in range(1, steps + 1):
                if self.schedule == "synchronous":
                    u1 = g.random(self.n)
                    u2 = g.random(self.n) if self.update == "fermi" else None
                    pay = [self.payoff(s, i, s[i]) for i in range(self.n)]
                    s = [self.new_strategy(s, pay, i, u1[i], None if u2 is None else u2[i])
                         for i in range(self.n)]
                else:
                    v = g.integers(0, self.n, size=self.n)
                    u1 = g.random(self.n)
                    u2 = g.random(self.n) if self.update == "fermi" else None
                    for k in range(self.n):
                        i = int(v[k])
                        pay = [self.payoff(s, j, s[j]) for j in range(self.n)]
                        s[i] = self.new_strategy(s, pay, i, u1[k], None if u2 is None else u2[k])
                traj.append(self.shares(s))
                if t_abs < 0 and not self.can_change(s):
                    t_abs = t
            all_shares.append(traj)
            finals.append(s)
            absorb.append(t_abs)
        return np.array(all_shares), np.array(finals), np.array(absorb)


# ---------------------------------------------------------------------- games
PD = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
SNOWDRIFT = co.NormalFormGame([[[3, 1], [4, 0]], [[3, 4], [1, 0]]])
COORD = co.NormalFormGame([[[4.5, 0.25], [3.5, 1.75]], [[4.5, 3.5], [0.25, 1.75]]])
RPS = co.NormalFormGame([np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]),
                         np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]).T])
IU = co.models.industry_university(pi_E=1, pi_U=0.5, dR=10, alpha=0.6, C_E=3, C_U=2.5, T_E=3.2,
                                   T_U=2, F=1.5, S_E=0.7, S_U=0)
TRIPARTITE = co.models.government_enterprise_university(
    **co.models.TRIPARTITE_TYPICAL, S_E=2, S_U=2.5)
S = sp.Symbol("S")
PD_SUBSIDY = co.NormalFormGame([[[3 + S, S], [5, 1]], [[3 + S, 5], [S, 1]]])


def _cluster(n_firms: int = 7, n_unis: int = 4, n_gov: int = 2, seed: int = 3,
             three: bool = True) -> nx.Graph:
    """A small innovation cluster: firms, universities and (optionally) agencies."""
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    firms = [f"f{k}" for k in range(n_firms)]
    unis = [f"u{k}" for k in range(n_unis)]
    govs = [f"g{k}" for k in range(n_gov)] if three else []
    for v in firms:
        g.add_node(v, population="enterprise")
    for v in unis:
        g.add_node(v, population="university")
    for v in govs:
        g.add_node(v, population="government")
    for k, v in enumerate(firms):
        g.add_edge(v, firms[(k + 1) % n_firms])
        g.add_edge(v, unis[int(rng.integers(n_unis))])
        if rng.random() < 0.5:
            g.add_edge(v, unis[int(rng.integers(n_unis))])
        if govs:
            g.add_edge(v, govs[int(rng.integers(n_gov))])
    for k, u in enumerate(unis):
        g.add_edge(u, unis[(k + 1) % n_unis])
        g.add_edge(u, firms[int(rng.integers(n_firms))])
        if govs:
            g.add_edge(u, govs[k % n_gov])
    if len(govs) > 1:
        g.add_edge(govs[0], govs[1])
    return g


def _same(lib: co.NetworkResult, ref: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    shares, final, absorb = ref
    assert np.array_equal(lib.final, final)
    assert np.array_equal(lib.shares, shares)
    assert lib.absorption_time.tolist() == absorb.tolist()


CASES = [
    pytest.param(PD, lambda: nx.barabasi_albert_graph(14, 2, seed=1), {}, id="pd-ba14"),
    pytest.param(SNOWDRIFT, lambda: nx.watts_strogatz_graph(12, 4, 0.3, seed=2), {"payoff": "averaged"},
                 id="snowdrift-ws12-averaged"),
    pytest.param(COORD, lambda: nx.erdos_renyi_graph(13, 0.3, seed=5), {"intensity": 0.7},
                 id="coordination-er13-isolated"),
    pytest.param(RPS, lambda: nx.cycle_graph(9), {"intensity": 3.0}, id="rps-ring9"),
    pytest.param(IU, lambda: _cluster(three=False), {}, id="industry-university-cluster"),
    pytest.param(TRIPARTITE, _cluster, {}, id="tripartite-cluster"),
    pytest.param(TRIPARTITE, _cluster, {"payoff": "averaged"}, id="tripartite-cluster-averaged"),
]


@pytest.mark.parametrize("update", ["fermi", "imitate_best", "best_response"])
@pytest.mark.parametrize("schedule", ["synchronous", "asynchronous"])
@pytest.mark.parametrize(("game", "make", "options"), CASES)
def test_vectorized_equals_the_naive_reference(game: co.NormalFormGame, make: Any,
                                               options: dict[str, Any], update: str,
                                               schedule: str) -> None:
    graph = make()
    opts = dict(options)
    if update == "imitate_best":
        opts.pop("intensity", None)
    nd = co.NetworkDynamics(game, graph, update=update, schedule=schedule, **opts)
    ref = Naive(game, graph, update=update, schedule=schedule, **opts)
    steps = 12 if schedule == "synchronous" else 4
    lib = nd.run(steps, initial=0.5, runs=3, rng=11)
    _same(lib, ref.run(steps, initial=0.5, runs=3, seed=11))
    assert lib.shares.shape == (3, steps + 1, len(nd.populations))
    assert lib.final.shape == (3, graph.number_of_nodes())


@pytest.mark.parametrize("update", ["fermi", "imitate_best"])
def test_few_changes_on_a_large_graph_equal_the_reference(update: str) -> None:
    """A torus of 1600 firms, all cooperating but 12: few nodes change per step, so neighbour
    counts are updated in place and imitate-the-best works only on the nodes that can move."""
    graph = nx.grid_2d_graph(40, 40, periodic=True)
    start = np.zeros(1600, dtype=int)
    start[np.random.default_rng(1).choice(1600, 12, replace=False)] = 1
    game = co.NormalFormGame([[[1, 0], [1.1, 0]], [[1, 1.1], [0, 0]]])
    nd = co.NetworkDynamics(game, graph, update=update)
    ref = Naive(game, graph, update=update)
    ref.can_change = lambda s: True                  # absorption is checked in other tests
    lib = nd.run(6, initial=start, runs=2, rng=3)
    shares, final, _ = ref.run(6, initial=start, runs=2, seed=3)
    assert np.array_equal(lib.final, final) and np.array_equal(lib.shares, shares)
    assert 0 < np.count_nonzero(lib.final != start) < 400     # a few changed, not most


@pytest.mark.parametrize("intensity", [0.0, math.inf, 0.4])
def test_logit_and_deterministic_limits_equal_the_reference(intensity: float) -> None:
    graph = nx.barabasi_albert_graph(12, 2, seed=8)
    for update in ("fermi", "best_response"):
        nd = co.NetworkDynamics(COORD, graph, update=update, intensity=intensity)
        ref = Naive(COORD, graph, update=update, intensity=intensity)
        _same(nd.run(10, runs=2, rng=4), ref.run(10, runs=2, seed=4))


def test_per_node_subsidy_equals_the_reference_with_substituted_games() -> None:
    graph = nx.barabasi_albert_graph(15, 2, seed=3)
    subsidy = {v: (1.5 if v % 4 == 0 else 0.25) for v in graph}
    nx.set_node_attributes(graph, subsidy, "S")
    nd = co.NetworkDynamics(PD_SUBSIDY, graph, update="fermi", intensity=2.0)
    assert nd.parameters["S"].tolist() == [subsidy[v] for v in graph]
    ref = Naive(PD_SUBSIDY, graph, update="fermi", intensity=2.0)
    _same(nd.run(15, runs=3, rng=2), ref.run(15, runs=3, seed=2))
    # a number in parameters= is the value of nodes without the attribute only
    for v in (1, 2, 5):
        del graph.nodes[v]["S"]
    nd = co.NetworkDynamics(PD_SUBSIDY, graph, update="fermi", intensity=2.0, parameters={"S": 3})
    assert nd.parameters["S"].tolist() == [3.0 if v in (1, 2, 5) else subsidy[v] for v in graph]
    ref = Naive(PD_SUBSIDY, graph, update="fermi", intensity=2.0, parameters={"S": 3})
    _same(nd.run(15, runs=3, rng=2), ref.run(15, runs=3, seed=2))


def test_a_uniform_parameter_is_the_substituted_game_bit_for_bit() -> None:
    graph = nx.watts_strogatz_graph(20, 4, 0.2, seed=1)
    a = co.NetworkDynamics(PD_SUBSIDY, graph, parameters={"S": 0.3}).run(25, runs=4, rng=5)
    b = co.NetworkDynamics(PD_SUBSIDY.subs(S=0.3), graph).run(25, runs=4, rng=5)
    assert np.array_equal(a.final, b.final) and np.array_equal(a.shares, b.shares)


def test_tripartite_with_symbolic_subsidies_as_node_attributes() -> None:
    game = co.models.government_enterprise_university(**co.models.TRIPARTITE_TYPICAL)
    graph = _cluster()
    values = {v: {"S_E": (2.5 if v in ("f0", "f3") else 0.5), "S_U": 2.0} for v in graph}
    nx.set_node_attributes(graph, values)
    nd = co.NetworkDynamics(game, graph, update="best_response", schedule="asynchronous")
    ref = Naive(game, graph, update="best_response", schedule="asynchronous")
    _same(nd.run(5, runs=2, rng=9), ref.run(5, runs=2, seed=9))
    # a subsidised firm earns more than an identical unsubsidised one, by the subsidy
    st = np.zeros(nd.n_nodes, dtype=int)
    pay = dict(zip(nd.nodes, nd.payoffs(st), strict=True))
    pay_flat = dict(zip(nd.nodes, nd.with_parameters({"S_E": 0.5}).payoffs(st), strict=True))
    groups = ref.groups(nd.nodes.index("f0"))
    assert groups >= 1
    assert pay["f0"] - pay_flat["f0"] == pytest.approx(2.0 * groups, abs=1e-12)
    assert pay["f1"] == pay_flat["f1"]


def test_per_run_parameters_are_the_runs_of_uniform_calls() -> None:
    """parameters=(runs, N): run r is run r of a call giving every run row r."""
    graph = nx.barabasi_albert_graph(25, 2, seed=6)
    nd = co.NetworkDynamics(PD_SUBSIDY, graph, update="fermi", intensity=2.0, parameters={"S": 0})
    rows = np.random.default_rng(0).choice([0.0, 1.5], size=(4, 25))
    both = nd.run(12, runs=4, rng=5, parameters={"S": rows})
    for r in range(4):
        alone = nd.run(12, runs=4, rng=5, parameters={"S": np.tile(rows[r], (4, 1))})
        assert np.array_equal(both.final[r], alone.final[r])
        assert np.array_equal(both.shares[r], alone.shares[r])


def test_many_distinct_parameter_values_are_evaluated_vectorized() -> None:
    """Beyond 1024 distinct values the payoffs are numpy arithmetic: equal up to rounding."""
    n = 1200
    graph = nx.path_graph(n)
    values = np.random.default_rng(2).uniform(0, 2, size=n)
    nd = co.NetworkDynamics(PD_SUBSIDY, graph, parameters={"S": values}, payoff="averaged")
    s = np.random.default_rng(3).integers(0, 2, size=n)
    got = nd.payoffs(s)
    for i in range(0, n, 97):
        u = PD_SUBSIDY.subs(S=float(values[i])).payoff_array(0)
        nbrs = [j for j in (i - 1, i + 1) if 0 <= j < n]
        want = sum(u[s[i], s[j]] for j in nbrs) / len(nbrs)
        assert got[i] == pytest.approx(want, rel=1e-13, abs=1e-13)


def test_payoffs_of_a_state_match_the_reference() -> None:
    graph = _cluster()
    for payoff in ("accumulated", "averaged"):
        nd = co.NetworkDynamics(TRIPARTITE, graph, payoff=payoff)
        ref = Naive(TRIPARTITE, graph, payoff=payoff)
        rng = np.random.default_rng(0)
        for _ in range(5):
            s = rng.integers(0, 2, size=nd.n_nodes)
            want = [ref.payoff(list(s), i, int(s[i])) for i in range(nd.n_nodes)]
            assert nd.payoffs(s).tolist() == want


def test_averaged_payoff_on_a_complete_multipartite_graph_is_the_replicator_fitness() -> None:
    """Averaged payoffs against everybody of the other populations = u_p(a, x_-p)."""
    sizes = (5, 4, 3)
    graph = nx.complete_multipartite_graph(*sizes)
    names = TRIPARTITE.players
    nx.set_node_attributes(graph, {v: names[graph.nodes[v]["subset"]] for v in graph}, "population")
    nd = co.NetworkDynamics(TRIPARTITE, graph, payoff="averaged")
    s = np.array([0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1])
    pops = nd.population_of
    x = [np.bincount(s[pops == p], minlength=2) / sizes[p] for p in range(3)]
    pay = nd.payoffs(s)
    u = TRIPARTITE.payoff_array()
    for i in range(nd.n_nodes):
        p = pops[i]
        others = [q for q in range(3) if q != p]
        mix = np.einsum("abc,b,c->a", np.moveaxis(u[p], p, 0), x[others[0]], x[others[1]])
        assert pay[i] == pytest.approx(mix[s[i]], abs=1e-12)


# ---------------------------------------------------------------------- mean-field limits
def _complete(n: int) -> Any:
    import scipy.sparse as sps

    return sps.csr_array(np.ones((n, n), dtype=np.int8) - np.eye(n, dtype=np.int8))


def test_synchronous_fermi_on_a_large_complete_graph_follows_the_mean_field_map() -> None:
    """Expected one-step change of the cooperators on K_N (exact finite-N map, averaged payoffs)."""
    n, runs, steps, beta = 1500, 16, 25, 1.5
    a = np.array([[3.0, 1.0], [4.0, 0.0]])            # snowdrift: interior rest point x* = 1/2
    game = co.NormalFormGame([a, a.T])
    nd = co.NetworkDynamics(game, _complete(n), update="fermi", intensity=beta, payoff="averaged")
    res = nd.run(steps, initial=0.1, runs=runs, rng=1)
    x = np.empty(steps + 1)
    x[0] = 0.1
    for t in range(steps):
        c = x[t] * n
        pc = (a[0, 0] * (c - 1) + a[0, 1] * (n - c)) / (n - 1)
        pd_ = (a[1, 0] * c + a[1, 1] * (n - c - 1)) / (n - 1)
        up = (n - c) * c / (n - 1) * expit(beta * (pc - pd_))
        down = c * (n - c) / (n - 1) * expit(beta * (pd_ - pc))
        x[t + 1] = (c + up - down) / n
    mean = res.shares[:, :, 0].mean(axis=0)
    se = res.shares[:, :, 0].std(axis=0, ddof=1) / math.sqrt(runs)
    # the map ignores O(1/N) fluctuation effects; 5 standard errors plus 1/N
    assert np.all(np.abs(mean - x) <= 5 * se + 1.0 / n + 1e-12), np.abs(mean - x).max()
    assert x[-1] == pytest.approx(0.5, abs=0.02)


def test_asynchronous_fermi_on_a_complete_graph_follows_the_tanh_replicator_equation() -> None:
    """dx/dt = x(1-x) tanh(beta Delta(x) / 2), one Monte Carlo step per unit time."""
    n, runs, steps, beta = 400, 16, 12, 1.0
    a = np.array([[3.0, 1.0], [4.0, 0.0]])
    game = co.NormalFormGame([a, a.T])
    nd = co.NetworkDynamics(game, _complete(n), update="fermi", intensity=beta, payoff="averaged",
                            schedule="asynchronous")
    res = nd.run(steps, initial=0.1, runs=runs, rng=2)

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        x = y[0]
        delta = (a[0, 0] - a[1, 0]) * x + (a[0, 1] - a[1, 1]) * (1 - x)
        return np.array([x * (1 - x) * math.tanh(beta * delta / 2)])

    sol = solve_ivp(rhs, (0, steps), [0.1], t_eval=np.arange(steps + 1), rtol=1e-10, atol=1e-12)
    mean = res.shares[:, :, 0].mean(axis=0)
    se = res.shares[:, :, 0].std(axis=0, ddof=1) / math.sqrt(runs)
    # O(1/N) finite-size bias plus 5 standard errors of the mean over runs
    assert np.all(np.abs(mean - sol.y[0]) <= 5 * se + 2.0 / n), np.abs(mean - sol.y[0]).max()
    assert sol.y[0][-1] > 0.45 and mean[-1] > 0.45      # it did travel from 0.1 to x* = 1/2


@pytest.mark.parametrize("x0", [0.2, 0.5, 0.8])
def test_weak_selection_drift_is_the_replicator_dynamics_of_coinnovation(x0: float) -> None:
    """For small beta the tanh equation is (beta/2) x(1-x) Delta: co.ReplicatorDynamics with time
    scaled by beta/2. Measured: the mean change of x over one Monte Carlo step, from a fixed state,
    over many runs."""
    n, runs, beta = 200, 1000, 0.2
    a = np.array([[3.0, 1.0], [4.0, 0.0]])
    game = co.NormalFormGame([a, a.T])
    nd = co.NetworkDynamics(game, _complete(n), update="fermi", intensity=beta, payoff="averaged",
                            schedule="asynchronous")
    start = (np.arange(n) >= round(x0 * n)).astype(int)     # round(x0 N) cooperators
    res = nd.run(1, initial=start, runs=runs, rng=3)
    step = res.shares[:, 1, 0] - res.shares[:, 0, 0]
    rd = co.ReplicatorDynamics(game, population="single")
    tr = rd.simulate(np.array([[x0]]), beta / 2, t_eval=[0.0, beta / 2])
    drift = tr.reduced[0, 1, 0] - x0
    se = step.std(ddof=1) / math.sqrt(runs)
    assert abs(step.mean() - drift) <= 4 * se + 0.05 * abs(drift), (step.mean(), drift, se)
    if x0 != 0.5:
        assert abs(drift) > 6 * se           # the drift is resolved, not lost in the noise


def test_two_population_mean_field_on_a_complete_bipartite_cluster() -> None:
    """Enterprises and universities, everybody tied to everybody: the two-population map."""
    ne, nu, runs, steps, beta = 300, 300, 10, 15, 0.8
    graph = nx.complete_graph(ne + nu)
    nx.set_node_attributes(graph, {v: "enterprise" if v < ne else "university" for v in graph},
                           "population")
    game = co.models.industry_university(pi_E=0, pi_U=0, dR=6, alpha=0.5, C_E=2, C_U=2, T_E=1,
                                         T_U=1, F=0.5, S_E=0.5, S_U=0)
    nd = co.NetworkDynamics(game, graph, update="fermi", intensity=beta, payoff="averaged")
    res = nd.run(steps, initial=0.3, runs=runs, rng=4)
    u = game.payoff_array()
    x = np.array([0.3, 0.3])
    sizes = np.array([ne, nu])
    path = [x.copy()]
    for _ in range(steps):
        new = x.copy()
        for p in range(2):
            other = x[1 - p]
            table = np.moveaxis(u[p], p, 0)
            pc = table[0] @ np.array([other, 1 - other])
            pd_ = table[1] @ np.array([other, 1 - other])
            k = sizes[p]
            c = x[p] * k
            move = (k - c) * c / (k - 1) * (expit(beta * (pc - pd_)) - expit(beta * (pd_ - pc)))
            new[p] = (c + move) / k
        x = new
        path.append(x.copy())
    mean = res.shares.mean(axis=0)
    assert np.max(np.abs(mean - np.array(path))) < 0.03


# ---------------------------------------------------------------------- laws
@settings(max_examples=30)
@given(graph=cst.networks(max_nodes=9), game=cst.symmetric_games(max_strategies=3),
       update=st.sampled_from(["fermi", "imitate_best", "best_response"]),
       schedule=st.sampled_from(["synchronous", "asynchronous"]), seed=st.integers(0, 2**32 - 1))
def test_law_shares_are_shares_and_final_matches_them(graph: nx.Graph, game: co.NormalFormGame,
                                                      update: str, schedule: str, seed: int) -> None:
    res = co.NetworkDynamics(game, graph, update=update, schedule=schedule).run(
        4, runs=2, rng=seed)
    assert np.all((res.shares >= 0) & (res.shares <= 1))
    assert np.array_equal(res.shares[:, -1, 0], np.mean(res.final == 0, axis=1))
    assert set(np.unique(res.final)) <= set(range(game.shape[0]))


@settings(max_examples=30)
@given(graph=cst.networks(max_nodes=9, populations=["enterprise", "university"]),
       seed=st.integers(0, 2**32 - 1), schedule=st.sampled_from(["synchronous", "asynchronous"]),
       update=st.sampled_from(["fermi", "imitate_best", "best_response"]))
def test_law_two_populations_equal_the_reference(graph: nx.Graph, seed: int, schedule: str,
                                                 update: str) -> None:
    nd = co.NetworkDynamics(IU, graph, update=update, schedule=schedule)
    ref = Naive(IU, graph, update=update, schedule=schedule)
    _same(nd.run(3, runs=2, rng=seed), ref.run(3, runs=2, seed=seed))


def _dominant(draw: st.DrawFn) -> co.NormalFormGame:
    vals = draw(st.lists(st.integers(-5, 5), min_size=2, max_size=2))
    gaps = draw(st.lists(st.integers(1, 4), min_size=2, max_size=2))
    a = np.array([[vals[0] + gaps[0], vals[1] + gaps[1]], vals], dtype=float)
    return co.NormalFormGame([a, a.T])


@settings(max_examples=40)
@given(data=st.data(), graph=cst.networks(max_nodes=10),
       update=st.sampled_from(["fermi", "imitate_best", "best_response"]),
       schedule=st.sampled_from(["synchronous", "asynchronous"]),
       payoff=st.sampled_from(["accumulated", "averaged"]), seed=st.integers(0, 2**32 - 1))
def test_law_all_cooperating_stays_under_strictly_dominant_cooperation(
        data: st.DataObject, graph: nx.Graph, update: str, schedule: str, payoff: str,
        seed: int) -> None:
    game = _dominant(data.draw)
    nd = co.NetworkDynamics(game, graph, update=update, schedule=schedule, payoff=payoff)
    res = nd.run(6, initial=1.0, runs=2, rng=seed)
    assert np.all(res.shares == 1.0) and np.all(res.final == 0)
    assert res.absorption_time.tolist() == [0, 0]
    # best response reaches full cooperation from anywhere in one synchronous step
    # (every node with a neighbour strictly prefers cooperating; isolated nodes keep theirs)
    if update == "best_response" and schedule == "synchronous":
        start = np.ones(nd.n_nodes, dtype=int)
        out = nd.run(1, initial=start, rng=seed)
        lonely = np.diff(nd.adjacency.indptr) == 0
        assert np.all(out.final[0][~lonely] == 0) and np.all(out.final[0][lonely] == 1)


@settings(max_examples=25)
@given(graph=cst.networks(max_nodes=9), seed=st.integers(0, 2**32 - 1),
       order=st.randoms(use_true_random=False),
       update=st.sampled_from(["fermi", "imitate_best", "best_response"]))
def test_law_node_names_and_edge_order_do_not_matter(graph: nx.Graph, seed: int, order: Any,
                                                     update: str) -> None:
    """Renaming nodes (same node order) and adding edges in another order: the same bits."""
    nodes = list(graph.nodes)
    rename = {v: f"firm-{v}" for v in nodes}
    edges = list(graph.edges())
    order.shuffle(edges)
    other = nx.Graph()
    other.add_nodes_from(rename[v] for v in nodes)
    other.add_edges_from((rename[v], rename[u]) for u, v in edges)
    a = co.NetworkDynamics(SNOWDRIFT, graph, update=update).run(6, runs=2, rng=seed)
    b = co.NetworkDynamics(SNOWDRIFT, other, update=update).run(6, runs=2, rng=seed)
    assert np.array_equal(a.final, b.final) and np.array_equal(a.shares, b.shares)
    assert b.nodes == tuple(rename[v] for v in nodes)


def _outcome_counts(nd: co.NetworkDynamics, order: list[Any], runs: int, seed: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    res = nd.run(8, initial=0.5, runs=runs, rng=seed)
    pos = [nd.nodes.index(v) for v in order]
    return (res.final[:, pos] == 0).sum(axis=0), res.final_share


def test_relabelling_nodes_leaves_the_distribution_of_outcomes_unchanged() -> None:
    """A graph and a relabelled copy (another node order): per-node cooperation frequencies and
    final shares agree statistically; a genuinely different graph is told apart by the same test."""
    from scipy.stats import chi2, ks_2samp

    base = nx.barabasi_albert_graph(12, 2, seed=4)
    perm = np.random.default_rng(5).permutation(12)
    relabelled = nx.Graph()
    relabelled.add_nodes_from(int(v) for v in perm)
    relabelled.add_edges_from(base.edges())
    other = nx.barabasi_albert_graph(12, 2, seed=9)     # the control: not isomorphic in general
    runs = 3000
    order = list(base.nodes)

    def stat(g1: nx.Graph, g2: nx.Graph, update: str) -> tuple[float, float]:
        c1, f1 = _outcome_counts(co.NetworkDynamics(COORD, g1, update=update, intensity=1.0
                                                    if update == "fermi" else None), order, runs, 1)
        c2, f2 = _outcome_counts(co.NetworkDynamics(COORD, g2, update=update, intensity=1.0
                                                    if update == "fermi" else None), order, runs, 2)
        p1, p2 = c1 / runs, c2 / runs
        pool = (c1 + c2) / (2 * runs)
        z2 = (p1 - p2) ** 2 / (pool * (1 - pool) * 2 / runs)
        return float(chi2.sf(z2.sum(), df=len(order))), float(ks_2samp(f1, f2).pvalue)

    for update in ("fermi", "imitate_best"):
        p_nodes, p_share = stat(base, relabelled, update)
        assert p_nodes > 1e-3 and p_share > 1e-3, (update, p_nodes, p_share)
        p_nodes_control, _ = stat(base, other, update)
        assert p_nodes_control < 1e-6, (update, p_nodes_control)


# ---------------------------------------------------------------------- executors
class TestExecutors:
    GRAPH = nx.barabasi_albert_graph(30, 2, seed=2)

    def reference(self, **kw: Any) -> co.NetworkResult:
        return co.NetworkDynamics(SNOWDRIFT, self.GRAPH, **kw).run(15, runs=7, rng=2024)

    def test_blocks_equal_one_call(self) -> None:
        ref = self.reference()
        for b in (1, 3, 7):
            got = co.NetworkDynamics(SNOWDRIFT, self.GRAPH).run(15, runs=7, rng=2024, block_runs=b)
            assert np.array_equal(got.final, ref.final) and np.array_equal(got.shares, ref.shares)
            assert np.array_equal(got.absorption_time, ref.absorption_time)

    def test_threads_and_processes(self) -> None:
        ref = self.reference(update="imitate_best")
        nd = co.NetworkDynamics(SNOWDRIFT, self.GRAPH, update="imitate_best")
        with ThreadPoolExecutor(2) as ex:
            a = nd.run(15, runs=7, rng=2024, executor=ex, block_runs=2)
        with ProcessPoolExecutor(2) as ex:
            b = nd.run(15, runs=7, rng=2024, executor=ex, block_runs=3)
        for got in (a, b):
            assert np.array_equal(got.final, ref.final) and np.array_equal(got.shares, ref.shares)

    def test_dask(self) -> None:
        from distributed import Client, LocalCluster

        nd = co.NetworkDynamics(TRIPARTITE, _cluster(), update="fermi")
        ref = nd.run(10, runs=5, rng=8)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            got = nd.run(10, runs=5, rng=8, executor=client, block_runs=2)
        assert np.array_equal(got.final, ref.final) and np.array_equal(got.shares, ref.shares)

    @settings(max_examples=15)
    @given(graph=cst.networks(max_nodes=8, populations=["enterprise", "university"]),
           seed=st.integers(0, 2**32 - 1), block=st.integers(1, 4))
    def test_law_identical_across_executors(self, graph: nx.Graph, seed: int, block: int) -> None:
        nd = co.NetworkDynamics(IU, graph, update="fermi")
        ref = nd.run(5, runs=4, rng=seed)
        with ThreadPoolExecutor(2) as ex:
            got = nd.run(5, runs=4, rng=seed, executor=ex, block_runs=block)
        assert np.array_equal(got.final, ref.final) and np.array_equal(got.shares, ref.shares)


# ---------------------------------------------------------------------- results
def test_cluster_statistics_against_networkx() -> None:
    graph = nx.grid_2d_graph(7, 7)
    nd = co.NetworkDynamics(PD, graph, update="imitate_best")
    res = nd.run(5, initial=0.6, runs=3, rng=1)
    for r in range(3):
        coop = [v for v, s in zip(nd.nodes, res.final[r], strict=True) if s == 0]
        sizes = sorted((len(c) for c in nx.connected_components(graph.subgraph(coop))), reverse=True)
        assert res.cooperator_clusters(r).tolist() == sizes
        assert res.largest_cluster[r] == (sizes[0] if sizes else 0)
        attr = {v: int(s == 0) for v, s in zip(nd.nodes, res.final[r], strict=True)}
        nx.set_node_attributes(graph, attr, "coop")
        want = nx.numeric_assortativity_coefficient(graph, "coop") if 0 < sum(attr.values()) < 49 \
            else float("nan")
        assert res.assortment[r] == pytest.approx(want, abs=1e-12, nan_ok=True)


def test_result_forms() -> None:
    nd = co.NetworkDynamics(IU, _cluster(three=False), update="fermi")
    res = nd.run(4, runs=2, rng=0)
    d = res.to_dict()
    assert d["populations"] == ["enterprise", "university"] and len(d["shares"]) == 2
    df = res.to_pandas()
    assert list(df.columns) == ["run", "step", "population", "share"]
    assert len(df) == 2 * 5 * 2
    assert df[(df.run == 1) & (df.step == 4) & (df.population == "university")].share.item() == \
        res.shares[1, 4, 1]
    lo, hi = res.band(0.5)
    assert lo.shape == hi.shape == (5, 2) and np.all(lo <= hi)
    assert "NetworkResult(2 runs x 4 steps" in repr(res) and "<table>" in res._repr_html_()
    assert res.mean_shares.shape == (5, 2)


def test_initial_forms() -> None:
    graph = _cluster(three=False)
    nd = co.NetworkDynamics(IU, graph)
    res = nd.run(0, initial={"enterprise": 1.0, "university": 0.0}, runs=2, rng=0)
    assert res.shares[:, 0].tolist() == [[1.0, 0.0], [1.0, 0.0]]
    fixed = np.array([k % 2 for k in range(nd.n_nodes)])
    res = nd.run(0, initial=fixed, runs=2)
    assert np.array_equal(res.final, np.stack([fixed, fixed]))
    per_run = np.stack([fixed, 1 - fixed])
    assert np.array_equal(nd.run(0, initial=per_run, runs=2).final, per_run)
    # exactly round(x N_p) cooperators per population
    res = nd.run(0, initial=0.3, runs=4, rng=1)
    sizes = np.bincount(nd.population_of)
    assert np.all(res.shares[:, 0] == np.floor(0.3 * sizes + 0.5) / sizes)


def test_three_strategies_start_split_evenly() -> None:
    nd = co.NetworkDynamics(RPS, nx.cycle_graph(10))
    res = nd.run(0, initial=0.2, runs=3, rng=0)
    for row in res.final:
        assert np.bincount(row, minlength=3).tolist() == [2, 4, 4]


def test_generator_rng_advances_and_seed_sequence_is_a_root() -> None:
    nd = co.NetworkDynamics(SNOWDRIFT, nx.cycle_graph(20))
    gen = np.random.default_rng(3)
    a, b = nd.run(10, runs=2, rng=gen), nd.run(10, runs=2, rng=gen)
    assert not np.array_equal(a.final, b.final)
    c = nd.run(10, runs=2, rng=np.random.SeedSequence(3))
    assert np.array_equal(c.final, nd.run(10, runs=2, rng=3).final)
    # a run does not depend on how many runs are simulated with it
    assert np.array_equal(nd.run(10, runs=5, rng=3).final[:2], c.final)


def test_absorbed_runs_stop_changing() -> None:
    nd = co.NetworkDynamics(PD, nx.barabasi_albert_graph(40, 2, seed=1), intensity=5.0)
    res = nd.run(300, runs=4, rng=2)
    for r in range(4):
        t = res.absorption_time[r]
        if t >= 0:
            assert np.all(res.shares[r, t:] == res.shares[r, t])
            assert nd.is_absorbing(res.final[r])
    assert res.absorbed.all()


# ---------------------------------------------------------------------- bad input
def _asym_graph() -> nx.Graph:
    g = nx.path_graph(4)
    nx.set_node_attributes(g, {0: "enterprise", 1: "university", 2: "enterprise", 3: "university"},
                           "population")
    return g


def test_node_without_a_population_is_named() -> None:
    g = _asym_graph()
    del g.nodes[2]["population"]
    with pytest.raises(InvalidInputError, match=r"node 2 has no attribute 'population'"):
        co.NetworkDynamics(IU, g)
    with pytest.raises(InvalidInputError, match=r"no node has the attribute 'role'"):
        co.NetworkDynamics(IU, _asym_graph(), population="role")


def test_population_not_in_the_game_is_named() -> None:
    g = _asym_graph()
    g.nodes[3]["population"] = "institute"
    with pytest.raises(UnknownPlayerError, match=r"node 3 has attribute 'population' = 'institute'"):
        co.NetworkDynamics(IU, g)


@pytest.mark.parametrize(("graph", "message"), [
    pytest.param(nx.Graph(), "graph: the graph has no nodes", id="no-nodes"),
    pytest.param(nx.empty_graph(4), "graph: the graph has no edges", id="no-edges"),
    pytest.param(nx.DiGraph([(0, 1), (1, 2)]), "graph: the graph is directed", id="directed"),
    pytest.param(nx.MultiGraph([(0, 1), (0, 1)]), "multigraph", id="multigraph"),
    pytest.param(nx.Graph([(0, 1), (1, 1)]), "node 1 has a self-loop", id="self-loop"),
    pytest.param([[0, 1], [1, 0]], "graph: expected a NetworkX graph", id="not-a-graph"),
])
def test_bad_graphs(graph: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        co.NetworkDynamics(PD, graph)


def test_bad_matrices() -> None:
    import scipy.sparse as sps

    with pytest.raises(InvalidInputError, match="not symmetric"):
        co.NetworkDynamics(PD, sps.csr_array(np.array([[0, 1], [0, 0]])))
    with pytest.raises(InvalidInputError, match="0 or 1"):
        co.NetworkDynamics(PD, sps.csr_array(np.array([[0, 2], [2, 0]])))
    with pytest.raises(InvalidInputError, match="no nodes"):
        co.NetworkDynamics(PD, sps.csr_array((0, 0)))


def test_incomplete_nodes() -> None:
    g = _asym_graph()
    g.add_node("f9", population="enterprise")
    g.add_edge("f9", 0)
    with pytest.raises(InvalidInputError, match=r"node 'f9' \(enterprise\) has no neighbour in "
                                                r"population 'university'"):
        co.NetworkDynamics(IU, g)
    nd = co.NetworkDynamics(IU, g, incomplete="zero")
    assert nd.payoffs(np.zeros(5, dtype=int))[-1] == 0.0
    ref = Naive(IU, g)
    _same(nd.run(6, runs=2, rng=1), ref.run(6, runs=2, seed=1))
    with pytest.raises(InvalidInputError, match="no node belongs to population 'government'"):
        co.NetworkDynamics(TRIPARTITE, _cluster(three=False))


def test_parameters_are_checked() -> None:
    g = nx.path_graph(3)
    with pytest.raises(InvalidInputError, match=r"node 0 has no attribute 'S', a free symbol"):
        co.NetworkDynamics(PD_SUBSIDY, g)
    with pytest.raises(InvalidInputError, match=r"parameters: 'T' is not a free symbol"):
        co.NetworkDynamics(PD_SUBSIDY, g, parameters={"S": 1, "T": 2})
    g.nodes[1]["S"] = "high"
    with pytest.raises(InvalidInputError, match=r"node 1 attribute 'S' is 'high'"):
        co.NetworkDynamics(PD_SUBSIDY, g, parameters={"S": 0})
    nd = co.NetworkDynamics(PD_SUBSIDY, nx.path_graph(3), parameters={"S": 0})
    with pytest.raises(InvalidInputError, match=r"parameters\['S'\]: expected a number, one value"):
        nd.run(2, parameters={"S": [1, 2]})
    with pytest.raises(InvalidInputError, match="is not a finite real number at node"):
        co.NetworkDynamics(co.NormalFormGame([[[1 / S, 0], [1, 1]], [[1 / S, 1], [0, 1]]]),
                           nx.path_graph(3), parameters={"S": [1, 0, 2]})


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"update": "moran"}, "update: expected one of", id="update"),
    pytest.param({"schedule": "random"}, "schedule: expected one of", id="schedule"),
    pytest.param({"payoff": "mean"}, "payoff: expected one of", id="payoff"),
    pytest.param({"intensity": -1}, "intensity: expected a number >= 0", id="intensity"),
    pytest.param({"intensity": True}, "intensity: expected a number", id="intensity-bool"),
    pytest.param({"incomplete": "drop"}, "incomplete: expected one of", id="incomplete"),
])
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        co.NetworkDynamics(PD, nx.path_graph(3), **kwargs)


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"steps": -1}, "steps: expected an integer >= 0", id="steps"),
    pytest.param({"runs": 0}, "runs: expected an integer >= 1", id="runs"),
    pytest.param({"initial": 1.5}, r"initial: a share of strategy 0 must lie in \[0, 1\]", id="share"),
    pytest.param({"initial": [0.0, 1.0, 0.0]}, "floats are never read", id="float-array"),
    pytest.param({"initial": [0, 2, 0]}, "node 1 has strategy 2", id="bad-strategy"),
    pytest.param({"initial": [0, 1]}, r"per node \(shape \(3,\)\), got int64 array of shape \(2,\)",
                 id="short"),
    pytest.param({"rng": -3}, "rng: a seed must be a non-negative", id="rng"),
    pytest.param({"executor": ThreadPoolExecutor(1)}, "executor: give block_runs", id="executor"),
])
def test_bad_run_arguments(kwargs: dict[str, Any], message: str) -> None:
    nd = co.NetworkDynamics(PD, nx.path_graph(3))
    kw = {"steps": 2, **kwargs}
    steps = kw.pop("steps")
    with pytest.raises(InvalidInputError, match=message):
        nd.run(steps, **kw)


def test_asymmetric_game_needs_populations() -> None:
    with pytest.raises(InvalidGameError, match="needs a symmetric two-player game"):
        co.NetworkDynamics(IU, nx.path_graph(3), population=None)
    with pytest.raises(InvalidInputError, match="game: expected a NormalFormGame"):
        co.NetworkDynamics([[1, 0], [0, 1]], nx.path_graph(3))


# ---------------------------------------------------------------------- graphs from a [network] mapping


@pytest.mark.parametrize(("spec", "nodes", "edges"), [
    pytest.param({"generator": "barabasi_albert", "nodes": 40, "attach": 3}, 40, 3 * 37, id="ba"),
    pytest.param({"generator": "watts_strogatz", "nodes": 30, "neighbours": 4, "rewire": 0.2}, 30, 60,
                 id="ws"),
    pytest.param({"generator": "random_regular", "nodes": 20, "degree": 3}, 20, 30, id="regular"),
    pytest.param({"generator": "complete", "nodes": 6}, 6, 15, id="complete"),
    pytest.param({"generator": "ring", "nodes": 7}, 7, 7, id="ring"),
    pytest.param({"generator": "star", "nodes": 5}, 5, 4, id="star"),
    pytest.param({"generator": "grid", "rows": 3, "columns": 4}, 12, 17, id="grid"),
    pytest.param({"generator": "grid", "rows": 3, "columns": 4, "periodic": True}, 12, 24, id="torus"),
    pytest.param({"generator": "edge_list", "edges": [["f1", "u1"], ["f1", "f2"]]}, 3, 2, id="edges"),
])
def test_graph_from_spec_generators(spec: dict[str, Any], nodes: int, edges: int) -> None:
    g = graph_from_spec(spec, rng=3)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    again = graph_from_spec(spec, rng=3)
    assert sorted(map(str, g.edges())) == sorted(map(str, again.edges()))


def test_graph_from_spec_erdos_renyi_density_and_seeds() -> None:
    spec = {"generator": "erdos_renyi", "nodes": 200, "probability": 0.05}
    g = graph_from_spec(spec, rng=1)
    pairs = 200 * 199 / 2
    assert abs(g.number_of_edges() - 0.05 * pairs) < 5 * math.sqrt(pairs * 0.05 * 0.95)
    assert set(graph_from_spec({**spec, "seed": 9}).edges()) == set(
        graph_from_spec({**spec, "seed": 9}, rng=123).edges())
    assert set(graph_from_spec(spec, rng=2).edges()) != set(g.edges())


def test_graph_from_spec_populations_files_and_dynamics(tmp_path: Any) -> None:
    spec = {"generator": "barabasi_albert", "nodes": 31, "attach": 2,
            "populations": {"enterprise": 0.5, "university": 0.5}}
    g = graph_from_spec(spec, rng=4)
    roles = [r for _, r in g.nodes(data="population")]
    assert sorted((roles.count("enterprise"), roles.count("university"))) == [15, 16]
    (tmp_path / "cluster.csv").write_text("source,target\n# a comment\nf1,u1\nf2 u1\nf1\tf2\n",
                                          encoding="utf-8")
    (tmp_path / "roles.csv").write_text("node,population\nf1,enterprise\nf2,enterprise\n"
                                        "u1,university\n", encoding="utf-8")
    g = graph_from_spec({"generator": "edge_list", "file": "cluster.csv", "role_file": "roles.csv",
                         "attribute": "role"}, base=tmp_path)
    assert dict(g.nodes(data="role")) == {"f1": "enterprise", "u1": "university", "f2": "enterprise"}
    nd = co.NetworkDynamics(IU, g, population="role")
    assert nd.populations == ("enterprise", "university") and nd.n_edges == 3
    g = graph_from_spec({"generator": "edge_list", "edges": [[1, 2], [2, 3]],
                         "roles": {"1": "enterprise", "2": "university", "3": "enterprise"}})
    assert g.nodes[2]["population"] == "university"


@pytest.mark.parametrize(("spec", "message"), [
    pytest.param({"generator": "scale_free"}, r"network.generator: expected one of", id="generator"),
    pytest.param({"generator": "barabasi_albert", "nodes": 10}, r"needs \['attach'\]", id="missing"),
    pytest.param({"generator": "barabasi_albert", "nodes": 10, "attach": 10},
                 r"network.attach: must be below nodes = 10", id="attach"),
    pytest.param({"generator": "barabasi_albert", "nodes": 10, "attach": 2, "rewire": 0.1},
                 r"unknown key\(s\) \['rewire'\]", id="unknown-key"),
    pytest.param({"generator": "watts_strogatz", "nodes": 10, "neighbours": 3, "rewire": 0.1},
                 r"network.neighbours: expected an even number", id="odd"),
    pytest.param({"generator": "erdos_renyi", "nodes": 10, "probability": 1.5},
                 r"network.probability: expected a probability", id="probability"),
    pytest.param({"generator": "ring", "nodes": "ten"}, r"network.nodes: expected an integer", id="nodes"),
    pytest.param({"generator": "random_regular", "nodes": 5, "degree": 3}, r"nodes \* degree even",
                 id="regular"),
    pytest.param({"generator": "edge_list"}, "exactly one of 'edges'", id="edge-list-empty"),
    pytest.param({"generator": "edge_list", "edges": [["a", "a"]]}, "self-loop", id="self-loop"),
    pytest.param({"generator": "edge_list", "file": "nowhere.csv"}, "no such file", id="file"),
    pytest.param({"generator": "ring", "nodes": 6, "populations": {"enterprise": 0.5,
                                                                   "university": 0.3}},
                 "shares must sum to 1", id="shares"),
    pytest.param({"generator": "edge_list", "edges": [["a", "b"]], "roles": {"a": "enterprise"}},
                 r"network.roles: node 'b' has no population", id="roles"),
    pytest.param({"generator": "ring", "nodes": 6, "populations": {"e": 1.0}, "roles": {}},
                 "give one of 'populations', 'roles'", id="both"),
])
def test_graph_from_spec_bad_input_names_the_key(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        graph_from_spec(spec, rng=0)


# ---------------------------------------------------------------------- figures
def _png(ax: Any) -> bytes:
    import io

    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=50)
    assert buf.getvalue().startswith(b"\x89PNG")
    return buf.getvalue()


def test_network_figure_colours_nodes_by_final_strategy() -> None:
    from matplotlib.colors import to_hex

    from coinnovation import plot
    from coinnovation._plot_network import STRATEGY_COLORS

    graph = _cluster()
    nd = co.NetworkDynamics(TRIPARTITE, graph, update="best_response")
    res = nd.run(3, runs=2, rng=5)
    ax = plot.network_strategies(res, run=1, title="政产学研 cluster")
    assert ax.get_title() == "政产学研 cluster"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["active / cooperate", "defect / passive", "enterprise", "university",
                      "government"]
    # one scatter per population (in population order), each node's face colour its final strategy's
    scatters = [c for c in ax.collections if type(c).__name__ == "PathCollection"]
    assert len(scatters) == 3
    pops = nd.population_of
    for k, sc in enumerate(scatters):
        want = [STRATEGY_COLORS[v] for v in res.final[1][pops == k]]
        assert [to_hex(c) for c in sc.get_facecolors()] == want
        assert np.allclose(sc.get_offsets().shape, (np.sum(pops == k), 2))
    edges = [c for c in ax.collections if type(c).__name__ == "LineCollection"]
    assert len(edges) == 1 and len(edges[0].get_segments()) == nd.n_edges
    _png(ax)


def test_network_shares_figure_mean_and_band() -> None:
    from coinnovation import plot

    nd = co.NetworkDynamics(IU, _cluster(three=False))
    res = nd.run(8, runs=6, rng=1)
    ax = plot.network_shares(res, names=["企业", "高校"], level=0.5)
    lines = ax.get_lines()
    assert len(lines) == 2 and np.allclose(lines[0].get_ydata(), res.mean_shares[:, 0])
    band = ax.collections[1].get_paths()[0].vertices
    lo, hi = res.band(0.5)
    assert np.isclose(band[:, 1].max(), hi[:, 1].max()) and np.isclose(band[:, 1].min(), lo[:, 1].min())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "企业 (mean of 6 runs)", "高校 (mean of 6 runs)"]
    assert ax.get_xlabel() == "steps"
    _png(ax)


def test_figure_bad_input() -> None:
    import scipy.sparse as sps

    from coinnovation import plot

    with pytest.raises(InvalidInputError, match="needs a NetworkResult"):
        plot.network_strategies(None)
    big = co.NetworkDynamics(PD, sps.csr_array(sps.diags([1, 1], [-1, 1], shape=(2500, 2500),
                                                         dtype=np.int8)))
    with pytest.raises(InvalidInputError, match="up to 2000 nodes"):
        plot.network_strategies(big.run(1, rng=0))
    res = co.NetworkDynamics(PD, nx.path_graph(3)).run(1, rng=0)
    with pytest.raises(InvalidInputError, match="pos: no position for node 2"):
        plot.network_strategies(res, pos={0: (0, 0), 1: (1, 0)})
    with pytest.raises(InvalidInputError, match="run: expected an index below 1"):
        plot.network_strategies(res, run=1)
    with pytest.raises(InvalidInputError, match="names: expected 1 names"):
        plot.network_shares(res, names=["a", "b"])


def test_populations_as_a_sequence_and_as_a_matrix_graph() -> None:
    graph = _cluster(three=False)
    by_attr = co.NetworkDynamics(IU, graph)
    names = [graph.nodes[v]["population"] for v in graph]
    by_list = co.NetworkDynamics(IU, graph, population=names)
    matrix = co.NetworkDynamics(IU, by_attr.adjacency, population=names)
    a = by_attr.run(6, runs=2, rng=4)
    for other in (by_list, matrix):
        b = other.run(6, runs=2, rng=4)
        assert np.array_equal(a.final, b.final) and np.array_equal(a.shares, b.shares)
    with pytest.raises(InvalidInputError, match="expected one population per node"):
        co.NetworkDynamics(IU, graph, population=names[:-1])
    with pytest.raises(UnknownPlayerError, match="node 0 has population = 'firm'"):
        co.NetworkDynamics(IU, by_attr.adjacency, population=["firm"] * len(names))
