r"""Where to aim a limited subsidy in an innovation network (补贴对象选择 / 精准补贴).

:func:`subsidy_targeting` gives the subsidy to :math:`k` nodes of a
:class:`~coinnovation.NetworkDynamics` chosen by a rule (the hubs, the
brokers, at random, or greedily by simulation) and reports the final
cooperation share with confidence intervals over runs, for every rule and
budget. Runs go through :func:`coinnovation.sweep`, so they scale to threads,
processes or a dask cluster with identical results.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from .._util.display import esc, require_pandas
from .._util.rng import child_seed, root_seed
from .._util.tolerance import TOL
from ..errors import InvalidInputError
from ..evolutionary.network import NetworkDynamics
from ..sweep import sweep

__all__ = ["RULES", "TargetingResult", "subsidy_targeting"]

RULES = ("degree", "betweenness", "random", "greedy")
"""The targeting rules of :func:`subsidy_targeting`."""


def _rank(scores: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """``pool`` sorted by decreasing score; scores within ``TOL * scale`` are ties, kept in node order."""
    s = scores[pool]
    tol = TOL * max(1.0, float(np.max(np.abs(s))) if s.size else 0.0)
    order = pool[np.lexsort((pool, -s))]
    out: list[int] = []
    k = 0
    while k < order.size:
        j = k + 1
        while j < order.size and scores[order[k]] - scores[order[j]] <= tol:
            j += 1
        out.extend(sorted(order[k:j].tolist()))
        k = j
    return np.asarray(out, dtype=np.int64)


def _betweenness(nd: NetworkDynamics, samples: int | None, seed: int) -> np.ndarray:
    import networkx as nx  # optional extra "network": Brandes' algorithm for betweenness

    g = nx.from_scipy_sparse_array(nd.adjacency)
    bc = nx.betweenness_centrality(g, k=samples, seed=seed if samples is not None else None)
    return np.array([bc[i] for i in range(nd.n_nodes)], dtype=np.float64)


# ---------------------------------------------------------------------- tasks for co.sweep
class _Evaluate:
    """Final cooperation of configurations (a node set, or random sets per run), all runs at once."""

    def __init__(self, nd: NetworkDynamics, name: str, base: np.ndarray, subsidy: float,
                 configs: list[tuple[str, Any]], steps: int, initial: Any, runs: int,
                 root: np.random.SeedSequence, weights: np.ndarray, tail: int) -> None:
        self.nd, self.name, self.base, self.subsidy = nd, name, base, subsidy
        self.configs, self.steps, self.initial, self.runs = configs, steps, initial, runs
        self.root, self.weights, self.tail = root, weights, tail

    def values(self, kind: str, payload: Any) -> np.ndarray:
        if kind == "set":
            arr = self.base.copy()
            arr[np.asarray(payload, dtype=np.int64)] = self.subsidy
            return arr
        perms, k = payload
        arr = np.repeat(self.base[None, :], self.runs, axis=0)
        if k:
            rows = np.repeat(np.arange(self.runs), k)
            arr[rows, perms[:, :k].reshape(-1)] = self.subsidy
        return arr

    def __call__(self, config: np.ndarray) -> dict[str, np.ndarray]:
        out, shares = [], []
        for c in np.asarray(config).tolist():
            kind, payload = self.configs[int(c)]
            res = self.nd.run(self.steps, initial=self.initial, runs=self.runs, rng=self.root,
                              parameters={self.name: self.values(kind, payload)})
            tail = res.shares[:, -self.tail:, :]
            out.append((tail @ self.weights).mean(axis=1))
            shares.append(tail.mean(axis=1).reshape(-1))
        return {"value": np.array(out), "shares": np.array(shares)}


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class TargetingResult:
    r"""Final cooperation when :math:`k` nodes get the subsidy, per targeting rule and budget.

    Attributes
    ----------
    rules : tuple of str
    budgets : tuple of int
    mean, lower, upper, std : numpy.ndarray, shape (rules, budgets)
        Mean over runs of the final cooperation share, the ``level``
        confidence interval of that mean (Student *t*, clipped to [0, 1]) and
        the standard deviation over runs.
    values : numpy.ndarray, shape (rules, budgets, runs)
        The final cooperation share of every run.
    population_shares : numpy.ndarray, shape (rules, budgets, runs, populations)
        The same per population.
    targets : dict
        ``{rule: (nodes for budget 0, nodes for budget 1, ...)}``: the
        subsidised node labels (``None`` for ``"random"``: a new set every run).
    greedy_order : tuple
        The greedy rule's nodes in the order it picked them (empty without it).
    parameter : str
    subsidy : float
    level : float
    runs : int
    populations : tuple of str
    measured : str
        ``"all nodes"`` or the population whose share is measured.
    """

    rules: tuple[str, ...]
    budgets: tuple[int, ...]
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    std: np.ndarray
    values: np.ndarray
    population_shares: np.ndarray
    targets: dict[str, Any]
    greedy_order: tuple[Any, ...]
    parameter: str
    subsidy: float
    level: float
    runs: int
    populations: tuple[str, ...]
    measured: str = "all nodes"
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def best(self, budget: int) -> str:
        """The rule with the highest mean final cooperation at ``budget`` (first in order on ties)."""
        if budget not in self.budgets:
            raise InvalidInputError(f"budget: {budget!r} is not one of {list(self.budgets)}")
        col = self.mean[:, self.budgets.index(budget)]
        return self.rules[int(np.flatnonzero(col >= col.max() - TOL)[0])]

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"rules": list(self.rules), "budgets": list(self.budgets),
                "mean": self.mean.tolist(), "lower": self.lower.tolist(),
                "upper": self.upper.tolist(), "std": self.std.tolist(),
                "values": self.values.tolist(),
                "targets": {k: (None if v is None else [list(s) for s in v])
                            for k, v in self.targets.items()},
                "greedy_order": list(self.greedy_order), "parameter": self.parameter,
                "subsidy": self.subsidy, "level": self.level, "runs": self.runs,
                "measured": self.measured}

    def to_pandas(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: rule, budget, mean, lower, upper, std, runs."""
        pd = require_pandas("TargetingResult.to_pandas")
        rows = [{"rule": r, "budget": b, "mean": self.mean[i, j], "lower": self.lower[i, j],
                 "upper": self.upper[i, j], "std": self.std[i, j], "runs": self.runs}
                for i, r in enumerate(self.rules) for j, b in enumerate(self.budgets)]
        return pd.DataFrame(rows)

    def table(self) -> str:
        """A plain-text table: one row per rule, one column per budget (mean [lower, upper])."""
        head = "rule".ljust(12) + "".join(f"k={b}".ljust(24) for b in self.budgets)
        lines = [head.rstrip()]
        for i, r in enumerate(self.rules):
            cells = "".join(f"{self.mean[i, j]:.3f} [{self.lower[i, j]:.3f}, {self.upper[i, j]:.3f}]"
                            .ljust(24) for j in range(len(self.budgets)))
            lines.append((r.ljust(12) + cells).rstrip())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"TargetingResult({self.parameter} = {self.subsidy:g} to k nodes; {self.runs} runs, "
                f"{self.level:.0%} intervals; final cooperation share of {self.measured})\n"
                + self.table())

    def _repr_html_(self) -> str:
        head = "".join(f"<th>k = {b}</th>" for b in self.budgets)
        body = "".join(
            f"<tr><td>{esc(r)}</td>" + "".join(
                f"<td>{self.mean[i, j]:.3f} [{self.lower[i, j]:.3f}, {self.upper[i, j]:.3f}]</td>"
                for j in range(len(self.budgets))) + "</tr>" for i, r in enumerate(self.rules))
        return (f"<p>Final cooperation share of {self.measured} when k nodes get {self.parameter} = "
                f"{self.subsidy:g} ({self.runs} runs, {self.level:.0%} intervals)</p>"
                f"<table><tr><th>rule</th>{head}</tr>{body}</table>")


