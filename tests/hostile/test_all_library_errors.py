"""The acceptance check of the hostile suite: every case raises a ``coinnovation.errors`` type.

This runs every :class:`~._assert.Case` of every file of the suite once more and
checks only the family of the exception — a subclass of
:class:`coinnovation.errors.CoinnovationError` — so that a case whose message
check were loosened could still never let a raw ``KeyError``, ``ValueError``,
``RecursionError``, ``MemoryError`` or sympy error through.
(The command-line cases check for the absence of a traceback instead.)
"""

from __future__ import annotations

import pytest

from coinnovation.errors import CoinnovationError

from . import (
    test_coalitional_game,
    test_modelfile,
    test_normal_form,
    test_regime,
    test_regions,
    test_replicator,
    test_sweep,
)
from ._assert import Case

MODULES = (test_modelfile, test_normal_form, test_coalitional_game, test_replicator,
           test_regions, test_regime, test_sweep)
ALL = [(m.__name__.rsplit(".", 1)[-1], c) for m in MODULES for c in m.CASES]


def test_every_entry_point_has_cases() -> None:
    assert all(len(m.CASES) >= 10 for m in MODULES)
    ids = [f"{m}::{c.id}" for m, c in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{m}::{c.id}") for m, c in ALL])
def test_the_raised_type_is_a_library_error(case: Case) -> None:
    with pytest.raises(BaseException) as info:
        case.call()
    assert isinstance(info.value, CoinnovationError), (
        f"{type(info.value).__module__}.{type(info.value).__name__}: {info.value}")
    assert issubclass(case.error, CoinnovationError)
