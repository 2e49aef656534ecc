"""The :class:`Equilibrium` result: a Nash equilibrium (or stable state) of a normal-form game."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._util.display import TableDisplay, table_frame
from .._util.formatting import fmt_num as _fmt_num
from .._util.formatting import plain as _plain

__all__ = ["Equilibria", "Equilibrium"]


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

    Notes
    -----
    An equilibrium unpacks into its strategies like nashpy's tuples:
    ``sigma_r, sigma_c = eq`` (``eq[0]`` and ``len(eq)`` too).

    Examples
    --------
    >>> import coinnovation as co
    >>> mp = co.NormalFormGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> sigma_r, sigma_c = co.nash_equilibria(mp)[0]
    >>> sigma_r.tolist(), sigma_c.tolist()
    ([0.5, 0.5], [0.5, 0.5])
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: tuple[Any, ...]
    players: tuple[str, ...] = field(default=())
    labels: tuple[tuple[str, ...], ...] = field(default=())

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.strategies)

    def __len__(self) -> int:
        return len(self.strategies)

    def __getitem__(self, player: int) -> np.ndarray:
        return self.strategies[player]

    def _cells(self) -> list[Any]:
        """One display cell per player (its strategy in words), then the payoffs."""
        cells: list[Any] = []
        for i, s in enumerate(self.strategies):
            labs = self.labels[i] if self.labels else tuple(f"s{k}" for k in range(len(s)))
            cells.append(" + ".join(labs[k] if np.asarray(s[k] == 1) else f"{_fmt_num(s[k])}*{labs[k]}"
                                    for k in range(len(s)) if np.asarray(s[k] != 0)))
        return [*cells, *self.payoffs]

    def _display_header(self) -> list[str]:
        names = list(self.players) or [f"player {i}" for i in range(len(self.strategies))]
        return [*names, *(f"payoff of {p}" for p in names)]

    def _repr_html_(self) -> str:
        return Equilibria([self])._repr_html_()

    def _repr_markdown_(self) -> str:
        return Equilibria([self])._repr_markdown_()

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


class Equilibria(TableDisplay, list):  # type: ignore[misc]
    """A list of :class:`Equilibrium` that displays itself as a table in a notebook.

    It is a ``list`` in every respect (indexing, ``len``, ``==``, iteration);
    in addition ``_repr_html_``/``_repr_markdown_`` show one row per
    equilibrium (strategies in words, payoffs) and :meth:`to_pandas` returns
    that table (needs the optional pandas).

    Examples
    --------
    >>> import coinnovation as co
    >>> eqs = co.pure_nash_equilibria(co.NormalFormGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    >>> eqs == [eqs[0]], isinstance(eqs, list), len(eqs)
    (True, True, 1)
    """

    __slots__ = ()

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        header = self[0]._display_header() if self else ["equilibrium"]
        rows = [e._cells() for e in (self if limit is None else self[:limit])]
        note = f" (first {limit} shown)" if limit is not None and len(self) > limit else ""
        count = "no equilibrium" if not self else (
            f"{len(self)} equilibrium" if len(self) == 1 else f"{len(self)} equilibria")
        return count + note, header, rows

    def to_pandas(self) -> Any:
        """One row per equilibrium: each player's strategy in words, then the payoffs."""
        _t, header, rows = self._display_table()
        return table_frame("Equilibria.to_pandas", header,
                           [[_plain(c) if not hasattr(c, "free_symbols") else str(c) for c in r]
                            for r in rows])
