"""Explicit randomness: every public function takes ``rng=None``.

Randomized routines that may run on an executor (threads, processes, dask)
split their work into fixed blocks whose number does not depend on the
workers, and draw block ``b`` from ``child_generator(root, b)``: the stream of
``root.spawn(b + 1)[b]``, computed without spawning the ``b`` streams before it.
The same seed therefore gives bit-identical results serially and on any
executor (:func:`root_seed` makes the root once per call).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidInputError

__all__ = ["as_generator", "child_generator", "child_seed", "root_seed"]


def as_generator(rng: int | np.random.Generator | np.random.SeedSequence | None) -> np.random.Generator:
    """Normalise ``rng`` (None, a seed, a SeedSequence or a Generator) to a Generator."""
    if rng is None or isinstance(rng, (int, np.integer, np.random.SeedSequence)):
        if isinstance(rng, bool):
            raise InvalidInputError(f"rng: expected None, an int seed, a numpy SeedSequence or "
                                    f"Generator, got {rng!r}")
        if isinstance(rng, (int, np.integer)) and rng < 0:
            raise InvalidInputError(f"rng: a seed must be a non-negative integer, got {rng}")
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise InvalidInputError(
        f"rng: expected None, an int seed, a numpy SeedSequence or Generator, got {type(rng).__name__}"
    )


def root_seed(rng: Any) -> np.random.SeedSequence:
    """The root SeedSequence of one call: ``SeedSequence(seed)`` for an int, the SeedSequence
    itself, fresh OS entropy for None, and four words drawn from a Generator (which advances it)."""
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence([int(x) for x in rng.integers(0, 2**63, size=4)])
    as_generator(rng)   # validates None / a non-negative int seed (named error otherwise)
    return np.random.SeedSequence(None if rng is None else int(rng))


def child_seed(root: np.random.SeedSequence, k: int) -> np.random.SeedSequence:
    """Child ``k`` of ``root``: the same stream as ``root.spawn(k + 1)[k]``."""
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, int(k)),
                                  pool_size=root.pool_size)


def child_generator(root: np.random.SeedSequence, k: int) -> np.random.Generator:
    """A Generator on the stream of block ``k`` (see :func:`child_seed`)."""
    return np.random.default_rng(child_seed(root, k))
