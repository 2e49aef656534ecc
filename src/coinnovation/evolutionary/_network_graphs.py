r"""Graphs from a mapping (the ``[network]`` section of a model file), fully validated.

:func:`graph_from_spec` builds a :class:`networkx.Graph` from a generator name
and its parameters, or from an edge list (inline or a file), and assigns
populations (roles such as enterprise / university / government) to nodes.

Keys (all others are refused, by name)::

    generator   = "barabasi_albert" | "watts_strogatz" | "erdos_renyi" | "random_regular"
                | "complete" | "ring" | "star" | "grid" | "edge_list"
    nodes       = 500            # every generator but grid and edge_list
    attach      = 3              # barabasi_albert: edges of each new node (1 <= attach < nodes)
    neighbours  = 4              # watts_strogatz: ring neighbours (even, 2 <= k < nodes)
    rewire      = 0.1            # watts_strogatz: rewiring probability in [0, 1]
    probability = 0.02           # erdos_renyi: edge probability in [0, 1]
    degree      = 4              # random_regular (nodes * degree even, degree < nodes)
    rows, columns = 10, 10       # grid; periodic = false (a torus when true)
    edges       = [["f1", "u1"], ["f1", "f2"]]     # edge_list, inline
    file        = "cluster.csv"  # edge_list: two columns per line (comma, tab or spaces),
                                 # '#' comments, an optional header "source,target"
    populations = {enterprise = 0.6, university = 0.3, government = 0.1}
                                 # shares: exact numbers (largest remainders), placed at random
    roles       = {f1 = "enterprise", u1 = "university"}     # or every node's population
    role_file   = "roles.csv"    # or a file "node,population" per line
    attribute   = "population"   # the node attribute written (default "population")
    seed        = 7              # the graph's own seed (default: drawn from rng)

Generators are NetworkX's (Barabási & Albert 1999; Watts & Strogatz 1998;
Erdős–Rényi G(n, p)); node labels are integers ``0..n-1`` for generated
graphs (``(row, column)`` pairs for a grid) and the strings of the edge list
otherwise.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .._util.rng import as_generator
from .._util.tolerance import TOL
from ..errors import InvalidInputError

__all__ = ["GENERATORS", "graph_from_spec"]

GENERATORS: dict[str, tuple[str, ...]] = {
    "barabasi_albert": ("nodes", "attach"),
    "watts_strogatz": ("nodes", "neighbours", "rewire"),
    "erdos_renyi": ("nodes", "probability"),
    "random_regular": ("nodes", "degree"),
    "complete": ("nodes",),
    "ring": ("nodes",),
    "star": ("nodes",),
    "grid": ("rows", "columns"),
    "edge_list": (),
}
"""Each generator's required keys."""

_OPTIONAL = {"grid": ("periodic",), "edge_list": ("edges", "file")}
_COMMON = ("generator", "populations", "roles", "role_file", "attribute", "seed")


def _where(key: str) -> str:
    return f"network.{key}"


def _int(spec: Mapping[str, Any], key: str, low: int) -> int:
    v = spec[key]
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
        raise InvalidInputError(f"{_where(key)}: expected an integer >= {low}, got {v!r}")
    return int(v)


def _prob(spec: Mapping[str, Any], key: str) -> float:
    v = spec[key]
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0.0 <= float(v) <= 1.0:
        raise InvalidInputError(f"{_where(key)}: expected a probability in [0, 1], got {v!r}")
    return float(v)


def _path(value: Any, key: str, base: Path | None) -> Path:
    if not isinstance(value, (str, Path)) or not str(value):
        raise InvalidInputError(f"{_where(key)}: expected a file name, got {value!r}")
    p = Path(value)
    if not p.is_absolute() and base is not None:
        p = base / p
    if not p.is_file():
        raise InvalidInputError(f"{_where(key)}: no such file {str(p)!r}")
    return p


def _rows(path: Path, key: str, header: tuple[str, str]) -> list[tuple[str, str]]:
    out = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        cells = [c.strip() for c in re.split(r"[,\t ]+", text) if c.strip()]
        if len(cells) != 2:
            raise InvalidInputError(f"{_where(key)}: {path.name} line {k}: expected two columns, "
                                    f"got {len(cells)}")
        if not out and tuple(c.lower() for c in cells) == header:
            continue
        out.append((cells[0], cells[1]))
    if not out:
        raise InvalidInputError(f"{_where(key)}: {path.name} has no rows")
    return out


def _label(v: Any, key: str) -> Any:
    if isinstance(v, bool) or not isinstance(v, (str, int, np.integer)):
        raise InvalidInputError(f"{_where(key)}: node labels must be strings or integers, got {v!r}")
    return int(v) if isinstance(v, np.integer) else v


