"""Explicit randomness: every public function takes ``rng=None``."""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError

__all__ = ["as_generator"]


def as_generator(rng: int | np.random.Generator | np.random.SeedSequence | None) -> np.random.Generator:
    """Normalise ``rng`` (None, a seed, a SeedSequence or a Generator) to a Generator."""
    if rng is None or isinstance(rng, (int, np.integer, np.random.SeedSequence)):
        if isinstance(rng, (int, np.integer)) and rng < 0:
            raise InvalidInputError(f"rng: a seed must be a non-negative integer, got {rng}")
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise InvalidInputError(
        f"rng: expected None, an int seed, a numpy SeedSequence or Generator, got {type(rng).__name__}"
    )
