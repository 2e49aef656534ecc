"""Building a :class:`~coinnovation.io.model.Model` from a parsed TOML document (checked key by key)."""

from __future__ import annotations

import keyword
import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from .._util.tolerance import TOL
from ..errors import CoinnovationError
from ..games.coalitional import CoalitionalGame
from ..games.normal_form import NormalFormGame
from ..models.surplus import ROLES, SHARING_RULES, Actor, Government, SurplusModel
from ..policy.criteria import CRITERIA
from ._lines import Ctx
from ._sections import read_sections
from .model import (
    AllocationQuestion,
    Model,
    Parameter,
    Player,
    Questions,
    RegimeMapQuestion,
    ThresholdQuestion,
    enumerate_entries,
)
from .safe_expr import FUNCTIONS
from .schema import (
    ALLOCATION_RULES,
    ASSUMPTIONS,
    MAX_PARAMETERS,
    MAX_PLAYERS,
    MAX_PROFILES,
    MAX_RESOLUTION,
    MAX_STRATEGIES,
    REGIME_CRITERIA,
    TOP_KEYS,
    only_keys,
    read_expr,
    read_number,
    read_range,
    read_string,
    read_table,
    type_name,
)

__all__ = ["build_model"]


def build_model(doc: dict[str, Any], ctx: Ctx) -> Model:
    only_keys(doc, TOP_KEYS, (), ctx)
    meta = read_table(doc.get("model", {}), ("model",), ctx)
    only_keys(meta, ("name", "description"), ("model",), ctx)
    name = read_string(meta.get("name", ""), ("model", "name"), ctx, empty_ok=True)
    description = read_string(meta.get("description", ""), ("model", "description"), ctx,
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
        try:
            game = surplus_model.normal_form()
        except CoinnovationError as exc:
            raise ctx.error(("surplus",), str(exc)) from None
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
        try:
            coalitional = surplus_model.coalitional_game()
        except CoinnovationError as exc:
            raise ctx.error(("surplus",), str(exc)) from None
    questions = _questions(doc.get("questions", {}), players, parameters, coalitional, ctx,
                           used=frozenset(str(x) for x in game.free_symbols))
    sections = read_sections(doc, players, parameters,
                             frozenset(str(x) for x in game.free_symbols), ctx)
    model = Model(name, description, ctx.source, parameters, players, game, coalitional,
                  questions, surplus_model, **sections)
    _check_values(model, ctx)
    return model


def _surplus_model(doc: dict[str, Any], names: Mapping[str, sp.Symbol], ctx: Ctx) -> Any:
    """A SurplusModel from [[actors]], [surplus] and [government]."""
    actors = _actors(doc.get("actors"), names, ctx)
    actor_names = [a.name for a in actors]
    sur = read_table(doc.get("surplus", {}), ("surplus",), ctx)
    only_keys(sur, ("value", "coalitions", "sharing", "shares", "breach_compensation"),
              ("surplus",), ctx)
    surplus = _surplus_values(sur, actor_names, names, ctx)
    sharing = sur.get("sharing", "equal")
    if sharing not in SHARING_RULES:
        raise ctx.error(("surplus", "sharing"), f"unknown sharing rule {sharing!r}; rules are "
                        f"{', '.join(SHARING_RULES)}")
    shares = (_per_actor(sur["shares"], ("surplus", "shares"), actor_names, names, ctx)
              if "shares" in sur else None)
    breach = (read_expr(sur["breach_compensation"], ("surplus", "breach_compensation"), names, ctx)
              if "breach_compensation" in sur else 0)
    government = (_government(doc["government"], actor_names, names, ctx)
                  if "government" in doc else None)
    try:
        return SurplusModel(actors, surplus, sharing=sharing, shares=shares,
                            breach_compensation=breach, government=government)
    except CoinnovationError as exc:
        raise ctx.error(("surplus",), str(exc)) from None


_ACTOR_KEYS = ("name", "role", "label", "standalone", "cost", "spillover", "contribution", "power")
_ACTOR_EXPRESSIONS = ("standalone", "cost", "spillover", "contribution", "power")


def _actors(raw: Any, names: Mapping[str, sp.Symbol], ctx: Ctx) -> list[Any]:
    """The [[actors]] tables as Actor objects (distinct names, known roles)."""
    if not isinstance(raw, list) or not raw:
        raise ctx.error(("actors",), "a surplus model needs two or more [[actors]] tables")
    if len(raw) > MAX_PLAYERS:
        raise ctx.error(("actors",), f"more than {MAX_PLAYERS} actors")
    roles = [r for r in ROLES if r != "government"]
    actors = []
    for i, spec in enumerate(raw):
        where: tuple[str | int, ...] = ("actors", i)
        if not isinstance(spec, dict):
            raise ctx.error(where, f"expected a table, got {type_name(spec)}")
        only_keys(spec, _ACTOR_KEYS, where, ctx)
        if "name" not in spec:
            raise ctx.error(where, "missing key 'name'")
        name = read_string(spec["name"], (*where, "name"), ctx, limit=80)
        if "," in name:
            raise ctx.error((*where, "name"), "an actor name must not contain ','")
        role = spec.get("role", "enterprise")
        if role not in roles:
            raise ctx.error((*where, "role"), f"unknown role {role!r}; roles are "
                            f"{', '.join(roles)} (the government is the [government] table)")
        if "label" in spec:
            read_string(spec["label"], (*where, "label"), ctx, limit=80)
        kw = {k: read_expr(spec[k], (*where, k), names, ctx) for k in _ACTOR_EXPRESSIONS if k in spec}
        try:
            actors.append(Actor(name, role, **kw))
        except CoinnovationError as exc:
            raise ctx.error(where, str(exc)) from None
    actor_names = [a.name for a in actors]
    for i, n in enumerate(actor_names):
        if actor_names.index(n) != i:
            raise ctx.error(("actors", i, "name"), f"actor name {n!r} is used twice")
    return actors


def _per_actor(v: Any, where: tuple[str | int, ...], actor_names: list[str],
               names: Mapping[str, sp.Symbol], ctx: Ctx) -> dict[str, sp.Expr]:
    """A ``{actor: expression}`` table (subsidies, fines, shares)."""
    table = read_table(v, where, ctx)
    for k in table:
        if k not in actor_names:
            raise ctx.error((*where, k), f"{k!r} is not an actor; actors are "
                            f"{', '.join(actor_names)}")
    return {k: read_expr(x, (*where, k), names, ctx) for k, x in table.items()}


def _surplus_values(sur: dict[str, Any], actor_names: list[str], names: Mapping[str, sp.Symbol],
                    ctx: Ctx) -> Any:
    """The grand coalition's surplus, or ``{coalition: surplus}`` for coalitions of two or more."""
    if ("value" in sur) == ("coalitions" in sur):
        raise ctx.error(("surplus",), "give either value (the grand coalition's surplus) or "
                        "coalitions (the surplus of each coalition of two or more actors)")
    if "value" in sur:
        return read_expr(sur["value"], ("surplus", "value"), names, ctx)
    table = read_table(sur["coalitions"], ("surplus", "coalitions"), ctx)
    surplus = {}
    for key, val in table.items():
        where = ("surplus", "coalitions", key)
        members = tuple(m.strip() for m in key.split(","))
        for m in members:
            if m not in actor_names:
                raise ctx.error(where, f"{m!r} is not an actor; actors are "
                                f"{', '.join(actor_names)}")
        if len(members) < 2 or len(set(members)) != len(members):
            raise ctx.error(where, "a coalition with a surplus has two or more distinct actors")
        surplus[members] = read_expr(val, where, names, ctx)
    return surplus


_GOVERNMENT_KEYS = ("name", "label", "strategic", "subsidies", "fines", "supervision_cost", "benefit",
                    "loss")


def _government(raw: Any, actor_names: list[str], names: Mapping[str, sp.Symbol], ctx: Ctx) -> Any:
    """The [government] table as a Government."""
    gov = read_table(raw, ("government",), ctx)
    only_keys(gov, _GOVERNMENT_KEYS, ("government",), ctx)
    strategic = gov.get("strategic", True)
    if not isinstance(strategic, bool):
        raise ctx.error(("government", "strategic"), "expected true or false")
    gname = read_string(gov.get("name", "government"), ("government", "name"), ctx, limit=80)
    if "label" in gov:
        read_string(gov["label"], ("government", "label"), ctx, limit=80)
    kw = {k: read_expr(gov[k], ("government", k), names, ctx)
          for k in ("supervision_cost", "benefit", "loss") if k in gov}
    subsidies = _per_actor(gov.get("subsidies", {}), ("government", "subsidies"), actor_names,
                           names, ctx)
    fines = _per_actor(gov.get("fines", {}), ("government", "fines"), actor_names, names, ctx)
    try:
        return Government(subsidies=subsidies, fines=fines, strategic=strategic, name=gname, **kw)
    except CoinnovationError as exc:
        raise ctx.error(("government",), str(exc)) from None


def _surplus_players(doc: dict[str, Any], model: Any, ctx: Ctx) -> tuple[Player, ...]:
    out = [Player(a.name, str(spec.get("label", a.role)), ("cooperate", "defect"))
           for a, spec in zip(model.actors, doc["actors"], strict=True)]
    gov = model.government
    if gov is not None and gov.strategic:
        out.append(Player(gov.name, str(doc["government"].get("label", "government")),
                          ("active", "passive")))
    return tuple(out)


def _parameters(v: Any, ctx: Ctx) -> dict[str, Parameter]:
    table = read_table(v, ("parameters",), ctx)
    if len(table) > MAX_PARAMETERS:
        raise ctx.error(("parameters",), f"more than {MAX_PARAMETERS} parameters")
    out: dict[str, Parameter] = {}
    for name, spec in table.items():
        where: tuple[str | int, ...] = ("parameters", name)
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_") \
                or len(name) > 64:
            raise ctx.error(where, f"{name!r} is not a valid parameter name (letters, digits "
                            "and '_', not starting with a digit or '_', at most 64 characters)")
        changed = [ch for ch in name if unicodedata.normalize("NFKC", ch) != ch]
        if changed:
            ch = changed[0]
            raise ctx.error(where, f"{name!r} contains the character {ch!r} (U+{ord(ch):04X}), "
                            f"which expressions would read as "
                            f"{unicodedata.normalize('NFKC', ch)!r}; use the plain form")
        if name in FUNCTIONS:
            raise ctx.error(where, f"{name!r} is the name of a function; choose another name")
        if not isinstance(spec, dict):
            spec = {"value": spec}
        only_keys(spec, ("value", "range", "assumptions", "description"), where, ctx)
        assumptions, symbol = _symbol(name, spec, where, ctx)
        value = None
        if "value" in spec:
            value = read_expr(spec["value"], (*where, "value"), {}, ctx)
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
        rng = read_range(spec["range"], (*where, "range"), ctx) if "range" in spec else None
        if rng is not None and value is not None and not rng[0] <= float(value) <= rng[1]:
            raise ctx.error((*where, "value"),
                            f"the value {value} lies outside its range [{rng[0]:g}, {rng[1]:g}]")
        desc = read_string(spec.get("description", ""), (*where, "description"), ctx, empty_ok=True)
        out[name] = Parameter(name, symbol, value, rng, assumptions, desc)
    return out


def _symbol(name: str, spec: dict[str, Any], where: tuple[str | int, ...], ctx: Ctx
            ) -> tuple[tuple[str, ...], sp.Symbol]:
    """A parameter's assumptions and its real sympy symbol carrying them."""
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
    except (ValueError, TypeError, sp.core.facts.InconsistentAssumptions):
        raise ctx.error((*where, "assumptions"),
                        _contradiction(name, assumptions)) from None
    if symbol.is_real is None or (symbol.is_positive is False and "positive" in assumptions):
        raise ctx.error((*where, "assumptions"), _contradiction(name, assumptions))
    return assumptions, symbol


def _contradiction(name: str, assumptions: Sequence[str]) -> str:
    """'contradictory assumptions for S: positive and negative' (the first clashing pair)."""
    for i, a in enumerate(assumptions):
        for b in assumptions[i + 1:]:
            try:
                sp.Symbol("t", real=True, **{a: True, b: True})
            except (ValueError, TypeError, sp.core.facts.InconsistentAssumptions):
                return f"contradictory assumptions for {name}: {a} and {b}"
    return f"contradictory assumptions for {name}: {', '.join(assumptions)}"


def _players(v: Any, ctx: Ctx) -> tuple[Player, ...]:
    if not isinstance(v, list) or not v:
        raise ctx.error(("players",), "expected one or more [[players]] tables")
    if len(v) > MAX_PLAYERS:
        raise ctx.error(("players",), f"more than {MAX_PLAYERS} players")
    out: list[Player] = []
    total = 1
    for i, spec in enumerate(v):
        where: tuple[str | int, ...] = ("players", i)
        if not isinstance(spec, dict):
            raise ctx.error(where, f"expected a table, got {type_name(spec)}")
        only_keys(spec, ("name", "role", "strategies"), where, ctx)
        if "name" not in spec:
            raise ctx.error(where, "missing key 'name'")
        name = read_string(spec["name"], (*where, "name"), ctx, limit=80)
        if "," in name:
            raise ctx.error((*where, "name"), "a player name must not contain ','")
        role = read_string(spec.get("role", name), (*where, "role"), ctx, limit=80)
        if "strategies" not in spec:
            raise ctx.error(where, "missing key 'strategies'")
        strats = spec["strategies"]
        if not isinstance(strats, list) or len(strats) < 1:
            raise ctx.error((*where, "strategies"), "expected a non-empty array of labels")
        if len(strats) > MAX_STRATEGIES:
            raise ctx.error((*where, "strategies"), f"more than {MAX_STRATEGIES} strategies")
        labels = []
        for k, s in enumerate(strats):
            lab = read_string(s, (*where, "strategies", k), ctx, limit=80).strip()
            if "," in lab:
                raise ctx.error((*where, "strategies", k), "a strategy label must not contain ','")
            if lab.isascii() and lab.isdigit():
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


def _profile(v: Any, players: tuple[Player, ...], where: tuple[str | int, ...], ctx: Ctx
             ) -> tuple[int, ...]:
    """A profile given as "a,b,c" or [a, b, c] (labels or indices)."""
    if isinstance(v, str):
        items: list[Any] = [s.strip() for s in v.split(",")]
    elif isinstance(v, list):
        items = list(v)
    else:
        raise ctx.error(where, f"expected a profile (\"label,label\" or an array), got {type_name(v)}")
    if len(items) != len(players):
        raise ctx.error(where, f"a profile needs {len(players)} strategies (one per player: "
                        f"{', '.join(p.name for p in players)}), got {len(items)}")
    out = []
    for p, s in zip(players, items, strict=True):
        if isinstance(s, bool):
            raise ctx.error(where, f"strategy of {p.name!r}: expected a label or an index")
        if isinstance(s, str) and s.isascii() and s.isdigit():
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


def _payoffs(v: Any, players: tuple[Player, ...], names: Mapping[str, sp.Symbol], ctx: Ctx
             ) -> NormalFormGame:
    import itertools

    import numpy as np

    table = read_table(v, ("payoffs",), ctx)
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
            only_keys(entry, [p.name for p in players], where, ctx)
            pays = entry
            paths = {p.name: (*where, p.name) for p in players}
        else:
            raise ctx.error(where, "expected a table {player = payoff, ...} or an array of "
                            f"payoffs, got {type_name(entry)}")
        for i, p in enumerate(players):
            if p.name not in pays:
                raise ctx.error(where, f"missing the payoff of {p.name!r}")
            arrays[i][prof] = read_expr(pays[p.name], paths[p.name], names, ctx)
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


def _coalitions(v: Any, players: tuple[Player, ...], names: Mapping[str, sp.Symbol], ctx: Ctx
                ) -> CoalitionalGame:
    table = read_table(v, ("coalitions",), ctx)
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
        worths[canon] = read_expr(val, where, names, ctx)
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
             ctx: Ctx) -> str:
    s = read_string(v, where, ctx, limit=64)
    if s not in parameters:
        raise ctx.error(where, f"{s!r} is not a declared parameter (declared: "
                        f"{', '.join(parameters) or 'none'})")
    return s


