"""Public hypothesis strategies for every game type of coinnovation.

Users property-test their own models with these; the library's own tests use
them too. Import them as ``from coinnovation import strategies as cst``.

Examples
--------
>>> from hypothesis import given
>>> import coinnovation as co
>>> from coinnovation import strategies as cst
>>> @given(cst.normal_form_games(n_players=2, max_strategies=3))
... def test_pure_equilibria_have_zero_regret(game):
...     for e in co.pure_nash_equilibria(game):
...         assert max(co.regrets(game, e.strategies)) <= 1e-9
>>> test_pure_equilibria_have_zero_regret()
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from ._util.subsets import zeta
from ._util.tolerance import MIN_WEIGHT_SUM
from .coalitional.core import cost_of_stability
from .evolutionary.finite import FinitePopulation
from .games.coalitional import CoalitionalGame
from .games.normal_form import NormalFormGame
from .models.surplus import SHARING_RULES, Actor, Government, SurplusModel

__all__ = ["coalitional_games", "differential_parameters", "finite_populations", "networks",
           "normal_form_games", "payoff_values", "population_states", "surplus_models", "symmetric_games"]


def payoff_values(*, integers: bool = True, min_value: int = -10, max_value: int = 10
                  ) -> st.SearchStrategy[Any]:
    """Payoff entries: small integers (ties likely) or finite floats."""
    if integers:
        return st.integers(min_value=min_value, max_value=max_value)
    return st.floats(min_value=float(min_value), max_value=float(max_value),
                     allow_nan=False, allow_infinity=False, allow_subnormal=False, width=64)


@st.composite
def normal_form_games(draw: st.DrawFn, *, n_players: int | st.SearchStrategy[int] | None = None,
                      min_strategies: int = 1, max_strategies: int = 3,
                      shape: tuple[int, ...] | None = None,
                      integers: bool = True, min_value: int = -10, max_value: int = 10,
                      degenerate: bool | None = None) -> NormalFormGame:
    """Normal-form games with random payoffs.

    Parameters
    ----------
    n_players : int or strategy, optional
        Number of players (default: 2 to 3).
    min_strategies, max_strategies : int
        Range of each player's number of strategies (ignored when ``shape`` is given).
    shape : tuple of int, optional
        Fixed shape.
    integers : bool
        Integer payoffs in ``[min_value, max_value]`` (ties, hence degenerate
        games, are common) or floats.
    degenerate : bool, optional
        ``False``: generic payoffs (distinct random floats with a continuous
        distribution, so the game is nondegenerate with probability one).
        ``True``: force ties, by copying one payoff onto another. ``None``:
        whatever the payoff strategy gives.
    """
    if shape is None:
        if n_players is None:
            n = draw(st.integers(2, 3))
        elif isinstance(n_players, int):
            n = n_players
        else:
            n = draw(n_players)
        shp = tuple(draw(st.integers(min_strategies, max_strategies)) for _ in range(n))
    else:
        shp = tuple(shape)
        n = len(shp)
    size = int(np.prod(shp))
    if degenerate is False:
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        arrays = [rng.uniform(min_value, max_value, size=shp) for _ in range(n)]
    else:
        vals = st.lists(payoff_values(integers=integers, min_value=min_value, max_value=max_value),
                        min_size=size, max_size=size)
        arrays = [np.array(draw(vals), dtype=int if integers else float).reshape(shp)
                  for _ in range(n)]
        if degenerate and size >= 2:
            i = draw(st.integers(0, n - 1))
            a = draw(st.integers(0, size - 1))
            b = draw(st.integers(0, size - 1).filter(lambda k: k != a))
            flat = arrays[i].reshape(-1)
            flat[b] = flat[a]
    return NormalFormGame(arrays)


@st.composite
def coalitional_games(draw: st.DrawFn, *, n_players: int | st.SearchStrategy[int] | None = None,
                      kind: str = "any", integers: bool = True, min_value: int = -5,
                      max_value: int = 10) -> Any:
    """TU games (:class:`~coinnovation.CoalitionalGame`) with random worths.

    Parameters
    ----------
    n_players : int or strategy, optional
        Number of players (default: 2 to 5).
    kind : {"any", "monotone", "superadditive", "convex", "balanced"}
        ``"any"``: independent worths (many ties with integers). ``"convex"``:
        a non-negative combination of unanimity games (non-negative Harsanyi
        dividends), hence supermodular. ``"superadditive"``: the superadditive
        cover of random worths. ``"monotone"``: the monotone cover.
        ``"balanced"``: random worths with ``v(N)`` raised until the core is
        non-empty (by the cost of stability).
    integers : bool
        Integer worths in ``[min_value, max_value]`` (ties likely) or floats.
    """
    if n_players is None:
        n = draw(st.integers(2, 5))
    elif isinstance(n_players, int):
        n = n_players
    else:
        n = draw(n_players)
    size = 1 << n
    elem = payoff_values(integers=integers, min_value=min_value, max_value=max_value)
    if kind == "convex":
        elem = payoff_values(integers=integers, min_value=0, max_value=max(1, max_value))
        dividends = np.array([0, *draw(st.lists(elem, min_size=size - 1, max_size=size - 1))],
                             dtype=float)
        return CoalitionalGame(zeta(dividends, n))
    v = np.array([0, *draw(st.lists(elem, min_size=size - 1, max_size=size - 1))], dtype=float)
    if kind == "superadditive":
        for mask in range(1, size):  # increasing masks: every proper part is final already
            sub = (mask - 1) & mask
            while sub:
                v[mask] = max(v[mask], v[sub] + v[mask ^ sub])
                sub = (sub - 1) & mask
    elif kind == "monotone":
        v = np.maximum(v, 0.0)
        for i in range(n):
            view = v.reshape(-1, 2, 1 << i)
            view[:, 1, :] = np.maximum(view[:, 1, :], view[:, 0, :])
    elif kind == "balanced":
        g = CoalitionalGame(v)
        return g.with_grand_value(v[-1] + cost_of_stability(g))
    elif kind != "any":
        raise ValueError(f"kind: unknown kind {kind!r}")
    return CoalitionalGame(v)


@st.composite
def population_states(draw: st.DrawFn, shape: tuple[int, ...], *, interior: bool = True,
                      min_share: float = 1e-3) -> tuple[np.ndarray, ...]:
    """States of replicator dynamics (复制动态): one mixed strategy per population.

    Parameters
    ----------
    shape : tuple of int
        Number of strategies of each population (``game.shape`` for
        multi-population dynamics, ``(m,)`` for a single population).
    interior : bool
        Every share at least ``min_share`` before normalisation (True), or
        shares may be exactly zero (points on faces; False).

    Examples
    --------
    Trajectories of the replicator dynamics stay in the state space:

    >>> from hypothesis import given, settings
    >>> import numpy as np, coinnovation as co
    >>> from coinnovation import strategies as cst
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> @settings(max_examples=5)
    ... @given(cst.population_states((2, 2), interior=False))
    ... def test_stays_in_simplex(x0):
    ...     tr = rd.simulate(x0, 5, n_points=3)
    ...     assert all(np.allclose(s.sum(axis=2), 1) for s in tr.strategies)
    >>> test_stays_in_simplex()
    """
    out = []
    low = float(min_share) if interior else 0.0
    for m in shape:
        w = draw(st.lists(st.floats(min_value=low, max_value=1.0, allow_nan=False),
                          min_size=m, max_size=m).filter(lambda v: sum(v) > MIN_WEIGHT_SUM))
        a = np.asarray(w, dtype=float)
        out.append(a / a.sum())
    return tuple(out)


@st.composite
def symmetric_games(draw: st.DrawFn, *, n_strategies: int | None = None,
                    min_strategies: int = 2, max_strategies: int = 3, integers: bool = True,
                    min_value: int = -10, max_value: int = 10) -> NormalFormGame:
    """Symmetric two-player games (``payoffs[1] == payoffs[0].T``), for one population.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import coinnovation as co
    >>> from coinnovation import strategies as cst
    >>> @settings(max_examples=5)
    ... @given(cst.symmetric_games(max_strategies=2))
    ... def test_single_population_dynamics_accept_them(game):
    ...     co.ReplicatorDynamics(game, population="single")
    >>> test_single_population_dynamics_accept_them()
    """
    m = n_strategies if n_strategies is not None else draw(
        st.integers(min_strategies, max_strategies))
    vals = draw(st.lists(payoff_values(integers=integers, min_value=min_value,
                                       max_value=max_value), min_size=m * m, max_size=m * m))
    a = np.array(vals, dtype=int if integers else float).reshape(m, m)
    return NormalFormGame([a, a.T.copy()])



@st.composite
def surplus_models(draw: st.DrawFn, *, min_actors: int = 2, max_actors: int = 3,
                   government: str | None = None, max_value: int = 6) -> Any:
    """Cooperative-surplus models (:class:`coinnovation.SurplusModel`) with small integer data.

    Parameters
    ----------
    min_actors, max_actors : int
        Range of the number of actors (2 to 10).
    government : {"none", "policy", "player"}, optional
        No government, a non-strategic one (subsidies and fines always apply),
        or a strategic player; default: any of the three.
    max_value : int
        Stand-alone payoffs, costs, spillovers, subsidies and fines are drawn
        from ``0..max_value``; coalition surpluses from ``0..4*max_value``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from coinnovation import strategies as cst
    >>> @settings(max_examples=5)
    ... @given(cst.surplus_models(government="player"))
    ... def test_government_is_the_last_player(model):
    ...     assert model.normal_form().players[-1] == "government"
    >>> test_government_is_the_last_player()
    """
    n = draw(st.integers(min_actors, max_actors))
    small = st.integers(0, max_value)
    names = [f"a{i}" for i in range(n)]
    roles = ["enterprise", "university", "research institute", "user", "intermediary",
             "financier"]
    actors = [Actor(x, draw(st.sampled_from(roles)), draw(small), draw(small), draw(small),
                    draw(st.integers(1, 4)), draw(st.integers(1, 4))) for x in names]
    table = {}
    for size in range(2, n + 1):
        for c in itertools.combinations(names, size):
            table[c] = draw(st.integers(0, 4 * max_value))
    sharing = draw(st.sampled_from(SHARING_RULES))
    shares = None
    if sharing == "fixed":   # exact shares summing to 1 (the model rejects any other sum)
        raw = {x: draw(st.integers(1, 5)) for x in names}
        shares = {x: Fraction(r, sum(raw.values())) for x, r in raw.items()}
    kind = government if government is not None else draw(
        st.sampled_from(["none", "policy", "player"]))
    gov = None
    if kind != "none":
        gov = Government({x: draw(small) for x in names}, {x: draw(small) for x in names},
                         draw(small), draw(small), draw(small), strategic=(kind == "player"))
    return SurplusModel(actors, table, sharing=sharing, shares=shares,
                        breach_compensation=draw(st.integers(0, 3)), government=gov)


@st.composite
def finite_populations(draw: st.DrawFn, *, process: str | None = None,
                       population: str | None = None, max_size: int = 60,
                       max_strategies: int = 3, max_intensity: float = 5.0,
                       integers: bool = True) -> Any:
    """Finite-population processes (:class:`coinnovation.FinitePopulation`, 有限种群) on small games.

    Parameters
    ----------
    process : {"fermi", "moran"}, optional
        Default: either.
    population : {"single", "multi"}, optional
        One population playing a random symmetric game (up to
        ``max_strategies`` strategies), or two to three populations with two
        strategies each; default: either.
    max_size : int
        Population sizes are drawn from ``2..max_size``.
    max_intensity : float
        Largest Fermi intensity; Moran intensities are drawn from ``[0, 1]``
        and capped so that every fitness ``1 - w + w u`` is positive.
    integers : bool
        Integer payoffs in ``[-10, 10]`` (ties likely) or floats.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from coinnovation import strategies as cst
    >>> @settings(max_examples=10)
    ... @given(cst.finite_populations())
    ... def test_fixation_is_a_probability(fp):
    ...     p = fp.fixation_probability(0, 1 if fp.population == "single" else (1,) * len(fp.sizes))
    ...     assert 0.0 <= p <= 1.0
    >>> test_fixation_is_a_probability()
    """
    proc = process if process is not None else draw(st.sampled_from(["fermi", "moran"]))
    kind = population if population is not None else draw(st.sampled_from(["single", "multi"]))
    if kind == "single":
        game = draw(symmetric_games(min_strategies=2, max_strategies=max_strategies,
                                    integers=integers))
        size: Any = draw(st.integers(2, max_size))
    else:
        game = draw(normal_form_games(n_players=st.integers(2, 3), min_strategies=2,
                                      max_strategies=2, integers=integers))
        size = tuple(draw(st.integers(2, max_size)) for _ in range(game.n_players))
    if proc == "moran":
        low = float(np.min(game.payoff_array()))
        cap = 1.0 if low >= 1.0 else min(1.0, 0.99 / (1.0 - low))
        intensity = draw(st.floats(0.0, cap, allow_nan=False))
    else:
        intensity = draw(st.floats(0.0, float(max_intensity), allow_nan=False))
    return FinitePopulation(game, size=size, intensity=intensity, process=proc, population=kind)


@st.composite
def networks(draw: st.DrawFn, *, min_nodes: int = 2, max_nodes: int = 10,
             populations: Any = None, attribute: str = "population",
             connected: bool = False, complete_groups: bool = True) -> Any:
    """Small undirected graphs (:class:`networkx.Graph`, needs networkx) for network dynamics.

    Parameters
    ----------
    min_nodes, max_nodes : int
        Range of the number of nodes (``min_nodes >= 2``).
    populations : sequence of str, optional
        Population (player) names: every node gets one in the node attribute
        ``attribute``, each population at least one node. Default: no
        attribute (one population).
    connected : bool
        Add a random spanning tree first, so the graph is connected.
    complete_groups : bool
        With ``populations``: link every node to at least one node of every
        other population (so each node forms a group; see
        :class:`coinnovation.NetworkDynamics`).

    Node labels are ``0..n-1`` in a drawn (not sorted) order, and edges are
    added in a drawn order, so tests see graphs whose node order is not the
    sorted one.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import coinnovation as co
    >>> from coinnovation import strategies as cst
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> @settings(max_examples=5)
    ... @given(cst.networks(max_nodes=6))
    ... def test_shares_are_shares(graph):
    ...     res = co.NetworkDynamics(pd, graph).run(3, rng=0)
    ...     assert ((res.shares >= 0) & (res.shares <= 1)).all()
    >>> test_shares_are_shares()
    """
    import networkx as nx  # optional extra "network"; only this strategy needs it

    if min_nodes < 2 or max_nodes < min_nodes:
        raise ValueError("networks: need 2 <= min_nodes <= max_nodes")
    pops = list(populations) if populations is not None else None
    n = draw(st.integers(max(min_nodes, len(pops) if pops else 0), max(max_nodes, len(pops or []))))
    labels = draw(st.permutations(list(range(n))))
    g = nx.Graph()
    g.add_nodes_from(labels)
    pairs = [(labels[i], labels[j]) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs), unique=True))
    if connected:
        for k in range(1, n):
            parent = draw(st.integers(0, k - 1))
            chosen.append((labels[parent], labels[k]))
    if pops is not None:
        roles = [pops[k % len(pops)] for k in range(n)]
        roles = draw(st.permutations(roles))
        role_of = dict(zip(labels, roles, strict=True))
        nx.set_node_attributes(g, role_of, attribute)
        if complete_groups:
            by_role = {p: [v for v in labels if role_of[v] == p] for p in pops}
            for v in labels:
                for p in pops:
                    if p != role_of[v]:
                        chosen.append((v, draw(st.sampled_from(by_role[p]))))
    g.add_edges_from(chosen)
    return g


@st.composite
def differential_parameters(draw: st.DrawFn, game: Any, *, low: int = 1, high: int = 10,
                            denominator: int = 4) -> dict[Any, Any]:
    """Positive exact values for every parameter of a :class:`~coinnovation.DifferentialGame`.

    Each parameter gets a rational ``k / denominator`` with
    ``low <= k / denominator <= high`` (default 1/4 ... 10, so the values are
    positive and exact: substituted games are solved in exact arithmetic); a
    parameter with a declared range ``(lo, hi)`` (``game.ranges``, e.g. a
    revenue share in (0, 1)) gets a value strictly inside it.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import coinnovation as co
    >>> from coinnovation import strategies as cst
    >>> game = co.models.knowledge_stock(cost_sharing=False)
    >>> @settings(max_examples=3, deadline=None)
    ... @given(cst.differential_parameters(game))
    ... def test_positive(values):
    ...     assert all(v > 0 for v in values.values())
    >>> test_positive()
    """
    out: dict[Any, Any] = {}
    for p in sorted(game.parameters, key=str):
        if p in game.ranges:
            lo, hi = game.ranges[p]
            k = draw(st.integers(1, 9))
            out[p] = lo + (hi - lo) * sp.Rational(k, 10)
        else:
            k = draw(st.integers(max(1, low), high * denominator))
            out[p] = sp.Rational(k, denominator)
    return out
