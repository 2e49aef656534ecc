"""Many normal-form games of one shape at once (a parameter grid of games, 批量博弈)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from .._util.naming import check_labels
from ..errors import InvalidGameError
from .normal_form import NormalFormGame

__all__ = ["GameBatch"]


class GameBatch:
    r"""A stack of ``k`` numeric normal-form games of the same shape.

    Game :math:`g` of the batch gives player :math:`i` the payoff
    ``payoffs[i][g, a_0, ..., a_{n-1}]`` at the pure profile
    :math:`(a_0,\dots,a_{n-1})`: one array per player, as for
    :class:`NormalFormGame`, with a leading batch axis.
    :func:`coinnovation.nash_equilibria` solves a whole batch in one call,
    vectorized over the batch axis for 2x2 and 2x2x2 games, and returns a
    :class:`~coinnovation.BatchEquilibria` (one list of equilibria per game).

    Parameters
    ----------
    payoffs : sequence of array_like
        One array of shape ``(k, m_0, ..., m_{n-1})`` per player: finite real
        numbers (floats; integers up to 2**53).
    players, strategies : optional
        Names and strategy labels, shared by every game (as for
        :class:`NormalFormGame`).

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when the arrays disagree in shape, have the wrong number of axes, or
        hold NaN, infinite, boolean or non-numeric entries.

    Examples
    --------
    The coordination game ``[[a, 0], [0, 1]]`` for three values of ``a``:

    >>> import numpy as np, coinnovation as co
    >>> a = np.array([0.5, 1.0, 2.0])
    >>> A = np.zeros((3, 2, 2)); A[:, 0, 0] = a; A[:, 1, 1] = 1.0
    >>> batch = co.GameBatch([A, A])
    >>> len(batch), batch.shape
    (3, (2, 2))
    >>> batch[2].payoff((0, 0))
    (2.0, 2.0)
    """

    __slots__ = ("_players", "_shape", "_strategies", "_u")

    def __init__(self, payoffs: Sequence[Any], *, players: Sequence[str] | None = None,
                 strategies: Sequence[Sequence[str]] | None = None) -> None:
        if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, (Sequence, np.ndarray)):
            raise InvalidGameError("payoffs: expected one payoff array per player, each with a "
                                   "leading batch axis")
        arrays = [_numeric(p, f"payoffs[{i}]") for i, p in enumerate(payoffs)]
        n = len(arrays)
        if n < 1:
            raise InvalidGameError("payoffs: a game needs at least one player")
        full = arrays[0].shape
        for i, a in enumerate(arrays):
            if a.ndim != n + 1:
                raise InvalidGameError(
                    f"payoffs[{i}]: a batch of {n}-player games needs arrays with {n + 1} axes "
                    f"(the batch, then one per player), got shape {a.shape}")
            if a.shape != full:
                raise InvalidGameError(f"payoffs[{i}]: shape {a.shape} differs from payoffs[0]'s "
                                       f"shape {full}")
        if full[0] < 1 or any(m < 1 for m in full[1:]):
            raise InvalidGameError(f"payoffs: need at least one game and one strategy per player, "
                                   f"got shape {full}")
        self._u = np.ascontiguousarray(np.stack(arrays, axis=1))
        self._shape = tuple(int(m) for m in full[1:])
        self._players = (tuple(f"player {i}" for i in range(n)) if players is None
                         else check_labels(players, n, name="players"))
        if strategies is None:
            self._strategies = tuple(tuple(f"s{j}" for j in range(m)) for m in self._shape)
        else:
            if isinstance(strategies, str) or len(strategies) != n:
                raise InvalidGameError(f"strategies: expected one label sequence per player ({n})")
            self._strategies = tuple(check_labels(s, m, name=f"strategies[{i}]")
                                     for i, (s, m) in enumerate(zip(strategies, self._shape,
                                                                    strict=True)))

    @classmethod
    def from_games(cls, games: Sequence[NormalFormGame]) -> GameBatch:
        """Stack numeric games of one shape (names and labels from the first)."""
        games = list(games)
        if not games or not all(isinstance(g, NormalFormGame) for g in games):
            raise InvalidGameError("games: expected a non-empty sequence of NormalFormGame")
        if any(g.shape != games[0].shape for g in games):
            raise InvalidGameError("games: every game of a batch must have the same shape")
        u = np.stack([g.payoff_array() for g in games])
        return cls(list(np.moveaxis(u, 1, 0)), players=games[0].players,
                   strategies=games[0].strategies)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._shape)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of pure strategies of each player (the same in every game)."""
        return self._shape

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Strategy labels of each player."""
        return self._strategies

    def payoff_array(self) -> np.ndarray:
        """Float payoffs of shape ``(k, n, *shape)`` (a copy)."""
        return self._u.copy()

    def __len__(self) -> int:
        return int(self._u.shape[0])

    def __getitem__(self, index: int) -> NormalFormGame:
        k = len(self)
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise InvalidGameError(f"index: expected an integer, got {index!r}")
        if not -k <= int(index) < k:
            raise InvalidGameError(f"index: {index} out of range for a batch of {k} games")
        return NormalFormGame(list(self._u[int(index)]), players=self._players,
                              strategies=self._strategies)

    def __iter__(self) -> Iterator[NormalFormGame]:
        return (self[g] for g in range(len(self)))

    def __repr__(self) -> str:
        return f"GameBatch({len(self)} games, players={list(self._players)}, shape={self._shape})"


def _numeric(data: Any, name: str) -> np.ndarray:
    try:
        arr = np.asarray(data)
    except (ValueError, TypeError) as exc:
        raise InvalidGameError(f"{name}: not an array of numbers ({exc})") from None
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise InvalidGameError(f"{name}: expected real numbers, got dtype {arr.dtype} "
                               "(a batch is numeric: substitute symbols first)")
    if arr.dtype.kind in "iu" and arr.size and np.abs(arr).max() > 2**53:
        raise InvalidGameError(f"{name}: integer entries beyond 2**53 lose precision as floats")
    out = arr.astype(np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidGameError(f"{name}: entry {idx} is {out[idx]} (payoffs must be finite)")
    return out
