"""The one decider of signs: for floats, integers, fractions and sympy expressions.

Every question "is this positive / zero / negative?" in the library goes
through :func:`sign_set`:

- **floats** (and numpy floats) are compared with an absolute tolerance the
  caller passes, normally :func:`coinnovation._util.tolerance.atol_for` of the
  game's payoffs (the library's one tolerance policy); NaN is an error;
- **exact numbers** (int, :class:`fractions.Fraction`, sympy rationals and
  sympy Floats, which are exact binary rationals) are decided exactly;
- **sympy numbers** such as ``sqrt(2) - 1`` are decided by sympy's
  assumptions, then by a 60-digit evaluation whose magnitude must clear
  :data:`~coinnovation._util.tolerance.EXACT_ZERO_GUARD`, then by
  simplification to zero;
- **symbolic expressions** are decided from the symbols' assumptions
  (``positive=True``...; a symbol without a realness assumption is taken as
  real, since payoffs are real), after simplification when the expression is
  small enough for it to be cheap.

The answer is the set of signs the value can have (``{"+"}``, ``{"+", "0"}``,
``{"-", "0", "+"}``...), so that ``S**2 >= 0`` is decided although the sign of
``S**2`` is not.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidInputError, UndecidableError
from .tolerance import EXACT_DIGITS, EXACT_ZERO_GUARD, SIMPLIFY_MAX_OPS

__all__ = [
    "ALL_SIGNS",
    "decide_nonnegative",
    "decide_positive",
    "positivity",
    "real_part_sign",
    "realize",
    "sign",
    "sign_set",
]

ALL_SIGNS = frozenset({"-", "0", "+"})


def realize(expr: sp.Expr) -> sp.Expr:
    """Replace symbols without a realness assumption by real dummies of the same name."""
    rep = {s: sp.Dummy(s.name, real=True) for s in expr.free_symbols
           if isinstance(s, sp.Symbol) and s.is_real is None}
    return expr.xreplace(rep) if rep else expr


def _from_assumptions(e: sp.Expr) -> frozenset[str]:
    out = set(ALL_SIGNS)
    if e.is_zero:
        return frozenset({"0"})
    if e.is_positive:
        return frozenset({"+"})
    if e.is_negative:
        return frozenset({"-"})
    if e.is_nonnegative or e.is_negative is False:
        out.discard("-")
    if e.is_nonpositive or e.is_positive is False:
        out.discard("+")
    if e.is_zero is False:
        out.discard("0")
    return frozenset(out)


def _number_signs(e: sp.Expr) -> frozenset[str]:
    if e.is_real is False:
        raise InvalidInputError(f"value: {e} is not a real number")
    if isinstance(e, (sp.Rational, sp.Float)):
        return frozenset({"0"} if e == 0 else {"+"} if e > 0 else {"-"})
    known = _from_assumptions(e)
    if len(known) == 1:
        return known
    v = e.evalf(EXACT_DIGITS)
    if v.is_comparable and abs(v) > EXACT_ZERO_GUARD:
        return frozenset({"+"} if v > 0 else {"-"})
    if e.equals(0):
        return frozenset({"0"})
    return known


def sign_set(value: Any, *, atol: float = 0.0) -> frozenset[str]:
    """The signs ``value`` can have: a subset of ``{"-", "0", "+"}``.

    Parameters
    ----------
    value : float, int, Fraction, or sympy expression
    atol : float
        For floats only: ``|value| <= atol`` counts as zero.

    Examples
    --------
    >>> import sympy as sp
    >>> S, C = sp.symbols("S C", positive=True)
    >>> sorted(sign_set(C + S)), sorted(sign_set(S - C)), sorted(sign_set(S**2 - 2*S*C + C**2))
    (['+'], ['+', '-', '0'], ['+', '0'])
    >>> sorted(sign_set(1e-12, atol=1e-9)), sorted(sign_set(sp.sqrt(2) - 1))
    (['0'], ['+'])
    """
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"value: expected a number or an expression, got the boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        v = int(value)
        return frozenset({"0"} if v == 0 else {"+"} if v > 0 else {"-"})
    if isinstance(value, Fraction):
        return frozenset({"0"} if value == 0 else {"+"} if value > 0 else {"-"})
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            raise InvalidInputError("value: NaN has no sign")
        return frozenset({"0"} if abs(f) <= atol else {"+"} if f > 0 else {"-"})
    e = sp.sympify(value)
    if e.is_number:
        return _number_signs(e)
    er = realize(e)
    known = _from_assumptions(er)
    if len(known) == 1 or sp.count_ops(er) > SIMPLIFY_MAX_OPS:
        return known
    for rewrite in (sp.factor, sp.simplify):
        simple = rewrite(er)
        if simple.is_number:
            return _number_signs(simple)
        known = known & _from_assumptions(simple)
        if len(known) == 1:
            break
    return known


def sign(value: Any, *, atol: float = 0.0) -> str:
    """``"+"``, ``"-"``, ``"0"``, or ``"?"`` when more than one sign is possible."""
    s = sign_set(value, atol=atol)
    return next(iter(s)) if len(s) == 1 else "?"


def _undecidable(expr: Any, op: str, context: str) -> UndecidableError:
    e = sp.sympify(expr)
    names = ", ".join(sorted(str(s) for s in e.free_symbols))
    return UndecidableError(
        f"{context}: cannot decide whether {e} {op} 0 (free symbols {names}); give the symbols "
        "assumptions, substitute numbers with game.subs({...}), or ask for the conditions with "
        "co.nash_conditions")


def decide_positive(expr: Any, context: str, *, atol: float = 0.0) -> bool:
    """Decide ``expr > 0``, or raise :class:`~coinnovation.errors.UndecidableError` naming ``context``."""
    s = sign_set(expr, atol=atol)
    if s == {"+"}:
        return True
    if "+" not in s:
        return False
    raise _undecidable(expr, ">", context)


def decide_nonnegative(expr: Any, context: str, *, atol: float = 0.0) -> bool:
    """Decide ``expr >= 0``, or raise :class:`~coinnovation.errors.UndecidableError` naming ``context``."""
    s = sign_set(expr, atol=atol)
    if "-" not in s:
        return True
    if s == {"-"}:
        return False
    raise _undecidable(expr, ">=", context)


def positivity(expr: Any) -> bool | None:
    """True when ``expr > 0`` is certain, False when ``expr <= 0`` is (or it is not real), else None."""
    e = sp.sympify(expr)
    if e.is_number:
        if e.is_real is False:
            return False
        v = complex(e.evalf(EXACT_DIGITS))
        if abs(v.imag) > EXACT_ZERO_GUARD:
            return False
    s = sign_set(e)
    if s == {"+"}:
        return True
    if "+" not in s:
        return False
    return None


def _is_real_looking(e: sp.Expr) -> bool:
    if e.has(sp.I):
        return False
    return not any(isinstance(a, sp.Pow) and not a.exp.is_integer for a in sp.preorder_traversal(e))


def _sqrt_sign(e: sp.Expr) -> str:
    """Sign of the real part of ``c * sqrt(D)`` (eigenvalues of 2x2 blocks); ``"?"`` otherwise."""
    coeff, rest = e.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    roots = [f for f in factors if isinstance(f, sp.Pow) and f.exp == sp.Rational(1, 2)]
    others = [f for f in factors if f not in roots]
    if len(roots) != 1 or not all(_is_real_looking(f) for f in others):
        return "?"
    base = sign_set(roots[0].base)
    if base == {"+"}:
        return sign(coeff * sp.Mul(*others))
    if "+" not in base:
        return "0"   # the square root of a non-positive number is imaginary: real part 0
    return "?"


def real_part_sign(expr: Any, *, atol: float = 0.0) -> str:
    """Sign of the real part of an eigenvalue: ``"+"``, ``"-"``, ``"0"`` or ``"?"``.

    Numbers (complex included) are decided exactly; symbolic eigenvalues of the
    form ``a + c*sqrt(D)`` are decided term by term where that is possible.
    """
    if isinstance(value := expr, (complex, np.complexfloating)):
        return sign(float(complex(value).real), atol=atol)
    if isinstance(value, (int, float, Fraction, np.integer, np.floating)):
        return sign(value, atol=atol)
    e = sp.sympify(expr)
    if e.is_number:
        return sign(sp.re(e))
    er = realize(e)
    if _is_real_looking(er):
        return sign(er)
    return _sqrt_sign(er)


def is_real_looking(expr: Any) -> bool:
    """True when ``expr`` has no imaginary unit and no fractional powers (so it is real)."""
    return _is_real_looking(sp.sympify(expr))
