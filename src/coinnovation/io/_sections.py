r"""The ``[finite]``, ``[noise]`` and ``[network]`` sections of a model file, declared key by key.

Each section is read against a table of :class:`Key` declarations — the key,
its type, its range or choices and its default — so that every error names the
file, the section and the key (``finite.intensity (line 31): expected a number
in [0, 100], got -1``) and nothing is silently coerced.

``[finite]`` — finite populations (有限种群; :class:`~coinnovation.FinitePopulation`)::

    size      = 30            # or one per player: [30, 4, 1], or {enterprise = 30, ...}
    intensity = 1.0           # selection intensity beta >= 0 (Moran: w in [0, 1])
    process   = "fermi"       # or "moran"
    mutation  = 0.0           # exploration probability in [0, 1]
    population = "multi"      # optional: "single" / "multi" (default: as FinitePopulation)
    sweep = { parameter = "S_E", values = [0, 1, 2] }   # or range = [0, 6], points = 25

``[noise]`` — stochastic replicator dynamics (随机演化博弈; Itô)::

    sigma   = 0.5             # or one per player, or {enterprise = 0.5, ...}
    initial = 0.5             # starting share of strategy 0, one for all or per player
    paths   = 1000
    t_end   = 50
    dt      = 0.01
    method  = "euler_maruyama"   # or "milstein"
    seed    = 0
    low, high = 0.05, 0.95    # barriers of the splitting probabilities

``[network]`` — evolutionary dynamics on a graph (网络演化博弈;
:class:`~coinnovation.NetworkDynamics`): the graph keys of
:func:`~coinnovation.evolutionary._network_graphs.graph_from_spec`
(``generator``, its parameters, ``populations`` / ``roles`` / ``role_file``,
``attribute``; files relative to the model file) and::

    update    = "fermi"       # "imitate_best", "best_response"
    intensity = 1.0
    schedule  = "synchronous" # or "asynchronous"
    payoff    = "accumulated" # or "averaged"
    incomplete = "error"      # or "zero": a node with no partner of some population earns 0
    steps     = 100
    runs      = 20
    initial   = 0.5           # share of strategy 0, or {enterprise = 0.5, ...}
    seed      = 0             # seeds the graph and the runs
    targeting = { parameter = "S_E", subsidy = 4, budget = [0, 5, 10],
                  strategies = ["degree", "betweenness", "random"] }
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..policy.targeting import RULES as TARGETING_RULES
from ._lines import Ctx
from .model import Parameter, Player
from .schema import only_keys, read_number, read_table, type_name

__all__ = ["FINITE_KEYS", "NETWORK_KEYS", "NOISE_KEYS", "SECTIONS", "TARGETING_KEYS",
           "FiniteSection", "Key", "NetworkSection", "NoiseSection", "ParameterSweep",
           "TargetingSpec", "read_sections"]

SECTIONS: tuple[str, ...] = ("finite", "noise", "network")
"""The analysis sections a model file may add to its game."""

_REQUIRED = object()
_Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Key:
    """One key of a section: its kind, default, range (``low``/``high``, open or closed) or choices.

    Kinds: ``"int"``, ``"number"``, ``"string"``, ``"choice"``, ``"per_player_int"``,
    ``"per_player_number"`` (a number for all players, an array with one per
    player, or a table by player name), ``"per_population"`` (a number or a
    table by population name), ``"table"`` (read by the section itself).
    """

    kind: str
    default: Any = _REQUIRED
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    open_low: bool = False
    doc: str = ""

    def range_text(self) -> str:
        lo = "(" if self.open_low else "["
        hi = "inf)" if self.high is None else f"{self.high:g}]"
        return f"{lo}{self.low:g}, {hi}" if self.low is not None else f"(-inf, {hi}"


MAX_SIZE = 10_000
MAX_INTENSITY = 100.0
MAX_SWEEP_POINTS = 401
MAX_PATHS = 100_000
MAX_TIME = 10_000.0
MAX_SDE_STEPS = 10_000_000
MAX_NETWORK_STEPS = 100_000
MAX_RUNS = 10_000
MAX_SEED = 2**63 - 1
MAX_NODES = 1_000_000
MAX_EDGES = 10_000_000
MAX_GRAPH_FILE_BYTES = 64_000_000
MAX_NETWORK_WORK = 10**11
"""Largest steps x runs x (nodes + edges) a [network] section may ask for."""

FINITE_KEYS: dict[str, Key] = {
    "size": Key("per_player_int", 50, 2, MAX_SIZE, doc="population size N (or one per player)"),
    "intensity": Key("number", 1.0, 0, MAX_INTENSITY, doc="selection intensity"),
    "process": Key("choice", "fermi", choices=("fermi", "moran"), doc="update process"),
    "mutation": Key("number", 0.0, 0, 1, doc="exploration probability"),
    "population": Key("choice", None, choices=("single", "multi"),
                      doc="one population or one per player"),
    "sweep": Key("table", None, doc="{parameter, values} or {parameter, range, points}"),
}
"""The keys of ``[finite]``."""

SWEEP_KEYS: dict[str, Key] = {
    "parameter": Key("string"),
    "values": Key("table", None),
    "range": Key("table", None),
    "points": Key("int", 25, 2, MAX_SWEEP_POINTS),
}

NOISE_KEYS: dict[str, Key] = {
    "sigma": Key("per_player_number", _REQUIRED, 0, 10, doc="noise intensity per population"),
    "initial": Key("per_player_number", 0.5, 0, 1, doc="starting share of strategy 0"),
    "paths": Key("int", 1000, 1, MAX_PATHS, doc="number of paths"),
    "t_end": Key("number", 50.0, 0, MAX_TIME, open_low=True, doc="final time"),
    "dt": Key("number", 0.01, 0, 1, open_low=True, doc="largest step"),
    "method": Key("choice", "euler_maruyama", choices=("euler_maruyama", "milstein")),
    "seed": Key("int", 0, 0, MAX_SEED),
    "low": Key("number", 0.05, 0, 1, open_low=True, doc="lower barrier (splitting)"),
    "high": Key("number", 0.95, 0, 1, open_low=True, doc="upper barrier (splitting)"),
}
"""The keys of ``[noise]``."""

GRAPH_KEYS: tuple[str, ...] = ("generator", "nodes", "attach", "neighbours", "rewire",
                               "probability", "degree", "rows", "columns", "periodic", "edges",
                               "file", "populations", "roles", "role_file", "attribute")
"""Keys of ``[network]`` that describe the graph (read by ``graph_from_spec``)."""

NETWORK_KEYS: dict[str, Key] = {
    "update": Key("choice", "fermi", choices=("fermi", "imitate_best", "best_response")),
    "intensity": Key("number", 1.0, 0, MAX_INTENSITY),
    "schedule": Key("choice", "synchronous", choices=("synchronous", "asynchronous")),
    "payoff": Key("choice", "accumulated", choices=("accumulated", "averaged")),
    "incomplete": Key("choice", "error", choices=("error", "zero"),
                      doc="a node with no neighbour in some other population"),
    "steps": Key("int", 100, 1, MAX_NETWORK_STEPS),
    "runs": Key("int", 20, 1, MAX_RUNS),
    "initial": Key("per_population", 0.5, 0, 1),
    "seed": Key("int", 0, 0, MAX_SEED),
    "targeting": Key("table", None),
}
"""The keys of ``[network]`` besides :data:`GRAPH_KEYS`."""

TARGETING_KEYS: dict[str, Key] = {
    "parameter": Key("string"),
    "subsidy": Key("number"),
    "budget": Key("table"),
    "strategies": Key("table", TARGETING_RULES),
    "steps": Key("int", None, 1, MAX_NETWORK_STEPS),
    "runs": Key("int", None, 2, MAX_RUNS),
}
"""The keys of ``network.targeting``."""


@dataclass(frozen=True)
class ParameterSweep:
    """Values of one parameter (a subsidy) to repeat an analysis at."""

    parameter: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class FiniteSection:
    """The ``[finite]`` section: arguments of :class:`~coinnovation.FinitePopulation`."""

    size: int | tuple[int, ...] = 50
    intensity: float = 1.0
    process: str = "fermi"
    mutation: float = 0.0
    population: str | None = None
    sweep: ParameterSweep | None = None

    def summary(self) -> str:
        """One line for :meth:`Model.summary`."""
        sweep = (f"; {self.sweep.parameter} over {len(self.sweep.values)} values"
                 if self.sweep else "")
        return (f"finite populations: size {self.size}, {self.process}, intensity "
                f"{self.intensity:g}, mutation {self.mutation:g}{sweep}")


@dataclass(frozen=True)
class NoiseSection:
    """The ``[noise]`` section: stochastic replicator paths and splitting probabilities."""

    sigma: tuple[float, ...]
    initial: tuple[float, ...]
    paths: int = 1000
    t_end: float = 50.0
    dt: float = 0.01
    method: str = "euler_maruyama"
    seed: int = 0
    low: float = 0.05
    high: float = 0.95

    def summary(self) -> str:
        """One line for :meth:`Model.summary`."""
        return (f"noise: sigma {list(self.sigma)}, {self.paths} paths to t = {self.t_end:g} "
                f"({self.method}, dt = {self.dt:g}, seed {self.seed})")


@dataclass(frozen=True)
class TargetingSpec:
    """``network.targeting``: arguments of :func:`~coinnovation.subsidy_targeting`."""

    parameter: str
    subsidy: float
    budget: tuple[int, ...]
    strategies: tuple[str, ...]
    steps: int | None = None
    runs: int | None = None


@dataclass(frozen=True, eq=False)
class NetworkSection:
    """The ``[network]`` section: the graph (built when the file is read) and the run settings."""

    graph: Any
    spec: dict[str, Any]
    attribute: str = "population"
    update: str = "fermi"
    intensity: float = 1.0
    schedule: str = "synchronous"
    payoff: str = "accumulated"
    incomplete: str = "error"
    steps: int = 100
    runs: int = 20
    initial: float | dict[str, float] = 0.5
    seed: int = 0
    targeting: TargetingSpec | None = None

    def summary(self) -> str:
        """One line for :meth:`Model.summary`."""
        g, t = self.graph, self.targeting
        tg = (f"; targeting {t.parameter} = {t.subsidy:g} on {list(t.budget)} nodes by "
              f"{', '.join(t.strategies)}" if t else "")
        return (f"network: {self.spec['generator']}, {g.number_of_nodes()} nodes, "
                f"{g.number_of_edges()} edges; {self.update}, {self.schedule}, {self.steps} "
                f"steps x {self.runs} runs{tg}")

    @property
    def has_populations(self) -> bool:
        """Whether the nodes carry a population attribute."""
        return any(self.attribute in d for _, d in self.graph.nodes(data=True))

    def dynamics(self, game: Any, parameters: Mapping[str, Any] | None = None) -> Any:
        """The :class:`~coinnovation.NetworkDynamics` of ``game`` on the section's graph."""
        from ..evolutionary.network import NetworkDynamics  # late: io must not import the dynamics

        kw: dict[str, Any] = {"parameters": dict(parameters)} if parameters else {}
        return NetworkDynamics(game, self.graph, update=self.update, intensity=self.intensity,
                               schedule=self.schedule, population=self.attribute,
                               payoff=self.payoff, incomplete=self.incomplete, **kw)


