r"""Reports of a model file: from "here is my model" to tables and figures for a paper.

:func:`analyze` computes, for a :class:`~coinnovation.Model` with every
parameter at its value, everything :command:`coinnovation analyze` reports —
the payoff table, all Nash equilibria (degeneracy noted), the evolutionarily
stable states, the vertex stability table (with the symbolic conditions, in
LaTeX), the answers to the model's questions (thresholds and stability
regions, allocations with core checks, cost of stability and stabilizing
subsidy, regime maps) and the figures — **in memory**. :func:`write_report`
then writes Markdown, standalone HTML and JSON, with the figures as PNG and
SVG. Nothing is written before everything has been computed, so an invalid
model or a failed analysis leaves no partial report behind.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .. import plot
from .._util.latex import latex
from ..coalitional import core, subsidy
from ..coalitional.rules import RULES, label_of
from ..errors import CoinnovationError, DegenerateGameWarning, InvalidInputError
from ..evolutionary.ess import evolutionarily_stable_states
from ..evolutionary.replicator import ReplicatorDynamics
from ..io.modelfile import Model, RegimeMapQuestion, ThresholdQuestion
from ..noncooperative.nash import nash_equilibria
from ..policy.regime import UNDEFINED, regime_map
from ..policy.regions import stability_region, threshold
from ._finite import section_finite, section_noise
from ._format import Math, Raw, num, number, plain, region_parts, symbol
from ._network import section_network
from .document import Report

__all__ = ["MAX_EXACT_ENTRIES", "MAX_SUPPORT_PROFILES", "MAX_SYMBOLIC_PROFILES", "MAX_TABLE_PROFILES",
           "analyze", "regime_grid"]


MAX_SUPPORT_PROFILES = 400
"""Games with three or more players and more support profiles than this get their pure
equilibria only in a report (support enumeration grows as the product of ``2**m - 1``)."""

MAX_EXACT_ENTRIES = 100
"""Two-player games with more than this many pure profiles (``m * n``, e.g. 10 x 10) get their
pure equilibria only in a report: vertex enumeration grows exponentially (12 x 12: 5 s)."""

MAX_SYMBOLIC_PROFILES = 32
"""Symbolic games with more pure profiles than this get the numeric vertex table only (the
symbolic Jacobian of every vertex is what makes 8 players x 2 strategies take minutes)."""

MAX_TABLE_PROFILES = 256
"""Games with more pure profiles than this get no vertex stability table in a report."""


def analyze(model: Model, *, figures: bool = True,
            progress: Callable[[str], None] | None = None) -> Report:
    """Compute the report of a model (nothing is written; see :func:`write_report`).

    Parameters
    ----------
    model : Model
        From :func:`coinnovation.load_model`; every parameter the payoffs use
        needs a value.
    figures : bool
        Draw the figures (needs matplotlib, the ``plot`` extra).
    progress : callable, optional
        Called with a short description before each step; :func:`steps`
        gives the list in advance (for "step i of n").

    Returns
    -------
    Report

    Raises
    ------
    coinnovation.errors.ModelFileError
        when a parameter has no value.

    Notes
    -----
    The methods follow the size of the game, and the report says which ran:
    two-player games up to :data:`MAX_EXACT_ENTRIES` profiles are solved
    exactly (certified floats when a payoff is irrational at the values,
    such as ``sqrt(2)``), larger ones by their pure equilibria; symbolic
    vertex tables up to :data:`MAX_SYMBOLIC_PROFILES` profiles.

    Examples
    --------
    >>> import coinnovation as co
    >>> from pathlib import Path
    >>> from coinnovation.report import analyze
    >>> model = co.load_model(Path(co.__file__).parents[2] / "examples" / "two_party.toml")
    >>> rep = analyze(model, figures=False)
    >>> rep.data["ess"]
    [['cooperate', 'cooperate']]
    >>> rep.data["thresholds"][0]["threshold"]
    0
    """
    say = progress or (lambda _msg: None)
    game = model.numeric_game()
    rep = Report(model.name or "Model report")
    rep.data = {"model": {"name": model.name, "description": model.description,
                          "source": model.source,
                          "players": [{"name": p.name, "role": p.role,
                                       "strategies": list(p.strategies)} for p in model.players],
                          "parameters": {n: {"value": plain(p.value), "range": p.range,
                                             "assumptions": list(p.assumptions),
                                             "description": p.description}
                                         for n, p in model.parameters.items()}}}
    plan = steps(model)
    say(plan[0])
    _section_model(rep, model)
    if figures and importlib.util.find_spec("matplotlib") is None:
        figures = False
        rep.p("Figures are left out: matplotlib is not installed "
              "(pip install 'coinnovation[plot]').")
    _section_payoffs(rep, model, game)
    say(plan[1])
    _section_equilibria(rep, model, game)
    say(plan[2])
    _section_dynamics(rep, model, game, figures)
    for k, q in enumerate(model.questions.thresholds):
        say(f"threshold of {q.parameter}")
        _answer(rep, "thresholds", ("Threshold of ", symbol(q.parameter)),
                lambda q=q, k=k: _section_threshold(rep, model, q, k, figures))
    for k, a in enumerate(model.questions.allocations):
        say("allocations")
        _answer(rep, "allocations", ("Division of the cooperative surplus",),
                lambda a=a, k=k: _section_allocation(rep, model, a.rules, a.weights, k, figures))
    for k, r in enumerate(model.questions.regime_maps):
        say(f"regime map over {r.x} and {r.y}")
        _answer(rep, "regime_maps", ("Regime map over ", symbol(r.x), " and ", symbol(r.y)),
                lambda r=r, k=k: _section_regime(rep, model, r, k, figures))
    for key, heading, run in _SECTIONS:
        if getattr(model, key) is not None:
            say(heading.lower())
            _answer(rep, key, heading, lambda run=run: run(rep, model, figures))
    rep.data["figures"] = sorted(rep.figures)
    return rep


_SECTIONS = (("finite", "Finite populations", section_finite),
             ("noise", "Noise", section_noise),
             ("network", "The cluster as a network", section_network))
"""The model file's analysis sections, in report order: attribute, heading, section writer."""


