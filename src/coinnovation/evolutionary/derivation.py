r"""Check a hand derivation of replicator equations against the payoff table.

Papers derive :math:`\dot x = x(1-x)(U_{x1}-U_{x2})` by hand and the
simplified equations drift from the payoff table. Given the user's equations
(sympy expressions or strings), :func:`check_equations` says whether each one
is identically equal to the equation implied by the payoffs,
``simplify(given - derived) == 0``, and shows the difference otherwise.

Strings are parsed **safely**: every token is checked — only numbers,
``+ - * / ** ^ ( )``, the names of the state variables and parameters, and the
functions ``sqrt``, ``exp`` and ``log`` are allowed — then ``^`` and implicit
products are made explicit and the text goes through the model files' safe
parser (:mod:`coinnovation.io.safe_expr`), which bounds exponents, number
literals, nesting and the number of terms before sympy sees anything. A string
can never run code, and none (``9^9^9``, ``(x+y)^999``, ``1e999999999*x``, a
sum of 10^5 terms) can hang the process or exhaust its memory.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from ..errors import InvalidInputError
from ..io.safe_expr import ExpressionError
from ..io.safe_expr import parse_expression as safe_parse
from .results import DerivationCheck

__all__ = ["check_equations", "parse_expression"]

_FUNCTIONS: dict[str, Any] = {"sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log}
_OPS = {"+", "-", "*", "/", "**", "^", "(", ")"}
MAX_EQUATION_LENGTH = 20_000
"""Longest accepted equation string, in characters (the safe parser's other bounds apply too)."""
_LHS = re.compile(r"^\s*(?:d\s*(?P<a>\w+)\s*/\s*dt|(?P<b>\w+)\s*'|\\dot\{?(?P<c>\w+)\}?)\s*$")


def parse_expression(text: str, names: Mapping[str, sp.Symbol], *, where: str) -> sp.Expr:
    """Parse arithmetic over declared names into a sympy expression, safely.

    Parameters
    ----------
    text : str
        E.g. ``"x*(1-x)*(S_E - C_E + y*alpha*DeltaR)"``; ``^`` means power,
        implicit multiplication (``2x``, ``x(1-x)``) is accepted.
    names : mapping of str to sympy.Symbol
        The only names allowed (besides ``sqrt``, ``exp``, ``log``).
    where : str
        The argument's name, for error messages.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        naming ``where`` for an unknown name, a forbidden token or a syntax error.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> parse_expression("x(1-x)^2", {"x": x}, where="eq")
    x*(1 - x)**2
    >>> parse_expression("__import__('os')", {"x": x}, where="eq")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coinnovation.errors.InvalidInputError: eq: unknown name '__import__' (allowed: x, ...)
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"{where}: expected a string, got {type(text).__name__}")
    if len(text) > MAX_EQUATION_LENGTH:
        raise InvalidInputError(f"{where}: the equation has {len(text)} characters; at most "
                                f"{MAX_EQUATION_LENGTH} are allowed")
    allowed = dict(names)
    allowed.update(_FUNCTIONS)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        raise InvalidInputError(f"{where}: cannot read {text!r} ({exc})") from None
    for tok in tokens:
        if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                        tokenize.DEDENT):
            continue
        if tok.type == tokenize.NUMBER:
            if re.fullmatch(r"[0-9]*\.?[0-9]*(e[-+]?[0-9]+)?", tok.string, re.I) is None:
                raise InvalidInputError(f"{where}: unsupported number {tok.string!r}")
            continue
        if tok.type == tokenize.NAME:
            if tok.string not in allowed:
                known = ", ".join([*names, *_FUNCTIONS])
                raise InvalidInputError(
                    f"{where}: unknown name {tok.string!r} (allowed: {known})")
            continue
        if tok.type == tokenize.OP and tok.string in _OPS:
            continue
        raise InvalidInputError(f"{where}: token {tok.string!r} is not allowed in an equation")
    try:
        return safe_parse(_explicit(tokens), names, max_length=MAX_EQUATION_LENGTH)
    except ExpressionError as exc:
        raise InvalidInputError(f"{where}: cannot use {_short(text)} ({exc})") from None


def _short(text: str) -> str:
    return repr(text) if len(text) <= 80 else repr(text[:60]) + f"... ({len(text)} characters)"


def _explicit(tokens: list[tokenize.TokenInfo]) -> str:
    """The checked tokens as explicit Python arithmetic: ``^`` is ``**``, ``2x(1-x)`` is ``2*x*(1-x)``."""
    out: list[str] = []
    prev: tokenize.TokenInfo | None = None
    for tok in tokens:
        if tok.type not in (tokenize.NUMBER, tokenize.NAME, tokenize.OP):
            continue
        ends_operand = prev is not None and (
            prev.type == tokenize.NUMBER or prev.string == ")"
            or (prev.type == tokenize.NAME and prev.string not in _FUNCTIONS))
        if ends_operand and (tok.type in (tokenize.NUMBER, tokenize.NAME) or tok.string == "("):
            out.append("*")
        out.append("**" if tok.string == "^" else tok.string)
        prev = tok
    return " ".join(out)


def _one(value: Any, names: Mapping[str, sp.Symbol], where: str) -> sp.Expr:
    if isinstance(value, str):
        text = value
        if "=" in text:
            lhs, _, rhs = text.partition("=")
            if _LHS.match(lhs) is None:
                raise InvalidInputError(
                    f"{where}: the left side {lhs.strip()!r} is not of the form 'dx/dt' or "
                    "x'; give the right-hand side only")
            text = rhs
        return parse_expression(text, names, where=where)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return sp.sympify(value)
    if isinstance(value, sp.Expr):
        unknown = sorted(str(s) for s in value.free_symbols if str(s) not in names)
        if unknown:
            raise InvalidInputError(
                f"{where}: unknown symbols {', '.join(unknown)} (the state variables and "
                f"parameters are {', '.join(names)})")
        return value.xreplace({s: names[str(s)] for s in value.free_symbols})
    raise InvalidInputError(
        f"{where}: expected a sympy expression or a string, got {type(value).__name__}")


def check_equations(state: Sequence[sp.Symbol], parameters: frozenset[sp.Symbol],
                    derived: Sequence[sp.Expr], equations: Any) -> DerivationCheck:
    """Compare user equations with ``derived`` (see ``ReplicatorDynamics.check_equations``)."""
    names: dict[str, sp.Symbol] = {str(s): s for s in sorted(parameters, key=str)}
    names.update({str(s): s for s in state})
    d = len(state)
    if isinstance(equations, Mapping):
        by_name: dict[str, Any] = {}
        for key, val in equations.items():
            k = str(key)
            if k not in {str(s) for s in state}:
                raise InvalidInputError(
                    f"equations: {k!r} is not a state variable ({', '.join(map(str, state))})")
            by_name[k] = val
        missing = [str(s) for s in state if str(s) not in by_name]
        if missing:
            raise InvalidInputError(f"equations: missing the equation for {', '.join(missing)}")
        items = [by_name[str(s)] for s in state]
    elif isinstance(equations, (str, sp.Basic)) or not isinstance(equations, Sequence):
        raise InvalidInputError(
            f"equations: expected a sequence of {d} right-hand sides or a mapping "
            "{state variable: right-hand side}")
    else:
        items = list(equations)
        if len(items) != d:
            raise InvalidInputError(
                f"equations: expected {d} equations ({', '.join(map(str, state))}), "
                f"got {len(items)}")
    given = tuple(_one(v, names, f"equations[{i}]") for i, v in enumerate(items))
    diffs = []
    for g, ref in zip(given, derived, strict=True):
        diff = sp.expand(g - ref)
        if diff != 0:
            diff = sp.factor(sp.simplify(diff))
        diffs.append(diff)
    equal = all(df == 0 for df in diffs)
    return DerivationCheck(equal, tuple(state), tuple(derived), given, tuple(diffs))
