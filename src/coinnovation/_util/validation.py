"""Argument checks shared by every family: each names the argument in its message.

Booleans are never numbers here (``True`` is not the integer 1 and not the
flag ``"yes"``), NaN and infinities are never silently accepted.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InvalidInputError

__all__ = ["check_bool", "finite_float", "int_at_least", "positive_float", "positive_int", "probability"]


def _is_real_number(value: Any) -> bool:
    return (not isinstance(value, (bool, np.bool_))
            and isinstance(value, (int, float, np.integer, np.floating)))


def check_bool(value: Any, name: str) -> bool:
    """``value`` itself when it is a boolean; anything else (``"no"``, 0, None) is an error."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"{name}: expected True or False, got {value!r}")
    return bool(value)


def finite_float(value: Any, name: str) -> float:
    """A finite real number as a float."""
    if not _is_real_number(value):
        raise InvalidInputError(f"{name}: expected a number, got {value!r}")
    try:
        f = float(value)
    except OverflowError:
        raise InvalidInputError(f"{name}: {value!r} is too large for a float") from None
    if not math.isfinite(f):
        raise InvalidInputError(f"{name}: expected a finite number, got {value!r}")
    return f


def positive_float(value: Any, name: str) -> float:
    """A finite number > 0 as a float."""
    if not _is_real_number(value):
        raise InvalidInputError(f"{name}: expected a positive number, got {value!r}")
    f = finite_float(value, name)
    if f <= 0:
        raise InvalidInputError(f"{name}: expected a positive finite number, got {value!r}")
    return f


def int_at_least(value: Any, name: str, low: int) -> int:
    """An integer >= ``low`` (numpy integers accepted, booleans and floats refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidInputError(f"{name}: expected an integer >= {low}, got {value!r}")
    return int(value)


def positive_int(value: Any, name: str) -> int:
    """An integer >= 1 (numpy integers accepted, booleans and floats refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def probability(value: Any, name: str) -> float:
    """A number in [0, 1] as a float."""
    f = finite_float(value, name)
    if not 0.0 <= f <= 1.0:
        raise InvalidInputError(f"{name}: expected a number in [0, 1], got {value!r}")
    return f