# ---------------------------------------------------------------------------- readers
def _read_int(v: Any, key: Key, where: _Where, ctx: Ctx) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ctx.error(where, f"expected an integer, got {type_name(v)}")
    _check_range(v, key, where, ctx)
    return v


def _check_range(v: float, key: Key, where: _Where, ctx: Ctx) -> None:
    too_low = key.low is not None and (v <= key.low if key.open_low else v < key.low)
    too_high = key.high is not None and v > key.high
    if too_low or too_high:
        what = "an integer" if key.kind.endswith("int") else "a number"
        raise ctx.error(where, f"expected {what} in {key.range_text()}, got {v!r}")


def _read_num(v: Any, key: Key, where: _Where, ctx: Ctx) -> float:
    f = read_number(v, where, ctx)
    _check_range(f, key, where, ctx)
    return f


def _per_player(v: Any, key: Key, where: _Where, players: Sequence[Player], ctx: Ctx,
                one: Any) -> tuple[Any, ...] | Any:
    """A value for every player: one for all, an array in player order, or a table by name."""
    names = [p.name for p in players]
    if isinstance(v, list):
        if len(v) != len(names):
            raise ctx.error(where, f"expected one value per player ({len(names)}: "
                            f"{', '.join(names)}), got {len(v)}")
        return tuple(one(x, key, (*where, i), ctx) for i, x in enumerate(v))
    if isinstance(v, dict):
        only_keys(v, names, where, ctx)
        missing = [n for n in names if n not in v]
        if missing:
            raise ctx.error(where, f"missing a value for {', '.join(missing)}")
        return tuple(one(v[n], key, (*where, n), ctx) for n in names)
    return one(v, key, where, ctx)