def _questions(v: Any, players: tuple[Player, ...], parameters: Mapping[str, Parameter],
               coalitional: CoalitionalGame | None, ctx: Ctx, *,
               used: frozenset[str] = frozenset()) -> Questions:
    table = read_table(v, ("questions",), ctx)
    only_keys(table, ("thresholds", "allocations", "regime_maps"), ("questions",), ctx)
    thresholds = [_threshold_question(where, q, players, parameters, used, ctx)
                  for where, q in _question_tables(table, "thresholds", ctx)]
    allocations = [_allocation_question(where, q, coalitional, ctx)
                   for where, q in _question_tables(table, "allocations", ctx)]
    maps = [_regime_question(where, q, parameters, used, ctx)
            for where, q in _question_tables(table, "regime_maps", ctx)]
    return Questions(tuple(thresholds), tuple(allocations), tuple(maps))


Where = tuple[str | int, ...]


def _question_tables(table: dict[str, Any], key: str, ctx: Ctx) -> list[tuple[Where, dict[str, Any]]]:
    raw = table.get(key, [])
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ctx.error(("questions", key), f"expected [[questions.{key}]] tables")
    out = []
    for k, q in enumerate(raw):
        if not isinstance(q, dict):
            raise ctx.error(("questions", key, k), f"expected a table, got {type_name(q)}")
        out.append((("questions", key, k), q))
    return out