def steps(model: Model) -> list[str]:
    """The steps :func:`analyze` reports to its ``progress`` callback, in order."""
    q = model.questions
    return (["model and payoff table", "Nash equilibria", "evolutionary stability"]
            + [f"threshold of {t.parameter}" for t in q.thresholds]
            + ["allocations" for _ in q.allocations]
            + [f"regime map over {r.x} and {r.y}" for r in q.regime_maps]
            + [heading.lower() for key, heading, _run in _SECTIONS
               if getattr(model, key) is not None])


def _answer(rep: Report, key: str, heading: str | tuple[Any, ...], run: Callable[[], None]
            ) -> None:
    """Answer one question; a question the solvers cannot answer is reported, not fatal."""
    n_blocks, n_figs = len(rep.blocks), dict(rep.figures)
    try:
        run()
    except CoinnovationError as exc:
        del rep.blocks[n_blocks:]
        rep.figures = n_figs
        rep.h(*((heading,) if isinstance(heading, str) else heading))
        rep.p(f"Not answered: {exc}")
        rep.data.setdefault(key, []).append({"error": str(exc)})


def _profile_text(game: Any, prof: Sequence[int]) -> str:
    return "(" + ", ".join(game.strategies[i][a] for i, a in enumerate(prof)) + ")"


def _section_model(rep: Report, model: Model) -> None:
    rep.h("Model")
    if model.description:
        rep.p(model.description)
    rep.p(f"Source: {model.source}. Strategy 0 of each player is listed first "
          "(cooperate / active in the built-in models).")
    rep.table(["player", "role", "strategies"],
              [[p.name, p.role, ", ".join(p.strategies)] for p in model.players])
    rep.table(["parameter", "value", "range", "assumptions", "meaning"],
              [[symbol(p.name), "free" if p.value is None else num(p.value),
                "" if p.range is None else f"[{number(p.range[0])}, {number(p.range[1])}]",
                ", ".join(p.assumptions), p.description] for p in model.parameters.values()])


class _ExactValues:
    """The payoffs of the model with every parameter at its (exact) value, as sympy numbers."""

    def __init__(self, model: Model) -> None:
        self._game = model.game
        self._subs = {model.parameters[n].symbol: sp.sympify(v) for n, v in model.values.items()}

    def payoff(self, prof: Sequence[int]) -> list[Any]:
        return [sp.sympify(v).subs(self._subs) for v in self._game.payoff(tuple(prof))]

    def profiles(self) -> Any:
        return self._game.profiles()