def _read_key(name: str, key: Key, table: Mapping[str, Any], where: _Where, ctx: Ctx,
              players: Sequence[Player]) -> Any:
    at = (*where, name)
    if name not in table:
        if key.default is _REQUIRED:
            raise ctx.error(at, f"missing key {name!r}" + (f" ({key.doc})" if key.doc else ""))
        if key.kind == "per_player_number":
            return (key.default,) * len(players)
        return key.default
    v = table[name]
    if key.kind == "int":
        return _read_int(v, key, at, ctx)
    if key.kind == "number":
        return _read_num(v, key, at, ctx)
    if key.kind == "string":
        if not isinstance(v, str) or not v.strip():
            raise ctx.error(at, f"expected a non-empty string, got {type_name(v)}")
        return v
    if key.kind == "choice":
        if not isinstance(v, str) or v not in key.choices:
            raise ctx.error(at, f"expected one of {', '.join(map(repr, key.choices))}, got {v!r}")
        return v
    if key.kind == "per_player_int":
        return _per_player(v, key, at, players, ctx, _read_int)
    if key.kind == "per_player_number":
        out = _per_player(v, key, at, players, ctx, _read_num)
        return out if isinstance(out, tuple) else (out,) * len(players)
    if key.kind == "per_population":
        if isinstance(v, dict):
            return {str(k): _read_num(x, key, (*at, k), ctx) for k, x in v.items()}
        return _read_num(v, key, at, ctx)
    return v   # "table": read by the section