def _require(q: dict[str, Any], keys: Sequence[str], where: Where, ctx: Ctx) -> None:
    for req in keys:
        if req not in q:
            raise ctx.error(where, f"missing key {req!r}")


def _criterion(q: dict[str, Any], allowed: Sequence[str], where: Where, ctx: Ctx) -> str:
    crit = q.get("criterion", "ess")
    if crit not in allowed:
        raise ctx.error((*where, "criterion"), f"unknown criterion {crit!r}; expected one of "
                        f"{', '.join(allowed)}")
    return crit


def _threshold_question(where: Where, q: dict[str, Any], players: tuple[Player, ...],
                        parameters: Mapping[str, Parameter], used: frozenset[str],
                        ctx: Ctx) -> ThresholdQuestion:
    only_keys(q, ("parameter", "profile", "criterion"), where, ctx)
    _require(q, ("parameter", "profile"), where, ctx)
    par = _name_of(q["parameter"], (*where, "parameter"), parameters, ctx)
    if par not in used:
        raise ctx.error((*where, "parameter"), f"{par!r} does not appear in any payoff, so "
                        "no value of it changes the answer")
    prof = _profile(q["profile"], players, (*where, "profile"), ctx)
    return ThresholdQuestion(par, prof, _criterion(q, CRITERIA, where, ctx))


