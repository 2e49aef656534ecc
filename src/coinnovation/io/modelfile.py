r"""Model files: a game and the questions to ask of it, as TOML data.

A model file declares parameters (symbols with values, ranges and
assumptions), players (names, roles and strategy labels), a payoff expression
for every player at every pure profile, optionally the worth of every
coalition, and the questions to answer (thresholds, allocations, regime
maps). It is read with :mod:`tomllib`; every expression goes through a **safe
parser** (:mod:`coinnovation.io.safe_expr`) that accepts only numbers, the
declared symbols, ``+ - * / **``, parentheses and the functions ``min, max,
exp, log, sqrt, abs`` — a model file can never run code, read files or hang
the process.

.. code-block:: toml

    [model]
    name = "Two-party industry-university cooperation"

    [parameters]
    dR = { value = 10, range = [0, 20], assumptions = ["nonnegative"],
           description = "cooperative surplus (合作剩余)" }
    alpha = { value = 0.5, range = [0, 1] }
    C = 3                                   # shorthand: just the value
    S = { value = 2, range = [0, 6], assumptions = ["nonnegative"] }

    [[players]]
    name = "enterprise"
    role = "企业"
    strategies = ["cooperate", "defect"]

    [[players]]
    name = "university"
    role = "高校"
    strategies = ["cooperate", "defect"]

    [payoffs."cooperate,cooperate"]
    enterprise = "alpha*dR - C + S"
    university = "(1 - alpha)*dR - C + S"
    # ... one table per profile: strategy labels (or indices) joined by commas

    [[questions.thresholds]]
    parameter = "S"
    profile = ["cooperate", "cooperate"]
    criterion = "ess"

Every error is a :class:`~coinnovation.errors.ModelFileError` naming the
file, the key path (``payoffs."cooperate,defect".enterprise``), the line and
what is wrong; nothing is returned from an invalid file.
"""

from __future__ import annotations

import keyword
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from ..coalitional.rules import RULES
from ..errors import CoinnovationError, ModelFileError
from ..games.coalitional import CoalitionalGame
from ..games.normal_form import NormalFormGame
from .safe_expr import FUNCTIONS, ExpressionError, parse_expression

__all__ = [
    "ALLOCATION_RULES",
    "ASSUMPTIONS",
    "AllocationQuestion",
    "Model",
    "Parameter",
    "Player",
    "Questions",
    "RegimeMapQuestion",
    "ThresholdQuestion",
    "load_model",
    "loads_model",
]

ASSUMPTIONS: tuple[str, ...] = ("real", "positive", "nonnegative", "negative", "nonpositive")
"""Assumptions a parameter may carry (sympy assumptions; every parameter is real)."""

CRITERIA: tuple[str, ...] = ("nash", "strict_nash", "ess", "unique_ess", "dominant", "participation")
"""Criteria of threshold questions (see :func:`coinnovation.stability_region`)."""

REGIME_CRITERIA: tuple[str, ...] = ("ess", "strict_nash", "nash")
"""Criteria of regime maps (see :func:`coinnovation.regime_map`)."""

ALLOCATION_RULES: tuple[str, ...] = tuple(
    name for name, rule in RULES.items() if not rule.options or name == "modified_shapley")
"""Allocation rules a model file may ask for (the registry's names; modified Shapley takes weights)."""

MAX_FILE_BYTES = 1_000_000
MAX_PLAYERS = 8
MAX_STRATEGIES = 50
MAX_PROFILES = 4096
MAX_PARAMETERS = 200
MAX_RESOLUTION = 401

_TOP_KEYS = ("model", "parameters", "players", "payoffs", "actors", "surplus", "government",
             "coalitions", "questions")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


# ---------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Parameter:
    """A declared parameter of a model file.

    Attributes
    ----------
    name : str
    symbol : sympy.Symbol
        Real, with the declared assumptions.
    value : sympy.Expr or None
        Its value (an exact rational for decimal numbers), or None when free.
    range : tuple of float or None
        ``(low, high)`` for sweeps, regime maps and figures.
    assumptions : tuple of str
    description : str
    """

    name: str
    symbol: sp.Symbol
    value: sp.Expr | None = None
    range: tuple[float, float] | None = None
    assumptions: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Player:
    """A player: its name (used in payoff tables), its role (display label) and strategies."""

    name: str
    role: str
    strategies: tuple[str, ...]


@dataclass(frozen=True)
class ThresholdQuestion:
    """At which values of ``parameter`` does ``profile`` satisfy ``criterion``?"""

    parameter: str
    profile: tuple[int, ...]
    criterion: str = "ess"


@dataclass(frozen=True)
class AllocationQuestion:
    """Divide the grand coalition's worth by ``rules`` (needs ``[coalitions]``)."""

    rules: tuple[str, ...]
    weights: tuple[float, ...] | None = None


@dataclass(frozen=True)
class RegimeMapQuestion:
    """Which pure profiles are stable over a grid of two parameters?"""

    x: str
    y: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    resolution: int = 61
    criterion: str = "ess"


@dataclass(frozen=True)
class Questions:
    """The questions of a model file, validated (names and profiles checked)."""

    thresholds: tuple[ThresholdQuestion, ...] = ()
    allocations: tuple[AllocationQuestion, ...] = ()
    regime_maps: tuple[RegimeMapQuestion, ...] = ()

    def __len__(self) -> int:
        return len(self.thresholds) + len(self.allocations) + len(self.regime_maps)


