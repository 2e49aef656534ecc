"""Graph intake for network dynamics: nodes, a validated sparse adjacency, populations, node values.

A graph is anything NetworkX-like (``graph.nodes``, ``graph.edges()``,
``graph.is_directed()``; networkx itself is never imported here) or a square
symmetric scipy.sparse adjacency matrix (nodes ``0..N-1``, no attributes).
Node order is ``list(graph.nodes)``; the neighbours of a node are kept in that
order (the adjacency has sorted column indices), whatever the order in which
the edges were added. Everything is checked here once, with messages naming
the node or attribute at fault.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sps

from ..errors import InvalidInputError, UnknownPlayerError

__all__ = ["GraphData", "node_populations", "node_values", "read_graph"]


@dataclass(frozen=True, eq=False)
class GraphData:
    """A validated undirected simple graph.

    Attributes
    ----------
    nodes : tuple
        Node labels in ``graph.nodes`` order (``0..N-1`` for a matrix).
    adjacency : scipy.sparse.csr_array
        Symmetric 0/1 adjacency (int8), sorted indices, no diagonal.
    attributes : tuple of dict or None
        Node attribute mappings (None for a matrix).
    """

    nodes: tuple[Any, ...]
    adjacency: sps.csr_array
    attributes: tuple[Mapping[str, Any], ...] | None

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def n_edges(self) -> int:
        return int(self.adjacency.nnz // 2)


def _matrix(graph: Any) -> GraphData:
    a = sps.csr_array(graph)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise InvalidInputError(f"graph: an adjacency matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    if n == 0:
        raise InvalidInputError("graph: the graph has no nodes")
    a.sum_duplicates()
    a.eliminate_zeros()
    if a.dtype.kind not in "biuf":
        raise InvalidInputError(f"graph: adjacency entries must be 0 or 1, got dtype {a.dtype}")
    if a.nnz and not np.all(a.data == 1):
        bad = a.data[a.data != 1][0]
        raise InvalidInputError(f"graph: adjacency entries must be 0 or 1 (edges are unweighted), "
                                f"got {bad!r}")
    diag = a.diagonal()
    if np.any(diag != 0):
        node = int(np.flatnonzero(diag)[0])
        raise InvalidInputError(f"graph: node {node} has a self-loop; a node does not play itself")
    asym = a - a.T
    asym.eliminate_zeros()
    if asym.nnz:
        r, c = asym.nonzero()
        raise InvalidInputError(
            f"graph: the adjacency matrix is not symmetric (edge {int(r[0])} -> {int(c[0])} has no "
            f"reverse): a directed graph; network dynamics need an undirected graph")
    adj = sps.csr_array(a.astype(np.int8))
    adj.sort_indices()
    return GraphData(tuple(range(n)), adj, None)


def read_graph(graph: Any) -> GraphData:
    """Validate ``graph`` and build its adjacency.

    Raises :class:`InvalidInputError` for a graph without nodes or edges, a
    directed graph or multigraph, a self-loop, or an object that is not a graph.
    """
    if sps.issparse(graph):
        data = _matrix(graph)
    else:
        if not (hasattr(graph, "nodes") and callable(getattr(graph, "edges", None))):
            raise InvalidInputError(
                f"graph: expected a NetworkX graph (or a scipy.sparse adjacency matrix), got "
                f"{type(graph).__name__}")
        is_directed = getattr(graph, "is_directed", None)
        if callable(is_directed) and is_directed():
            raise InvalidInputError(
                f"graph: the graph is directed ({type(graph).__name__}); network dynamics need an "
                "undirected graph: pass graph.to_undirected()")
        is_multi = getattr(graph, "is_multigraph", None)
        if callable(is_multi) and is_multi():
            raise InvalidInputError(
                f"graph: the graph is a multigraph ({type(graph).__name__}); parallel edges have no "
                "meaning here: pass networkx.Graph(graph)")
        nodes = tuple(graph.nodes)
        if not nodes:
            raise InvalidInputError("graph: the graph has no nodes")
        index = {v: k for k, v in enumerate(nodes)}
        if len(index) != len(nodes):
            raise InvalidInputError("graph: node labels must be distinct")
        rows: list[int] = []
        cols: list[int] = []
        for edge in graph.edges():
            u, v = edge[0], edge[1]
            if u not in index or v not in index:
                missing = u if u not in index else v
                raise InvalidInputError(f"graph: edge ({u!r}, {v!r}) names {missing!r}, not a node "
                                        "of the graph")
            iu, iv = index[u], index[v]
            if iu == iv:
                raise InvalidInputError(f"graph: node {u!r} has a self-loop; a node does not play "
                                        "itself")
            rows.append(iu)
            cols.append(iv)
        r = np.asarray(rows, dtype=np.int64)
        c = np.asarray(cols, dtype=np.int64)
        n = len(nodes)
        a = sps.coo_array((np.ones(2 * r.size, dtype=np.int8),
                           (np.concatenate([r, c]), np.concatenate([c, r]))), shape=(n, n)).tocsr()
        a.sum_duplicates()
        if a.nnz and a.data.max() > 1:     # an edge listed twice (a graph-like object, not networkx)
            a.data[:] = 1
        a.sort_indices()
        attrs = tuple(_attributes(graph, v) for v in nodes)
        data = GraphData(nodes, sps.csr_array(a), attrs)
    if data.adjacency.nnz == 0:
        raise InvalidInputError(f"graph: the graph has no edges ({data.n} isolated nodes); nobody "
                                "plays anybody")
    return data


def _attributes(graph: Any, node: Any) -> Mapping[str, Any]:
    try:
        attrs = graph.nodes[node]
    except (TypeError, KeyError, IndexError, AttributeError):
        return {}
    return attrs if isinstance(attrs, Mapping) else {}


def node_populations(data: GraphData, population: Any, players: Sequence[str]) -> np.ndarray | None:
    """Population index of every node (graph order), or None when no node names one.

    ``population`` is the name of a node attribute, or a sequence with one
    population (player name or index) per node. Raises
    :class:`InvalidInputError` for a node without the attribute (when some
    node has it) and :class:`UnknownPlayerError` for a population that is not
    a player of the game, naming the node.
    """
    if isinstance(population, str):
        if data.attributes is None:
            return None
        have = [population in a for a in data.attributes]
        if not any(have):
            return None
        if not all(have):
            node = data.nodes[have.index(False)]
            raise InvalidInputError(
                f"graph: node {node!r} has no attribute {population!r} naming its population "
                f"(one of {list(players)}); every node needs one")
        values: Sequence[Any] = [a[population] for a in data.attributes]
        where = f"attribute {population!r}"
    elif isinstance(population, Sequence) or isinstance(population, np.ndarray):
        values = list(population)
        if len(values) != data.n:
            raise InvalidInputError(f"population: expected one population per node ({data.n}), got "
                                    f"{len(values)}")
        where = "population"
    else:
        raise InvalidInputError(f"population: expected the name of a node attribute, a sequence with "
                                f"one population per node, or None; got {type(population).__name__}")
    out = np.empty(data.n, dtype=np.int64)
    lookup = {name: k for k, name in enumerate(players)}
    for k, v in enumerate(values):
        if isinstance(v, str) and v in lookup:
            out[k] = lookup[v]
        elif isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) \
                and 0 <= int(v) < len(players):
            out[k] = int(v)
        else:
            raise UnknownPlayerError(
                f"graph: node {data.nodes[k]!r} has {where} = {v!r}, which is not a player of the "
                f"game; the populations are {list(players)}")
    return out


def _real(value: Any, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidInputError(f"{what} is {value!r}; expected a real number")
    f = float(value)
    if not np.isfinite(f):
        raise InvalidInputError(f"{what} is {f}; expected a finite number")
    return f


def node_values(data: GraphData, name: str, given: Any) -> np.ndarray:
    """Per-node values (graph order) of the parameter ``name``.

    ``given`` is None (read the node attribute ``name`` on every node), a
    number (the value of nodes without the attribute) or an array with one
    value per node (taking precedence over attributes).
    """
    n = data.n
    if given is not None and not np.isscalar(given):
        arr = np.asarray(given)
        if arr.dtype == object or arr.dtype.kind not in "iuf" or arr.shape != (n,):
            raise InvalidInputError(f"parameters[{name!r}]: expected a number or one real number per "
                                    f"node (shape ({n},)), got {arr.dtype} array of shape {arr.shape}")
        vals = arr.astype(np.float64)
        bad = ~np.isfinite(vals)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise InvalidInputError(f"parameters[{name!r}]: the value of node {data.nodes[k]!r} is "
                                    f"{vals[k]} (must be finite)")
        return vals
    default = None if given is None else _real(given, f"parameters[{name!r}]")
    out = np.empty(n, dtype=np.float64)
    attrs = data.attributes or tuple({} for _ in range(n))
    for k, a in enumerate(attrs):
        if name in a:
            out[k] = _real(a[name], f"graph: node {data.nodes[k]!r} attribute {name!r}")
        elif default is not None:
            out[k] = default
        else:
            raise InvalidInputError(
                f"graph: node {data.nodes[k]!r} has no attribute {name!r}, a free symbol of the game; "
                f"give every node one, or a value for all with parameters={{{name!r}: value}}")
    return out