def _edge_list(spec: Mapping[str, Any], base: Path | None) -> Any:
    import networkx as nx  # optional extra "network": the graph type returned

    has_edges, has_file = "edges" in spec, "file" in spec
    if has_edges == has_file:
        raise InvalidInputError("network: an edge_list needs exactly one of 'edges' (inline) or "
                                "'file'")
    if has_file:
        pairs: list[tuple[Any, Any]] = list(_rows(_path(spec["file"], "file", base), "file",
                                                  ("source", "target")))
    else:
        raw = spec["edges"]
        if isinstance(raw, (str, bytes)) or not isinstance(raw, (list, tuple)) or not raw:
            raise InvalidInputError(f"{_where('edges')}: expected a non-empty list of [source, target] "
                                    f"pairs, got {raw!r}")
        pairs = []
        for k, e in enumerate(raw):
            if isinstance(e, (str, bytes)) or not isinstance(e, (list, tuple)) or len(e) != 2:
                raise InvalidInputError(f"{_where('edges')}[{k}]: expected a [source, target] pair, "
                                        f"got {e!r}")
            pairs.append((_label(e[0], "edges"), _label(e[1], "edges")))
    g = nx.Graph()
    for k, (u, v) in enumerate(pairs):
        if u == v:
            raise InvalidInputError(f"network: edge {k} ({u!r}, {v!r}) is a self-loop")
        g.add_edge(u, v)
    return g


def _generate(name: str, spec: Mapping[str, Any], seed: int) -> Any:
    import networkx as nx  # optional extra "network": the random-graph generators

    if name == "grid":
        rows, cols = _int(spec, "rows", 1), _int(spec, "columns", 1)
        periodic = spec.get("periodic", False)
        if not isinstance(periodic, bool):
            raise InvalidInputError(f"{_where('periodic')}: expected true or false, got {periodic!r}")
        if periodic and (rows < 3 or cols < 3):
            raise InvalidInputError("network: a periodic grid needs at least 3 rows and 3 columns")
        if rows * cols < 2:
            raise InvalidInputError("network: a grid needs at least 2 nodes")
        return nx.grid_2d_graph(rows, cols, periodic=periodic)
    n = _int(spec, "nodes", 2)
    if name == "barabasi_albert":
        m = _int(spec, "attach", 1)
        if m >= n:
            raise InvalidInputError(f"{_where('attach')}: must be below nodes = {n}, got {m}")
        return nx.barabasi_albert_graph(n, m, seed=seed)
    if name == "watts_strogatz":
        k = _int(spec, "neighbours", 2)
        if k % 2 or k >= n:
            raise InvalidInputError(f"{_where('neighbours')}: expected an even number below nodes = "
                                    f"{n}, got {k}")
        return nx.watts_strogatz_graph(n, k, _prob(spec, "rewire"), seed=seed)
    if name == "erdos_renyi":
        return nx.gnp_random_graph(n, _prob(spec, "probability"), seed=seed)
    if name == "random_regular":
        d = _int(spec, "degree", 1)
        if d >= n or (n * d) % 2:
            raise InvalidInputError(f"{_where('degree')}: needs degree < nodes and nodes * degree "
                                    f"even, got degree {d} with {n} nodes")
        return nx.random_regular_graph(d, n, seed=seed)
    if name == "complete":
        return nx.complete_graph(n)
    if name == "ring":
        if n < 3:
            raise InvalidInputError(f"{_where('nodes')}: a ring needs at least 3 nodes, got {n}")
        return nx.cycle_graph(n)
    return nx.star_graph(n - 1)


def _counts(shares: dict[str, float], n: int) -> dict[str, int]:
    """Exact numbers per population: largest remainders (ties by the order given)."""
    raw = {k: v * n for k, v in shares.items()}
    out = {k: math.floor(x) for k, x in raw.items()}
    left = n - sum(out.values())
    order = sorted(raw, key=lambda k: -(raw[k] - out[k]))
    for k in order[:left]:
        out[k] += 1
    return out


