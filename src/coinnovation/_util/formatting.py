"""Plain-Python values and short number formats shared by the result objects."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["fmt_num", "plain"]


def fmt_num(v: Any) -> str:
    """A short display of a number: fractions as ``p/q``, floats with 6 significant digits."""
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.6g}"
    return str(v)


def plain(v: Any) -> Any:
    """numpy scalars as Python numbers (for ``to_dict``); everything else unchanged."""
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, np.complexfloating):
        return complex(v)
    return v
