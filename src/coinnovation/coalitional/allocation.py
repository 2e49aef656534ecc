"""Result objects of the division of the surplus: :class:`Allocation` and :class:`LeastCore`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._util.display import TableDisplay
from .._util.formatting import fmt_num as _fmt_num
from .._util.formatting import plain as _plain
from .._util.latex import latex
from .._util.tolerance import TOL
from ..errors import UnknownPlayerError

__all__ = ["Allocation", "LeastCore"]


@dataclass(frozen=True, eq=False)
class Allocation(TableDisplay):
    """A division of ``v(N)`` (or of a cost) among the players of a coalitional game.

    Index it by position (``a[0]``) or by name (``a["university"]``); turn it
    into an array with ``np.asarray(a)`` and into a plain dictionary
    ``{name: share}`` with :meth:`to_dict`.

    Attributes
    ----------
    values : numpy.ndarray
        One share per player: floats, :class:`fractions.Fraction` (exact
        solves) or sympy expressions (symbolic games), in player order.
    players : tuple of str
        Player names.
    rule : str
        The allocation rule that produced it (``"shapley"``, ``"nucleolus"``...).
    cost : bool
        True when the shares divide a cost (cost games).
    standard_errors, confidence_intervals, confidence_level, n_samples
        Sampling estimates only: the standard error of every share, the
        ``(n, 2)`` array of lower and upper confidence limits at
        ``confidence_level``, and the number of sampled permutations.
    individually_rational, in_core : bool or None
        Reported by rules that need not be stable (modified Shapley): whether
        every player gets at least its stand-alone worth, and whether the
        allocation lies in the core. ``None`` when not reported or (symbolic
        games) when it depends on the symbols; then ``core_conditions`` holds
        the inequalities that decide it.
    levels : tuple of float or None
        Nucleolus-type rules: the successive maximal excesses (ε₁ > ε₂ > ...).
    info : dict
        Further rule-specific facts (documented with each rule).
    """

    values: np.ndarray
    players: tuple[str, ...]
    rule: str
    cost: bool = False
    standard_errors: np.ndarray | None = None
    confidence_intervals: np.ndarray | None = None
    confidence_level: float | None = None
    n_samples: int | None = None
    individually_rational: bool | None = None
    in_core: bool | None = None
    core_conditions: tuple[Any, ...] | None = None
    levels: tuple[float, ...] | None = None
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values.setflags(write=False)

    def _index(self, key: int | str) -> int:
        if isinstance(key, (bool, np.bool_)):
            raise UnknownPlayerError(f"key: expected a position or a player name, got {key!r}")
        if isinstance(key, (int, np.integer)):
            k = int(key)
            if -len(self.players) <= k < len(self.players):
                return k % len(self.players)
            raise UnknownPlayerError(f"key: position {k} out of range for "
                                     f"{len(self.players)} players")
        if isinstance(key, str) and key in self.players:
            return self.players.index(key)
        raise UnknownPlayerError(f"key: unknown player {key!r}; players are {list(self.players)}")

    def __getitem__(self, key: int | str) -> Any:
        v = self.values[self._index(key)]
        return v.item() if isinstance(v, np.generic) else v

    def __len__(self) -> int:
        return len(self.players)

    def __iter__(self) -> Any:
        return iter(self[i] for i in range(len(self.players)))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        arr = np.array(self.values, dtype=dtype) if dtype is not None else self.values.copy()
        return arr

    @property
    def is_symbolic(self) -> bool:
        """True when a share is a sympy expression with free symbols."""
        return any(getattr(v, "free_symbols", None) for v in self.values.tolist())

    @property
    def total(self) -> Any:
        """The sum of the shares."""
        total: Any = 0
        for v in self.values.tolist():
            total = total + v
        return total

    def to_dict(self) -> dict[str, Any]:
        """``{player name: share}`` with plain Python numbers (or sympy expressions)."""
        return {p: _plain(v) for p, v in zip(self.players, self.values.tolist(), strict=True)}

    def to_latex(self) -> str:
        """The shares as a LaTeX ``aligned`` block (useful for symbolic games)."""
        lines = [rf"\phi_{{\text{{{p}}}}} &= {latex(v)}"
                 for p, v in zip(self.players, self.values.tolist(), strict=True)]
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        """Title, header and rows (player, share[, s.e.]) for display."""
        title = f"Allocation ({self.rule.replace('_', ' ')})"
        if self.cost:
            title += ", cost shares"
        header = ["player", "share"]
        rows: list[list[Any]] = [[p, v] for p, v in zip(self.players, self.values.tolist(),
                                                        strict=True)]
        if self.standard_errors is not None:
            header.append("standard error")
            for r, se in zip(rows, np.asarray(self.standard_errors).tolist(), strict=True):
                r.append(se)
        return title, header, rows

    def _repr_latex_(self) -> str | None:
        """The shares as LaTeX, for symbolic allocations (else the HTML table is shown)."""
        return f"$${self.to_latex()}$$" if self.is_symbolic else None

    def __repr__(self) -> str:
        shares = ", ".join(f"{p}={_fmt_num(v)}" for p, v in zip(self.players, self.values.tolist(),
                                                                strict=True))
        extra = []
        if self.standard_errors is not None:
            se = float(np.max(self.standard_errors))
            extra.append(f"n_samples={self.n_samples}, max s.e.={se:.3g}")
        if self.individually_rational is not None:
            extra.append(f"individually_rational={self.individually_rational}")
        if self.in_core is not None:
            extra.append(f"in_core={self.in_core}")
        kind = ", cost shares" if self.cost else ""
        tail = ("; " + ", ".join(extra)) if extra else ""
        return f"Allocation({self.rule}{kind}: {shares}{tail})"


@dataclass(frozen=True, eq=False)
class LeastCore:
    """The least core of a TU game (Maschler, Peleg & Shapley 1979).

    Attributes
    ----------
    epsilon : float
        The least ``ε`` such that some ``x`` with ``x(N) = v(N)`` has
        ``x(S) >= v(S) − ε`` for every non-empty proper coalition ``S``. The
        core is non-empty exactly when ``epsilon <= 0``; a negative value
        measures how strictly stable the alliance can be made.
    allocation : Allocation
        A point of the least core: the nucleolus, which lies in the least
        core whenever the core is non-empty (more generally whenever the least
        core contains an imputation); otherwise the prenucleolus, which always
        does (``allocation.rule`` says which).
    cost : bool
        True for a cost game (then ``x(S) <= c(S) + ε``).
    """

    epsilon: float
    allocation: Allocation
    cost: bool = False

    @property
    def core_is_empty(self) -> bool:
        """True when ``epsilon > 0`` (beyond the library tolerance)."""
        return self.epsilon > TOL * 10

    def to_dict(self) -> dict[str, Any]:
        return {"epsilon": self.epsilon, "allocation": self.allocation.to_dict(),
                "allocation_rule": self.allocation.rule}

    def __repr__(self) -> str:
        return f"LeastCore(epsilon={self.epsilon:.6g}, allocation={self.allocation!r})"
