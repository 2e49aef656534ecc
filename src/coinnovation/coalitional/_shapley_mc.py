r"""Monte-Carlo Shapley values in fixed blocks of permutations, on any executor.

For games with hundreds of players (a cluster of firms, 产业集群), given by
:meth:`coinnovation.CoalitionalGame.from_function`. The orders are drawn in
*blocks* of ``B`` permutations; block :math:`b` uses its own generator, seeded
by child :math:`b` of one :class:`numpy.random.SeedSequence`, and is
evaluated vectorized (all ``B·n`` prefix coalitions of the block in one call
of the game's function). The blocks run through :func:`coinnovation.sweep`,
so they can go to threads, processes or a dask cluster; each returns its
count, mean and sum of squared deviations per player, and the summaries are
merged in block order (Chan, Golub & LeVeque 1979). The estimate and its
standard errors :math:`\hat\sigma_i/\sqrt{m}` are therefore the same numbers
whatever the executor, the chunking and the number of workers.

With a target ``precision`` the blocks run in waves of a fixed number of
blocks and sampling stops after the first wave whose intervals are narrow
enough — again independent of the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._util.rng import child_generator
from ..errors import ConvergenceError, InvalidInputError
from ..sweep import ChunkError, sweep
from ._shapley import _batch_contributions, sampling_setup

__all__ = ["shapley_sampling_blocks"]

_WAVE_BLOCKS = 32


@dataclass(frozen=True)
class _PermutationBlocks:
    """Summaries ``(count, mean, m2)`` of blocks of random orders (picklable)."""

    game: Any
    n: int
    table: np.ndarray | None
    block: int
    total: int
    root: np.random.SeedSequence

    def __call__(self, block: np.ndarray) -> dict[str, np.ndarray]:
        k = block.size
        counts = np.empty(k, dtype=np.int64)
        means = np.empty((k, self.n))
        m2s = np.empty((k, self.n))
        for r, b in enumerate(block.tolist()):
            m = min(self.block, self.total - b * self.block)
            rng = child_generator(self.root, b)
            contrib = _batch_contributions(self.game, self.n, m, rng, self.table)
            counts[r] = m
            means[r] = contrib.mean(axis=0)
            m2s[r] = ((contrib - means[r]) ** 2).sum(axis=0)
        return {"count": counts, "mean": means, "m2": m2s}


def _merge(count: int, mean: np.ndarray, m2: np.ndarray, counts: np.ndarray, means: np.ndarray,
           m2s: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Fold block summaries into a running one, in order (deterministic)."""
    for k, bmean, bm2 in zip(counts.tolist(), means, m2s, strict=True):
        total = count + k
        delta = bmean - mean
        mean = mean + delta * (k / total)
        m2 = m2 + bm2 + delta ** 2 * (count * k / total)
        count = total
    return count, mean, m2


def shapley_sampling_blocks(game: Any, *, n_samples: int | None, root: np.random.SeedSequence,
                            confidence: float, precision: float | None, max_samples: int,
                            block_size: int | None, executor: Any, chunk_size: int | None,
                            progress: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Block-seeded estimate: ``(mean, standard errors, intervals (n, 2), samples)``."""
    n = game.n_players
    table, block_size, z = sampling_setup(game, confidence, block_size)
    target = n_samples if precision is None else max_samples
    assert target is not None
    n_blocks = -(-target // block_size)
    task = _PermutationBlocks(None if table is not None else game, n, table, block_size, target, root)
    wave = n_blocks if precision is None else _WAVE_BLOCKS
    count, mean, m2 = 0, np.zeros(n), np.zeros(n)
    se = np.full(n, np.inf)
    for first in range(0, n_blocks, wave):
        blocks = np.arange(first, min(first + wave, n_blocks))
        try:
            r = sweep(task, {"block": blocks}, executor=executor, progress=progress,
                      chunk_size=chunk_size if chunk_size is not None
                      else max(1, -(-blocks.size // 16)))
        except ChunkError as exc:
            # the game's own error (its function raised, returned a wrong shape) keeps its
            # type, with the block named, the same with or without an executor
            if isinstance(exc.__cause__, InvalidInputError):
                raise type(exc.__cause__)(str(exc)) from exc
            raise
        count, mean, m2 = _merge(count, mean, m2, r["count"], r["mean"], r["m2"])
        se = np.sqrt(m2 / (count - 1) / count) if count >= 2 else np.full(n, np.inf)
        if precision is not None and count >= 30 and float(np.max(z * se)) <= precision:
            break
    if precision is not None and float(np.max(z * se)) > precision:
        raise ConvergenceError(
            f"precision: the {confidence:.0%} intervals of the sampled Shapley value are still "
            f"±{float(np.max(z * se)):.3g} wide after max_samples={max_samples} permutations "
            f"(asked for ±{precision:g}); raise max_samples or loosen precision")
    ci = np.column_stack([mean - z * se, mean + z * se])
    return mean, se, ci, count