def _exact_values(model: Model) -> Any:
    return _ExactValues(model)


def _section_payoffs(rep: Report, model: Model, game: Any) -> None:
    rep.h("Payoff table")
    sym = model.game
    exact = _exact_values(model)
    rows, data = [], []
    for prof in game.profiles():
        s_pay = sym.payoff(prof)
        n_pay = game.payoff(prof)
        x_pay = exact.payoff(prof)
        cell: list[Any] = []
        for j, v in enumerate(s_pay):
            cell += ([", "] if j else []) + [Math(latex(v))]
        rows.append([_profile_text(game, prof), tuple(cell),
                     ", ".join(num(sp.sympify(v)) for v in x_pay)])
        data.append({"profile": [game.strategies[i][a] for i, a in enumerate(prof)],
                     "symbolic": [str(v) for v in s_pay], "values": list(n_pay)})
    rep.table(["profile", f"payoffs ({', '.join(game.players)})", "at the values"], rows)
    rep.data["payoffs"] = data


def _is_rational(game: Any) -> bool:
    """Every payoff is a rational number (a float is one, exactly; ``sqrt(2)`` is not)."""
    def rational(v: Any) -> bool:
        if isinstance(v, (int, float, np.number, sp.Float)):
            return True
        return bool(sp.sympify(v).is_Rational)

    return all(rational(v) for prof in game.profiles() for v in game.payoff(prof))


def _nash_method(model: Model, game: Any) -> tuple[str, bool, str]:
    """(method, exact, how it reads) for the size and the numbers of the game."""
    entries = int(np.prod(game.shape))
    if game.n_players == 2:
        if entries > MAX_EXACT_ENTRIES:
            return "pure", False, (f"pure equilibria only: the game has {entries} pure profiles, "
                                   f"more than the {MAX_EXACT_ENTRIES} that vertex enumeration "
                                   "is run on in a report")
        if _is_rational(_exact_values(model)):
            return "auto", True, "computed exactly by vertex enumeration"
        return "auto", False, ("in floating point, each certified by a best-response check: a "
                               "payoff is irrational at the values, so the exact method does "
                               "not apply")
    supports = int(np.prod([2**m - 1 for m in game.shape]))
    if supports <= MAX_SUPPORT_PROFILES:
        return "auto", False, "found by support enumeration in floating point"
    return "pure", False, (f"pure equilibria only: the game has {supports} support profiles, "
                           f"more than the {MAX_SUPPORT_PROFILES} support enumeration is run on "
                           "in a report")


def _strategy_text(eq: Any, game: Any) -> str:
    parts = []
    for i, s in enumerate(eq.strategies):
        labs = game.strategies[i]
        terms = [labs[k] if np.asarray(s[k] == 1) else f"{num(s[k])} {labs[k]}"
                 for k in range(len(s)) if np.asarray(s[k] != 0)]
        parts.append(f"{game.players[i]}: {' + '.join(terms)}")
    return "; ".join(parts)


def _section_equilibria(rep: Report, model: Model, game: Any) -> None:
    rep.h("Nash equilibria")
    method, exact, how = _nash_method(model, game)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        eqs = nash_equilibria(game, exact=exact, method=method)
    degenerate = any(issubclass(r.category, DegenerateGameWarning) for r in rec)
    rep.p(f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'} ({how})."
          + (" The game is degenerate (a parameter sits at a threshold): equilibria form "
             "continua and the list holds the extreme equilibria." if degenerate else ""))
    rep.table(["", "strategies", "payoffs"],
              [["pure" if e.is_pure else "mixed", _strategy_text(e, game),
                ", ".join(num(v) for v in e.payoffs)] for e in eqs])
    rep.data["nash_equilibria"] = {"degenerate": degenerate, "method": method, "exact": exact,
                                   "equilibria": [plain(e.to_dict()) for e in eqs]}


