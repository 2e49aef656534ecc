"""Formatting values for report prose and tables (numbers, cells, plain-Python data)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["md_cell", "num", "plain"]


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plain(v: Any) -> Any:
    if isinstance(v, Fraction):
        return float(v) if v.denominator != 1 else int(v)
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, sp.Basic):
        if v.is_number and v.is_real:
            return int(v) if v.is_Integer else float(v)
        return str(v)
    if isinstance(v, complex):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()]
    return v


def num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)