# ---------------------------------------------------------------------- the function
def _budgets(budget: Any) -> tuple[int, ...]:
    items = [budget] if isinstance(budget, (int, np.integer)) and not isinstance(budget, bool) \
        else (list(budget) if isinstance(budget, (Sequence, np.ndarray)) and not isinstance(
            budget, str) else None)
    if not items:
        raise InvalidInputError(f"budget: expected a number of nodes k >= 0 or a sequence of them, "
                                f"got {budget!r}")
    out = []
    for b in items:
        if isinstance(b, (bool, np.bool_)) or not isinstance(b, (int, np.integer)) or b < 0:
            raise InvalidInputError(f"budget: expected integers >= 0, got {b!r}")
        out.append(int(b))
    if len(set(out)) != len(out):
        raise InvalidInputError(f"budget: repeated values in {out}")
    return tuple(sorted(out))


def _eligible(nd: NetworkDynamics, name: str, among: Any) -> np.ndarray:
    pops = nd.population_of
    if among is None:
        game = nd.game
        players = range(1) if nd.populations == ("population",) else range(game.n_players)
        keep = []
        for p in players:
            arr = game.symbolic_payoff_array(p)
            if any(name in {str(s) for s in sp.sympify(e).free_symbols} for e in arr.ravel().tolist()):
                keep.append(p)
        return np.flatnonzero(np.isin(pops, keep)).astype(np.int64)
    names = [among] if isinstance(among, str) else list(among)
    idx = []
    for a in names:
        if a not in nd.populations:
            raise InvalidInputError(f"among: {a!r} is not a population; the populations are "
                                    f"{list(nd.populations)}")
        idx.append(nd.populations.index(a))
    return np.flatnonzero(np.isin(pops, idx)).astype(np.int64)