def _allocation_question(where: Where, q: dict[str, Any], coalitional: CoalitionalGame | None,
                         ctx: Ctx) -> AllocationQuestion:
    only_keys(q, ("rules", "weights"), where, ctx)
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
    weights = _weights(q["weights"], (*where, "weights"), list(coalitional.players), ctx) \
        if "weights" in q else None
    if "modified_shapley" in rules and weights is None:
        raise ctx.error((*where, "weights"), "the rule 'modified_shapley' needs weights "
                        "{player = weight, ...} summing to 1")
    return AllocationQuestion(tuple(dict.fromkeys(rules)), weights)


def _weights(raw: Any, where: Where, members: list[str], ctx: Ctx) -> tuple[float, ...]:
    w = read_table(raw, where, ctx)
    for name in w:
        if name not in members:
            raise ctx.error((*where, name), f"{name!r} is not a player of the coalitional game "
                            f"({', '.join(members)})")
    miss = [m for m in members if m not in w]
    if miss:
        raise ctx.error(where, f"missing weights of {', '.join(miss)}")
    weights = tuple(read_number(w[m], (*where, m), ctx) for m in members)
    for m, x in zip(members, weights, strict=True):
        if x < 0:
            raise ctx.error((*where, m), f"a weight must be non-negative, got {x:g}")
    if abs(sum(weights) - 1) > TOL:
        raise ctx.error(where, f"weights must sum to 1, got {sum(weights):g}")
    return weights


