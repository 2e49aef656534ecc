"""Hostile input for ``co.sweep``: grids, chunk sizes, functions that raise or return wrong shapes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import coinnovation as co
from coinnovation.errors import InvalidInputError

from ._assert import Case, check, params

GRID = {"a": [1.0, 2.0, 3.0, 4.0]}


def ragged_width(a: np.ndarray) -> dict[str, np.ndarray]:
    """One column for the first point, two for the others: widths differ between chunks."""
    return {"v": np.ones((len(a), 1 if a[0] == 1.0 else 2))}


def renamed(a: np.ndarray) -> object:
    return {"v": a} if a[0] < 3 else {"w": a}


def threaded(function: object, chunk_size: int) -> object:
    def call() -> object:
        with ThreadPoolExecutor(2) as ex:
            return co.sweep(function, GRID, executor=ex, chunk_size=chunk_size)
    return call


CASES = [
    Case("function-not-callable", lambda: co.sweep(3, GRID), InvalidInputError, "function"),
    Case("grid-empty", lambda: co.sweep(lambda a: a, {}), InvalidInputError, "grid"),
    Case("grid-string", lambda: co.sweep(lambda a: a, "a"), InvalidInputError, "grid"),
    Case("grid-sets-differ", lambda: co.sweep(lambda a: a, [{"a": 1}, {"b": 2}]),
         InvalidInputError, "grid"),
    Case("grid-nan", lambda: co.sweep(lambda a: a, {"a": [1.0, float("nan")]}),
         InvalidInputError, "grid", ("'a'", "non-finite", "positions [1]")),
    Case("grid-inf-in-a-set", lambda: co.sweep(lambda a: a, [{"a": 1.0}, {"a": float("inf")}]),
         InvalidInputError, "grid", ("non-finite",)),
    Case("chunk-size-zero", lambda: co.sweep(lambda a: a, GRID, chunk_size=0), InvalidInputError,
         "chunk_size"),
    Case("chunk-size-negative", lambda: co.sweep(lambda a: a, GRID, chunk_size=-1),
         InvalidInputError, "chunk_size"),
    Case("chunk-size-float", lambda: co.sweep(lambda a: a, GRID, chunk_size=1.5),
         InvalidInputError, "chunk_size"),
    Case("block-size-zero", lambda: co.sweep(lambda a, rng: a, GRID, rng=1, block_size=0),
         InvalidInputError, "block_size"),
    Case("rng-string", lambda: co.sweep(lambda a, rng: a, GRID, rng="x"), InvalidInputError,
         "rng"),
    Case("progress-number", lambda: co.sweep(lambda a: a, GRID, progress=3), InvalidInputError,
         "progress"),
    Case("function-raises", lambda: co.sweep(lambda a: 1 / 0, GRID), co.ChunkError, "chunk 0",
         ("ZeroDivisionError",)),
    Case("function-raises-threaded", threaded(lambda a: 1 / 0, 2), co.ChunkError, "chunk",
         ("ZeroDivisionError",)),
    Case("too-many-rows", lambda: co.sweep(lambda a: np.ones(len(a) + 1), GRID), co.ChunkError,
         "function", ("shape",)),
    Case("scalar-output", lambda: co.sweep(lambda a: 3.0, GRID), co.ChunkError, "function"),
    Case("none-output", lambda: co.sweep(lambda a: None, GRID), co.ChunkError, "function"),
    Case("width-differs-between-chunks", lambda: co.sweep(ragged_width, GRID, chunk_size=1),
         co.ChunkError, "chunk 1", ("width 2", "width 1")),
    Case("width-differs-threaded", threaded(ragged_width, 1), co.ChunkError, "chunk 1",
         ("width 2", "width 1")),
    Case("outputs-differ-between-chunks", lambda: co.sweep(renamed, GRID, chunk_size=2),
         co.ChunkError, "chunk 1", ("['w']", "['v']")),
    Case("output-clashes-with-parameter", lambda: co.sweep(lambda a: {"a": a}, GRID),
         InvalidInputError, "function", ("clash",)),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_sweep_input_is_a_named_error(case: Case) -> None:
    check(case)


def test_the_chunk_error_carries_the_failing_chunk() -> None:
    def fail_on_three(a: np.ndarray) -> np.ndarray:
        if np.any(a == 3.0):
            raise ValueError("three")
        return a * 2
    with pytest.raises(co.ChunkError) as info:
        co.sweep(fail_on_three, GRID, chunk_size=1)
    assert (info.value.chunk, info.value.start, info.value.stop) == (2, 2, 3)