def subsidy_targeting(dynamics: NetworkDynamics, *, budget: Any,
                      strategies: Sequence[str] = RULES, parameter: Any = None,
                      subsidy: float | None = None, steps: int = 100, runs: int = 50,
                      initial: Any = 0.5, among: Any = None, population: str | None = None,
                      tail: int = 1, level: float = 0.95, greedy_runs: int | None = None,
                      candidates: Any = None, betweenness_samples: int | None = None,
                      executor: Any = None, rng: Any = None) -> TargetingResult:
    r"""Final cooperation when a subsidy goes to :math:`k` nodes chosen by each rule (精准补贴).

    For every rule and budget :math:`k`, :math:`k` eligible nodes get the
    value ``subsidy`` for the symbol ``parameter`` (the others keep their
    value in ``dynamics``); the dynamics run ``runs`` times for ``steps``
    steps, and the final share of nodes playing strategy 0 (cooperate) is
    averaged over the last ``tail`` steps. The mean over runs comes with a
    Student-*t* confidence interval at ``level``.

    Rules (``strategies``):

    - ``"degree"``: the :math:`k` best-connected nodes (hubs, 核心企业);
    - ``"betweenness"``: the :math:`k` nodes of highest betweenness centrality
      (brokers between sub-clusters, 结构洞; Freeman 1977, computed with
      Brandes' algorithm by NetworkX — exact, or sampled with
      ``betweenness_samples`` pivots);
    - ``"random"``: :math:`k` nodes uniformly at random, a new set every run
      (sets for larger budgets contain the smaller ones);
    - ``"greedy"``: **a heuristic**: starting from no node, repeatedly add the
      candidate whose addition gives the highest simulated mean cooperation
      (``greedy_runs`` runs, the same random streams for every candidate —
      common random numbers). It is *not* guaranteed to find the best set:
      the greedy guarantee of Kempe, Kleinberg & Tardos (2003) needs a
      submodular objective, which cooperation in an evolutionary game need not
      be, and candidates are scored on a finite number of runs. The chosen
      sets are then evaluated on fresh runs, independent of the ones they
      were selected on (no optimistic bias).

    Ties of degree or betweenness (within the library's tolerance) are
    broken by node order. Every (rule, budget) configuration uses the same
    run streams (common random numbers), so budget 0 gives the same numbers
    for every rule and differences between rules are not blurred by
    independent noise.

    Parameters
    ----------
    dynamics : NetworkDynamics
        Built on a game with a free symbol for the subsidy (e.g.
        ``S_E``), its per-node values set by node attributes or
        ``parameters=``.
    budget : int or sequence of int
        Number(s) of subsidised nodes :math:`k`.
    strategies : sequence of str
        Rules among :data:`RULES`.
    parameter : str or sympy.Symbol, optional
        The subsidy symbol (default: the game's only free symbol).
    subsidy : float
        The value subsidised nodes get.
    steps, runs, initial
        As in :meth:`NetworkDynamics.run` (``runs >= 2``).
    among : str or sequence of str, optional
        Populations eligible for the subsidy (default: those whose payoffs
        contain ``parameter``).
    population : str, optional
        Measure the final share of this population only (default: all nodes).
    tail : int
        Average the share over the last ``tail`` steps (1: the final state).
    level : float
        Confidence level of the intervals.
    greedy_runs : int, optional
        Runs per candidate evaluation of the greedy rule (default ``runs``).
    candidates : int or sequence, optional
        Greedy candidate pool: the ``candidates`` eligible nodes of highest
        degree (default: all eligible nodes up to 32, else the 32 of highest
        degree), or explicit node labels.
    betweenness_samples : int, optional
        Pivots for approximate betweenness (default: exact).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the configurations (and the greedy candidates) run, through
        :func:`coinnovation.sweep`; the results do not depend on it.
    rng : None, int, SeedSequence or Generator
        Root of every random stream (runs, random sets, greedy scoring,
        sampled betweenness): children 0, 1, 2, 3 of it.

    Returns
    -------
    TargetingResult

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for an unknown rule or population, a budget above the number of
        eligible nodes (or greedy candidates), a missing ``subsidy``, or a
        ``parameter`` that is not a free symbol of the game.

    References
    ----------
    L. C. Freeman (1977), "A set of measures of centrality based on
    betweenness", Sociometry 40, 35–41. U. Brandes (2001), "A faster algorithm
    for betweenness centrality", J. Math. Sociol. 25, 163–177. D. Kempe,
    J. Kleinberg, É. Tardos (2003), "Maximizing the spread of influence
    through a social network", Proc. KDD 2003, 137–146.

    Examples
    --------
    A stag hunt (cooperation pays when partners cooperate) with a subsidy ``S``
    to cooperators, on a star of nine firms around a hub, under best
    responses: subsidising the hub alone brings everybody to cooperate; one
    firm at random rarely does.

    >>> import networkx as nx, sympy as sp, coinnovation as co
    >>> S = sp.Symbol("S")
    >>> stag = co.NormalFormGame([[[4 + S, S], [3, 1]], [[4 + S, 3], [S, 1]]])
    >>> nd = co.NetworkDynamics(stag, nx.star_graph(9), update="best_response",
    ...                         parameters={"S": 0})
    >>> res = co.subsidy_targeting(nd, budget=[0, 1], strategies=("degree", "random"),
    ...                            subsidy=1.0, steps=10, runs=40, rng=1)
    >>> print(res)
    TargetingResult(S = 1 to k nodes; 40 runs, 95% intervals; final cooperation share of all nodes)
    rule        k=0                     k=1
    degree      0.560 [0.432, 0.688]    1.000 [1.000, 1.000]
    random      0.560 [0.432, 0.688]    0.653 [0.538, 0.767]
    >>> res.best(1), res.targets["degree"]
    ('degree', ((), (0,)))
    """
    if not isinstance(dynamics, NetworkDynamics):
        raise InvalidInputError(f"dynamics: expected a NetworkDynamics, got {type(dynamics).__name__}")
    nd = dynamics
    budgets = _budgets(budget)
    rules = _check_rules(strategies)
    name = _subsidy_symbol(nd, parameter, subsidy)
    value = float(subsidy)
    g_runs = _check_counts(steps, runs, tail, level, greedy_runs)
    eligible = _eligible(nd, name, among)
    if max(budgets) > eligible.size:
        raise InvalidInputError(f"budget: {max(budgets)} nodes, but only {eligible.size} are eligible "
                                f"for {name}")
    weights, measured = _measure_weights(nd, population)
    root = root_seed(rng)
    eval_root, target_root, greedy_root, between_root = (child_seed(root, k) for k in range(4))
    base = nd.parameters[name]
    deg = np.diff(nd.adjacency.indptr).astype(np.float64)
    # ------------------------------------------------------------ node orders per rule
    orders: dict[str, Any] = {}
    greedy_order: tuple[Any, ...] = ()
    if "degree" in rules:
        orders["degree"] = _rank(deg, eligible)
    if "betweenness" in rules:
        if betweenness_samples is not None and (isinstance(betweenness_samples, bool) or not isinstance(
                betweenness_samples, (int, np.integer)) or betweenness_samples < 1):
            raise InvalidInputError(f"betweenness_samples: expected a positive integer, got "
                                    f"{betweenness_samples!r}")
        seed = int(np.random.default_rng(between_root).integers(0, 2**31 - 1))
        orders["betweenness"] = _rank(_betweenness(nd, betweenness_samples, seed), eligible)
    if "random" in rules:
        gen = np.random.default_rng(target_root)
        perms = np.stack([eligible[gen.permutation(eligible.size)] for _ in range(runs)])
        orders["random"] = perms
    if "greedy" in rules:
        orders["greedy"] = _greedy_order(nd, name, base, value, budgets, candidates, eligible, deg, steps,
                                         initial, g_runs, greedy_root, weights, tail, executor)
        greedy_order = tuple(nd.nodes[i] for i in orders["greedy"].tolist())
    # ------------------------------------------------------------ evaluation
    configs: list[tuple[str, Any]] = []
    for r in rules:
        for b in budgets:
            if r == "random":
                configs.append(("random", (orders["random"], b)))
            else:
                configs.append(("set", orders[r][:b].tolist()))
    task = _Evaluate(nd, name, base, value, configs, steps, initial, runs, eval_root, weights, tail)
    table = sweep(task, {"config": np.arange(len(configs))}, executor=executor, chunk_size=1,
                  progress=False)
    vals = table["value"].reshape(len(rules), len(budgets), runs)
    pop_shares = table["shares"].reshape(len(rules), len(budgets), runs, len(nd.populations))
    from scipy.stats import t as student_t

    mean = vals.mean(axis=2)
    std = vals.std(axis=2, ddof=1)
    half = student_t.ppf(0.5 + float(level) / 2, runs - 1) * std / np.sqrt(runs)
    lower, upper = np.clip(mean - half, 0.0, 1.0), np.clip(mean + half, 0.0, 1.0)
    targets: dict[str, Any] = {}
    for r in rules:
        targets[r] = None if r == "random" else tuple(
            tuple(nd.nodes[i] for i in orders[r][:b].tolist()) for b in budgets)
    return TargetingResult(rules, budgets, mean, lower, upper, std, vals, pop_shares, targets,
                           greedy_order, name, value, float(level), runs, nd.populations, measured)