def _regime_question(where: Where, q: dict[str, Any], parameters: Mapping[str, Parameter],
                     used: frozenset[str], ctx: Ctx) -> RegimeMapQuestion:
    only_keys(q, ("x", "y", "x_range", "y_range", "resolution", "criterion"), where, ctx)
    _require(q, ("x", "y"), where, ctx)
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
            ranges.append(read_range(q[axis], (*where, axis), ctx))
        elif parameters[par].range is not None:
            ranges.append(parameters[par].range)
        else:
            raise ctx.error(where, f"give {axis} or a range for the parameter {par!r}")
    res = q.get("resolution", 61)
    if isinstance(res, bool) or not isinstance(res, int) or not 2 <= res <= MAX_RESOLUTION:
        raise ctx.error((*where, "resolution"),
                        f"expected an integer from 2 to {MAX_RESOLUTION}, got {res!r}")
    return RegimeMapQuestion(x, y, ranges[0], ranges[1], res, _criterion(q, REGIME_CRITERIA, where, ctx))


def _check_values(model: Model, ctx: Ctx) -> None:
    """With every value given, each payoff must be a finite real number (e.g. no sqrt(-1))."""
    vals = {model.parameters[n].symbol: v for n, v in model.values.items()}
    arr = model.game.symbolic_payoff_array()
    for (i, *prof), e in enumerate_entries(arr):
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
                            f"at the given values this payoff is {v!s:.60}, not a finite real number")