def _section_dynamics(rep: Report, model: Model, game: Any, figures: bool) -> None:
    rep.h("Evolutionary stability (replicator dynamics)")
    ess = evolutionarily_stable_states(game)
    rep.data["ess"] = [[game.strategies[i][a] for i, a in enumerate(e.profile)] for e in ess]
    if ess:
        rep.p("Evolutionarily stable states (strict Nash equilibria = sink vertices of the "
              "multi-population dynamics): " + "; ".join(_profile_text(game, e.profile)
                                                          for e in ess) + ".")
    else:
        rep.p("No evolutionarily stable state: no vertex is a sink, trajectories may cycle "
              "between vertices.")
    profiles = int(np.prod(game.shape))
    if profiles > MAX_TABLE_PROFILES:
        rep.p(f"The vertex stability table is left out: the game has {profiles} vertices, more "
              f"than the {MAX_TABLE_PROFILES} a report tabulates.")
        return
    rd = ReplicatorDynamics(game)
    table = rd.stability_table()
    state: list[Any] = []
    for j, v in enumerate(rd.state):
        state += ([", "] if j else []) + [Math(latex(v))]
    rep.p("Vertex stability table at the values, vertices by their strategy labels; the state ",
          *state, " holds the share of each population playing strategy 0:")
    body = table.to_markdown().splitlines()
    header = [Raw(c.strip()) for c in body[0].strip("|").split("|")]
    rows = [[Raw(c.strip()) for c in line.strip("|").split("|")] for line in body[2:]]
    rep.table(header, rows)
    rep.data["stability_table"] = [plain(r.to_dict()) for r in table.rows]
    symbolic = model.game.is_symbolic and profiles <= MAX_SYMBOLIC_PROFILES
    if model.game.is_symbolic and not symbolic:
        rep.p(f"The symbolic vertex table is left out: the game has {profiles} vertices, more "
              f"than the {MAX_SYMBOLIC_PROFILES} a report derives in closed form; the "
              "equations and the table below are at the values.")
    rd_sym = ReplicatorDynamics(model.game) if symbolic else rd
    rep.p("Replicator equations and the " + ("symbolic " if symbolic else "")
          + "vertex table (LaTeX, for the paper; the table needs the booktabs package):")
    rep.code("latex", rd_sym.equations_latex(), math=True)
    sym_table = rd_sym.stability_table() if symbolic else table
    rep.code("latex", sym_table.to_latex())
    rep.data["equations_latex"] = rd_sym.equations_latex()
    rep.data["stability_table_latex"] = sym_table.to_latex()
    if figures and all(m == 2 for m in game.shape) and game.n_players <= 3:
        _dynamics_figures(rep, model, rd)


def _dynamics_figures(rep: Report, model: Model, rd: Any) -> None:
    roles = [p.role for p in model.players]
    if rd.game.n_players == 2:
        ax = plot.phase_portrait(rd, names=roles)
        rep.figure("phase_portrait", ax.figure,
                   "Phase portrait: streamlines of the replicator dynamics, rest points by kind")
    else:
        ax = plot.trajectories_3d(rd, n=12, t_end=40, names=roles, rng=0)
        rep.figure("trajectories", ax.figure, "Trajectories from 12 random starting points")
    ax = plot.evolution(rd, names=roles, rng=1)
    rep.figure("evolution", ax.figure,
               "Shares playing strategy 0 over time: one start in the basin of each stable "
               "state (line style), one colour per population")


def _margins(model: Model, q: ThresholdQuestion, xs: np.ndarray) -> dict[str, np.ndarray]:
    """Each player's least gain from keeping the profile (> 0: no profitable deviation)."""
    g = model.game_in(q.parameter)
    p = model.parameters[q.parameter].symbol
    out = {}
    for i, name in enumerate(g.players):
        own = g.payoff(q.profile)[i]
        gains = []
        for k in range(g.shape[i]):
            if k == q.profile[i]:
                continue
            dev = list(q.profile)
            dev[i] = k
            gains.append(sp.lambdify(p, own - g.payoff(tuple(dev))[i], "numpy"))
        if gains:
            vals = np.min([np.broadcast_to(np.asarray(f(xs), dtype=float), xs.shape)
                           for f in gains], axis=0)
            out[name] = vals
    return out


CRITERION_NOUNS = {"ess": "an ESS", "nash": "a Nash equilibrium",
                   "strict_nash": "a strict Nash equilibrium", "unique_ess": "the only ESS",
                   "dominant": "in dominant strategies",
                   "participation": "worth joining for every player (participation)"}
"""What each criterion makes of a profile, for headings."""

CRITERION_WORDS = {"ess": "is evolutionarily stable (an ESS)", "nash": "is a Nash equilibrium",
                   "strict_nash": "is a strict Nash equilibrium",
                   "unique_ess": "is the only ESS", "dominant": "is in dominant strategies",
                   "participation": "gives every player at least its payoff at the reference "
                                    "profile (the cooperative-surplus test)"}