def _check_rules(strategies: Any) -> tuple[str, ...]:
    if isinstance(strategies, str) or not isinstance(strategies, Sequence) or not strategies:
        raise InvalidInputError(f"strategies: expected a non-empty sequence of rules among "
                                f"{list(RULES)}, got {strategies!r}")
    rules = tuple(strategies)
    for r in rules:
        if r not in RULES:
            raise InvalidInputError(f"strategies: unknown rule {r!r}; the rules are {list(RULES)}")
    if len(set(rules)) != len(rules):
        raise InvalidInputError(f"strategies: repeated rules in {list(rules)}")
    return rules


def _subsidy_symbol(nd: NetworkDynamics, parameter: Any, subsidy: Any) -> str:
    """The name of the subsidy symbol (checked against the game), and a finite subsidy value."""
    free = sorted(nd.parameters)
    if parameter is None:
        if len(free) != 1:
            raise InvalidInputError(f"parameter: name the subsidy symbol; the game's free symbols are "
                                    f"{free}")
        name = free[0]
    else:
        name = str(parameter) if isinstance(parameter, (str, sp.Symbol)) else ""
        if name not in free:
            raise InvalidInputError(f"parameter: {parameter!r} is not a free symbol of the game (free "
                                    f"symbols: {free})")
    if subsidy is None or isinstance(subsidy, (bool, np.bool_)) or not isinstance(
            subsidy, numbers.Real) or not np.isfinite(float(subsidy)):
        raise InvalidInputError(f"subsidy: expected the (finite) value of {name} that subsidised nodes "
                                f"get, got {subsidy!r}")
    return name


