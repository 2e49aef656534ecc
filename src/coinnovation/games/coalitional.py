"""Coalitional (transferable-utility) games: the value of every coalition.

A TU game of ``n`` players is a characteristic function ``v`` giving the worth
``v(S)`` of every coalition ``S ⊆ N``, with ``v(∅) = 0``. Internally a coalition
is a bitmask (bit ``i`` = player ``i``) and the game is the vector of the
``2**n`` worths in bitmask order; at the API edge a coalition is a tuple,
frozenset or list of player names or indices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.display import TableDisplay, shown
from .._util.naming import resolve_player
from .._util.signs import decide_nonnegative, decide_positive
from .._util.subsets import bool_matrix, check_table_memory, mobius, subset_sums
from .._util.symbolic import (
    ConvertedArray,
    convert_array,
    find_symbol,
    require_numeric,
    resolve_substitutions,
    symbol_mapping,
)
from .._util.tolerance import TOL, atol_for
from ..errors import InvalidGameError, InvalidInputError
from ._mapping import check_names, default_names, from_mapping

__all__ = ["MAX_TABULATED_PLAYERS", "CoalitionalGame"]

MAX_TABULATED_PLAYERS = 30
"""Largest number of players whose value table (``2**n`` floats) the library builds."""

_FUNCTION_CHUNK = 1 << 16

TABULATE_BYTES = 8
"""Bytes per coalition of a tabulated function game (one float64)."""


def _n_from_length(length: int) -> int:
    if length < 2 or length & (length - 1):
        raise InvalidGameError(
            f"values: expected 2**n worths (one per coalition, in bitmask order, v(∅) first) "
            f"for some n >= 1, got {length}")
    return length.bit_length() - 1


class CoalitionalGame(TableDisplay):
    r"""A transferable-utility (TU) coalitional game, numeric or symbolic.

    Parameters
    ----------
    values : array_like or mapping
        Either the worths of all ``2**n`` coalitions in bitmask order (the
        worth of ``S`` at index :math:`\sum_{i\in S} 2^i`; ``values[0]`` is
        ``v(∅)`` and must be 0), or a mapping ``{coalition: worth}`` whose keys
        are tuples / frozensets / lists of player names or indices (a single
        name or index is a one-player coalition). Worths are numbers (int,
        float, :class:`fractions.Fraction`, numpy) or sympy expressions.
    players : sequence of str, optional
        Player names (default ``"player 0"``, ``"player 1"``, ...). With a
        mapping keyed by names and no ``players``, the players are taken in the
        order in which they first appear among the keys.
    cost : bool
        ``False`` (default): a profit / savings game, ``v(S)`` is what ``S``
        can earn and allocations divide ``v(N)``. ``True``: a cost game,
        ``v(S)`` is what serving ``S`` costs, allocations divide the cost
        ``v(N)`` and the core inequalities reverse (``x(S) <= c(S)``).
    default : number or sympy expression, optional
        With a mapping: the worth of every coalition the mapping omits.
        Without it a missing coalition is an error.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when the length is not a power of two, ``v(∅) != 0``, a worth is NaN,
        infinite, a string or a boolean, a coalition is missing from a mapping,
        or a key names an unknown player.

    Notes
    -----
    Cost games. Linear rules (Shapley, Banzhaf, weighted Shapley, Owen, equal
    surplus division, modified Shapley) applied to a cost game divide the cost
    directly. The core, least core, nucleolus, τ-value and Gately point of a
    cost game ``c`` are those of its savings game
    ``s(S) = Σ_{i∈S} c({i}) − c(S)`` (:meth:`savings_game`), turned back into
    cost shares ``x_i = c({i}) − y_i``; so are the properties
    (:attr:`is_superadditive` of a cost game means subadditive costs).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame({(): 0, ("gov",): 0, ("firm",): 1, ("uni",): 0,
    ...                         ("gov", "firm"): 3, ("gov", "uni"): 1, ("firm", "uni"): 2,
    ...                         ("gov", "firm", "uni"): 6})
    >>> g.players
    ('gov', 'firm', 'uni')
    >>> g.value(("firm", "uni"))
    2.0
    >>> g.surplus(("gov", "firm", "uni"))
    5.0
    """

    __slots__ = ("_cost", "_data", "_function", "_n", "_players")

    def __init__(self, values: Any, *, players: Sequence[str] | None = None, cost: bool = False,
                 default: Any = None) -> None:
        if not isinstance(cost, (bool, np.bool_)):
            raise InvalidGameError(f"cost: expected True or False, got {cost!r}")
        self._cost = bool(cost)
        self._function: Callable[[np.ndarray], Any] | None = None
        if isinstance(values, CoalitionalGame):
            raise InvalidGameError("values: already a CoalitionalGame; use it directly")
        if isinstance(values, Mapping):
            names, table = from_mapping(values, players, default)
            self._players = names
            self._n = len(names)
            data = _convert(table)
        else:
            if default is not None:
                raise InvalidGameError("default: only meaningful when values is a mapping")
            if isinstance(values, (str, bytes)):
                raise InvalidGameError("values: expected a sequence of 2**n worths or a mapping, "
                                       "got a string")
            data = _convert(values)
            self._n = _n_from_length(data.shape[0])
            self._players = (default_names(self._n) if players is None
                             else check_names(players, self._n))
        if self._n > MAX_TABULATED_PLAYERS:
            raise InvalidGameError(f"values: {self._n} players exceed the table limit of "
                                   f"{MAX_TABULATED_PLAYERS}; use CoalitionalGame.from_function")
        _check_empty(data)
        self._data: ConvertedArray | None = data

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_function(cls, function: Callable[[np.ndarray], Any], n_players: int, *,
                      players: Sequence[str] | None = None, cost: bool = False) -> CoalitionalGame:
        """A game given by a function on batches of coalitions.

        Parameters
        ----------
        function : callable
            ``function(members) -> worths`` where ``members`` is a boolean
            matrix of shape ``(k, n_players)`` (row ``r`` is one coalition,
            ``members[r, i]`` says whether player ``i`` belongs to it) and the
            result has shape ``(k,)``. It is called only on non-empty coalitions,
            in batches; ``v(∅) = 0``.
        n_players : int
            Number of players (any size: the table of ``2**n`` worths is built
            only when a method needs all of it, and only up to
            ``MAX_TABULATED_PLAYERS``).

        Notes
        -----
        Sampling methods (``co.shapley_value(..., method="sampling")``) call the
        function on the sampled coalitions only, so they work for games far too
        large to tabulate.

        Examples
        --------
        >>> import numpy as np, coinnovation as co
        >>> majority = co.CoalitionalGame.from_function(
        ...     lambda m: (m.sum(axis=1) >= 51).astype(float), 101)
        >>> majority.n_players
        101
        >>> majority.value(range(60))
        1.0
        """
        if not callable(function):
            raise InvalidGameError(f"function: expected a callable, got {type(function).__name__}")
        if isinstance(n_players, (bool, np.bool_)) or not isinstance(n_players, (int, np.integer)) \
                or n_players < 1:
            raise InvalidGameError(f"n_players: expected a positive integer, got {n_players!r}")
        game = cls.__new__(cls)
        if not isinstance(cost, (bool, np.bool_)):
            raise InvalidGameError(f"cost: expected True or False, got {cost!r}")
        game._cost = bool(cost)
        game._n = int(n_players)
        game._players = (default_names(game._n) if players is None
                         else check_names(players, game._n))
        game._function = function
        game._data = None
        return game

    # ------------------------------------------------------------------ basic facts
    @property
    def n_players(self) -> int:
        """Number of players."""
        return self._n

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def is_cost(self) -> bool:
        """True for a cost game (allocations divide a cost)."""
        return self._cost

    @property
    def is_symbolic(self) -> bool:
        """True when some worth contains a free sympy symbol."""
        return self._data is not None and self._data.is_symbolic

    @property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """The free sympy symbols of the worths."""
        return frozenset() if self._data is None else self._data.free_symbols

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

    @property
    def is_tabulated(self) -> bool:
        """False for a game made by :meth:`from_function` whose table is not built yet."""
        return self._data is not None

    @property
    def values(self) -> np.ndarray:
        """All ``2**n`` worths in bitmask order: a read-only float array, or an
        object array of sympy expressions for a symbolic game.

        A function game is tabulated on first use (at most
        ``MAX_TABULATED_PLAYERS`` players).
        """
        data = self._table()
        if data.numeric is not None:
            out = data.numeric.view()
        else:
            out = data.symbolic.view()
        out.setflags(write=False)
        return out

    def exact_values(self) -> np.ndarray:
        """The worths as an object array of :class:`fractions.Fraction` (rational data only)."""
        return self._table().exact()

    def symbolic_values(self) -> np.ndarray:
        """The worths as an object array of sympy expressions (any tabulated game)."""
        return self._table().symbolic

    def _table(self) -> ConvertedArray:
        if self._data is None:
            self._data = _tabulate(self)
        return self._data

    def player_index(self, player: int | str) -> int:
        """Index of a player given by index or name."""
        return resolve_player(self._players, player)

    def coalition_mask(self, coalition: Any) -> int:
        """Bitmask of a coalition given as an iterable of names or indices (or one name)."""
        return _mask(coalition, self.player_index, "coalition")

    def coalition(self, mask: int) -> frozenset[str]:
        """The names of the players in the coalition with bitmask ``mask``."""
        mask = int(mask)
        if mask < 0 or mask >= 1 << self._n:
            raise InvalidInputError(f"mask: {mask} is not a coalition of {self._n} players")
        return frozenset(self._players[i] for i in range(self._n) if mask >> i & 1)

    def value(self, coalition: Any) -> Any:
        """Worth of a coalition (a float, or a sympy expression for a symbolic game)."""
        mask = self.coalition_mask(coalition)
        if self._data is None:
            if mask == 0:
                return 0.0
            members = bool_matrix(np.array([mask]), self._n)
            return float(_call(self, members)[0])
        if self._data.numeric is not None:
            return float(self._data.numeric[mask])
        return self._data.symbolic[mask]

    def __getitem__(self, coalition: Any) -> Any:
        return self.value(coalition)

    def grand_value(self) -> Any:
        """``v(N)``: the worth (or cost) of the grand coalition."""
        return self.value(range(self._n))

    def evaluate(self, members: np.ndarray) -> np.ndarray:
        """Worths of a batch of coalitions given as a boolean matrix ``(k, n)`` (numeric games)."""
        members = np.asarray(members)
        if members.ndim != 2 or members.shape[1] != self._n or members.dtype != bool:
            raise InvalidInputError(f"members: expected a boolean matrix with {self._n} columns, "
                                    f"got dtype {members.dtype} and shape {members.shape}")
        if self._data is None:
            out = np.zeros(members.shape[0])
            nonempty = members.any(axis=1)
            if nonempty.any():
                out[nonempty] = _call(self, members[nonempty])
            return out
        require_numeric(self.free_symbols, "evaluate")
        assert self._data.numeric is not None
        masks = members.astype(np.int64) @ (np.int64(1) << np.arange(self._n, dtype=np.int64))
        return self._data.numeric[masks]

    # ------------------------------------------------------------------ transformations
    def subs(self, mapping: Mapping[Any, Any] | None = None, /, **kwargs: Any) -> CoalitionalGame:
        """Substitute values for symbols; returns a new game.

        Keys are sympy symbols or their names.

        Examples
        --------
        >>> import sympy as sp, coinnovation as co
        >>> a = sp.Symbol("a")
        >>> g = co.CoalitionalGame([0, 1, 1, a])
        >>> g.subs({a: 4}).values.tolist()
        [0.0, 1.0, 1.0, 4.0]
        """
        resolved = resolve_substitutions(self.free_symbols, mapping, kwargs)
        arr = self._table().symbolic
        new = [sp.sympify(e).xreplace(resolved) for e in arr.tolist()]
        return CoalitionalGame(np.array([*new, None], dtype=object)[:-1], players=self._players,
                               cost=self._cost)

    def with_players(self, players: Sequence[str]) -> CoalitionalGame:
        """The same game with other player names."""
        return self._replace(self._table(), players=check_names(players, self._n))

    def with_grand_value(self, value: Any) -> CoalitionalGame:
        """The same game with ``v(N)`` replaced by ``value`` (a subsidised alliance)."""
        arr = self._table()
        full = (1 << self._n) - 1
        if arr.numeric is not None and not isinstance(value, (sp.Basic, Fraction)):
            v = arr.numeric.copy()
            v[full] = value
            return CoalitionalGame(v, players=self._players, cost=self._cost)
        s = arr.symbolic.copy()
        s[full] = sp.sympify(value)
        return CoalitionalGame(s, players=self._players, cost=self._cost)

    def savings_game(self) -> CoalitionalGame:
        """For a cost game ``c``: the savings game ``s(S) = Σ_{i∈S} c({i}) − c(S)``.

        A profit game is returned unchanged.
        """
        if not self._cost:
            return self
        return CoalitionalGame(self._savings_values(), players=self._players)

    def _savings_values(self) -> np.ndarray:
        arr = self._table()
        single = self.singleton_worths()
        if arr.numeric is not None:
            return subset_sums(single, self._n) - arr.numeric
        s = subset_sums(single, self._n, dtype=object) - arr.symbolic
        return np.array([sp.expand(e) for e in s.tolist()] + [None], dtype=object)[:-1]

    def singleton_worths(self) -> np.ndarray:
        """``v({i})`` (or ``c({i})``) of every player, as floats or sympy expressions."""
        arr = self._table()
        idx = 1 << np.arange(self._n)
        if arr.numeric is not None:
            return arr.numeric[idx]
        return np.array([arr.symbolic[int(k)] for k in idx] + [None], dtype=object)[:-1]

    def profit_game(self) -> CoalitionalGame:
        """The game itself for a profit game; the savings game of a cost game."""
        return self.savings_game() if self._cost else self

    def _replace(self, data: ConvertedArray, *, players: tuple[str, ...]) -> CoalitionalGame:
        game = CoalitionalGame.__new__(CoalitionalGame)
        game._cost = self._cost
        game._n = self._n
        game._players = players
        game._function = None
        game._data = data
        return game

    # ------------------------------------------------------------------ surplus & properties
    def surplus(self, coalition: Any) -> Any:
        """The cooperative surplus (合作剩余) of a coalition: ``v(S) − Σ_{i∈S} v({i})``.

        For a cost game: the saving ``Σ_{i∈S} c({i}) − c(S)``.
        """
        mask = self.coalition_mask(coalition)
        members = [i for i in range(self._n) if mask >> i & 1]
        own = self.value(self._players[i] for i in members) if members else 0
        alone = sum((self.value([i]) for i in members), start=0)
        out = (alone - own) if self._cost else (own - alone)
        return sp.expand(out) if isinstance(out, sp.Basic) else float(out)

    def surplus_values(self) -> np.ndarray:
        """The surplus of every coalition in bitmask order (the zero-normalised game)."""
        if self._cost:
            return self._savings_values()
        arr = self._table()
        single = self.singleton_worths()
        if arr.numeric is not None:
            return arr.numeric - subset_sums(single, self._n)
        s = arr.symbolic - subset_sums(single, self._n, dtype=object)
        return np.array([sp.expand(e) for e in s.tolist()] + [None], dtype=object)[:-1]

    def harsanyi_dividends(self) -> np.ndarray:
        r"""Harsanyi dividends :math:`d(T) = \sum_{S\subseteq T}(-1)^{|T|-|S|} v(S)`.

        ``v(S) = Σ_{T ⊆ S} d(T)``; the Shapley value gives each member of ``T``
        the share ``d(T)/|T|``. Floats, or simplified sympy expressions.
        """
        arr = self._table()
        if arr.numeric is not None:
            return mobius(arr.numeric, self._n)
        d = mobius(arr.symbolic.copy(), self._n)
        return np.array([sp.expand(e) for e in d.tolist()] + [None], dtype=object)[:-1]

    def _check_all(self, diffs: np.ndarray, what: str) -> bool:
        if diffs.dtype != object:
            scale = float(np.max(np.abs(self._table().numeric))) if self._data is not None else 1.0
            return bool(np.all(diffs >= -TOL * max(1.0, scale)))
        for e in diffs.tolist():
            if not decide_nonnegative(e, what):
                return False
        return True

    def _base(self) -> np.ndarray:
        g = self.profit_game()
        arr = g._table()
        return arr.numeric if arr.numeric is not None else arr.symbolic

    @property
    def is_monotone(self) -> bool:
        """``v(S) <= v(T)`` whenever ``S ⊆ T`` (checked as ``v(S ∪ {i}) >= v(S)``).

        For a cost game: of its savings game. Symbolic games are decided from the
        symbols' assumptions (:class:`~coinnovation.errors.UndecidableError` otherwise).
        """
        v = self._base()
        parts = []
        for i in range(self._n):
            view = v.reshape(-1, 2, 1 << i)
            parts.append((view[:, 1, :] - view[:, 0, :]).ravel())
        return self._check_all(np.concatenate(parts), "is_monotone")

    @property
    def is_superadditive(self) -> bool:
        """``v(S ∪ T) >= v(S) + v(T)`` for all disjoint ``S``, ``T`` (O(3**n) checks).

        For a cost game: of its savings game (subadditive costs).
        """
        v = self._base()
        n = self._n
        full = (1 << n) - 1
        diffs = []
        for t in range(1, 1 << n):
            comp = full & ~t
            low = (t & -t).bit_length() - 1
            # each unordered pair {T, R} once: the lowest player of T ∪ R is in T
            bits = [i for i in range(low + 1, n) if comp >> i & 1]
            if not bits:
                continue
            subs = subset_sums(np.array([1 << i for i in bits], dtype=np.int64), len(bits),
                               dtype=np.int64)[1:]
            diffs.append(v[t | subs] - v[t] - v[subs])
        if not diffs:
            return True
        return self._check_all(np.concatenate(diffs), "is_superadditive")

    @property
    def is_convex(self) -> bool:
        """Supermodular: ``v(S ∪ {i,j}) − v(S ∪ {i}) − v(S ∪ {j}) + v(S) >= 0``.

        Convex games have a large core containing the Shapley value
        (Shapley 1971). For a cost game: of its savings game (concave costs).
        """
        v = self._base()
        n = self._n
        parts = []
        for i in range(n):
            for j in range(i + 1, n):
                view = v.reshape(-1, 2, 1 << (j - i - 1), 2, 1 << i)
                parts.append((view[:, 1, :, 1, :] - view[:, 1, :, 0, :]
                              - view[:, 0, :, 1, :] + view[:, 0, :, 0, :]).ravel())
        if not parts:
            return True
        return self._check_all(np.concatenate(parts), "is_convex")

    @property
    def is_essential(self) -> bool:
        """``v(N) > Σ v({i})``: the grand coalition creates a positive surplus."""
        s = self.surplus(range(self._n))
        if isinstance(s, sp.Basic):
            return decide_positive(s, "is_essential")
        scale = float(np.max(np.abs(self._table().numeric)))
        return bool(s > TOL * max(1.0, scale))

    @property
    def is_balanced(self) -> bool:
        """The core is non-empty (Bondareva 1963; Shapley 1967); decided by a linear program.

        ``min x(N) s.t. x(S) >= v(S)`` for every proper coalition is at most
        ``v(N)`` (see :func:`coinnovation.cost_of_stability`).
        """
        from ..coalitional._cover import min_cover  # late: the LP solver (highspy) loads on first use

        require_numeric(self.free_symbols, "is_balanced")
        v = np.asarray(self.profit_game().values, dtype=float)
        obj, _ = min_cover(v, self._n)
        return bool(obj - v[-1] <= atol_for(v))

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        kind = "cost" if self._cost else "profit"
        sym = ", symbolic" if self.is_symbolic else ""
        if self._data is None:
            return (f"CoalitionalGame(players={list(self._players)}, {kind}, "
                    f"function-defined)")
        head = f"CoalitionalGame(players={list(self._players)}, {kind}{sym})"
        if self._n <= 4:
            return head + "\n" + self.table()
        return head

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        """Title, header and rows (coalition, size, worth) for display; function games untabulated."""
        kind = "cost" if self._cost else "profit"
        title = f"CoalitionalGame: {', '.join(self._players)}; {kind} game"
        if self._data is None:
            return title + ", defined by a function (not tabulated)", ["coalition", "size", "worth"], []
        vals = self.values
        rows: list[list[Any]] = []
        for mask in range(1, 1 << self._n):
            if limit is not None and len(rows) >= limit:
                break
            members = [self._players[i] for i in range(self._n) if mask >> i & 1]
            rows.append(["{" + ", ".join(members) + "}", len(members), vals[mask]])
        return title + shown(rows, limit, (1 << self._n) - 1), ["coalition", "size", "worth"], rows

    def table(self) -> str:
        """A plain-text table of the worths, one line per non-empty coalition."""
        vals = self.values
        rows = []
        for mask in range(1, 1 << self._n):
            names = ", ".join(self._players[i] for i in range(self._n) if mask >> i & 1)
            v = vals[mask]
            rows.append(f"  v({{{names}}}) = {v:g}" if isinstance(v, float)
                        else f"  v({{{names}}}) = {v}")
        return "\n".join(rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CoalitionalGame):
            return NotImplemented
        if (self._n, self._players, self._cost) != (other._n, other._players, other._cost):
            return False
        a, b = self._table(), other._table()
        if a.is_symbolic or b.is_symbolic:
            return all(sp.simplify(x - y) == 0
                       for x, y in zip(a.symbolic.tolist(), b.symbolic.tolist(), strict=True))
        assert a.numeric is not None and b.numeric is not None
        return bool(np.array_equal(a.numeric, b.numeric))

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------- helpers
def _convert(values: Any) -> ConvertedArray:
    try:
        return convert_array(values, name="values", ndim=1)
    except InvalidGameError:
        raise
    except InvalidInputError as exc:
        raise InvalidGameError(str(exc)) from None


def _check_empty(data: ConvertedArray) -> None:
    if data.numeric is not None:
        if data.numeric[0] != 0:
            raise InvalidGameError(f"values: v(∅) must be 0, got {data.numeric[0]!r}")
        return
    e = sp.sympify(data.symbolic[0])
    if not (e == 0 or sp.simplify(e) == 0):
        raise InvalidGameError(f"values: v(∅) must be 0, got {e}")


def _mask(coalition: Any, index: Callable[[Any], int], name: str) -> int:
    if isinstance(coalition, (bool, np.bool_)):
        raise InvalidInputError(f"{name}: expected players (names or indices), got {coalition!r}")
    if isinstance(coalition, str):
        return 1 << index(coalition)
    if isinstance(coalition, (int, np.integer)):
        raise InvalidInputError(
            f"{name}: got the integer {coalition}; pass a tuple or frozenset of players, "
            f"e.g. ({coalition},) for a one-player coalition (bitmasks index game.values)")
    if not isinstance(coalition, Iterable):
        raise InvalidInputError(f"{name}: expected an iterable of players, got {coalition!r}")
    mask = 0
    for p in coalition:
        bit = 1 << index(p)
        if mask & bit:
            raise InvalidInputError(f"{name}: player {p!r} is listed twice in {coalition!r}")
        mask |= bit
    return mask


def _call(game: CoalitionalGame, members: np.ndarray) -> np.ndarray:
    assert game._function is not None
    try:
        out = game._function(members)
    except Exception as exc:
        raise InvalidGameError(f"function: raised {type(exc).__name__}: {exc}") from exc
    arr = np.asarray(out, dtype=float) if not isinstance(out, np.ndarray) else out
    if arr.shape != (members.shape[0],):
        raise InvalidGameError(f"function: expected {members.shape[0]} worths for a batch of "
                               f"{members.shape[0]} coalitions, got shape {np.shape(out)}")
    if arr.dtype.kind not in "iuf":
        raise InvalidGameError(f"function: expected numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        raise InvalidGameError("function: returned a NaN or infinite worth")
    return arr


def _tabulate(game: CoalitionalGame) -> ConvertedArray:
    n = game._n
    if n > MAX_TABULATED_PLAYERS:
        raise InvalidGameError(
            f"the game has {n} players: its table of 2**{n} worths is too large; "
            "use a sampling method (e.g. co.shapley_value(game, method='sampling'))")
    check_table_memory(n, TABULATE_BYTES, "tabulating the worths")
    size = 1 << n
    vals = np.zeros(size, dtype=np.float64)
    for start in range(1, size, _FUNCTION_CHUNK):
        stop = min(size, start + _FUNCTION_CHUNK)
        masks = np.arange(start, stop, dtype=np.int64)
        vals[start:stop] = _call(game, bool_matrix(masks, n))
    return ConvertedArray(vals, None, frozenset())

