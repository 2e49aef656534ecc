"""Hostile input for ``regime_map``: axes, grid sizes, chunking, criteria."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import InvalidInputError

from ._assert import Case, check, params

S, T = sp.symbols("S T", real=True)
GAME = co.NormalFormGame([[[S, 0], [0, T]], [[1, 0], [0, 1]]])
AXIS = np.linspace(0, 1, 3)


def rmap(x: object = (S, AXIS), y: object = (T, AXIS), **kw: object) -> object:
    return co.regime_map(GAME, x, y, **kw)


CASES = [
    Case("x-not-a-pair", lambda: rmap(x=S), InvalidInputError, "x"),
    Case("x-nan", lambda: rmap(x=(S, [np.nan, 0.5])), InvalidInputError, "x", ("finite",)),
    Case("y-inf", lambda: rmap(y=(T, [0, np.inf])), InvalidInputError, "y", ("finite",)),
    Case("x-empty", lambda: rmap(x=(S, [])), InvalidInputError, "x"),
    Case("x-complex", lambda: rmap(x=(S, [1j, 1])), InvalidInputError, "x"),
    Case("x-two-dimensional", lambda: rmap(x=(S, [[0, 1]])), InvalidInputError, "x"),
    Case("x-strings", lambda: rmap(x=(S, ["a", "b"])), InvalidInputError, "x"),
    Case("grid-too-large", lambda: rmap(x=(S, np.zeros(100_000)), y=(T, np.zeros(100_000))),
         InvalidInputError, "x, y", ("limit",)),
    Case("parameter-unknown", lambda: rmap(x=(sp.Symbol("Q"), AXIS)), InvalidInputError,
         "parameter"),
    Case("same-parameter-twice", lambda: rmap(y=(S, AXIS)), InvalidInputError, "y"),
    Case("chunk-size-zero", lambda: rmap(chunk_size=0), InvalidInputError, "chunk_size"),
    Case("chunk-size-negative", lambda: rmap(chunk_size=-1), InvalidInputError, "chunk_size"),
    Case("criterion-unknown", lambda: rmap(criterion="dominant"), InvalidInputError, "criterion"),
    Case("not-a-game", lambda: co.regime_map(None, (S, AXIS), (T, AXIS)), InvalidInputError,
         "game"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_regime_input_is_a_named_error(case: Case) -> None:
    check(case)


def test_a_reversed_axis_is_the_same_map_read_backwards() -> None:
    """Axes need not increase: a reversed axis gives the mirrored labels, not an error."""
    forward = rmap(x=(S, [-1.0, 0.5, 2.0]))
    backward = rmap(x=(S, [2.0, 0.5, -1.0]))
    def regimes(m: co.RegimeMap) -> list[list[object]]:
        return [[m.regimes[k] for k in row] for row in np.asarray(m.labels).tolist()]

    assert [row[::-1] for row in regimes(backward)] == regimes(forward)
    assert len(set(map(tuple, regimes(forward)))) > 1  # the axis crosses a regime boundary