@dataclass(frozen=True, eq=False)
class Model:
    """A model read from a model file.

    Attributes
    ----------
    name, description : str
    source : str
        The file it was read from (``"<string>"`` for text).
    parameters : dict of str to Parameter
        In the order of the file.
    players : tuple of Player
    game : NormalFormGame
        The symbolic game (payoffs in the declared symbols).
    coalitional : CoalitionalGame or None
        The symbolic TU game of ``[coalitions]``, when given (for a
        ``[surplus]`` model without ``[coalitions]``: its coalitional game).
    questions : Questions
    surplus_model : SurplusModel or None
        The :class:`~coinnovation.SurplusModel` of a file that describes
        ``[[actors]]``, ``[surplus]`` and ``[government]`` instead of payoffs.

    Examples
    --------
    >>> import coinnovation as co
    >>> m = co.loads_model('''
    ... [parameters]
    ... S = { value = 2, assumptions = ["nonnegative"] }
    ... [[players]]
    ... name = "row"
    ... strategies = ["C", "D"]
    ... [[players]]
    ... name = "column"
    ... strategies = ["C", "D"]
    ... [payoffs]
    ... "C,C" = { row = "3 + S", column = "3 + S" }
    ... "C,D" = { row = "0", column = "5" }
    ... "D,C" = { row = 5, column = 0 }
    ... "D,D" = { row = 1, column = 1 }
    ... ''')
    >>> m.game.free_symbols
    frozenset({S})
    >>> [e.profile for e in co.pure_nash_equilibria(m.numeric_game())]
    [(0, 0), (1, 1)]
    """

    name: str
    description: str
    source: str
    parameters: dict[str, Parameter]
    players: tuple[Player, ...]
    game: NormalFormGame
    coalitional: CoalitionalGame | None = None
    questions: Questions = field(default_factory=Questions)
    surplus_model: Any = None

    @property
    def values(self) -> dict[str, sp.Expr]:
        """The parameters that have values: name -> exact value."""
        return {n: p.value for n, p in self.parameters.items() if p.value is not None}

    @property
    def free_parameters(self) -> tuple[str, ...]:
        """Names of parameters without a value."""
        return tuple(n for n, p in self.parameters.items() if p.value is None)

    def _mapping(self, symbols: frozenset[sp.Symbol], overrides: Mapping[str, Any] | None,
                 keep: Sequence[str] = ()) -> dict[sp.Symbol, Any]:
        vals: dict[str, Any] = dict(self.values)
        for k, v in (overrides or {}).items():
            if k not in self.parameters:
                raise ModelFileError(f"values: {k!r} is not a parameter of the model "
                                     f"(parameters: {', '.join(self.parameters)})",
                                     path=self.source)
            if isinstance(v, bool) or not isinstance(v, (int, float, sp.Expr)):
                raise ModelFileError(f"values: {k} must be a number, got {v!r}", path=self.source)
            vals[k] = sp.Rational(repr(v)) if isinstance(v, float) else sp.sympify(v)
        names = {str(s) for s in symbols}
        missing = sorted(n for n in names if n not in vals and n not in keep)
        if missing:
            raise ModelFileError(
                f"no value for {', '.join(missing)}; give a value under [parameters] "
                "(or pass values=)", path=self.source, key="parameters")
        return {self.parameters[n].symbol: vals[n] for n in names if n not in keep}

    def numeric_game(self, values: Mapping[str, Any] | None = None) -> NormalFormGame:
        """The game with every parameter replaced by its value.

        Parameters
        ----------
        values : mapping of str to number, optional
            Values overriding (or completing) those of the file.

        Raises
        ------
        coinnovation.errors.ModelFileError
            when a parameter used by the payoffs has no value, or a payoff is
            not a finite real number at these values.
        """
        mapping = self._mapping(self.game.free_symbols, values)
        game = self.game.subs(mapping) if mapping else self.game
        _check_finite(game.symbolic_payoff_array(), self.source, "payoffs")
        return game

    def game_in(self, *parameters: str, values: Mapping[str, Any] | None = None) -> NormalFormGame:
        """The game with every parameter but ``parameters`` replaced by its value."""
        for p in parameters:
            if p not in self.parameters:
                raise ModelFileError(f"{p!r} is not a parameter of the model", path=self.source)
        mapping = self._mapping(self.game.free_symbols, values, keep=parameters)
        return self.game.subs(mapping) if mapping else self.game

    def numeric_coalitional_game(self, values: Mapping[str, Any] | None = None) -> CoalitionalGame:
        """The TU game of ``[coalitions]`` with the parameters' values substituted."""
        if self.coalitional is None:
            raise ModelFileError("the model has no [coalitions] table", path=self.source)
        mapping = self._mapping(self.coalitional.free_symbols, values)
        return self.coalitional.subs(mapping) if mapping else self.coalitional

    def summary(self) -> str:
        """What the model defines, as plain text (what ``coinnovation check`` prints)."""
        lines = [f"model: {self.name}" if self.name else "model (no name)"]
        if self.description:
            lines.append(f"  {self.description}")
        shape = " x ".join(str(len(p.strategies)) for p in self.players)
        lines.append(f"players ({len(self.players)}; {shape} game):")
        for p in self.players:
            role = f" [{p.role}]" if p.role and p.role != p.name else ""
            lines.append(f"  {p.name}{role}: {', '.join(p.strategies)}")
        lines.append(f"parameters ({len(self.parameters)}):")
        for p in self.parameters.values():
            bits = [f"= {p.value}" if p.value is not None else "(free)"]
            if p.range is not None:
                bits.append(f"range [{p.range[0]:g}, {p.range[1]:g}]")
            if p.assumptions:
                bits.append(", ".join(p.assumptions))
            desc = f" — {p.description}" if p.description else ""
            lines.append(f"  {p.name} {'; '.join(bits)}{desc}")
        unused = sorted(set(self.parameters) - {str(s) for s in self.game.free_symbols}
                        - {str(s) for s in (self.coalitional.free_symbols
                                            if self.coalitional else ())})
        if unused:
            lines.append(f"  (not used by any payoff or worth: {', '.join(unused)})")
        lines.append("payoffs:")
        lines.append(self.game.table())
        if self.surplus_model is not None:
            lines.append(f"surplus model: {self.surplus_model!r}")
        if self.coalitional is not None:
            cg = self.coalitional
            lines.append(f"coalitional game of {', '.join(cg.players)}: worths of all "
                         f"{2 ** cg.n_players - 1} coalitions")
        q = self.questions
        lines.append(f"questions ({len(q)}):")
        for t in q.thresholds:
            lines.append(f"  threshold of {t.parameter} for {self._profile_text(t.profile)} "
                         f"({t.criterion})")
        for a in q.allocations:
            lines.append(f"  allocation by {', '.join(a.rules)}")
        for r in q.regime_maps:
            lines.append(f"  regime map over {r.x} in [{r.x_range[0]:g}, {r.x_range[1]:g}] x "
                         f"{r.y} in [{r.y_range[0]:g}, {r.y_range[1]:g}] ({r.criterion}, "
                         f"{r.resolution}x{r.resolution})")
        return "\n".join(lines)

    def _profile_text(self, profile: tuple[int, ...]) -> str:
        return "(" + ", ".join(p.strategies[a] for p, a in zip(self.players, profile,
                                                                strict=True)) + ")"

    def __repr__(self) -> str:
        return (f"Model({self.name!r}, players={[p.name for p in self.players]}, "
                f"parameters={list(self.parameters)}, questions={len(self.questions)})")