def read_keys(table: Mapping[str, Any], keys: Mapping[str, Key], where: _Where, ctx: Ctx,
              players: Sequence[Player] = (), extra: Sequence[str] = ()) -> dict[str, Any]:
    """Every key of ``keys`` read from ``table`` (defaults filled in); unknown keys are errors."""
    only_keys(table, (*keys, *extra), where, ctx)
    return {name: _read_key(name, key, table, where, ctx, players) for name, key in keys.items()}


# ---------------------------------------------------------------------------- sections
def read_sections(doc: Mapping[str, Any], players: Sequence[Player],
                  parameters: Mapping[str, Parameter], used: frozenset[str], ctx: Ctx
                  ) -> dict[str, Any]:
    """The sections present in ``doc``, as ``{"finite": FiniteSection, ...}`` (absent: None)."""
    out: dict[str, Any] = dict.fromkeys(SECTIONS)
    if "finite" in doc:
        out["finite"] = _finite(read_table(doc["finite"], ("finite",), ctx), players, parameters,
                                used, ctx)
    if "noise" in doc:
        out["noise"] = _noise(read_table(doc["noise"], ("noise",), ctx), players, ctx)
    if "network" in doc:
        out["network"] = _network(read_table(doc["network"], ("network",), ctx), players,
                                  parameters, used, ctx)
    return out


