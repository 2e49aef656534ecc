r"""Evolutionary games on networks (网络演化博弈): innovation clusters as graphs.

:class:`NetworkDynamics` runs the games of coinnovation on a graph of firms,
universities, institutes and government agencies (创新集群 / 创新网络): every
node plays its neighbours and copies what works among them (or best-responds),
vectorized over many independent runs on a sparse adjacency.
:class:`NetworkResult` holds the shares over time, the final state of every
node, the time to absorption and cluster statistics.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse as sps
import sympy as sp

from .._util.rng import root_seed
from .._util.tolerance import atol_for
from .._util.validation import int_at_least
from ..errors import InvalidGameError, InvalidInputError
from ..games.normal_form import NormalFormGame
from ..sweep import sweep
from ._network_engine import Model, simulate
from ._network_intake import GraphData, node_populations, node_values, read_graph
from ._network_payoffs import (
    Coefficients,
    build_structure,
    count_neighbours,
    own_payoffs,
    payoff_tensors,
)
from ._network_result import NetworkResult
from ._network_rules import absorbing

__all__ = ["NetworkDynamics", "NetworkResult"]

_UPDATES = ("fermi", "imitate_best", "best_response")
_SCHEDULES = ("synchronous", "asynchronous")
_PAYOFFS = ("accumulated", "averaged")
_INCOMPLETE = ("error", "zero")


def _symmetric(game: NormalFormGame) -> bool:
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        return False
    if game.is_symbolic:
        a, b = game.symbolic_payoff_array(0), game.symbolic_payoff_array(1)
        return all(sp.expand(b[j, i] - a[i, j]) == 0 for i in range(a.shape[0])
                   for j in range(a.shape[1]))
    arr = game.payoff_array()
    return bool(np.all(np.abs(arr[1] - arr[0].T) <= atol_for(arr)))


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError(f"{name}: expected one of {', '.join(map(repr, allowed))}, got "
                                f"{value!r}")
    return value


def _intensity(value: Any, update: str) -> float:
    if value is None:
        return 1.0 if update == "fermi" else float("inf")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidInputError(f"intensity: expected a number >= 0 (the selection intensity beta) "
                                f"or None, got {value!r}")
    beta = float(value)
    if np.isnan(beta) or beta < 0:
        raise InvalidInputError(f"intensity: expected a number >= 0, got {beta}")
    return beta


class NetworkDynamics:
    r"""Evolutionary dynamics of a game on a network (网络演化博弈 / 创新网络).

    Every node of ``graph`` holds a pure strategy of ``game``; each step it
    plays its neighbours, earns a payoff, and updates its strategy by
    imitating a neighbour of its own population or by best-responding.

    **Who plays whom.** A *symmetric two-player game* (``payoffs[1] ==
    payoffs[0].T``) on a graph whose nodes carry no population attribute is
    played by one population: node :math:`i` plays every neighbour, with
    :math:`c_i[b]` of them playing :math:`b`,

    .. math::

        P_i(a) = \sum_b u(a, b)\, c_i[b].

    Otherwise every node belongs to a population — a player of the game
    (enterprise / university / government, 企业 / 高校 / 政府) — named by its
    node attribute ``population``. Edges across populations are interactions;
    edges within a population are information ties along which strategies are
    imitated (interaction and replacement graphs kept apart, as in Ohtsuki,
    Pacheco & Nowak 2007). A node of population :math:`p` forms a group with
    every combination of one neighbour from each other population and plays
    the game once in each group: with :math:`c_{iq}[b]` the number of its
    neighbours in population :math:`q` playing :math:`b` and
    :math:`k_{iq}` their number,

    .. math::

        P_i(a) = \sum_{b_{-p}} u_p(a, b_{-p}) \prod_{q\ne p} c_{iq}[b_q],
        \qquad G_i = \prod_{q \ne p} k_{iq}\ \text{groups}.

    For two players this is playing each neighbour of the other population.
    For the government–enterprise–university game, a firm linked to two
    universities and one agency plays two groups; an agency overseeing five
    firms and four universities plays twenty. With ``payoff="averaged"`` the
    payoff is :math:`P_i(a)/G_i = u_p(a, \sigma_{-p})`, the expected payoff
    against the strategy mix :math:`\sigma_q = c_{iq}/k_{iq}` of the node's
    neighbourhood — on a complete multipartite graph exactly the fitness of
    the multi-population replicator dynamics. Accumulated payoffs (the
    default) let well-connected hubs earn more (Santos & Pacheco 2005);
    averaged payoffs remove that advantage (the comparison in Maciejewski, Fu
    & Hauert 2014).

    **Updates** (``update``), with :math:`\beta` = ``intensity``:

    - ``"fermi"`` (pairwise comparison, 费米规则; Szabó & Tőke 1998, Szabó &
      Fáth 2007): node :math:`i` picks a uniformly random neighbour :math:`j`
      of its own population and adopts its strategy with probability
      :math:`1/(1 + e^{-\beta (P_j - P_i)})` (default :math:`\beta = 1`;
      :math:`\beta = \infty`: copy a better neighbour, a tie with probability
      1/2). On a large complete graph the share of cooperators follows
      :math:`\dot x = x(1-x)\tanh(\beta\Delta/2)` (Traulsen, Pacheco & Nowak
      2007), the replicator equation for weak selection.
    - ``"imitate_best"`` (unconditional imitation; Nowak & May 1992): adopt
      the strategy of the best-earning node among itself and its
      same-population neighbours (ties among neighbours broken uniformly; a
      node that ties with the best keeps its strategy). Deterministic but for
      ties: ``intensity`` does not enter.
    - ``"best_response"`` (myopic best response; Ellison 1993): play the
      strategy that earns most against the neighbours' current strategies
      (ties broken uniformly, the current strategy kept if it is among them);
      a finite ``intensity`` gives the logit choice
      :math:`\Pr(a) \propto e^{\beta P_i(a)}` (Blume 1993).

    **Schedules**: ``"synchronous"`` (every node updates at once from the
    current state; Nowak & May 1992) or ``"asynchronous"`` (random sequential:
    a step is one Monte Carlo step of :math:`N` updates of uniformly drawn
    nodes, each seeing the latest state; Huberman & Glance 1993). Synchronous
    steps are whole-array operations; an asynchronous step is a loop over its
    :math:`N` updates (each vectorized over the runs), meant for graphs of up
    to a few thousand nodes.

    **Policy parameters as node attributes.** A symbolic game (a subsidy
    ``S_E``, a fine ``P_E``...) takes each free symbol's value per node from
    the node attribute of the same name (or from ``parameters``), so a subsidy
    can reach some firms only. A node's values enter *its own* payoffs: a
    subsidised firm earns more; what an agency pays is set by the agency's
    own attributes. A node with ``S = v`` gets exactly the payoffs of
    ``game.subs(S=v)``.

    Parameters
    ----------
    game : NormalFormGame
        Numbers or sympy payoffs (strategy 0 = cooperate / active).
    graph : networkx.Graph or scipy.sparse matrix
        Undirected simple graph (NetworkX, or anything with ``nodes``,
        ``edges()``, ``is_directed()``; or a symmetric 0/1 adjacency matrix,
        nodes ``0..N-1``). Node order is ``list(graph.nodes)``; results do not
        depend on the order in which edges were added.
    update : {"fermi", "imitate_best", "best_response"}
    intensity : float, optional
        Selection intensity :math:`\beta \ge 0` (may be ``inf``); default 1 for
        ``"fermi"``, :math:`\infty` (strict best response) for
        ``"best_response"``.
    schedule : {"synchronous", "asynchronous"}
    population : str, sequence or None
        Name of the node attribute naming each node's population (a player
        name or index), or a sequence with one population per node. ``None``:
        one population (the game must be symmetric). With the default, a
        symmetric two-player game on a graph whose nodes lack the attribute is
        played by one population; any other game needs the attribute on every
        node.
    payoff : {"accumulated", "averaged"}
    parameters : mapping, optional
        ``{symbol or name: value}`` for the game's free symbols: a number
        (the value of nodes without that attribute) or one number per node
        (graph order; overrides attributes).
    incomplete : {"error", "zero"}
        What to do with a node that has no neighbour in some other population
        (several populations only; it forms no group): raise (default), or
        let it earn 0. With one population an isolated node plays nobody and
        never changes under imitation.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for a graph without nodes or edges, a directed graph or multigraph, a
        self-loop, a node without a population attribute or a parameter value
        (the node and attribute are named), an incomplete node, or a bad option.
    coinnovation.errors.UnknownPlayerError
        for a node whose population is not a player of the game.
    coinnovation.errors.InvalidGameError
        for a game of one player, or ``population=None`` with an asymmetric game.

    References
    ----------
    M. A. Nowak, R. M. May (1992), "Evolutionary games and spatial chaos",
    Nature 359, 826–829. G. Szabó, C. Tőke (1998), "Evolutionary prisoner's
    dilemma game on a square lattice", Phys. Rev. E 58, 69–73. G. Szabó,
    G. Fáth (2007), "Evolutionary games on graphs", Physics Reports 446,
    97–216. F. C. Santos, J. M. Pacheco (2005), "Scale-free networks provide
    a unifying framework for the emergence of cooperation", Phys. Rev. Lett.
    95, 098104. H. Ohtsuki, J. M. Pacheco, M. A. Nowak (2007), "Evolutionary
    graph theory: breaking the symmetry between interaction and replacement",
    J. Theor. Biol. 246, 681–694. A. Traulsen, J. M. Pacheco, M. A. Nowak
    (2007), "Pairwise comparison and selection temperature in evolutionary
    game dynamics", J. Theor. Biol. 246, 522–529. W. Maciejewski, F. Fu,
    C. Hauert (2014), "Evolutionary game dynamics in populations with
    heterogenous structures", PLoS Comput. Biol. 10, e1003567. G. Ellison
    (1993), "Learning, local interaction, and coordination", Econometrica 61,
    1047–1071. L. E. Blume (1993), "The statistical mechanics of strategic
    interaction", Games Econ. Behav. 5, 387–424. B. A. Huberman, N. S. Glance
    (1993), "Evolutionary games and computer simulations", PNAS 90,
    7716–7718.

    Examples
    --------
    A coordination game (cooperation pays when partners cooperate) on a ring
    of 12 firms: starting all-cooperative, nobody has a reason to change.

    >>> import networkx as nx, numpy as np, coinnovation as co
    >>> g = co.NormalFormGame([[[3, 0], [2, 1]], [[3, 2], [0, 1]]])
    >>> nd = co.NetworkDynamics(g, nx.cycle_graph(12), update="fermi", intensity=2.0)
    >>> res = nd.run(20, initial=1.0, runs=3, rng=1)
    >>> res.shares.shape, bool(np.all(res.shares == 1.0)), res.absorption_time.tolist()
    ((3, 21, 1), True, [0, 0, 0])

    Two populations on a small cluster: each firm plays the universities it is
    linked to and imitates the firms it knows.

    >>> G = nx.Graph([("f1", "f2"), ("f2", "f3"), ("u1", "u2"),
    ...               ("f1", "u1"), ("f2", "u1"), ("f3", "u2")])
    >>> nx.set_node_attributes(G, {v: "enterprise" if v[0] == "f" else "university" for v in G},
    ...                        "population")
    >>> iu = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=3, C_U=3,
    ...                                    T_E=3, T_U=3, F=2, S_E=0, S_U=0)
    >>> nd = co.NetworkDynamics(iu, G, update="best_response")
    >>> nd.populations, nd.run(5, initial=1.0, rng=0).shares[0, -1].tolist()
    (('enterprise', 'university'), [1.0, 1.0])
    """

    def __init__(self, game: NormalFormGame, graph: Any, *, update: str = "fermi",
                 intensity: float | None = None, schedule: str = "synchronous",
                 population: Any = "population", payoff: str = "accumulated",
                 parameters: Mapping[Any, Any] | None = None, incomplete: str = "error") -> None:
        if not isinstance(game, NormalFormGame):
            raise InvalidInputError(f"game: expected a NormalFormGame, got {type(game).__name__}")
        if game.n_players < 2:
            raise InvalidGameError("game: network dynamics need a game of at least two players")
        self._update = _choice(update, _UPDATES, "update")
        self._schedule = _choice(schedule, _SCHEDULES, "schedule")
        self._payoff = _choice(payoff, _PAYOFFS, "payoff")
        self._incomplete = _choice(incomplete, _INCOMPLETE, "incomplete")
        self._beta = _intensity(intensity, self._update)
        self._game = game
        self._graph = graph
        data = read_graph(graph)
        self._data = data
        self._population_arg = population
        if population is None:
            pops = None
        else:
            pops = node_populations(data, population, game.players)
        if pops is None:
            if not _symmetric(game):
                if population is None:
                    raise InvalidGameError(
                        "population: None means one population, which needs a symmetric two-player "
                        f"game (payoffs[1] == payoffs[0].T); players are {list(game.players)}")
                raise InvalidInputError(
                    f"graph: no node has the attribute {population!r} naming its population; the "
                    f"game is not a symmetric two-player game, so every node needs one (one of "
                    f"{list(game.players)})")
            self._populations: tuple[str, ...] = ("population",)
            m: tuple[int, ...] = (game.shape[0],)
        else:
            self._populations = tuple(game.players)
            m = tuple(game.shape)
            counts = np.bincount(pops, minlength=game.n_players)
            for p, c in enumerate(counts):
                if c == 0:
                    raise InvalidInputError(
                        f"graph: no node belongs to population {game.players[p]!r} (a player of the "
                        f"game); every population needs at least one node")
        self._struct = build_structure(data.adjacency, pops, m)
        if pops is not None and self._incomplete == "error":
            self._check_complete()
        self._tables = payoff_tensors(game, pops is None)
        self._values = self._resolve(parameters)
        self._model = Model(self._struct, self._tables, self._update, self._beta, self._schedule,
                            self._payoff == "averaged", data.nodes)
        self._coef_cache: Coefficients | None = None
        self._coefficients()     # validates the payoffs at every node now

    # ------------------------------------------------------------------ construction helpers
    def _check_complete(self) -> None:
        st = self._struct
        for p in range(st.n_pops):
            deg = st.degrees[p]
            for s, q in enumerate(st.opponents[p]):
                lack = np.flatnonzero(deg[s] == 0)
                if lack.size:
                    node = self._data.nodes[int(st.members[p][lack[0]])]
                    raise InvalidInputError(
                        f"graph: node {node!r} ({self._populations[p]}) has no neighbour in population "
                        f"{self._populations[q]!r}, so it forms no group to play the game in "
                        f"({lack.size} such {self._populations[p]} nodes); link it, or pass "
                        "incomplete='zero' to let such nodes earn 0")

    def _resolve(self, parameters: Mapping[Any, Any] | None) -> dict[str, np.ndarray]:
        names = sorted(str(s) for s in self._game.free_symbols)
        given: dict[str, Any] = {}
        if parameters is not None:
            if not isinstance(parameters, Mapping):
                raise InvalidInputError(f"parameters: expected a mapping {{symbol: value}}, got "
                                        f"{type(parameters).__name__}")
            for key, value in parameters.items():
                name = str(key) if isinstance(key, (str, sp.Symbol)) else None
                if name is None or name not in names:
                    raise InvalidInputError(
                        f"parameters: {key!r} is not a free symbol of the game (free symbols: "
                        f"{names})")
                given[name] = value
        return {k: node_values(self._data, k, given.get(k)) for k in names}

    # ------------------------------------------------------------------ facts
    @property
    def game(self) -> NormalFormGame:
        """The game."""
        return self._game

    @property
    def graph(self) -> Any:
        """The graph as given."""
        return self._graph

    @property
    def nodes(self) -> tuple[Any, ...]:
        """Node labels in graph order (the columns of :attr:`NetworkResult.final`)."""
        return self._data.nodes

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return self._data.n

    @property
    def n_edges(self) -> int:
        """Number of (undirected) edges."""
        return self._data.n_edges

    @property
    def adjacency(self) -> sps.csr_array:
        """The symmetric 0/1 adjacency (a copy), rows and columns in node order."""
        return self._data.adjacency.copy()

    @property
    def populations(self) -> tuple[str, ...]:
        """Population names: the game's players, or ``("population",)`` for one population."""
        return self._populations

    @property
    def population_of(self) -> np.ndarray:
        """Population index of every node (graph order)."""
        return self._struct.pop.copy()

    @property
    def n_strategies(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return self._struct.m

    @property
    def update(self) -> str:
        """The update rule."""
        return self._update

    @property
    def intensity(self) -> float:
        r"""The selection intensity :math:`\beta` in use (``inf``: deterministic)."""
        return self._beta

    @property
    def schedule(self) -> str:
        """``"synchronous"`` or ``"asynchronous"``."""
        return self._schedule

    @property
    def payoff(self) -> str:
        """``"accumulated"`` or ``"averaged"``."""
        return self._payoff

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Per-node values (graph order) of each free symbol of the game."""
        return {k: v.copy() for k, v in self._values.items()}

    def __repr__(self) -> str:
        pops = ", ".join(f"{p} ({len(m)})" for p, m in zip(self._populations, self._struct.members,
                                                           strict=True))
        beta = "" if self._update == "imitate_best" else f", intensity={self._beta:g}"
        return (f"NetworkDynamics({self.n_nodes} nodes, {self.n_edges} edges; populations {pops}; "
                f"{self._update}{beta}, {self._schedule}, {self._payoff} payoffs)")

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_coef_cache"] = None
        return state

    # ------------------------------------------------------------------ derived dynamics
    def with_parameters(self, parameters: Mapping[Any, Any]) -> NetworkDynamics:
        """The same dynamics with other values of some free symbols (per node or for all).

        ``parameters`` maps symbols to a number (every node) or one number
        per node; symbols not named keep their current per-node values.

        Examples
        --------
        >>> import networkx as nx, sympy as sp, coinnovation as co
        >>> S = sp.Symbol("S")
        >>> g = co.NormalFormGame([[[3 + S, S], [4, 1]], [[3 + S, 4], [S, 1]]])
        >>> nd = co.NetworkDynamics(g, nx.path_graph(3), parameters={"S": 0})
        >>> nd.with_parameters({"S": [0, 2, 0]}).parameters["S"].tolist()
        [0.0, 2.0, 0.0]
        """
        new = object.__new__(NetworkDynamics)
        new.__dict__.update(self.__dict__)
        merged: dict[str, Any] = dict(self._values)
        if not isinstance(parameters, Mapping):
            raise InvalidInputError(f"parameters: expected a mapping {{symbol: value}}, got "
                                    f"{type(parameters).__name__}")
        for key, value in parameters.items():
            name = str(key) if isinstance(key, (str, sp.Symbol)) else None
            if name is None or name not in self._values:
                raise InvalidInputError(f"parameters: {key!r} is not a free symbol of the game (free "
                                        f"symbols: {sorted(self._values)})")
            if np.isscalar(value):
                merged[name] = np.full(self.n_nodes, node_values(
                    GraphData(self._data.nodes, self._data.adjacency, None), name, value)[0])
            else:
                merged[name] = node_values(self._data, name, value)
        new._values = merged
        new._coef_cache = None
        new._coefficients()
        return new

    # ------------------------------------------------------------------ payoffs of a state
    def _coefficients(self) -> Coefficients:
        if self._coef_cache is None:
            values = {k: v[:, None] for k, v in self._values.items()}
            self._coef_cache = Coefficients.build(self._tables, self._struct, values, self.nodes)
        return self._coef_cache

    def _state(self, strategies: Any, name: str = "strategies") -> np.ndarray:
        arr = np.asarray(strategies)
        if arr.dtype == object or arr.dtype.kind not in "iu" or arr.shape != (self.n_nodes,):
            raise InvalidInputError(f"{name}: expected one integer strategy index per node "
                                    f"(shape ({self.n_nodes},)), got {arr.dtype} array of shape "
                                    f"{arr.shape}")
        m = np.asarray(self._struct.m)[self._struct.pop]
        bad = np.flatnonzero((arr < 0) | (arr >= m))
        if bad.size:
            k = int(bad[0])
            raise InvalidInputError(f"{name}: node {self.nodes[k]!r} has strategy {int(arr[k])}, but "
                                    f"its population {self._populations[self._struct.pop[k]]!r} has "
                                    f"{int(m[k])} strategies")
        return arr.astype(np.int8)

    def payoffs(self, strategies: Any) -> np.ndarray:
        r"""Every node's payoff :math:`P_i(s_i)` at a state (one strategy index per node).

        Examples
        --------
        >>> import networkx as nx, coinnovation as co
        >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> co.NetworkDynamics(pd, nx.star_graph(3)).payoffs([0, 0, 1, 1]).tolist()
        [3.0, 3.0, 5.0, 5.0]
        """
        state = self._state(strategies)[:, None]
        counts = count_neighbours(self._struct, state)
        return own_payoffs(self._struct, self._coefficients(), counts, state,
                           self._payoff == "averaged")[:, 0]

    def is_absorbing(self, strategies: Any) -> bool:
        """Whether no update can change this state any more (see :attr:`NetworkResult.absorption_time`)."""
        state = self._state(strategies)[:, None]
        coef = self._coefficients()
        tol = coef.tolerance(self._struct, self._payoff == "averaged")
        return bool(absorbing(self._struct, coef, tol, self._update, self._beta,
                              self._payoff == "averaged", state)[0])

    # ------------------------------------------------------------------ simulation
    def _initial(self, initial: Any, runs: int) -> tuple[str, np.ndarray]:
        n_pops = self._struct.n_pops
        if isinstance(initial, (bool, np.bool_)):
            raise InvalidInputError(f"initial: expected a share in [0, 1], a mapping {{population: "
                                    f"share}} or per-node strategy indices, got {initial!r}")
        if isinstance(initial, numbers.Real):
            x = float(initial)
            if not 0.0 <= x <= 1.0:
                raise InvalidInputError(f"initial: a share of strategy 0 must lie in [0, 1], got {x}")
            return "share", np.full(n_pops, x)
        if isinstance(initial, Mapping):
            shares = np.empty(n_pops)
            keys = {str(k): v for k, v in initial.items()}
            unknown = sorted(set(keys) - set(self._populations))
            if unknown:
                raise InvalidInputError(f"initial: {unknown} are not populations; the populations "
                                        f"are {list(self._populations)}")
            for p, name in enumerate(self._populations):
                if name not in keys:
                    raise InvalidInputError(f"initial: no share for population {name!r}")
                v = keys[name]
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) \
                        or not 0.0 <= float(v) <= 1.0:
                    raise InvalidInputError(f"initial[{name!r}]: expected a share in [0, 1], got {v!r}")
                shares[p] = float(v)
            return "share", shares
        arr = np.asarray(initial)
        if arr.dtype.kind == "f":
            raise InvalidInputError("initial: per-node strategies must be integers (floats are never "
                                    "read as strategy indices); a share of strategy 0 is one number")
        if arr.ndim == 1:
            return "fixed", self._state(arr, "initial")
        if arr.ndim == 2 and arr.shape[0] == runs:
            return "fixed", np.stack([self._state(row, f"initial[{k}]") for k, row in enumerate(arr)])
        raise InvalidInputError(f"initial: expected a share, one strategy per node (shape "
                                f"({self.n_nodes},)) or one row per run (shape ({runs}, "
                                f"{self.n_nodes})), got shape {arr.shape}")

    def _run_values(self, parameters: Mapping[Any, Any] | None, runs: int) -> dict[str, np.ndarray]:
        values = {k: v[:, None] for k, v in self._values.items()}
        if parameters is None:
            return values
        if not isinstance(parameters, Mapping):
            raise InvalidInputError(f"parameters: expected a mapping {{symbol: values}}, got "
                                    f"{type(parameters).__name__}")
        n = self.n_nodes
        for key, value in parameters.items():
            name = str(key) if isinstance(key, (str, sp.Symbol)) else None
            if name is None or name not in values:
                raise InvalidInputError(f"parameters: {key!r} is not a free symbol of the game (free "
                                        f"symbols: {sorted(values)})")
            arr = np.asarray(value)
            if arr.dtype == object or arr.dtype.kind not in "iuf":
                raise InvalidInputError(f"parameters[{name!r}]: expected numbers, got {arr.dtype}")
            arr = arr.astype(np.float64)
            if arr.shape == ():
                arr = np.full((n, 1), float(arr))
            elif arr.shape == (n,):
                arr = arr[:, None]
            elif arr.shape == (runs, n):
                arr = np.ascontiguousarray(arr.T)
            else:
                raise InvalidInputError(f"parameters[{name!r}]: expected a number, one value per node "
                                        f"({n},) or one row per run ({runs}, {n}); got shape "
                                        f"{arr.shape}")
            if not np.all(np.isfinite(arr)):
                raise InvalidInputError(f"parameters[{name!r}]: values must be finite")
            values[name] = arr
        return values

    def run(self, steps: int, *, initial: Any = 0.5, runs: int = 1, rng: Any = None,
            parameters: Mapping[Any, Any] | None = None, executor: Any = None,
            block_runs: int | None = None) -> NetworkResult:
        r"""Simulate ``runs`` independent runs of ``steps`` steps (数值仿真).

        Parameters
        ----------
        steps : int
            Number of steps (synchronous: one update of every node;
            asynchronous: one Monte Carlo step of :math:`N` updates).
        initial : float, mapping or array of int
            A share of strategy 0 (cooperate) in every population, placed at
            random (exactly :math:`\lfloor x N_p + 1/2\rfloor` nodes of each
            population; the others split evenly over the other strategies); a
            mapping ``{population: share}``; or strategy indices, one per node
            (every run starts there) or one row per run ``(runs, N)``.
        runs : int
            Number of independent runs, simulated together.
        rng : None, int, numpy SeedSequence or Generator
            Run :math:`r` uses the stream ``root.spawn(r + 1)[r]`` of the root
            SeedSequence (``SeedSequence(rng)`` for an int; a Generator gives a
            root drawn from it). The order in which each run consumes its
            stream is documented in :mod:`coinnovation.evolutionary._network_engine`:
            a naive per-node loop reproduces the trajectories bit for bit.
        parameters : mapping, optional
            Values of free symbols for this call only: a number, one value
            per node, or one row per run ``(runs, N)`` (e.g. a subsidy placed
            differently in every run).
        executor : concurrent.futures.Executor or dask.distributed.Client, optional
            Run blocks of ``block_runs`` runs through :func:`coinnovation.sweep`
            (threads, processes, dask). Results are identical to a call without
            an executor: every run has its own stream.
        block_runs : int, optional
            Runs per block (required with ``executor``).

        Returns
        -------
        NetworkResult

        Examples
        --------
        >>> import networkx as nx, coinnovation as co
        >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> nd = co.NetworkDynamics(pd, nx.grid_2d_graph(6, 6), update="imitate_best")
        >>> a = nd.run(30, runs=4, rng=7)
        >>> b = nd.run(30, runs=4, rng=7, block_runs=1)
        >>> import numpy as np
        >>> a.shares.shape, a.final.shape, bool(np.array_equal(a.final, b.final))
        ((4, 31, 1), (4, 36), True)
        """
        steps = int_at_least(steps, "steps", 0)
        runs = int_at_least(runs, "runs", 1)
        init = self._initial(initial, runs)
        values = self._run_values(parameters, runs)
        root = root_seed(rng)
        coef = Coefficients.build(self._tables, self._struct, values, self.nodes)
        if executor is not None and block_runs is None:
            raise InvalidInputError("executor: give block_runs= (runs per block) to run blocks on an "
                                    "executor")
        if block_runs is None:
            shares, final, absorption = simulate(self._model, steps, init, np.arange(runs), root,
                                                 coef)
        else:
            block_runs = int_at_least(block_runs, "block_runs", 1)
            task = _RunBlock(self._model, steps, init, root, coef)
            table = sweep(task, {"run": np.arange(runs)}, executor=executor, chunk_size=block_runs,
                          progress=False)
            shares = table["shares"].reshape(runs, steps + 1, self._struct.n_pops)
            final = np.ascontiguousarray(table["final"], dtype=np.int8)
            absorption = table["absorption"].astype(np.int64)
        return NetworkResult(shares=shares, final=final, absorption_time=absorption,
                             nodes=self.nodes, populations=self._populations,
                             strategies=self._strategy_labels(), update=self._update,
                             schedule=self._schedule, _adjacency=self._data.adjacency,
                             _population_of=self._struct.pop)

    def _strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        s = self._game.strategies
        return (s[0],) if self._struct.single else tuple(s)


class _RunBlock:
    """A picklable block task for :func:`coinnovation.sweep`: the runs named by ``run``."""

    def __init__(self, model: Model, steps: int, initial: tuple[str, np.ndarray],
                 root: np.random.SeedSequence, coef: Coefficients) -> None:
        self.model, self.steps, self.initial, self.root, self.coef = model, steps, initial, root, coef

    def __call__(self, run: np.ndarray) -> dict[str, np.ndarray]:
        ids = np.asarray(run, dtype=np.int64)
        shares, final, absorption = simulate(self.model, self.steps, self.initial, ids, self.root,
                                             self.coef.select(ids))
        return {"shares": shares.reshape(ids.size, -1), "final": final, "absorption": absorption}
