"""Finite games in normal (strategic) form, with numeric or symbolic payoffs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._util.display import TableDisplay, shown
from .._util.naming import check_labels, resolve_player
from .._util.symbolic import (
    ConvertedArray,
    convert_array,
    find_symbol,
    require_numeric,
    resolve_substitutions,
    symbol_mapping,
)
from ..errors import InvalidGameError, InvalidInputError, UnknownStrategyError

__all__ = ["NormalFormGame"]


def _labels(given: Any, count: int, *, name: str, default: Sequence[str]) -> tuple[str, ...]:
    return tuple(default) if given is None else check_labels(given, count, name=name)


ACCEPTED_FORMS = (
    "accepted forms: NormalFormGame([A_0, ..., A_{n-1}]) (one payoff array per player, each of "
    "shape (m_0, ..., m_{n-1})); NormalFormGame(A, B) (a bimatrix game, as nashpy writes it); "
    "NormalFormGame.from_payoff_profiles(P) (one array of shape (m_0, ..., m_{n-1}, n), "
    "QuantEcon's payoff profile array)")


def _stacked_players_first(arr: np.ndarray) -> list[Any]:
    """One numpy array holding every player's payoffs: accepted only as ``(n, m_0, ..., m_{n-1})``.

    An array whose last axis has length ``n`` as well (``(2, 2, 2)``: a 2x2 game stacked either
    way) is ambiguous and refused, and so is QuantEcon's ``(m_0, ..., m_{n-1}, n)`` layout
    given to the constructor: it would be read the wrong way round.
    """
    n = arr.ndim - 1
    first, last = n >= 1 and arr.shape[0] == n, n >= 1 and arr.shape[-1] == n
    if first and last and n > 1:
        raise InvalidGameError(
            f"payoffs: a single array of shape {arr.shape} is ambiguous (players first, "
            f"(n, m_0, ..., m_(n-1)), or QuantEcon's payoff profiles, (m_0, ..., m_(n-1), n)); "
            f"pass a list of arrays, NormalFormGame(A, B), or "
            f"NormalFormGame.from_payoff_profiles(P); {ACCEPTED_FORMS}")
    if last and not first:
        raise InvalidGameError(
            f"payoffs: an array of shape {arr.shape} looks like QuantEcon's payoff profile array "
            f"(m_0, ..., m_(n-1), n); read it with NormalFormGame.from_payoff_profiles(P); "
            f"{ACCEPTED_FORMS}")
    return list(arr)


class NormalFormGame(TableDisplay):
    r"""A finite game in normal form with numeric or symbolic (sympy) payoffs.

    A game of :math:`n` players, player :math:`i` having :math:`m_i` pure
    strategies, is given by one payoff array per player,
    :math:`u_i : S_0\times\cdots\times S_{n-1}\to\mathbb{R}`, each of shape
    :math:`(m_0,\dots,m_{n-1})`.

    Parameters
    ----------
    payoffs : sequence of array_like
        ``payoffs[i][a_0, ..., a_{n-1}]`` is player ``i``'s payoff at the pure
        profile ``(a_0, ..., a_{n-1})``. Entries are numbers (int, float,
        :class:`fractions.Fraction`, numpy) or sympy expressions. A single
        numpy array is read as ``(n, m_0, ..., m_{n-1})`` (players first) and
        refused when that is ambiguous (a 2x2 game stacked as ``(2, 2, 2)``).
    *more : array_like
        ``NormalFormGame(A, B)``: the row and column players' matrices as
        separate arguments, as nashpy writes a bimatrix game (any number of
        per-player arrays). For QuantEcon's payoff profile array of shape
        ``(m_0, ..., m_{n-1}, n)`` use :meth:`from_payoff_profiles`.
    players : sequence of str, optional
        Player names (default ``"player 0"``, ``"player 1"``, ...).
    strategies : sequence of sequence of str, optional
        Strategy labels of each player (default ``"s0"``, ``"s1"``, ...). In the
        built-in models strategy 0 is *cooperate* / *active*.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when the arrays disagree in shape, an entry is NaN, infinite, a string
        or a boolean, or labels are missing or repeated.

    Notes
    -----
    Payoffs that are sympy numbers or Fractions are kept exactly, for
    ``exact=True`` solvers. Substitute values into a symbolic game with
    :meth:`subs`.

    Examples
    --------
    The prisoner's dilemma (strategy 0 = cooperate):

    >>> import coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        players=["row", "column"],
    ...                        strategies=[["C", "D"], ["C", "D"]])
    >>> pd.shape
    (2, 2)
    >>> pd.payoff(("D", "C"))
    (5.0, 0.0)
    >>> [e.profile for e in co.pure_nash_equilibria(pd)]
    [(1, 1)]

    The same game as nashpy writes it, ``NormalFormGame(A, B)``:

    >>> co.NormalFormGame([[3, 0], [5, 1]], [[3, 5], [0, 1]]).payoff((1, 0))
    (5.0, 0.0)
    """

    __slots__ = ("_data", "_players", "_shape", "_strategies")

    def __init__(self, payoffs: Sequence[Any], *more: Any, players: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None) -> None:
        # long: one validation path for every accepted form of the payoffs
        if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Iterable):
            raise InvalidGameError("payoffs: expected a sequence with one payoff array per player; "
                                   + ACCEPTED_FORMS)
        if more:
            plist = [payoffs, *more]
        elif isinstance(payoffs, np.ndarray) and payoffs.dtype != object:
            plist = _stacked_players_first(payoffs)
        elif isinstance(payoffs, (sp.MatrixBase, sp.NDimArray)):
            raise InvalidGameError("payoffs: expected a sequence with one payoff array per player, "
                                   "got a single sympy array")
        else:
            plist = list(payoffs)
        n = len(plist)
        if n < 1:
            raise InvalidGameError("payoffs: a game needs at least one player")
        try:
            converted = [convert_array(p, name=f"payoffs[{i}]") for i, p in enumerate(plist)]
        except InvalidGameError:
            raise
        except InvalidInputError as exc:
            raise InvalidGameError(str(exc)) from None
        shape = converted[0].shape
        for i, c in enumerate(converted):
            if len(c.shape) != n:
                raise InvalidGameError(
                    f"payoffs[{i}]: a {n}-player game needs {n}-dimensional payoff arrays "
                    f"(one axis per player), got shape {c.shape}; {ACCEPTED_FORMS}")
            if c.shape != shape:
                raise InvalidGameError(
                    f"payoffs[{i}]: shape {c.shape} differs from payoffs[0]'s shape {shape}")
        if any(m < 1 for m in shape):
            raise InvalidGameError(f"payoffs: every player needs at least one strategy, shape {shape}")
        self._shape: tuple[int, ...] = tuple(int(m) for m in shape)
        self._data = _stack(converted)
        self._players = _labels(players, n, name="players", default=[f"player {i}" for i in range(n)])
        if strategies is None:
            self._strategies = tuple(tuple(f"s{j}" for j in range(m)) for m in self._shape)
        else:
            if isinstance(strategies, str) or len(strategies) != n:
                raise InvalidGameError(f"strategies: expected one label sequence per player ({n})")
            self._strategies = tuple(
                _labels(s, m, name=f"strategies[{i}]", default=()) for i, (s, m) in
                enumerate(zip(strategies, self._shape, strict=True)))

    @classmethod
    def from_payoff_profiles(cls, profiles: Any, *, players: Sequence[str] | None = None,
                             strategies: Sequence[Sequence[str]] | None = None) -> NormalFormGame:
        r"""A game from one payoff profile array, QuantEcon's layout ``(m_0, ..., m_{n-1}, n)``.

        ``profiles[a_0, ..., a_{n-1}, i]`` is player ``i``'s payoff at the
        profile ``(a_0, ..., a_{n-1})`` — the ``payoff_profile_array`` of
        ``quantecon.game_theory.NormalFormGame`` and the result of
        ``np.stack([A, B], axis=-1)``.

        Raises
        ------
        coinnovation.errors.InvalidGameError
            when the last axis does not have one entry per player (``ndim - 1``).

        Examples
        --------
        >>> import numpy as np, coinnovation as co
        >>> A, B = np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]])
        >>> g = co.NormalFormGame.from_payoff_profiles(np.stack([A, B], axis=-1))
        >>> g.payoff((1, 0)), g.payoff((0, 1))
        ((5.0, 0.0), (0.0, 5.0))
        """
        if isinstance(profiles, (str, bytes)):
            raise InvalidGameError("profiles: expected an array of shape (m_0, ..., m_{n-1}, n), "
                                   "got a string")
        try:
            arr = np.asarray(profiles, dtype=object) if not isinstance(profiles, np.ndarray) else profiles
        except (ValueError, TypeError) as exc:
            raise InvalidGameError(f"profiles: not a rectangular array ({exc})") from None
        if isinstance(profiles, (sp.MatrixBase, sp.NDimArray)):
            arr = np.array(profiles.tolist(), dtype=object)
        n = arr.ndim - 1
        if n < 1 or arr.shape[-1] != n:
            raise InvalidGameError(
                f"profiles: expected shape (m_0, ..., m_{{n-1}}, n) with one payoff per player on "
                f"the last axis (n = ndim - 1 = {n}), got shape {arr.shape}; {ACCEPTED_FORMS}")
        return cls([arr[..., i] for i in range(n)], players=players, strategies=strategies)

    # ------------------------------------------------------------------ basic facts
    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._shape)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies of each player."""
        return self._shape

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels of each player."""
        return self._strategies

    @property
    def is_symbolic(self) -> bool:
        """True when some payoff contains a free sympy symbol."""
        return self._data.is_symbolic

    @property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """The free sympy symbols of the payoffs."""
        return self._data.free_symbols

    @property
    def symbols(self) -> Mapping[str, sp.Symbol]:
        """The free sympy symbols by name, ``{"C_E": C_E, ...}`` (read-only, sorted by name).

        Use it instead of searching :attr:`free_symbols`: ``game.symbols["S_E"]``
        or :meth:`symbol`.
        """
        return symbol_mapping(self.free_symbols)

    def symbol(self, name: str) -> sp.Symbol:
        """The free symbol called ``name``; an unknown name raises
        :class:`~coinnovation.errors.InvalidInputError` listing the known ones."""
        return find_symbol(self.symbols, name, context=f"symbol of the {type(self).__name__}")

    # ------------------------------------------------------------------ payoff access
    def payoff_array(self, player: int | str | None = None) -> np.ndarray:
        """Float payoffs: shape ``(n, *shape)`` or ``shape`` for one player.

        Raises :class:`~coinnovation.errors.SymbolicNotSupported` for symbolic games.
        """
        require_numeric(self.free_symbols, "payoff_array")
        assert self._data.numeric is not None
        if player is None:
            return self._data.numeric.copy()
        return self._data.numeric[self.player_index(player)].copy()

    def symbolic_payoff_array(self, player: int | str | None = None) -> np.ndarray:
        """Payoffs as an object array of sympy expressions (any game)."""
        arr = self._data.symbolic
        if player is None:
            return arr.copy()
        return arr[self.player_index(player)].copy()

    def exact_payoff_array(self) -> np.ndarray:
        """Payoffs as an object array of :class:`fractions.Fraction` (numeric games)."""
        return self._data.exact()

    def _raw(self) -> ConvertedArray:
        return self._data

    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        return resolve_player(self._players, player)

    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        """Index of one strategy of ``player``, given by index or label."""
        i = self.player_index(player)
        labels = self._strategies[i]
        if isinstance(strategy, (bool, np.bool_)):
            raise UnknownStrategyError(f"strategy: expected an index or a label, got {strategy!r}")
        if isinstance(strategy, (int, np.integer)):
            if 0 <= int(strategy) < len(labels):
                return int(strategy)
            raise UnknownStrategyError(
                f"strategy: index {strategy} out of range for {self._players[i]!r} "
                f"({len(labels)} strategies)")
        if isinstance(strategy, str) and strategy in labels:
            return labels.index(strategy)
        raise UnknownStrategyError(
            f"strategy: {strategy!r} is not a strategy of {self._players[i]!r}; "
            f"its strategies are {list(labels)}")

    def profile_index(self, profile: Sequence[int | str]) -> tuple[int, ...]:
        """Normalise a pure profile (indices or labels, one per player) to indices."""
        if isinstance(profile, (str, bytes)) or not isinstance(profile, Sequence):
            raise InvalidInputError(
                f"profile: expected a tuple with one strategy per player, got {profile!r}")
        if len(profile) != self.n_players:
            raise InvalidInputError(
                f"profile: expected {self.n_players} strategies (one per player), got {len(profile)}")
        for s in profile:
            if isinstance(s, (float, np.floating)):
                raise InvalidInputError(
                    f"profile: strategies are indices or labels, got the float {s!r}")
        return tuple(self.strategy_index(i, s) for i, s in enumerate(profile))

    def payoff(self, profile: Sequence[int | str]) -> tuple[Any, ...]:
        """Payoffs of every player at a pure profile (floats, or sympy expressions)."""
        idx = self.profile_index(profile)
        if self.is_symbolic:
            return tuple(self._data.symbolic[(i, *idx)] for i in range(self.n_players))
        assert self._data.numeric is not None
        return tuple(float(self._data.numeric[(i, *idx)]) for i in range(self.n_players))

    def __getitem__(self, profile: Sequence[int | str]) -> tuple[Any, ...]:
        return self.payoff(profile)

    def profiles(self) -> Iterable[tuple[int, ...]]:
        """All pure profiles in lexicographic order."""
        return itertools.product(*(range(m) for m in self._shape))

    # ------------------------------------------------------------------ transformations
    def subs(self, mapping: Mapping[Any, Any] | None = None, /, **kwargs: Any) -> NormalFormGame:
        """Substitute values for symbols; returns a new game.

        Keys are sympy symbols or their names. Unknown names raise
        :class:`~coinnovation.errors.InvalidInputError`.

        Examples
        --------
        >>> import sympy as sp, coinnovation as co
        >>> s = sp.Symbol("s")
        >>> g = co.NormalFormGame([[[s, 0], [1, 1]], [[1, 0], [0, 1]]])
        >>> g.subs({s: 2}).is_symbolic
        False
        """
        resolved = resolve_substitutions(self.free_symbols, mapping, kwargs)
        arr = self._data.symbolic
        new = np.array([sp.sympify(e).xreplace(resolved) for e in arr.ravel().tolist()] + [None],
                       dtype=object)[:-1].reshape(arr.shape)
        return NormalFormGame(list(new), players=self._players, strategies=self._strategies)

    def to_bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """The float matrices ``(A, B)`` of a two-player numeric game."""
        if self.n_players != 2:
            raise InvalidInputError(f"to_bimatrix: the game has {self.n_players} players, not 2")
        arr = self.payoff_array()
        return arr[0], arr[1]

    # ------------------------------------------------------------------ nashpy
    @classmethod
    def from_nashpy(cls, game: Any, *, players: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None) -> NormalFormGame:
        """The two-player game of a ``nashpy.Game`` (its payoff matrices ``A``, ``B``).

        A zero-sum nashpy game (one matrix) has ``B = -A``, as in nashpy.

        Examples
        --------
        >>> import nashpy, coinnovation as co
        >>> g = co.NormalFormGame.from_nashpy(nashpy.Game([[1, -1], [-1, 1]]))
        >>> g.payoff((0, 1))
        (-1.0, 1.0)
        """
        import nashpy  # late: nashpy imports scipy; only this conversion needs it

        if not isinstance(game, nashpy.Game):
            raise InvalidInputError(f"game: expected a nashpy.Game, got {type(game).__name__}")
        A, B = game.payoff_matrices
        return cls([np.asarray(A), np.asarray(B)], players=players, strategies=strategies)

    def to_nashpy(self) -> Any:
        """This two-player numeric game as a ``nashpy.Game`` (float payoff matrices).

        Examples
        --------
        >>> import coinnovation as co
        >>> bos = co.NormalFormGame([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
        >>> len(list(bos.to_nashpy().support_enumeration()))
        3
        """
        import nashpy  # late: nashpy imports scipy; only this conversion needs it

        A, B = self.to_bimatrix()
        return nashpy.Game(A, B)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else "numeric"
        head = (f"NormalFormGame(players={list(self._players)}, shape={self._shape}, {kind}"
                + (f", symbols={sorted(str(s) for s in self.free_symbols)}" if self.is_symbolic else "")
                + ")")
        if int(np.prod(self._shape)) <= 16:
            return head + "\n" + self.table()
        return head

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        """Title, header and rows (one per pure profile: strategies, then payoffs) for display."""
        total = int(np.prod(self._shape))
        rows = []
        for k, prof in enumerate(self.profiles()):
            if limit is not None and k >= limit:
                break
            rows.append([*(self._strategies[i][a] for i, a in enumerate(prof)), *self.payoff(prof)])
        kind = "symbolic" if self.is_symbolic else "numeric"
        title = (f"NormalFormGame: {', '.join(self._players)}; shape "
                 f"{' x '.join(map(str, self._shape))}, {kind}{shown(rows, limit, total)}")
        header = [*self._players, *(f"payoff of {p}" for p in self._players)]
        return title, header, rows

    def table(self) -> str:
        """A plain-text payoff table, one row per pure profile."""
        rows = []
        for prof in self.profiles():
            labels = ", ".join(self._strategies[i][a] for i, a in enumerate(prof))
            pay = self.payoff(prof)
            vals = ", ".join(_fmt(v) for v in pay)
            rows.append(f"  ({labels}) -> ({vals})")
        return "\n".join(rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        if (self._shape, self._players, self._strategies) != (other._shape, other._players,
                                                              other._strategies):
            return False
        if self.is_symbolic or other.is_symbolic:
            a, b = self._data.symbolic, other._data.symbolic
            return all(sp.simplify(x - y) == 0 for x, y in zip(a.ravel(), b.ravel(), strict=True))
        assert self._data.numeric is not None and other._data.numeric is not None
        return bool(np.array_equal(self._data.numeric, other._data.numeric))

    __hash__ = None  # type: ignore[assignment]


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _stack(parts: list[ConvertedArray]) -> ConvertedArray:
    symbols = frozenset().union(*(p.free_symbols for p in parts))
    if symbols:
        sym = np.stack([p.symbolic for p in parts])
        return ConvertedArray(None, sym, symbols)
    num = np.stack([p.numeric for p in parts])  # type: ignore[misc]
    # keep the exact values of every part that has them (sympy numbers, Fractions,
    # integers); exact() then converts lazily and refuses irrational numbers only
    # when exact arithmetic is actually asked for
    any_sym = any(p._symbolic is not None for p in parts)
    out = ConvertedArray(num, np.stack([p.symbolic for p in parts]) if any_sym else None, frozenset())
    if all(p._exact is not None for p in parts):
        out._exact = np.stack([p._exact for p in parts])  # type: ignore[misc]
    return out