"""What each criterion says of a profile, in words."""


def _values_parts(model: Model, skip: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for n, v in model.values.items():
        if n in skip or model.parameters[n].symbol not in model.game.free_symbols:
            continue
        out += ([", "] if out else []) + [symbol(n), f" = {num(v)}"]
    return out


def _section_threshold(rep: Report, model: Model, q: ThresholdQuestion, k: int,
                       figures: bool) -> None:
    prof = _profile_text(model.game, q.profile)
    words = CRITERION_WORDS.get(q.criterion, f"satisfies {q.criterion!r}")
    noun = CRITERION_NOUNS.get(q.criterion, f"{q.criterion!r}")
    rep.h("Threshold of ", symbol(q.parameter), f" for {prof} to be {noun}")
    g = model.game_in(q.parameter)
    region = stability_region(g, q.parameter, profile=q.profile, criterion=q.criterion)
    try:
        thr: Any = threshold(g, q.parameter, profile=q.profile, criterion=q.criterion)
    except InvalidInputError:
        thr = None
    others = _values_parts(model, [q.parameter])
    lead = ["With ", *others, ": "] if others else []
    where = region_parts(region, q.parameter)
    if where is None:
        rep.p(*lead, f"{prof} {words} for no value of ", symbol(q.parameter),
              ": the set of such values is empty and there is no threshold.")
    else:
        star = Math(symbol(q.parameter).latex + "^{*}")
        rep.p(*lead, f"{prof} {words} exactly when ", *where, "; the threshold (infimum) is ",
              star, f" = {number(thr)}." if thr is not None else " none.")
    rep.p("The set of these values in LaTeX:")
    rep.code("latex", latex(region), math=True)
    rep.data.setdefault("thresholds", []).append(
        {"parameter": q.parameter, "profile": [model.players[i].strategies[a]
                                               for i, a in enumerate(q.profile)],
         "criterion": q.criterion, "region": str(region), "region_latex": latex(region),
         "threshold": plain(thr) if thr is not None else None})
    if figures and q.criterion in ("ess", "strict_nash", "nash"):
        _threshold_figure(rep, model, q, k, region, prof)


def _threshold_figure(rep: Report, model: Model, q: ThresholdQuestion, k: int, region: Any,
                      prof: str) -> None:
    par = model.parameters[q.parameter]
    ends = [float(e) for e in _ends(region)]
    if par.range is not None:
        lo, hi = par.range
    elif ends:
        lo, hi = min(ends) - 2.0, max(ends) + 2.0
    else:
        lo, hi = -5.0, 5.0
    xs = np.linspace(lo, hi, 401)
    sym = "$" + symbol(q.parameter).latex + "$"
    ax = plot.threshold_plot(xs, _margins(model, q, xs), parameter=sym,
                             threshold=[e for e in ends if lo <= e <= hi] or None,
                             ylabel="least gain from keeping the profile",
                             title=f"{prof}: stability margins")
    desc = ["; ", symbol(q.parameter), f": {par.description}"] if par.description else []
    rep.figure(f"threshold_{k}_{q.parameter}", ax.figure,
               ("Each player's least gain from keeping ", prof, " against ", symbol(q.parameter),
                "; shaded: every gain positive; dashed: the thresholds", *desc))


def _ends(region: sp.Set) -> list[sp.Expr]:
    ends: list[sp.Expr] = []
    pieces = region.args if isinstance(region, sp.Union) else [region]
    for piece in pieces:
        if isinstance(piece, sp.Interval):
            ends += [e for e in (piece.start, piece.end) if e.is_finite and e.is_number]
    return ends


def _section_allocation(rep: Report, model: Model, rules: Sequence[str],
                        weights: Sequence[float] | None, k: int, figures: bool) -> None:
    rep.h("Division of the cooperative surplus")
    cg = model.numeric_coalitional_game()

    def compute(rule: str) -> Any:
        if rule == "modified_shapley":
            return RULES[rule](cg, factor_weights=list(weights or []))
        return RULES[rule](cg)

    results = {r: compute(r) for r in rules}
    rows, data = [], {}
    for r, a in results.items():
        arr = [float(v) for v in np.asarray(a, dtype=float)]
        ok = core.in_core(cg, a)
        rows.append([label_of(r)] + [num(a[i]) for i in range(len(cg.players))]
                    + ["yes" if ok else "no"])
        data[r] = {"allocation": dict(zip(cg.players, arr, strict=True)), "in_core": bool(ok)}
    rep.table(["rule", *cg.players, "in the core"], rows)
    cos = core.cost_of_stability(cg)
    sub = subsidy.stabilizing_subsidy(cg, rule="shapley")
    rep.p(f"Cost of stability (least payment added to v(N) that makes the core non-empty): "
          f"{number(cos)}. Stabilizing subsidy for the Shapley value (least payment that "
          f"puts it in the core): {number(sub)}.")
    rep.data.setdefault("allocations", []).append(
        {"rules": data, "cost_of_stability": float(cos),
         "stabilizing_subsidy_shapley": float(sub)})
    if figures:
        role = {p.name: p.role for p in model.players}
        ax = plot.allocation_bars({r: results[r] for r in results},
                                  players=[role.get(n, n) for n in cg.players])
        rep.figure(f"allocation_{k}", ax.figure, "Payoff of each player under each rule")


def regime_grid(model: Model, q: RegimeMapQuestion) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which pure profiles satisfy ``q.criterion`` at each point of the grid.

    Computed by :func:`coinnovation.regime_map` with every other parameter at
    its value. Returns ``(xs, ys, labels)`` with ``labels[j, i]`` the regime
    at ``(xs[i], ys[j])`` as text: ``"ESS: (a, b); (c, d)"`` (``"NE: ..."``
    for ``"nash"``, ``"strict NE: ..."`` for ``"strict_nash"``) or
    ``"no ESS"`` etc.
    """
    g = model.game_in(q.x, q.y)
    xs = np.linspace(q.x_range[0], q.x_range[1], q.resolution)
    ys = np.linspace(q.y_range[0], q.y_range[1], q.resolution)
    rmap = regime_map(g, (q.x, xs), (q.y, ys), criterion=q.criterion)
    tag = {"ess": "ESS", "nash": "NE", "strict_nash": "strict NE"}[q.criterion]
    texts = ["undefined" if regime == UNDEFINED else
             f"{tag}: " + "; ".join(_profile_text(g, prof) for prof in regime) if regime
             else f"no {tag}" for regime in rmap.regimes]
    labels = np.array([*texts, None], dtype=object)[:-1][rmap.labels]
    return rmap.x, rmap.y, labels


def _section_regime(rep: Report, model: Model, q: RegimeMapQuestion, k: int,
                    figures: bool) -> None:
    rep.h("Regime map over ", symbol(q.x), " and ", symbol(q.y))
    xs, ys, labels = regime_grid(model, q)
    uniq, counts = np.unique(labels.astype(str), return_counts=True)
    rows = [[u, f"{c / labels.size:.1%}"] for u, c in sorted(zip(uniq, counts, strict=True),
                                                              key=lambda t: -t[1])]
    rep.p(f"A {q.resolution} × {q.resolution} grid: ", symbol(q.x),
          f" from {number(q.x_range[0])} to {number(q.x_range[1])}, ", symbol(q.y),
          f" from {number(q.y_range[0])} to {number(q.y_range[1])}; the other parameters at "
          "their values.")
    rep.table(["regime", "share of the grid"], rows)
    rep.data.setdefault("regime_maps", []).append(
        {"x": q.x, "y": q.y, "criterion": q.criterion, "x_values": xs.tolist(),
         "y_values": ys.tolist(), "regimes": labels.astype(str).tolist(),
         "shares": {u: int(c) / labels.size for u, c in zip(uniq, counts, strict=True)}})
    if figures:
        kind = {"ess": "ESS", "nash": "Nash equilibria", "strict_nash": "strict Nash equilibria"
                }.get(q.criterion, q.criterion)
        ax = plot.regime_map(xs, ys, labels, x_label="$" + symbol(q.x).latex + "$",
                             y_label="$" + symbol(q.y).latex + "$", title=f"Regime map: {kind}")
        caption: list[Any] = [f"Which profiles are {kind} over ", symbol(q.x), " and ",
                              symbol(q.y)]
        for n in (q.x, q.y):
            if model.parameters[n].description:
                caption += ["; ", symbol(n), f": {model.parameters[n].description}"]
        rep.figure(f"regime_map_{k}_{q.x}_{q.y}", ax.figure, tuple(caption))