def _check_counts(steps: Any, runs: Any, tail: Any, level: Any, greedy_runs: Any) -> int:
    """Check the run lengths, counts and confidence level; the number of greedy runs."""
    for nm, v, lo in (("steps", steps, 0), ("runs", runs, 2), ("tail", tail, 1)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or v < lo:
            raise InvalidInputError(f"{nm}: expected an integer >= {lo}, got {v!r}")
    if tail > steps + 1:
        raise InvalidInputError(f"tail: at most steps + 1 = {steps + 1} steps to average, got {tail}")
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise InvalidInputError(f"level: expected a number in (0, 1), got {level!r}")
    g_runs = runs if greedy_runs is None else greedy_runs
    if isinstance(g_runs, (bool, np.bool_)) or not isinstance(g_runs, (int, np.integer)) or g_runs < 1:
        raise InvalidInputError(f"greedy_runs: expected an integer >= 1, got {greedy_runs!r}")
    return int(g_runs)


def _measure_weights(nd: NetworkDynamics, population: Any) -> tuple[np.ndarray, str]:
    """Weights of the populations in the measured cooperation share, and what is measured."""
    sizes = np.bincount(nd.population_of, minlength=len(nd.populations)).astype(np.float64)
    if population is None:
        weights = sizes / sizes.sum()
        measured = "all nodes"
    else:
        if population not in nd.populations:
            raise InvalidInputError(f"population: {population!r} is not a population; the populations "
                                    f"are {list(nd.populations)}")
        weights = np.zeros(len(nd.populations))
        weights[nd.populations.index(population)] = 1.0
        measured = str(population)
    return weights, measured


def _greedy_order(nd: NetworkDynamics, name: str, base: Any, value: float, budgets: tuple[int, ...],
                  candidates: Any, eligible: np.ndarray, deg: np.ndarray, steps: int, initial: Any,
                  g_runs: int, greedy_root: Any, weights: np.ndarray, tail: int, executor: Any
                  ) -> np.ndarray:
    """Greedy (a heuristic): add, one at a time, the candidate that raises cooperation most."""
    pool = _pool(nd, candidates, eligible, deg)
    if max(budgets) > pool.size:
        raise InvalidInputError(f"budget: {max(budgets)} nodes, but the greedy rule has only "
                                f"{pool.size} candidates (candidates=)")
    order: list[int] = []
    for _ in range(max(budgets)):
        remaining = np.array([c for c in pool.tolist() if c not in order], dtype=np.int64)
        task = _Evaluate(nd, name, base, value, [("set", [*order, int(c)]) for c in remaining],
                         steps, initial, g_runs, greedy_root, weights, tail)
        scores = sweep(task, {"config": np.arange(remaining.size)}, executor=executor,
                       chunk_size=1, progress=False)["value"].mean(axis=1)
        best = int(np.flatnonzero(scores >= scores.max() - TOL)[0])
        order.append(int(remaining[best]))
    return np.asarray(order, dtype=np.int64)


def _pool(nd: NetworkDynamics, candidates: Any, eligible: np.ndarray, deg: np.ndarray) -> np.ndarray:
    ranked = _rank(deg, eligible)
    if candidates is None:
        return ranked[:32]
    if isinstance(candidates, (int, np.integer)) and not isinstance(candidates, bool):
        if candidates < 1:
            raise InvalidInputError(f"candidates: expected a positive number, got {candidates}")
        return ranked[:int(candidates)]
    if isinstance(candidates, (str, Mapping)) or not isinstance(candidates, (Sequence, np.ndarray)):
        raise InvalidInputError(f"candidates: expected a number or a sequence of nodes, got "
                                f"{candidates!r}")
    index = {v: k for k, v in enumerate(nd.nodes)}
    ok = set(eligible.tolist())
    out = []
    for v in candidates:
        if v not in index:
            raise InvalidInputError(f"candidates: {v!r} is not a node of the graph")
        if index[v] not in ok:
            raise InvalidInputError(f"candidates: node {v!r} is not eligible for the subsidy")
        out.append(index[v])
    if len(set(out)) != len(out):
        raise InvalidInputError("candidates: repeated nodes")
    return np.asarray(out, dtype=np.int64)
