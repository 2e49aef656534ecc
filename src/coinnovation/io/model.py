"""What a model file holds once read: parameters, players, the game, questions (:class:`Model`)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ..errors import ModelFileError
from ..games.coalitional import CoalitionalGame
from ..games.normal_form import NormalFormGame

__all__ = [
    "AllocationQuestion",
    "Model",
    "Parameter",
    "Player",
    "Questions",
    "RegimeMapQuestion",
    "ThresholdQuestion",
    "check_finite",
]


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
    finite, noise, network : FiniteSection, NoiseSection, NetworkSection or None
        The analysis sections ``[finite]``, ``[noise]`` and ``[network]``
        (see :mod:`coinnovation.io._sections`), when the file has them.

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
    finite: Any = None
    noise: Any = None
    network: Any = None

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
        check_finite(game.symbolic_payoff_array(), self.source, "payoffs")
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
        lines += [s.summary() for s in (self.finite, self.noise, self.network) if s is not None]
        return "\n".join(lines)

    def _profile_text(self, profile: tuple[int, ...]) -> str:
        return "(" + ", ".join(p.strategies[a] for p, a in zip(self.players, profile,
                                                                strict=True)) + ")"

    def __repr__(self) -> str:
        return (f"Model({self.name!r}, players={[p.name for p in self.players]}, "
                f"parameters={list(self.parameters)}, questions={len(self.questions)})")


def check_finite(arr: Any, source: str, what: str) -> None:
    for idx, e in enumerate_entries(arr):
        if e.free_symbols:
            continue
        v = sp.N(e, 20)
        if v.is_real is False or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_real:
            raise ModelFileError(f"entry {idx} is {e}, not a finite real number", path=source,
                                 key=what)
        if not math.isfinite(float(v)):
            raise ModelFileError(f"entry {idx} overflows float64", path=source, key=what)


def enumerate_entries(arr: Any) -> Any:
    import numpy as np

    for idx in np.ndindex(arr.shape):
        yield tuple(int(i) for i in idx), sp.sympify(arr[idx])