def _finite(table: dict[str, Any], players: Sequence[Player], parameters: Mapping[str, Parameter],
            used: frozenset[str], ctx: Ctx) -> FiniteSection:
    v = read_keys(table, FINITE_KEYS, ("finite",), ctx, players)
    if v["process"] == "moran" and v["intensity"] > 1:
        raise ctx.error(("finite", "intensity"), "the Moran process takes an intensity w in "
                        f"[0, 1], got {v['intensity']!r}")
    sweep = None
    if v["sweep"] is not None:
        sweep = _sweep(v["sweep"], ("finite", "sweep"), parameters, used, ctx)
    return FiniteSection(v["size"], v["intensity"], v["process"], v["mutation"], v["population"],
                         sweep)


def _parameter_name(v: Any, where: _Where, parameters: Mapping[str, Parameter],
                    used: frozenset[str], ctx: Ctx) -> str:
    if v not in parameters:
        raise ctx.error(where, f"{v!r} is not a parameter of the model (parameters: "
                        f"{', '.join(parameters) or 'none'})")
    if v not in used:
        raise ctx.error(where, f"parameter {v!r} does not appear in any payoff")
    return str(v)


def _admissible(value: float, where: _Where, p: Parameter, ctx: Ctx) -> float:
    """A value the parameter may take: inside its declared range, consistent with its assumptions."""
    for a in p.assumptions:
        ok = {"positive": value > 0, "nonnegative": value >= 0, "negative": value < 0,
              "nonpositive": value <= 0}.get(a, True)
        if not ok:
            raise ctx.error(where, f"{value:g} contradicts the assumption {a!r} of {p.name}")
    if p.range is not None and not p.range[0] <= value <= p.range[1]:
        raise ctx.error(where, f"{value:g} lies outside the range [{p.range[0]:g}, "
                        f"{p.range[1]:g}] of {p.name}")
    return value


def _sweep(raw: Any, where: _Where, parameters: Mapping[str, Parameter], used: frozenset[str],
           ctx: Ctx) -> ParameterSweep:
    t = read_table(raw, where, ctx)
    v = read_keys(t, SWEEP_KEYS, where, ctx)
    name = _parameter_name(v["parameter"], (*where, "parameter"), parameters, used, ctx)
    if v["values"] is not None:
        if "range" in t or "points" in t:
            raise ctx.error(where, "give either values or range (and points), not both")
        vals = v["values"]
        if not isinstance(vals, list) or not vals or len(vals) > MAX_SWEEP_POINTS:
            raise ctx.error((*where, "values"), f"expected an array of 1 to {MAX_SWEEP_POINTS} "
                            "numbers")
        return ParameterSweep(name, tuple(
            _admissible(read_number(x, (*where, "values", i), ctx), (*where, "values", i),
                        parameters[name], ctx) for i, x in enumerate(vals)))
    if v["range"] is not None:
        lo, hi = _range(v["range"], (*where, "range"), ctx)
        for x in (lo, hi):
            _admissible(x, (*where, "range"), parameters[name], ctx)
    elif parameters[name].range is not None:
        lo, hi = parameters[name].range
    else:
        raise ctx.error(where, f"give values, or a range (parameter {name!r} declares none)")
    n = v["points"]
    return ParameterSweep(name, tuple(lo + (hi - lo) * k / (n - 1) for k in range(n)))


def _range(raw: Any, where: _Where, ctx: Ctx) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise ctx.error(where, "expected [low, high]")
    lo, hi = (read_number(x, (*where, i), ctx) for i, x in enumerate(raw))
    if not lo < hi:
        raise ctx.error(where, f"expected low < high, got [{raw[0]}, {raw[1]}]")
    return lo, hi


