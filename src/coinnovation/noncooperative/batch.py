"""The result of solving a :class:`~coinnovation.GameBatch`: every game's Nash equilibria."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

import numpy as np

from .._util.tolerance import TOL
from ..errors import DegenerateGameWarning, InvalidInputError, SolverError
from ..games.batch import GameBatch
from ._small import binary_equilibria, two_by_two_batch
from .equilibrium import Equilibria, Equilibrium

__all__ = ["BatchEquilibria", "batch_regrets", "solve_batch"]


class BatchEquilibria(Sequence[list[Equilibrium]]):
    """The Nash equilibria of each game of a batch, stored as arrays.

    ``result[g]`` is the list of :class:`~coinnovation.Equilibrium` of game ``g``,
    the list ``co.nash_equilibria(batch[g])`` returns (built on demand). The
    arrays hold all of them at once, one row per equilibrium, rows grouped by
    game in order.

    Attributes
    ----------
    game : numpy.ndarray
        ``(r,)``: the game of each row.
    strategies : tuple of numpy.ndarray
        Player ``i``'s mixed strategies, ``(r, m_i)``.
    payoffs : numpy.ndarray
        ``(r, n)``: each player's expected payoff.
    counts : numpy.ndarray
        ``(k,)``: the number of equilibria of each game.
    degenerate : numpy.ndarray
        ``(k,)`` booleans: the games the general algorithm reported degenerate
        (see :class:`~coinnovation.errors.DegenerateGameWarning`).

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> a = np.array([0.5, 2.0])
    >>> A = np.zeros((2, 2, 2)); A[:, 0, 0] = a; A[:, 1, 1] = 1.0
    >>> result = co.nash_equilibria(co.GameBatch([A, A]))
    >>> result.counts
    array([3, 3])
    >>> [round(float(e.strategies[0][0]), 4) for e in result[1]]   # 1/(1+a) for the mixed one
    [1.0, 0.3333, 0.0]
    """

    def __init__(self, game: np.ndarray, strategies: Sequence[np.ndarray], payoffs: np.ndarray,
                 n_games: int, degenerate: np.ndarray, players: tuple[str, ...],
                 labels: tuple[tuple[str, ...], ...]) -> None:
        self.game = game
        self.strategies = tuple(strategies)
        self.payoffs = payoffs
        self.counts = np.bincount(game, minlength=n_games)
        self.degenerate = degenerate
        self._start = np.concatenate([[0], np.cumsum(self.counts)])
        self._players = players
        self._labels = labels

    def __len__(self) -> int:
        return len(self.counts)

    @overload
    def __getitem__(self, index: int) -> list[Equilibrium]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[Equilibrium]]: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[g] for g in range(*index.indices(len(self)))]
        k = len(self)
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise InvalidInputError(f"index: expected an integer, got {index!r}")
        if not -k <= int(index) < k:
            raise InvalidInputError(f"index: {index} out of range for {k} games")
        g = int(index) % k
        rows = range(int(self._start[g]), int(self._start[g + 1]))
        return Equilibria(Equilibrium(tuple(S[r].copy() for S in self.strategies),
                                      tuple(self.payoffs[r].tolist()), self._players, self._labels)
                          for r in rows)

    def __iter__(self) -> Iterator[list[Equilibrium]]:
        return (self[g] for g in range(len(self)))

    def outputs(self) -> dict[str, np.ndarray]:
        """Per-game columns for a table or :func:`coinnovation.sweep`.

        ``n_equilibria``, ``n_pure``, ``n_mixed`` (counts) and ``degenerate``.
        """
        pure = np.ones(len(self.game), dtype=bool)
        for S in self.strategies:
            pure &= np.count_nonzero(S, axis=1) == 1
        n_pure = np.bincount(self.game[pure], minlength=len(self))
        return {"n_equilibria": self.counts, "n_pure": n_pure, "n_mixed": self.counts - n_pure,
                "degenerate": self.degenerate}

    def __repr__(self) -> str:
        return (f"BatchEquilibria({len(self)} games, {len(self.game)} equilibria, "
                f"{int(self.degenerate.sum())} degenerate)")


def batch_regrets(u: np.ndarray, sigma: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs and regrets ``(r, n)`` of row ``r``'s profile in its game ``u[r]`` (r, n, *shape)."""
    n = len(sigma)
    if n == 2 and u.shape[2:] == (2, 2):  # 2x2: the same sums written out (short axes are slow)
        x0, x1, y0, y1 = sigma[0][:, 0], sigma[0][:, 1], sigma[1][:, 0], sigma[1][:, 1]
        a, b = u[:, 0], u[:, 1]
        r0, r1 = a[:, 0, 0] * y0 + a[:, 0, 1] * y1, a[:, 1, 0] * y0 + a[:, 1, 1] * y1
        c0, c1 = b[:, 0, 0] * x0 + b[:, 1, 0] * x1, b[:, 0, 1] * x0 + b[:, 1, 1] * x1
        p = np.stack([r0 * x0 + r1 * x1, c0 * y0 + c1 * y1], axis=1)
        return p, np.stack([np.maximum(r0, r1), np.maximum(c0, c1)], axis=1) - p
    letters = "abcdefgh"[:n]
    pays, regs = [], []
    for i in range(n):
        spec = (f"z{letters}," + ",".join(f"z{letters[j]}" for j in range(n) if j != i)
                + f"->z{letters[i]}")
        W = np.einsum(spec, u[:, i], *(sigma[j] for j in range(n) if j != i))
        p = np.einsum("zk,zk->z", W, sigma[i])
        pays.append(p)
        regs.append(W.max(axis=1) - p)
    return np.stack(pays, axis=1), np.stack(regs, axis=1)


