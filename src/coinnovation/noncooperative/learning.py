r"""Learning in repeated play: fictitious play and stochastic fictitious play (two players).

**Fictitious play** (Brown 1951; Fudenberg & Levine 1998, *The Theory of
Learning in Games*, ch. 2). Each round, each player best-responds to the
empirical distribution of the other's past plays, :math:`a_i^{t+1} \in
\arg\max_k u_i(k, c_{-i}^t)` with play counts :math:`c^t` (ties broken
uniformly at random), and the counts are updated. In two-player zero-sum
games the empirical frequencies :math:`c^t/t` converge to the set of Nash
equilibria (Robinson 1951), e.g. to :math:`(1/2, 1/2)` in matching pennies;
in general games they need not converge (Shapley 1964).

**Stochastic fictitious play** (Fudenberg & Kreps 1993; Hofbauer & Sandholm
2002, *Econometrica* 70). Each player's expected payoffs against the other's
empirical distribution get an independent uniform perturbation in
:math:`[0, \bar\varepsilon)` and the player draws its play from the logit
(softmax) distribution with noise :math:`\eta`,
:math:`\Pr(k) \propto \exp(\tilde u_k / \eta)`.

These are the learning dynamics nashpy provides, with the same conventions
(counts start at zero, one round updates both players). coinnovation's own
implementation takes an explicit ``rng``: a :class:`numpy.random.RandomState`
seeded with ``s`` draws exactly what nashpy draws after ``np.random.seed(s)``,
so the two give identical paths (the tests check it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._util.rng import as_generator
from .._util.validation import finite_float, int_at_least, positive_float
from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame

__all__ = ["LearningPath", "fictitious_play", "stochastic_fictitious_play"]


@dataclass(frozen=True, eq=False)
class LearningPath:
    """The path of a learning dynamic: plays, play counts and empirical strategies.

    Attributes
    ----------
    plays : numpy.ndarray
        ``(T, 2)`` integers: the strategy each player played in each round.
    counts : tuple of numpy.ndarray
        Player ``i``'s play counts before round 1 and after each round,
        ``(T + 1, m_i)``.
    distributions : tuple of numpy.ndarray or None
        Stochastic fictitious play: the mixed strategy each player drew its
        play from in each round, ``(T, m_i)``; None for fictitious play.
    players : tuple of str
    labels : tuple of tuple of str
    """

    plays: np.ndarray
    counts: tuple[np.ndarray, ...]
    distributions: tuple[np.ndarray, ...] | None
    players: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]

    @property
    def iterations(self) -> int:
        """The number of rounds ``T``."""
        return int(self.plays.shape[0])

    @property
    def empirical(self) -> tuple[np.ndarray, ...]:
        """Empirical frequencies after each round, ``(T, m_i)`` per player (the play path)."""
        out = []
        for c in self.counts:
            tail = c[1:].astype(float)
            out.append(tail / tail.sum(axis=1, keepdims=True))
        return tuple(out)

    @property
    def final(self) -> list[np.ndarray]:
        """Each player's empirical mixed strategy after the last round."""
        return [e[-1] for e in self.empirical] if self.iterations else [
            np.full(c.shape[1], 1.0 / c.shape[1]) for c in self.counts]

    def __repr__(self) -> str:
        finals = "; ".join(f"{p}: {np.round(s, 4).tolist()}" for p, s in zip(self.players, self.final,
                                                                             strict=True))
        kind = "stochastic fictitious play" if self.distributions is not None else "fictitious play"
        return f"LearningPath({kind}, {self.iterations} rounds; {finals})"


def _setup(game: Any, iterations: Any, play_counts: Any, rng: Any, where: str
           ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], Any, int]:
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(f"{where}: game must be a coinnovation.NormalFormGame, "
                                f"got {type(game).__name__}")
    if game.n_players != 2:
        raise InvalidInputError(f"{where}: a two-player game is needed, got {game.n_players} players")
    A, B = game.payoff_array()  # raises SymbolicNotSupported for symbolic games
    T = int_at_least(iterations, "iterations", 0)
    if play_counts is None:
        counts = [np.zeros(m, dtype=np.int64) for m in game.shape]
    else:
        if isinstance(play_counts, (str, bytes)) or len(play_counts) != 2:
            raise InvalidInputError("play_counts: expected two count vectors, one per player")
        counts = []
        for i, c in enumerate(play_counts):
            arr = np.asarray(c)
            if (arr.shape != (game.shape[i],) or arr.dtype.kind not in "iu"
                    or np.any(arr < 0)):
                raise InvalidInputError(f"play_counts[{i}]: expected {game.shape[i]} non-negative "
                                        f"integers (player {game.players[i]!r}), got {c!r}")
            counts.append(arr.astype(np.int64))
    gen = rng if isinstance(rng, np.random.RandomState) else as_generator(rng)
    return A, B, counts, gen, T