def _noise(table: dict[str, Any], players: Sequence[Player], ctx: Ctx) -> NoiseSection:
    two = [p.name for p in players if len(p.strategies) != 2]
    if two:
        raise ctx.error(("noise",), "the stochastic replicator dynamics need two strategies per "
                        f"player; {', '.join(two)} has more")
    v = read_keys(table, NOISE_KEYS, ("noise",), ctx, players)
    if v["dt"] > v["t_end"]:
        raise ctx.error(("noise", "dt"), f"the step {v['dt']:g} is longer than t_end = "
                        f"{v['t_end']:g}")
    if v["t_end"] / v["dt"] * v["paths"] > MAX_SDE_STEPS * 100:
        raise ctx.error(("noise",), "paths x t_end / dt is above 1e9 path steps; use fewer "
                        "paths or a larger dt")
    if not v["low"] < v["high"] < 1:
        raise ctx.error(("noise", "high"), f"expected 0 < low < high < 1, got low = {v['low']:g}, "
                        f"high = {v['high']:g}")
    if not all(v["low"] < x < v["high"] for x in v["initial"]):
        raise ctx.error(("noise", "initial"), f"the splitting probabilities need every initial "
                        f"share inside (low, high) = ({v['low']:g}, {v['high']:g})")
    return NoiseSection(**v)


def _networkx(ctx: Ctx) -> None:
    try:
        import networkx  # noqa: F401  # optional extra "network": the [network] graph
    except ImportError:
        raise ctx.error(("network",), "a [network] section needs NetworkX, the optional extra "
                        "'network': pip install 'coinnovation[network]'") from None


def _network(table: dict[str, Any], players: Sequence[Player],
             parameters: Mapping[str, Parameter], used: frozenset[str], ctx: Ctx
             ) -> NetworkSection:
    _networkx(ctx)
    v = read_keys(table, NETWORK_KEYS, ("network",), ctx, players, extra=GRAPH_KEYS)
    spec = {k: table[k] for k in GRAPH_KEYS if k in table}
    if "generator" not in spec:
        raise ctx.error(("network", "generator"), "missing key 'generator'")
    _check_size(spec, ctx)
    graph = _graph({**spec, "seed": v["seed"]}, ctx)
    work = v["steps"] * v["runs"] * (graph.number_of_nodes() + graph.number_of_edges())
    if work > MAX_NETWORK_WORK:
        raise ctx.error(("network", "runs"), f"steps x runs x (nodes + edges) = {work:.2e} is above "
                        f"{MAX_NETWORK_WORK:.0e}; use fewer steps or runs (or run NetworkDynamics "
                        "from Python on an executor)")
    attribute = spec.get("attribute", "population")
    names = [p.name for p in players]
    pops = {d[attribute] for _, d in graph.nodes(data=True) if attribute in d}
    unknown = sorted(map(str, pops - set(names)))
    if unknown:
        key = next((k for k in ("populations", "roles", "role_file") if k in spec), "populations")
        raise ctx.error(("network", key), f"population(s) {', '.join(map(repr, unknown))} are not "
                        f"players of the game (players: {', '.join(names)})")
    if isinstance(v["initial"], dict):
        only_keys(v["initial"], names, ("network", "initial"), ctx)
    targeting = None
    if v["targeting"] is not None:
        targeting = _targeting(v["targeting"], graph.number_of_nodes(), parameters, used, ctx)
    return NetworkSection(graph, spec, attribute, v["update"], v["intensity"], v["schedule"],
                          v["payoff"], v["incomplete"], v["steps"], v["runs"], v["initial"],
                          v["seed"], targeting)


def _expected_edges(spec: Mapping[str, Any], n: int) -> float:
    """Edges the generator will make (before anything is generated)."""
    def num(key: str, default: float = 0) -> float:
        x = spec.get(key, default)
        return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else default

    return {"barabasi_albert": n * num("attach"), "watts_strogatz": n * num("neighbours") / 2,
            "erdos_renyi": num("probability") * n * (n - 1) / 2,
            "random_regular": n * num("degree") / 2, "complete": n * (n - 1) / 2,
            "grid": 2.0 * n}.get(str(spec.get("generator")), float(n))


