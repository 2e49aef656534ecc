"""The :class:`Equilibrium` result: a Nash equilibrium (or stable state) of a normal-form game."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._util.formatting import fmt_num as _fmt_num
from .._util.formatting import plain as _plain

__all__ = ["Equilibrium"]


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A Nash equilibrium (or a stable state) of a normal-form game.

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One mixed strategy per player (1-D arrays of probabilities, summing to
        one). Exact solves hold :class:`fractions.Fraction` entries (object
        arrays); symbolic ones hold sympy expressions.
    payoffs : tuple
        Each player's expected payoff.
    players : tuple of str
        Player names.
    labels : tuple of tuple of str
        Strategy labels of each player.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: tuple[Any, ...]
    players: tuple[str, ...] = field(default=())
    labels: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def is_pure(self) -> bool:
        """True when every player plays one pure strategy with probability one."""
        return all(int(np.count_nonzero(np.asarray(s != 0))) == 1 for s in self.strategies)

    @property
    def profile(self) -> tuple[int, ...] | None:
        """The pure profile (strategy indices) of a pure equilibrium, else None."""
        if not self.is_pure:
            return None
        return tuple(int(np.flatnonzero(np.asarray(s != 0))[0]) for s in self.strategies)

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices played with positive probability, for each player."""
        return tuple(tuple(int(k) for k in np.flatnonzero(np.asarray(s != 0)))
                     for s in self.strategies)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form: player name -> {strategy label: probability}, and payoffs."""
        out: dict[str, Any] = {}
        for i, s in enumerate(self.strategies):
            name = self.players[i] if self.players else str(i)
            labs = self.labels[i] if self.labels else tuple(str(k) for k in range(len(s)))
            out[name] = {labs[k]: _plain(s[k]) for k in range(len(s))}
        out["payoffs"] = {self.players[i] if self.players else str(i): _plain(p)
                          for i, p in enumerate(self.payoffs)}
        return out

    def describe(self) -> str:
        """The profile with strategy labels, e.g. ``"enterprise: cooperate; university: 1/2*C + 1/2*D"``."""
        parts = []
        for i, s in enumerate(self.strategies):
            name = self.players[i] if self.players else f"player {i}"
            labs = self.labels[i] if self.labels else tuple(f"s{k}" for k in range(len(s)))
            terms = [labs[k] if (np.asarray(s[k] == 1)) else f"{_fmt_num(s[k])}*{labs[k]}"
                     for k in range(len(s)) if np.asarray(s[k] != 0)]
            parts.append(f"{name}: {' + '.join(terms)}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        pays = ", ".join(_fmt_num(p) for p in self.payoffs)
        kind = "pure" if self.is_pure else "mixed"
        return f"Equilibrium({kind}; {self.describe()}; payoffs ({pays}))"