def solve_batch(batch: GameBatch, solve_one: Callable[..., list[Equilibrium]], *, method: str,
                exact: bool, tol: float | None, **options: Any) -> BatchEquilibria:
    """Every game of ``batch``: vectorized closed forms where they apply, else ``solve_one``.

    ``solve_one(game, method=..., exact=..., tol=..., **options)`` is the single-game
    solver (:func:`coinnovation.nash_equilibria`); its degeneracy warnings are gathered
    into one for the batch.
    """
    u = batch.payoff_array()
    k, n = len(batch), batch.n_players
    # the largest |payoff| of each game, reduced along the long (batch) axis: fast
    flat = np.abs(u.reshape(k, -1).T)
    scale = np.maximum(flat.max(axis=0), 1.0)
    atol = (TOL if tol is None else tol) * scale
    ok = np.zeros(k, dtype=bool)
    parts: list[tuple[np.ndarray, list[np.ndarray], np.ndarray]] = []
    if not exact and method in ("auto", "vertex", "support") and set(batch.shape) == {2} and n <= 3:
        game, P, ok = (two_by_two_batch if n == 2 else binary_equilibria)(u, atol)
        sigma = [np.stack([P[:, i], 1.0 - P[:, i]], axis=1) for i in range(n)]
        pays, regs = batch_regrets(u[game], sigma)
        bound = 10 * atol[game]
        failed = np.unique(game[np.logical_or.reduce([regs[:, i] > bound for i in range(n)])])
        ok[failed] = False  # defensive: the general algorithm solves them (never seen)
        keep = ok[game]
        parts.append((game[keep], [s[keep] for s in sigma], pays[keep]))
    degenerate = np.zeros(k, dtype=bool)
    for g in np.flatnonzero(~ok):
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always", DegenerateGameWarning)
            try:
                eqs = solve_one(batch[int(g)], method=method, exact=exact, tol=tol, **options)
            except SolverError as exc:
                raise type(exc)(f"game {int(g)} of the batch: {exc}") from exc
        degenerate[g] = any(issubclass(w.category, DegenerateGameWarning) for w in rec)
        for w in rec:
            if not issubclass(w.category, DegenerateGameWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        dtype = object if exact else float
        parts.append((np.full(len(eqs), g), [np.array([e.strategies[i] for e in eqs], dtype=dtype)
                                             .reshape(len(eqs), batch.shape[i]) for i in range(n)],
                      np.array([e.payoffs for e in eqs], dtype=dtype).reshape(len(eqs), n)))
    if degenerate.any():
        bad = np.flatnonzero(degenerate)
        warnings.warn(f"{len(bad)} game(s) of the batch are degenerate (games {bad[:10].tolist()}"
                      f"{'...' if len(bad) > 10 else ''}): their lists hold the extreme equilibria; "
                      "see result.degenerate", DegenerateGameWarning, stacklevel=3)
    game = np.concatenate([p[0] for p in parts]).astype(int)
    order = np.argsort(game, kind="stable")
    strategies = [np.concatenate([p[1][i] for p in parts])[order] for i in range(n)]
    payoffs = np.concatenate([p[2] for p in parts])[order]
    return BatchEquilibria(game[order], strategies, payoffs, k, degenerate, batch.players,
                           batch.strategies)