def fictitious_play(game: NormalFormGame, iterations: int, *,
                    play_counts: Sequence[Sequence[int]] | None = None,
                    rng: int | np.random.Generator | np.random.RandomState | None = None
                    ) -> LearningPath:
    r"""Fictitious play in a two-player game; see :mod:`coinnovation.noncooperative.learning`.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    iterations : int
        Number of rounds ``T`` (0 or more).
    play_counts : pair of integer vectors, optional
        Initial play counts (default zeros: the first round is a uniformly random tie).
    rng : int, numpy Generator or RandomState, optional
        Breaks ties between best responses. A ``RandomState(s)`` reproduces
        ``nashpy.Game(A, B).fictitious_play`` after ``np.random.seed(s)``.

    Returns
    -------
    LearningPath
        ``final`` holds the empirical mixed strategies after the last round.

    Examples
    --------
    Matching pennies: the empirical frequencies approach the mixed equilibrium (1/2, 1/2):

    >>> import coinnovation as co
    >>> pennies = co.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> path = co.fictitious_play(pennies, 5000, rng=0)
    >>> [abs(float(s[0]) - 0.5) < 0.02 for s in path.final]
    [True, True]
    """
    A, B, counts, gen, T = _setup(game, iterations, play_counts, rng, "fictitious_play")
    mats = (A, B.T)
    history = [np.empty((T + 1, len(c)), dtype=np.int64) for c in counts]
    for i in range(2):
        history[i][0] = counts[i]
    legacy = isinstance(gen, np.random.RandomState)  # nashpy draws even without a tie
    plays = np.zeros((T, 2), dtype=np.int64)
    for t in range(T):
        for i in range(2):
            util = mats[i] @ history[1 - i][t]
            best = np.flatnonzero(util == util.max())
            plays[t, i] = gen.choice(best) if legacy or len(best) > 1 else best[0]
        for i in range(2):
            history[i][t + 1] = history[i][t]
            history[i][t + 1, plays[t, i]] += 1
    return LearningPath(plays, tuple(history), None, game.players, game.strategies)


def stochastic_fictitious_play(game: NormalFormGame, iterations: int, *, eta: float = 0.1,
                               epsilon_bar: float = 0.01,
                               play_counts: Sequence[Sequence[int]] | None = None,
                               rng: int | np.random.Generator | np.random.RandomState | None = None
                               ) -> LearningPath:
    r"""Stochastic fictitious play in a two-player game (logit responses to perturbed payoffs).

    Each round each player computes its expected payoffs against the other's
    empirical distribution (uniform before any play), adds independent
    uniform noise in ``[0, epsilon_bar)``, and draws its play from
    :math:`\Pr(k) \propto \exp(\tilde u_k/\eta)` (computed stably, with the
    largest exponent subtracted, so large payoffs do not overflow). Hofbauer &
    Sandholm (2002) show convergence to a perturbed (logit-like) equilibrium in
    zero-sum games; the smaller ``eta``, the closer to a Nash equilibrium.

    Parameters
    ----------
    game : NormalFormGame
        A numeric two-player game.
    iterations : int
        Number of rounds.
    eta : float
        Logit noise :math:`\eta > 0` (nashpy calls it ``etha``).
    epsilon_bar : float
        Width of the payoff perturbation (0 or more).
    play_counts : pair of integer vectors, optional
        Initial play counts.
    rng : int, numpy Generator or RandomState, optional
        A ``RandomState(s)`` reproduces ``nashpy.Game(A, B).stochastic_fictitious_play``
        after ``np.random.seed(s)``.

    Returns
    -------
    LearningPath
        With ``distributions``: the logit mixed strategy of each round.

    Examples
    --------
    >>> import coinnovation as co
    >>> pennies = co.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> path = co.stochastic_fictitious_play(pennies, 3000, rng=1)
    >>> [abs(float(s[0]) - 0.5) < 0.05 for s in path.final]
    [True, True]
    """
    A, B, counts, gen, T = _setup(game, iterations, play_counts, rng, "stochastic_fictitious_play")
    eta_f = positive_float(eta, "eta")
    eps = finite_float(epsilon_bar, "epsilon_bar")
    if eps < 0:
        raise InvalidInputError(f"epsilon_bar: must be non-negative, got {epsilon_bar!r}")
    mats = (A, B.T)
    history = [np.empty((T + 1, len(c)), dtype=np.int64) for c in counts]
    for i in range(2):
        history[i][0] = counts[i]
    dists = [np.zeros((T, m)) for m in game.shape]
    plays = np.zeros((T, 2), dtype=np.int64)
    for t in range(T):
        for i in range(2):
            c = history[1 - i][t]
            total = c.sum()
            belief = np.full(len(c), 1.0 / len(c)) if total == 0 else c / total
            noisy = mats[i] @ belief + gen.random(mats[i].shape[0]) * eps
            z = np.exp((noisy - noisy.max()) / eta_f)
            dists[i][t] = z / z.sum()
        for i in range(2):
            plays[t, i] = gen.choice(len(dists[i][t]), p=dists[i][t])
        for i in range(2):
            history[i][t + 1] = history[i][t]
            history[i][t + 1, plays[t, i]] += 1
    return LearningPath(plays, tuple(history), tuple(dists), game.players, game.strategies)
