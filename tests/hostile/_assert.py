"""The one check of the hostile suite: "raises coinnovation.errors.X naming <argument>".

A case is a :class:`Case`: a call that must fail, the
:mod:`coinnovation.errors` class it must raise, and the text (an argument's
name, a file's key path) that the message must contain. Anything else raised
— a raw ``KeyError``, ``RecursionError``, ``MemoryError`` or sympy internal
error — propagates and fails the test with its own traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from coinnovation.errors import CoinnovationError


@dataclass(frozen=True)
class Case:
    """One hostile input: ``call()`` must raise ``error`` with ``name`` in its message."""

    id: str
    call: Callable[[], Any]
    error: type[CoinnovationError]
    name: str
    also: tuple[str, ...] = ()


def raises_naming(call: Callable[[], Any], error: type[CoinnovationError], name: str,
                  also: Sequence[str] = ()) -> CoinnovationError:
    """Run ``call``; it must raise ``error`` whose message contains ``name`` (and ``also``)."""
    assert issubclass(error, CoinnovationError)
    with pytest.raises(CoinnovationError) as info:
        call()
    exc = info.value
    assert isinstance(exc, error), f"expected {error.__name__}, got {type(exc).__name__}: {exc}"
    message = str(exc)
    for text in (name, *also):
        assert text in message, f"the message does not name {text!r}: {message}"
    return exc


def check(case: Case) -> CoinnovationError:
    """:func:`raises_naming` for a :class:`Case`."""
    return raises_naming(case.call, case.error, case.name, case.also)


def params(cases: Sequence[Case]) -> list[Any]:
    """The cases as ``pytest.param`` objects with their ids."""
    return [pytest.param(c, id=c.id) for c in cases]