def _check_size(spec: Mapping[str, Any], ctx: Ctx) -> None:
    """Refuse graphs too large to build before building them (a model file must not hang)."""
    ints = {k: spec[k] for k in ("nodes", "rows", "columns")
            if isinstance(spec.get(k), int) and not isinstance(spec.get(k), bool)}
    if spec.get("generator") == "grid":
        n = ints.get("rows", 1) * ints.get("columns", 1)
        key = "rows"
    else:
        n, key = ints.get("nodes", 0), "nodes"
    if n > MAX_NODES:
        raise ctx.error(("network", key), f"{n} nodes is above the limit of {MAX_NODES}")
    edges = _expected_edges(spec, n)
    if edges > MAX_EDGES:
        raise ctx.error(("network",), f"the graph would have about {edges:.2e} edges, above the "
                        f"limit of {MAX_EDGES:.0e}")
    base = None if ctx.source.startswith("<") else Path(ctx.source).resolve().parent
    for k in ("file", "role_file"):
        name = spec.get(k)
        if isinstance(name, str) and name:
            path = Path(name) if Path(name).is_absolute() or base is None else base / name
            if path.is_file() and path.stat().st_size > MAX_GRAPH_FILE_BYTES:
                raise ctx.error(("network", k), f"{path.name} is larger than "
                                f"{MAX_GRAPH_FILE_BYTES} bytes")


def _graph(spec: dict[str, Any], ctx: Ctx) -> Any:
    """``graph_from_spec`` with its errors turned into model-file errors (file, key, line)."""
    from ..evolutionary._network_graphs import graph_from_spec  # late: io must not import dynamics

    base = None if ctx.source.startswith("<") else Path(ctx.source).resolve().parent
    try:
        graph = graph_from_spec(spec, base=base)
    except InvalidInputError as exc:
        msg = str(exc)
        head, _, problem = msg.partition(": ")
        parts = head.split(".", 1)
        if parts[0] == "network" and len(parts) == 2 and parts[1] in spec:
            raise ctx.error(("network", parts[1]), problem) from None
        raise ctx.error(("network",), msg.removeprefix("network: ")) from None
    if graph.number_of_nodes() == 0:
        raise ctx.error(("network",), "the graph has no nodes")
    return graph


def _targeting(raw: Any, n_nodes: int, parameters: Mapping[str, Parameter], used: frozenset[str],
               ctx: Ctx) -> TargetingSpec:
    where: _Where = ("network", "targeting")
    v = read_keys(read_table(raw, where, ctx), TARGETING_KEYS, where, ctx)
    name = _parameter_name(v["parameter"], (*where, "parameter"), parameters, used, ctx)
    _admissible(v["subsidy"], (*where, "subsidy"), parameters[name], ctx)
    if parameters[name].value is None:
        raise ctx.error((*where, "parameter"), f"{name} needs a value under [parameters]: the "
                        "nodes without the subsidy keep it")
    budget = v["budget"]
    budget = budget if isinstance(budget, list) else [budget]
    if not budget:
        raise ctx.error((*where, "budget"), "expected one or more budgets")
    ks = []
    for i, b in enumerate(budget):
        if isinstance(b, bool) or not isinstance(b, int) or not 0 <= b <= n_nodes:
            raise ctx.error((*where, "budget", i), f"expected a number of nodes in [0, {n_nodes}], "
                            f"got {b!r}")
        ks.append(b)
    rules = v["strategies"]
    rules = [rules] if isinstance(rules, str) else rules
    if not isinstance(rules, (list, tuple)) or not rules:
        raise ctx.error((*where, "strategies"), "expected an array of rules")
    for i, r in enumerate(rules):
        if r not in TARGETING_RULES:
            raise ctx.error((*where, "strategies", i), f"expected one of "
                            f"{', '.join(map(repr, TARGETING_RULES))}, got {r!r}")
    return TargetingSpec(name, v["subsidy"], tuple(sorted(set(ks))), tuple(dict.fromkeys(rules)),
                         v["steps"], v["runs"])
