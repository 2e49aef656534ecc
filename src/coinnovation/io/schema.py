"""The model-file schema: the keys, limits and value types a model file may use, and their readers.

Every reader takes the value, its key path and the context, and raises a
:class:`~coinnovation.errors.ModelFileError` naming the file, the key path and
the line when the value does not fit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from ..coalitional.rules import RULES
from ..policy.criteria import CRITERIA
from ._lines import Ctx
from .safe_expr import ExpressionError, parse_expression

__all__ = ["ALLOCATION_RULES", "ASSUMPTIONS", "CRITERIA", "MAX_FILE_BYTES", "MAX_PARAMETERS", "MAX_PLAYERS",
           "MAX_PROFILES", "MAX_RESOLUTION", "MAX_STRATEGIES", "REGIME_CRITERIA"]


ASSUMPTIONS: tuple[str, ...] = ("real", "positive", "nonnegative", "negative", "nonpositive")
"""Assumptions a parameter may carry (sympy assumptions; every parameter is real)."""


REGIME_CRITERIA: tuple[str, ...] = ("ess", "strict_nash", "nash")
"""Criteria of regime maps (see :func:`coinnovation.regime_map`)."""


ALLOCATION_RULES: tuple[str, ...] = tuple(
    name for name, rule in RULES.items() if not rule.options or name == "modified_shapley")
"""Allocation rules a model file may ask for (the registry's names; modified Shapley takes weights)."""


MAX_FILE_BYTES = 1_000_000


MAX_PLAYERS = 8


MAX_STRATEGIES = 50


MAX_PROFILES = 4096


MAX_PARAMETERS = 200


MAX_RESOLUTION = 401


TOP_KEYS = ("model", "parameters", "players", "payoffs", "actors", "surplus", "government",
             "coalitions", "questions", "finite", "noise", "network")




def only_keys(table: Mapping[str, Any], allowed: Sequence[str], where: tuple[str | int, ...],
               ctx: Ctx) -> None:
    for k in table:
        if k not in allowed:
            raise ctx.error((*where, k), f"unknown key {k!r}; expected one of "
                            f"{', '.join(allowed)}")


def read_table(v: Any, where: tuple[str | int, ...], ctx: Ctx) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise ctx.error(where, f"expected a table, got {type_name(v)}")
    return v


def type_name(v: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
            list: "an array", dict: "a table"}.get(type(v), type(v).__name__)


def read_string(v: Any, where: tuple[str | int, ...], ctx: Ctx, *, empty_ok: bool = False,
            limit: int = 2000) -> str:
    if not isinstance(v, str):
        raise ctx.error(where, f"expected a string, got {type_name(v)}")
    if not empty_ok and not v.strip():
        raise ctx.error(where, "must not be empty")
    if len(v) > limit:
        raise ctx.error(where, f"longer than {limit} characters")
    return v


def read_number(v: Any, where: tuple[str | int, ...], ctx: Ctx) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ctx.error(where, f"expected a number, got {type_name(v)}")
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise ctx.error(where, f"expected a finite number, got {v!r}")
    return f


def read_range(v: Any, where: tuple[str | int, ...], ctx: Ctx) -> tuple[float, float]:
    if not isinstance(v, list) or len(v) != 2:
        raise ctx.error(where, "expected [low, high]")
    lo = read_number(v[0], (*where, 0), ctx)
    hi = read_number(v[1], (*where, 1), ctx)
    if not lo < hi:
        raise ctx.error(where, f"expected low < high, got [{v[0]}, {v[1]}]")
    return (lo, hi)


def read_expr(v: Any, where: tuple[str | int, ...], names: Mapping[str, sp.Symbol], ctx: Ctx
          ) -> sp.Expr:
    if isinstance(v, bool):
        raise ctx.error(where, "expected a number or an expression string, got a boolean")
    if isinstance(v, float) and not math.isfinite(v):
        raise ctx.error(where, f"expected a finite number, got {v!r}")
    if isinstance(v, (int, float)):
        return parse_expression(repr(read_number(v, where, ctx)) if isinstance(v, float) else str(v),
                                {}) if abs(v) < 10**30 else is_huge(where, ctx)
    if not isinstance(v, str):
        raise ctx.error(where, f"expected a number or an expression string, got {type_name(v)}")
    try:
        return parse_expression(v, names)
    except ExpressionError as exc:
        col = f" (at character {exc.column} of the expression)" if exc.column else ""
        raise ctx.error(where, f"{exc}{col}") from None


def is_huge(where: tuple[str | int, ...], ctx: Ctx) -> sp.Expr:
    raise ctx.error(where, "numbers larger than 1e30 in magnitude are not accepted")