def _assign(g: Any, spec: Mapping[str, Any], base: Path | None, gen: np.random.Generator) -> None:
    attribute = spec.get("attribute", "population")
    if not isinstance(attribute, str) or not attribute:
        raise InvalidInputError(f"{_where('attribute')}: expected a non-empty name, got {attribute!r}")
    given = [k for k in ("populations", "roles", "role_file") if k in spec]
    if len(given) > 1:
        raise InvalidInputError(f"network: give one of 'populations', 'roles', 'role_file', not "
                                f"{' and '.join(repr(k) for k in given)}")
    if not given:
        return
    nodes = list(g.nodes)
    if given[0] == "populations":
        shares = spec["populations"]
        if not isinstance(shares, Mapping) or not shares:
            raise InvalidInputError(f"{_where('populations')}: expected a mapping {{population: "
                                    f"share}}, got {shares!r}")
        vals: dict[str, float] = {}
        for k, v in shares.items():
            if not isinstance(k, str) or not k:
                raise InvalidInputError(f"{_where('populations')}: population names must be strings, "
                                        f"got {k!r}")
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0 <= float(v) <= 1:
                raise InvalidInputError(f"{_where('populations')}.{k}: expected a share in [0, 1], got "
                                        f"{v!r}")
            vals[k] = float(v)
        total = sum(vals.values())
        if abs(total - 1.0) > TOL * len(vals):
            raise InvalidInputError(f"{_where('populations')}: shares must sum to 1, got {total:g}")
        counts = _counts(vals, len(nodes))
        labels = [p for p, c in counts.items() for _ in range(c)]
        order = gen.permutation(len(nodes))
        for k, i in enumerate(order):
            g.nodes[nodes[int(i)]][attribute] = labels[k]
        return
    if given[0] == "roles":
        roles = spec["roles"]
        if not isinstance(roles, Mapping):
            raise InvalidInputError(f"{_where('roles')}: expected a mapping {{node: population}}, got "
                                    f"{roles!r}")
        table = {str(k): v for k, v in roles.items()}
        where = "roles"
    else:
        path = _path(spec["role_file"], "role_file", base)
        table = dict(_rows(path, "role_file", ("node", "population")))
        where = "role_file"
    known = {str(v) for v in nodes}
    extra = sorted(set(table) - known)
    if extra:
        raise InvalidInputError(f"{_where(where)}: {extra[:5]} are not nodes of the graph")
    for v in nodes:
        role = table.get(str(v))
        if role is None:
            raise InvalidInputError(f"{_where(where)}: node {v!r} has no population")
        if not isinstance(role, str) or not role:
            raise InvalidInputError(f"{_where(where)}: the population of node {v!r} must be a name, "
                                    f"got {role!r}")
        g.nodes[v][attribute] = role


def graph_from_spec(spec: Mapping[str, Any], *, rng: Any = None, base: str | Path | None = None
                    ) -> Any:
    r"""Build a :class:`networkx.Graph` from a ``[network]`` mapping (keys in the module docstring).

    Parameters
    ----------
    spec : mapping
        The section, e.g. ``{"generator": "barabasi_albert", "nodes": 200, "attach": 2,
        "populations": {"enterprise": 0.7, "university": 0.3}}``.
    rng : None, int, SeedSequence or Generator
        Seeds the generator and the random placement of populations (unless
        ``seed`` is given in ``spec``).
    base : path, optional
        Directory that relative file names are read from (the model file's).

    Returns
    -------
    networkx.Graph

    Raises
    ------
    coinnovation.errors.InvalidInputError
        naming the key (``network.attach``...) for an unknown generator or
        key, a missing or ill-typed value, an unreadable file, a self-loop,
        shares that do not sum to 1 or a node without a population.

    Examples
    --------
    >>> from coinnovation.evolutionary._network_graphs import graph_from_spec
    >>> g = graph_from_spec({"generator": "barabasi_albert", "nodes": 50, "attach": 2,
    ...                      "populations": {"enterprise": 0.7, "university": 0.3}}, rng=1)
    >>> g.number_of_nodes(), g.number_of_edges()
    (50, 96)
    >>> sorted(set(nx_attr for _, nx_attr in g.nodes(data="population")))
    ['enterprise', 'university']
    >>> sum(1 for _, r in g.nodes(data="population") if r == "university")
    15
    """
    if not isinstance(spec, Mapping):
        raise InvalidInputError(f"network: expected a mapping of keys, got {type(spec).__name__}")
    name = spec.get("generator")
    if not isinstance(name, str) or name not in GENERATORS:
        raise InvalidInputError(f"{_where('generator')}: expected one of {sorted(GENERATORS)}, got "
                                f"{name!r}")
    allowed = set(_COMMON) | set(GENERATORS[name]) | set(_OPTIONAL.get(name, ()))
    unknown = sorted(set(map(str, spec)) - allowed)
    if unknown:
        raise InvalidInputError(f"network: unknown key(s) {unknown} for generator {name!r}; allowed: "
                                f"{sorted(allowed)}")
    missing = [k for k in GENERATORS[name] if k not in spec]
    if missing:
        raise InvalidInputError(f"network: generator {name!r} needs {missing}")
    gen = as_generator(rng)
    if "seed" in spec:
        seed = _int(spec, "seed", 0)
        gen = np.random.default_rng(seed)
    else:
        seed = int(gen.integers(0, 2**31 - 1))
    base_dir = Path(base) if base is not None else None
    g = _edge_list(spec, base_dir) if name == "edge_list" else _generate(name, spec, seed)
    _assign(g, spec, base_dir, gen)
    return g