# ---------------------------------------------------------------------------- key paths, lines
def key_path(parts: Sequence[str | int]) -> str:
    """``("payoffs", "C,D", "row")`` -> ``payoffs."C,D".row``; ints are array indices."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
            continue
        text = p if _BARE.fullmatch(p) else '"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out += ("." if out else "") + text
    return out


def _split_key(text: str) -> list[str] | None:
    """Split a TOML (dotted, possibly quoted) key into its parts; None if unreadable."""
    parts: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return None
        if text[i] in "\"'":
            q = text[i]
            j = i + 1
            buf = []
            while j < n and text[j] != q:
                if q == '"' and text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                return None
            parts.append("".join(buf))
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if m is None:
                return None
            parts.append(m.group())
            i = m.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n:
            if text[i] != ".":
                return None
            i += 1
    return parts


def _line_index(text: str) -> dict[tuple[str | int, ...], int]:
    """Best-effort map from key paths to the line that defines them."""
    index: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            end = line.find("]]")
            parts = _split_key(line[2:end]) if end > 0 else None
            if parts is None:
                continue
            base = tuple(parts)
            k = arrays.get(base, -1) + 1
            arrays[base] = k
            table = (*base, k)
            index.setdefault(table, lineno)
            index.setdefault(base, lineno)
            continue
        if line.startswith("["):
            end = line.find("]")
            parts = _split_key(line[1:end]) if end > 0 else None
            if parts is None:
                continue
            table = _resolve_arrays(tuple(parts), arrays)
            index.setdefault(table, lineno)
            continue
        m = re.match(r"((?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
                     r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'))*)\s*=", line)
        if m is None:
            continue
        parts = _split_key(m.group(1))
        if parts is None:
            continue
        full = (*table, *parts)
        index.setdefault(full, lineno)
        rest = line[m.end():]
        if rest.lstrip().startswith("{"):
            for km in re.finditer(r"(?:^|[{,])\s*([A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\")\s*=",
                                  rest.lstrip()[1:]):
                sub = _split_key(km.group(1))
                if sub:
                    index.setdefault((*full, *sub), lineno)
    return index


def _resolve_arrays(parts: tuple[str, ...], arrays: dict[tuple[str | int, ...], int]
                    ) -> tuple[str | int, ...]:
    out: list[str | int] = []
    for p in parts:
        out.append(p)
        k = arrays.get(tuple(out))
        if k is not None:
            out.append(k)
    return tuple(out)


class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = _line_index(text)
        self.payoff_keys: dict[tuple[int, ...], str] = {}

    def line(self, parts: Sequence[str | int]) -> int | None:
        t = tuple(parts)
        while t:
            if t in self.lines:
                return self.lines[t]
            t = t[:-1]
        return None

    def error(self, parts: Sequence[str | int], problem: str) -> ModelFileError:
        return ModelFileError(problem, path=self.source, key=key_path(parts) or None,
                              line=self.line(parts))


# ---------------------------------------------------------------------------- reading
def load_model(path: str | Path) -> Model:
    """Read a model file (TOML) into a :class:`Model`.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    Model

    Raises
    ------
    coinnovation.errors.ModelFileError
        for a missing or unreadable file, malformed TOML, or an invalid model
        (unknown keys or symbols, expressions the safe parser rejects, missing
        profiles, values outside their ranges...). The message names the file,
        the key path, the line and the problem.

    Examples
    --------
    >>> import coinnovation as co
    >>> from pathlib import Path
    >>> m = co.load_model(Path(co.__file__).parents[2] / "examples" / "two_party.toml")
    >>> m.game.players, m.game.shape
    (('enterprise', 'university'), (2, 2))
    """
    p = Path(path)
    source = str(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ModelFileError(f"the file is larger than {MAX_FILE_BYTES} bytes", path=source)
        data = p.read_bytes()
    except FileNotFoundError:
        raise ModelFileError("no such file", path=source) from None
    except IsADirectoryError:
        raise ModelFileError("is a directory, not a model file", path=source) from None
    except OSError as exc:
        raise ModelFileError(f"cannot read the file ({exc.strerror})", path=source) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"not UTF-8 text (byte {exc.start})", path=source) from None
    return loads_model(text, source=source)


def loads_model(text: str, *, source: str = "<string>") -> Model:
    """Read a model from TOML text; see :func:`load_model`.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.loads_model('[parameters]\\nx = { value = "__import__(1)" }')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coinnovation.errors.ModelFileError: <string>: parameters.x.value (line 2): calling '__import__' is not ...
    """
    if not isinstance(text, str):
        raise ModelFileError(f"expected TOML text, got {type(text).__name__}", path=source)
    if len(text) > MAX_FILE_BYTES:
        raise ModelFileError(f"the text is longer than {MAX_FILE_BYTES} characters", path=source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            problem = msg[: m.start()].strip()
            raise ModelFileError(f"malformed TOML: {problem} (column {m.group(2)})",
                                 path=source, line=int(m.group(1))) from None
        raise ModelFileError(f"malformed TOML: {msg}", path=source) from None
    except RecursionError:
        raise ModelFileError("malformed TOML: nested too deeply", path=source) from None
    ctx = _Ctx(source, text)
    return _build(doc, ctx)


def _build(doc: dict[str, Any], ctx: _Ctx) -> Model:
    _only_keys(doc, _TOP_KEYS, (), ctx)
    meta = _table(doc.get("model", {}), ("model",), ctx)
    _only_keys(meta, ("name", "description"), ("model",), ctx)
    name = _string(meta.get("name", ""), ("model", "name"), ctx, empty_ok=True)
    description = _string(meta.get("description", ""), ("model", "description"), ctx,
                          empty_ok=True)
    parameters = _parameters(doc.get("parameters", {}), ctx)
    symbols = {n: p.symbol for n, p in parameters.items()}
    surplus_model = None
    if "surplus" in doc or "actors" in doc or "government" in doc:
        for k in ("players", "payoffs"):
            if k in doc:
                raise ctx.error((k,), f"a model file gives either [{k}] or a surplus model "
                                "([[actors]], [surplus], [government]), not both")
        surplus_model = _surplus_model(doc, symbols, ctx)
        players = _surplus_players(doc, surplus_model, ctx)
        game = surplus_model.normal_form()
    else:
        if "players" not in doc:
            raise ctx.error(("players",), "missing: declare the players as [[players]] tables "
                            "with name and strategies (or describe a surplus model with "
                            "[[actors]] and [surplus])")
        players = _players(doc["players"], ctx)
        if "payoffs" not in doc:
            raise ctx.error(("payoffs",), "missing: give a [payoffs] table with one entry per "
                            "profile")
        game = _payoffs(doc["payoffs"], players, symbols, ctx)
    coalitional = None
    if "coalitions" in doc:
        coalitional = _coalitions(doc["coalitions"], players, symbols, ctx)
    elif surplus_model is not None:
        coalitional = surplus_model.coalitional_game()
    questions = _questions(doc.get("questions", {}), players, parameters, coalitional, ctx,
                           used=frozenset(str(x) for x in game.free_symbols))
    model = Model(name, description, ctx.source, parameters, players, game, coalitional,
                  questions, surplus_model)
    _check_values(model, ctx)
    return model


def _surplus_model(doc: dict[str, Any], names: Mapping[str, sp.Symbol], ctx: _Ctx) -> Any:
    """A SurplusModel from [[actors]], [surplus] and [government]."""
    from ..models.surplus import ROLES, SHARING_RULES, Actor, Government, SurplusModel

    raw = doc.get("actors")
    if not isinstance(raw, list) or not raw:
        raise ctx.error(("actors",), "a surplus model needs two or more [[actors]] tables")
    if len(raw) > MAX_PLAYERS:
        raise ctx.error(("actors",), f"more than {MAX_PLAYERS} actors")
    roles = [r for r in ROLES if r != "government"]
    actors = []
    for i, spec in enumerate(raw):
        where: tuple[str | int, ...] = ("actors", i)
        if not isinstance(spec, dict):
            raise ctx.error(where, f"expected a table, got {_tname(spec)}")
        _only_keys(spec, ("name", "role", "label", "standalone", "cost", "spillover",
                          "contribution", "power"), where, ctx)
        if "name" not in spec:
            raise ctx.error(where, "missing key 'name'")
        name = _string(spec["name"], (*where, "name"), ctx, limit=80)
        if "," in name:
            raise ctx.error((*where, "name"), "an actor name must not contain ','")
        role = spec.get("role", "enterprise")
        if role not in roles:
            raise ctx.error((*where, "role"), f"unknown role {role!r}; roles are "
                            f"{', '.join(roles)} (the government is the [government] table)")
        if "label" in spec:
            _string(spec["label"], (*where, "label"), ctx, limit=80)
        kw = {k: _expr(spec[k], (*where, k), names, ctx)
              for k in ("standalone", "cost", "spillover", "contribution", "power") if k in spec}
        try:
            actors.append(Actor(name, role, **kw))
        except CoinnovationError as exc:
            raise ctx.error(where, str(exc)) from None
    actor_names = [a.name for a in actors]
    for i, n in enumerate(actor_names):
        if actor_names.index(n) != i:
            raise ctx.error(("actors", i, "name"), f"actor name {n!r} is used twice")

    def per_actor(v: Any, where: tuple[str | int, ...]) -> dict[str, sp.Expr]:
        table = _table(v, where, ctx)
        for k in table:
            if k not in actor_names:
                raise ctx.error((*where, k), f"{k!r} is not an actor; actors are "
                                f"{', '.join(actor_names)}")
        return {k: _expr(x, (*where, k), names, ctx) for k, x in table.items()}

    sur = _table(doc.get("surplus", {}), ("surplus",), ctx)
    _only_keys(sur, ("value", "coalitions", "sharing", "shares", "breach_compensation"),
               ("surplus",), ctx)
    if ("value" in sur) == ("coalitions" in sur):
        raise ctx.error(("surplus",), "give either value (the grand coalition's surplus) or "
                        "coalitions (the surplus of each coalition of two or more actors)")
    surplus: Any
    if "value" in sur:
        surplus = _expr(sur["value"], ("surplus", "value"), names, ctx)
    else:
        table = _table(sur["coalitions"], ("surplus", "coalitions"), ctx)
        surplus = {}
        for key, val in table.items():
            where = ("surplus", "coalitions", key)
            members = tuple(m.strip() for m in key.split(","))
            for m in members:
                if m not in actor_names:
                    raise ctx.error(where, f"{m!r} is not an actor; actors are "
                                    f"{', '.join(actor_names)}")
            if len(members) < 2 or len(set(members)) != len(members):
                raise ctx.error(where, "a coalition with a surplus has two or more distinct "
                                "actors")
            surplus[members] = _expr(val, where, names, ctx)
    sharing = sur.get("sharing", "equal")
    if sharing not in SHARING_RULES:
        raise ctx.error(("surplus", "sharing"), f"unknown sharing rule {sharing!r}; rules are "
                        f"{', '.join(SHARING_RULES)}")
    shares = per_actor(sur["shares"], ("surplus", "shares")) if "shares" in sur else None
    breach = (_expr(sur["breach_compensation"], ("surplus", "breach_compensation"), names, ctx)
              if "breach_compensation" in sur else 0)
    government = None
    if "government" in doc:
        gov = _table(doc["government"], ("government",), ctx)
        _only_keys(gov, ("name", "label", "strategic", "subsidies", "fines", "supervision_cost",
                         "benefit", "loss"), ("government",), ctx)
        strategic = gov.get("strategic", True)
        if not isinstance(strategic, bool):
            raise ctx.error(("government", "strategic"), "expected true or false")
        gname = _string(gov.get("name", "government"), ("government", "name"), ctx, limit=80)
        if "label" in gov:
            _string(gov["label"], ("government", "label"), ctx, limit=80)
        kw2 = {k: _expr(gov[k], ("government", k), names, ctx)
               for k in ("supervision_cost", "benefit", "loss") if k in gov}
        subsidies = per_actor(gov.get("subsidies", {}), ("government", "subsidies"))
        fines = per_actor(gov.get("fines", {}), ("government", "fines"))
        try:
            government = Government(subsidies=subsidies, fines=fines, strategic=strategic,
                                    name=gname, **kw2)
        except CoinnovationError as exc:
            raise ctx.error(("government",), str(exc)) from None
    try:
        return SurplusModel(actors, surplus, sharing=sharing, shares=shares,
                            breach_compensation=breach, government=government)
    except CoinnovationError as exc:
        raise ctx.error(("surplus",), str(exc)) from None


def _surplus_players(doc: dict[str, Any], model: Any, ctx: _Ctx) -> tuple[Player, ...]:
    out = [Player(a.name, str(spec.get("label", a.role)), ("cooperate", "defect"))
           for a, spec in zip(model.actors, doc["actors"], strict=True)]
    gov = model.government
    if gov is not None and gov.strategic:
        out.append(Player(gov.name, str(doc["government"].get("label", "government")),
                          ("active", "passive")))
    return tuple(out)


def _only_keys(table: Mapping[str, Any], allowed: Sequence[str], where: tuple[str | int, ...],
               ctx: _Ctx) -> None:
    for k in table:
        if k not in allowed:
            raise ctx.error((*where, k), f"unknown key {k!r}; expected one of "
                            f"{', '.join(allowed)}")


def _table(v: Any, where: tuple[str | int, ...], ctx: _Ctx) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise ctx.error(where, f"expected a table, got {_tname(v)}")
    return v


def _tname(v: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
            list: "an array", dict: "a table"}.get(type(v), type(v).__name__)


def _string(v: Any, where: tuple[str | int, ...], ctx: _Ctx, *, empty_ok: bool = False,
            limit: int = 2000) -> str:
    if not isinstance(v, str):
        raise ctx.error(where, f"expected a string, got {_tname(v)}")
    if not empty_ok and not v.strip():
        raise ctx.error(where, "must not be empty")
    if len(v) > limit:
        raise ctx.error(where, f"longer than {limit} characters")
    return v


def _number(v: Any, where: tuple[str | int, ...], ctx: _Ctx) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ctx.error(where, f"expected a number, got {_tname(v)}")
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise ctx.error(where, f"expected a finite number, got {v!r}")
    return f


def _range(v: Any, where: tuple[str | int, ...], ctx: _Ctx) -> tuple[float, float]:
    if not isinstance(v, list) or len(v) != 2:
        raise ctx.error(where, "expected [low, high]")
    lo = _number(v[0], (*where, 0), ctx)
    hi = _number(v[1], (*where, 1), ctx)
    if not lo < hi:
        raise ctx.error(where, f"expected low < high, got [{v[0]}, {v[1]}]")
    return (lo, hi)


def _expr(v: Any, where: tuple[str | int, ...], names: Mapping[str, sp.Symbol], ctx: _Ctx
          ) -> sp.Expr:
    if isinstance(v, bool):
        raise ctx.error(where, "expected a number or an expression string, got a boolean")
    if isinstance(v, (int, float)):
        return parse_expression(repr(_number(v, where, ctx)) if isinstance(v, float) else str(v),
                                {}) if abs(v) < 10**30 else _huge(where, ctx)
    if not isinstance(v, str):
        raise ctx.error(where, f"expected a number or an expression string, got {_tname(v)}")
    try:
        return parse_expression(v, names)
    except ExpressionError as exc:
        col = f" (at character {exc.column} of the expression)" if exc.column else ""
        raise ctx.error(where, f"{exc}{col}") from None


def _huge(where: tuple[str | int, ...], ctx: _Ctx) -> sp.Expr:
    raise ctx.error(where, "numbers larger than 1e30 in magnitude are not accepted")


def _parameters(v: Any, ctx: _Ctx) -> dict[str, Parameter]:
    table = _table(v, ("parameters",), ctx)
    if len(table) > MAX_PARAMETERS:
        raise ctx.error(("parameters",), f"more than {MAX_PARAMETERS} parameters")
    out: dict[str, Parameter] = {}
    for name, spec in table.items():
        where: tuple[str | int, ...] = ("parameters", name)
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_") \
                or len(name) > 64:
            raise ctx.error(where, f"{name!r} is not a valid parameter name (letters, digits "
                            "and '_', not starting with a digit or '_', at most 64 characters)")
        if name in FUNCTIONS:
            raise ctx.error(where, f"{name!r} is the name of a function; choose another name")
        if not isinstance(spec, dict):
            spec = {"value": spec}
        _only_keys(spec, ("value", "range", "assumptions", "description"), where, ctx)
        assumptions: tuple[str, ...] = ()
        if "assumptions" in spec:
            a = spec["assumptions"]
            if isinstance(a, str):
                a = [a]
            if not isinstance(a, list):
                raise ctx.error((*where, "assumptions"), "expected an array of strings")
            for k, item in enumerate(a):
                if item not in ASSUMPTIONS:
                    raise ctx.error((*where, "assumptions", k),
                                    f"unknown assumption {item!r}; expected one of "
                                    f"{', '.join(ASSUMPTIONS)}")
            assumptions = tuple(dict.fromkeys(a))
        kw = {k: True for k in assumptions}
        kw["real"] = True
        try:
            symbol = sp.Symbol(name, **kw)
        except (ValueError, TypeError, sp.core.facts.InconsistentAssumptions) as exc:
            raise ctx.error((*where, "assumptions"), f"inconsistent assumptions ({exc})") from None
        if symbol.is_real is None or (symbol.is_positive is False and "positive" in assumptions):
            raise ctx.error((*where, "assumptions"), "inconsistent assumptions")
        value = None
        if "value" in spec:
            value = _expr(spec["value"], (*where, "value"), {}, ctx)
            if not value.is_number or value.is_real is False:
                raise ctx.error((*where, "value"), f"expected a real number, got {value}")
            fv = float(value)
            if not math.isfinite(fv):
                raise ctx.error((*where, "value"), f"the value {value} is not finite in float64")
            for a in assumptions:
                ok = {"positive": fv > 0, "nonnegative": fv >= 0, "negative": fv < 0,
                      "nonpositive": fv <= 0, "real": True}[a]
                if not ok:
                    raise ctx.error((*where, "value"), f"the value {value} contradicts the "
                                    f"assumption {a!r}")
        rng = _range(spec["range"], (*where, "range"), ctx) if "range" in spec else None
        if rng is not None and value is not None and not rng[0] <= float(value) <= rng[1]:
            raise ctx.error((*where, "value"),
                            f"the value {value} lies outside its range [{rng[0]:g}, {rng[1]:g}]")
        desc = _string(spec.get("description", ""), (*where, "description"), ctx, empty_ok=True)
        out[name] = Parameter(name, symbol, value, rng, assumptions, desc)
    return out


def _players(v: Any, ctx: _Ctx) -> tuple[Player, ...]:
    if not isinstance(v, list) or not v:
        raise ctx.error(("players",), "expected one or more [[players]] tables")
    if len(v) > MAX_PLAYERS:
        raise ctx.error(("players",), f"more than {MAX_PLAYERS} players")
    out: list[Player] = []
    total = 1
    for i, spec in enumerate(v):
        where: tuple[str | int, ...] = ("players", i)
        if not isinstance(spec, dict):
            raise ctx.error(where, f"expected a table, got {_tname(spec)}")
        _only_keys(spec, ("name", "role", "strategies"), where, ctx)
        if "name" not in spec:
            raise ctx.error(where, "missing key 'name'")
        name = _string(spec["name"], (*where, "name"), ctx, limit=80)
        if "," in name:
            raise ctx.error((*where, "name"), "a player name must not contain ','")
        role = _string(spec.get("role", name), (*where, "role"), ctx, limit=80)
        if "strategies" not in spec:
            raise ctx.error(where, "missing key 'strategies'")
        strats = spec["strategies"]
        if not isinstance(strats, list) or len(strats) < 1:
            raise ctx.error((*where, "strategies"), "expected a non-empty array of labels")
        if len(strats) > MAX_STRATEGIES:
            raise ctx.error((*where, "strategies"), f"more than {MAX_STRATEGIES} strategies")
        labels = []
        for k, s in enumerate(strats):
            lab = _string(s, (*where, "strategies", k), ctx, limit=80).strip()
            if "," in lab:
                raise ctx.error((*where, "strategies", k), "a strategy label must not contain ','")
            if lab.isdigit():
                raise ctx.error((*where, "strategies", k),
                                "a strategy label must not be a number (numbers are indices)")
            labels.append(lab)
        if len(set(labels)) != len(labels):
            raise ctx.error((*where, "strategies"), "strategy labels must be unique")
        total *= len(labels)
        if total > MAX_PROFILES:
            raise ctx.error(("players",), f"more than {MAX_PROFILES} pure profiles")
        out.append(Player(name, role, tuple(labels)))
    names = [p.name for p in out]
    for i, n in enumerate(names):
        if names.index(n) != i:
            raise ctx.error(("players", i, "name"), f"player name {n!r} is used twice")
    return tuple(out)


def _profile(v: Any, players: tuple[Player, ...], where: tuple[str | int, ...], ctx: _Ctx
             ) -> tuple[int, ...]:
    """A profile given as "a,b,c" or [a, b, c] (labels or indices)."""
    if isinstance(v, str):
        items: list[Any] = [s.strip() for s in v.split(",")]
    elif isinstance(v, list):
        items = list(v)
    else:
        raise ctx.error(where, f"expected a profile (\"label,label\" or an array), got {_tname(v)}")
    if len(items) != len(players):
        raise ctx.error(where, f"a profile needs {len(players)} strategies (one per player: "
                        f"{', '.join(p.name for p in players)}), got {len(items)}")
    out = []
    for p, s in zip(players, items, strict=True):
        if isinstance(s, bool):
            raise ctx.error(where, f"strategy of {p.name!r}: expected a label or an index")
        if isinstance(s, str) and s.isdigit():
            s = int(s)
        if isinstance(s, int):
            if not 0 <= s < len(p.strategies):
                raise ctx.error(where, f"strategy index {s} out of range for {p.name!r} "
                                f"({len(p.strategies)} strategies)")
            out.append(s)
        elif isinstance(s, str) and s in p.strategies:
            out.append(p.strategies.index(s))
        else:
            raise ctx.error(where, f"{s!r} is not a strategy of {p.name!r}; its strategies are "
                            f"{', '.join(p.strategies)}")
    return tuple(out)


def _payoffs(v: Any, players: tuple[Player, ...], names: Mapping[str, sp.Symbol], ctx: _Ctx
             ) -> NormalFormGame:
    import itertools

    import numpy as np

    table = _table(v, ("payoffs",), ctx)
    shape = tuple(len(p.strategies) for p in players)
    arrays = [np.empty(shape, dtype=object) for _ in players]
    seen: dict[tuple[int, ...], str] = {}
    for key, entry in table.items():
        where: tuple[str | int, ...] = ("payoffs", key)
        prof = _profile(key, players, where, ctx)
        if prof in seen:
            raise ctx.error(where, f"profile given twice (also as {seen[prof]!r})")
        seen[prof] = key
        ctx.payoff_keys[prof] = key
        if isinstance(entry, list):
            if len(entry) != len(players):
                raise ctx.error(where, f"expected {len(players)} payoffs (one per player)")
            pays = {p.name: x for p, x in zip(players, entry, strict=True)}
            paths = {p.name: (*where, k) for k, p in enumerate(players)}
        elif isinstance(entry, dict):
            _only_keys(entry, [p.name for p in players], where, ctx)
            pays = entry
            paths = {p.name: (*where, p.name) for p in players}
        else:
            raise ctx.error(where, "expected a table {player = payoff, ...} or an array of "
                            f"payoffs, got {_tname(entry)}")
        for i, p in enumerate(players):
            if p.name not in pays:
                raise ctx.error(where, f"missing the payoff of {p.name!r}")
            arrays[i][prof] = _expr(pays[p.name], paths[p.name], names, ctx)
    missing = [q for q in itertools.product(*(range(m) for m in shape)) if q not in seen]
    if missing:
        shown = ", ".join('"' + ",".join(players[i].strategies[a] for i, a in enumerate(q)) + '"'
                          for q in missing[:4])
        more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
        raise ctx.error(("payoffs",), f"missing profiles: {shown}{more}")
    try:
        return NormalFormGame(arrays, players=[p.name for p in players],
                              strategies=[list(p.strategies) for p in players])
    except CoinnovationError as exc:
        raise ctx.error(("payoffs",), str(exc)) from None


def _coalitions(v: Any, players: tuple[Player, ...], names: Mapping[str, sp.Symbol], ctx: _Ctx
                ) -> CoalitionalGame:
    table = _table(v, ("coalitions",), ctx)
    pnames = [p.name for p in players]
    worths: dict[tuple[str, ...], sp.Expr] = {}
    for key, val in table.items():
        where: tuple[str | int, ...] = ("coalitions", key)
        members = tuple(s.strip() for s in key.split(","))
        for m in members:
            if m not in pnames:
                raise ctx.error(where, f"{m!r} is not a player; players are {', '.join(pnames)}")
        if len(set(members)) != len(members):
            raise ctx.error(where, "a player is listed twice")
        canon = tuple(sorted(members, key=pnames.index))
        if canon in worths:
            raise ctx.error(where, "coalition given twice")
        worths[canon] = _expr(val, where, names, ctx)
    need = 2 ** len(players) - 1
    if len(worths) != need:
        import itertools

        have = set(worths)
        miss = [c for r in range(1, len(players) + 1)
                for c in itertools.combinations(pnames, r) if c not in have]
        raise ctx.error(("coalitions",), "give the worth of every non-empty coalition; missing: "
                        + ", ".join('"' + ",".join(c) + '"' for c in miss[:4])
                        + (f" and {len(miss) - 4} more" if len(miss) > 4 else ""))
    try:
        return CoalitionalGame(dict(worths), players=pnames)
    except CoinnovationError as exc:
        raise ctx.error(("coalitions",), str(exc)) from None


def _name_of(v: Any, where: tuple[str | int, ...], parameters: Mapping[str, Parameter],
             ctx: _Ctx) -> str:
    s = _string(v, where, ctx, limit=64)
    if s not in parameters:
        raise ctx.error(where, f"{s!r} is not a declared parameter (declared: "
                        f"{', '.join(parameters) or 'none'})")
    return s


def _questions(v: Any, players: tuple[Player, ...], parameters: Mapping[str, Parameter],
               coalitional: CoalitionalGame | None, ctx: _Ctx, *,
               used: frozenset[str] = frozenset()) -> Questions:
    table = _table(v, ("questions",), ctx)
    _only_keys(table, ("thresholds", "allocations", "regime_maps"), ("questions",), ctx)

    def items(key: str) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
        raw = table.get(key, [])
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list):
            raise ctx.error(("questions", key), f"expected [[questions.{key}]] tables")
        out = []
        for k, q in enumerate(raw):
            if not isinstance(q, dict):
                raise ctx.error(("questions", key, k), f"expected a table, got {_tname(q)}")
            out.append((("questions", key, k), q))
        return out

    thresholds = []
    for where, q in items("thresholds"):
        _only_keys(q, ("parameter", "profile", "criterion"), where, ctx)
        for req in ("parameter", "profile"):
            if req not in q:
                raise ctx.error(where, f"missing key {req!r}")
        par = _name_of(q["parameter"], (*where, "parameter"), parameters, ctx)
        if par not in used:
            raise ctx.error((*where, "parameter"), f"{par!r} does not appear in any payoff, so "
                            "no value of it changes the answer")
        prof = _profile(q["profile"], players, (*where, "profile"), ctx)
        crit = q.get("criterion", "ess")
        if crit not in CRITERIA:
            raise ctx.error((*where, "criterion"), f"unknown criterion {crit!r}; expected one of "
                            f"{', '.join(CRITERIA)}")
        thresholds.append(ThresholdQuestion(par, prof, crit))
    allocations = []
    for where, q in items("allocations"):
        _only_keys(q, ("rules", "weights"), where, ctx)
        if coalitional is None:
            raise ctx.error(where, "allocations need the worth of every coalition: add a "
                            "[coalitions] table")
        rules = q.get("rules", ["shapley"])
        if isinstance(rules, str):
            rules = [rules]
        if not isinstance(rules, list) or not rules:
            raise ctx.error((*where, "rules"), "expected a non-empty array of rule names")
        for k, r in enumerate(rules):
            if r not in ALLOCATION_RULES:
                raise ctx.error((*where, "rules", k), f"unknown rule {r!r}; expected one of "
                                f"{', '.join(ALLOCATION_RULES)}")
        weights = None
        members = list(coalitional.players)
        if "weights" in q:
            w = _table(q["weights"], (*where, "weights"), ctx)
            for name in w:
                if name not in members:
                    raise ctx.error((*where, "weights", name),
                                    f"{name!r} is not a player of the coalitional game "
                                    f"({', '.join(members)})")
            miss = [m for m in members if m not in w]
            if miss:
                raise ctx.error((*where, "weights"), f"missing weights of {', '.join(miss)}")
            weights = tuple(_number(w[m], (*where, "weights", m), ctx) for m in members)
            if abs(sum(weights) - 1) > 1e-9:
                raise ctx.error((*where, "weights"), f"weights must sum to 1, got {sum(weights):g}")
        if "modified_shapley" in rules and weights is None:
            raise ctx.error((*where, "weights"), "the rule 'modified_shapley' needs weights "
                            "{player = weight, ...} summing to 1")
        allocations.append(AllocationQuestion(tuple(dict.fromkeys(rules)), weights))
    maps = []
    for where, q in items("regime_maps"):
        _only_keys(q, ("x", "y", "x_range", "y_range", "resolution", "criterion"), where, ctx)
        for req in ("x", "y"):
            if req not in q:
                raise ctx.error(where, f"missing key {req!r}")
        x = _name_of(q["x"], (*where, "x"), parameters, ctx)
        y = _name_of(q["y"], (*where, "y"), parameters, ctx)
        if x == y:
            raise ctx.error((*where, "y"), "x and y must be different parameters")
        for axis, par in (("x", x), ("y", y)):
            if par not in used:
                raise ctx.error((*where, axis), f"{par!r} does not appear in any payoff")
        ranges = []
        for axis, par in (("x_range", x), ("y_range", y)):
            if axis in q:
                ranges.append(_range(q[axis], (*where, axis), ctx))
            elif parameters[par].range is not None:
                ranges.append(parameters[par].range)
            else:
                raise ctx.error(where, f"give {axis} or a range for the parameter {par!r}")
        res = q.get("resolution", 61)
        if isinstance(res, bool) or not isinstance(res, int) or not 2 <= res <= MAX_RESOLUTION:
            raise ctx.error((*where, "resolution"),
                            f"expected an integer from 2 to {MAX_RESOLUTION}, got {res!r}")
        crit = q.get("criterion", "ess")
        if crit not in REGIME_CRITERIA:
            raise ctx.error((*where, "criterion"), f"unknown criterion {crit!r}; expected one of "
                            f"{', '.join(REGIME_CRITERIA)}")
        maps.append(RegimeMapQuestion(x, y, ranges[0], ranges[1], res, crit))
    return Questions(tuple(thresholds), tuple(allocations), tuple(maps))


def _check_finite(arr: Any, source: str, what: str) -> None:
    for idx, e in _enumerate(arr):
        if e.free_symbols:
            continue
        v = sp.N(e, 20)
        if v.is_real is False or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_real:
            raise ModelFileError(f"entry {idx} is {e}, not a finite real number", path=source,
                                 key=what)
        if not math.isfinite(float(v)):
            raise ModelFileError(f"entry {idx} overflows float64", path=source, key=what)


def _enumerate(arr: Any) -> Any:
    import numpy as np

    for idx in np.ndindex(arr.shape):
        yield tuple(int(i) for i in idx), sp.sympify(arr[idx])


def _check_values(model: Model, ctx: _Ctx) -> None:
    """With every value given, each payoff must be a finite real number (e.g. no sqrt(-1))."""
    vals = {model.parameters[n].symbol: v for n, v in model.values.items()}
    arr = model.game.symbolic_payoff_array()
    for (i, *prof), e in _enumerate(arr):
        if not e.free_symbols <= set(vals):
            continue
        v = sp.N(e.xreplace(vals), 20)
        ok = v.is_real is True and v.is_finite is not False and not v.has(sp.zoo, sp.nan)
        if ok:
            try:
                ok = math.isfinite(float(v))
            except (TypeError, OverflowError):
                ok = False
        if not ok:
            key = ctx.payoff_keys.get(tuple(prof), ",".join(
                model.players[k].strategies[a] for k, a in enumerate(prof)))
            raise ctx.error(("payoffs", key, model.players[i].name),
                            f"at the given values this payoff is {v}, not a finite real number")
