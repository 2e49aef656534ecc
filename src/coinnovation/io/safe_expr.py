r"""A safe parser of arithmetic expressions over declared symbols, for model files.

Model files are data: a payoff such as ``"pi_E + alpha*dR - C_E + S_E"`` is
parsed with :func:`ast.parse` (which only builds a syntax tree and never runs
anything) and the tree is **walked against a whitelist** into a sympy
expression. Neither :func:`eval` nor :func:`sympy.sympify` ever sees user text.

Accepted:

- numbers (``3``, ``0.5``, ``1e-3``; at most :data:`MAX_NUMBER_CHARS` characters),
- the declared symbols,
- ``+ - * / **``, unary ``-`` and ``+``, parentheses,
- the functions of :data:`FUNCTIONS`: ``min``, ``max`` (two or more
  arguments), ``exp``, ``log``, ``sqrt``, ``abs`` (one argument).

Rejected, with a message saying what is wrong: attribute access (``a.b``),
subscripts (``a[0]``), calls of anything else (``__import__('os')``),
lambdas, comprehensions, comparisons, boolean operators, strings, unknown
names, a power whose exponent is not a number literal of magnitude at most
:data:`MAX_EXPONENT` (``9**9**9``, ``2**x``), a power inside another power
(``(9**99)**99``), ``exp`` inside ``exp``, text longer than :data:`MAX_LENGTH` characters,
nesting deeper than :data:`MAX_DEPTH` (a long sum ``a + b + c + ...`` is flat,
not nested), more than :data:`MAX_OPERANDS` numbers and names, identifiers
that Unicode NFKC normalisation would change (fullwidth ``Ｓ`` would silently
become ``S``), and expressions whose expanded form would have more than
:data:`MAX_EXPANDED_TERMS` terms (``(a+b+c+d+e+f)**100``, counted by the
multinomial formula before anything is expanded). With these bounds no
expression can take more than a few milliseconds to build, and none can
exhaust the memory when a solver later expands it.
"""

from __future__ import annotations

import ast
import math
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

import sympy as sp

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPANDED_TERMS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_NUMBER_CHARS",
    "MAX_OPERANDS",
    "ExpressionError",
    "parse_expression",
]

MAX_LENGTH: int = 2000
"""Longest accepted expression, in characters."""

MAX_DEPTH: int = 100
"""Deepest accepted nesting of the syntax tree (operators, calls, parentheses)."""

MAX_EXPONENT: int = 100
"""Largest accepted magnitude of an exponent; exponents are number literals."""

MAX_NUMBER_CHARS: int = 40
"""Longest accepted number literal, in characters."""

MAX_OPERANDS: int = 20_000
"""Most numbers and names one expression may contain (a sum of at most this many terms)."""

MAX_EXPANDED_TERMS: int = 100_000
"""Most terms an expression may have once expanded (estimated by multinomial counting)."""


def _min(*args: sp.Expr) -> sp.Expr:
    return sp.Min(*args)


def _max(*args: sp.Expr) -> sp.Expr:
    return sp.Max(*args)


FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int | None]] = {
    "min": (_min, None),
    "max": (_max, None),
    "exp": (sp.exp, 1),
    "log": (sp.log, 1),
    "sqrt": (sp.sqrt, 1),
    "abs": (sp.Abs, 1),
}
"""Whitelisted functions: name -> (sympy function, number of arguments; None = two or more)."""

_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}

_FORBIDDEN: dict[type, str] = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "subscripts ('[...]') are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Compare: "comparisons are not allowed (an expression is a number, not a condition)",
    ast.BoolOp: "'and'/'or' are not allowed",
    ast.IfExp: "conditional expressions are not allowed (use min/max)",
    ast.NamedExpr: "assignments (':=') are not allowed",
    ast.Await: "'await' is not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.Slice: "slices are not allowed",
}


class ExpressionError(ValueError):
    """An expression is not accepted; ``str(exc)`` says why (without the location).

    Attributes
    ----------
    column : int or None
        1-based column of the offending part of the text, when known.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


def _node_col(node: ast.AST) -> int | None:
    col = getattr(node, "col_offset", None)
    return None if col is None else int(col) + 1


def _paren_depth(text: str) -> int:
    depth = best = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
    return best


_CHAINS: tuple[tuple[type, ...], ...] = ((ast.Add, ast.Sub), (ast.Mult,))


def _same_chain(parent: ast.AST, child: ast.AST) -> bool:
    """``child`` is the left operand of ``parent`` in a chain ``a + b - c`` or ``a * b * c``."""
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp)
            and child is parent.left):
        return False
    return any(isinstance(parent.op, ops) and isinstance(child.op, ops) for ops in _CHAINS)


def _tree_depth(root: ast.AST) -> int:
    """Nesting depth of the tree; a chain ``a + b + c + ...`` counts as one level."""
    best = 0
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        if best > MAX_DEPTH:
            return best
        stack.extend((child, d if _same_chain(node, child) else d + 1)
                     for child in ast.iter_child_nodes(node))
    return best


def _chain(node: ast.BinOp) -> list[tuple[bool, ast.AST]]:
    """The operands of a left-nested chain ``a + b - c`` as (negated?, node), left to right."""
    items: list[tuple[bool, ast.AST]] = [(isinstance(node.op, ast.Sub), node.right)]
    parent, cur = node, node.left
    while _same_chain(parent, cur):
        assert isinstance(cur, ast.BinOp)
        items.append((isinstance(cur.op, ast.Sub), cur.right))
        parent, cur = cur, cur.left
    items.append((False, cur))
    return items[::-1]


def _expanded_terms(expr: sp.Basic, cap: int) -> int:
    r"""An upper bound of the number of terms of ``sp.expand(expr)``, capped just above ``cap``.

    A sum has at most the sum of its terms' counts, a product at most their
    product, and a power :math:`(t_1 + \dots + t_k)^n` at most the number of
    monomials of degree :math:`n` in :math:`k` variables, :math:`\binom{n+k-1}{k-1}`.
    """
    if isinstance(expr, sp.Add):
        return min(cap + 1, sum(_expanded_terms(a, cap) for a in expr.args))
    if isinstance(expr, sp.Mul):
        total = 1
        for a in expr.args:
            total = min(cap + 1, total * _expanded_terms(a, cap))
        return total
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0:
        k = _expanded_terms(expr.base, cap)
        return min(cap + 1, math.comb(int(expr.exp) + k - 1, k - 1)) if k > 1 else 1
    return 1


def _exponent(node: ast.AST) -> sp.Expr:
    """A number literal (optionally signed, or a ratio of literals) of bounded magnitude."""
    inner = node
    sign = 1
    while isinstance(inner, ast.UnaryOp) and isinstance(inner.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(inner.op, ast.USub) else sign
        inner = inner.operand
    value: sp.Expr
    if isinstance(inner, ast.Constant) and _is_number(inner.value):
        value = _number(inner)
    elif (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Div)
          and all(_signed_literal(s) is not None for s in (inner.left, inner.right))):
        den = _signed_literal(inner.right)
        if den == 0:
            raise ExpressionError("division by zero in an exponent", _node_col(inner))
        value = _signed_literal(inner.left) / den  # type: ignore[operator]
    elif isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow):
        raise ExpressionError(
            "nested powers (a power in an exponent, such as 9**9**9) are not allowed",
            _node_col(node))
    else:
        raise ExpressionError(
            "an exponent must be a number literal (such as 2, -1 or 1/2), not an expression "
            "of symbols", _node_col(node))
    value = sign * value
    if abs(float(value)) > MAX_EXPONENT:
        raise ExpressionError(
            f"the exponent {value} exceeds the allowed magnitude {MAX_EXPONENT}", _node_col(node))
    return value


def _signed_literal(node: ast.AST) -> sp.Expr | None:
    """The value of a number literal with optional signs (``-1``), or None."""
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and _is_number(node.value):
        return sign * _number(node)
    return None


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _number(node: ast.Constant) -> sp.Expr:
    v = node.value
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ExpressionError("a number literal is too large (it overflows float64; at most "
                                  "about 1.8e308)", _node_col(node))
        return sp.Rational(repr(v))  # the exact decimal the literal spells
    return sp.Integer(v)


def _contains_pow(node: ast.AST) -> bool:
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node))


class _Builder:
    def __init__(self, names: Mapping[str, sp.Symbol]) -> None:
        self.names = names

    def build(self, node: ast.AST) -> sp.Expr:
        for kind, message in _FORBIDDEN.items():
            if isinstance(node, kind):
                raise ExpressionError(message, _node_col(node))
        if isinstance(node, ast.Constant):
            if not _is_number(node.value):
                what = "strings" if isinstance(node.value, str) else f"the constant {node.value!r}"
                raise ExpressionError(f"{what} are not allowed here; only numbers"
                                      if isinstance(node.value, str) else
                                      f"{what} is not allowed; only real numbers", _node_col(node))
            return _number(node)
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in FUNCTIONS:
                raise ExpressionError(f"{node.id!r} is a function; call it as {node.id}(...)",
                                      _node_col(node))
            declared = ", ".join(sorted(self.names)) or "none"
            raise ExpressionError(
                f"unknown name {node.id!r}; declare it under [parameters] "
                f"(declared: {declared})", _node_col(node))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            raise ExpressionError(f"the operator {type(node.op).__name__} is not allowed "
                                  "(only + - * / **)", _node_col(node))
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                if _contains_pow(node.left):
                    raise ExpressionError(
                        "nested powers (a power raised to a power) are not allowed; "
                        "multiply the exponents", _node_col(node))
                exponent = _exponent(node.right)
                base = self.build(node.left)
                if base == 0 and exponent.is_negative:
                    raise ExpressionError("0 raised to a negative power", _node_col(node))
                return base ** exponent
            if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
                return self._chain(node)
            op = _OPERATORS.get(type(node.op))
            if op is None:
                raise ExpressionError(
                    f"the operator {_op_text(node.op)} is not allowed (only + - * / **)",
                    _node_col(node))
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise ExpressionError("division by zero", _node_col(node))
            return op(left, right)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise ExpressionError(f"{type(node).__name__} is not allowed in an expression",
                              _node_col(node))

    def _chain(self, node: ast.BinOp) -> sp.Expr:
        """A sum or product built at once (no recursion along the chain, no quadratic cost)."""
        items = _chain(node)
        if isinstance(node.op, ast.Mult):
            return sp.Mul(*[self.build(n) for _, n in items])
        return sp.Add(*[-self.build(n) if neg else self.build(n) for neg, n in items])

    def _call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise ExpressionError("attribute access ('.') is not allowed", _node_col(node))
            raise ExpressionError("only the functions " + ", ".join(FUNCTIONS)
                                  + " can be called", _node_col(node))
        name = node.func.id
        if name not in FUNCTIONS:
            raise ExpressionError(
                f"calling {name!r} is not allowed; the functions are {', '.join(FUNCTIONS)}",
                _node_col(node))
        if node.keywords:
            raise ExpressionError(f"{name}() takes no keyword arguments", _node_col(node))
        func, arity = FUNCTIONS[name]
        if arity is None and len(node.args) < 2:
            raise ExpressionError(f"{name}() needs two or more arguments", _node_col(node))
        if arity is not None and len(node.args) != arity:
            raise ExpressionError(f"{name}() takes exactly {arity} argument, got "
                                  f"{len(node.args)}", _node_col(node))
        if name == "exp" and any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                                 and n.func.id == "exp" for n in ast.walk(node.args[0])):
            raise ExpressionError("nested exponentials (exp inside exp) are not allowed",
                                  _node_col(node))
        args = [self.build(a) for a in node.args]
        if name == "log" and args[0].is_number and not args[0].is_positive:
            raise ExpressionError(f"log of the non-positive number {args[0]}", _node_col(node))
        if name == "sqrt" and args[0].is_number and args[0].is_negative:
            raise ExpressionError(f"sqrt of the negative number {args[0]}", _node_col(node))
        return func(*args)


def _op_text(op: ast.AST) -> str:
    return {ast.FloorDiv: "'//'", ast.Mod: "'%'", ast.MatMult: "'@'", ast.BitAnd: "'&'",
            ast.BitOr: "'|'", ast.BitXor: "'^' (write powers as '**')", ast.LShift: "'<<'",
            ast.RShift: "'>>'", ast.Invert: "'~'", ast.Not: "'not'"}.get(type(op),
                                                                        type(op).__name__)


def parse_expression(text: str, names: Mapping[str, sp.Symbol], *,
                     max_length: int = MAX_LENGTH) -> sp.Expr:
    """Parse arithmetic over ``names`` into a sympy expression, without running anything.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"pi_E + alpha*dR - C_E + S_E"``.
    names : mapping of str to sympy.Symbol
        The declared symbols: the only names allowed besides the functions
        of :data:`FUNCTIONS`.
    max_length : int, optional
        Longest accepted text (default :data:`MAX_LENGTH`); the other bounds
        (depth, operands, exponents, expanded terms) hold whatever the length.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ExpressionError
        saying what is wrong (and, as ``.column``, where); the caller adds the
        file and key path.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> parse_expression("max(a, 0) + b**2/2", {"a": a, "b": b})
    b**2/2 + Max(0, a)
    >>> parse_expression("__import__('os').system('ls')", {"a": a})
    Traceback (most recent call last):
    ...
    coinnovation.io.safe_expr.ExpressionError: attribute access ('.') is not allowed
    >>> parse_expression("9**9**9", {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coinnovation.io.safe_expr.ExpressionError: nested powers (a power in an exponent, ...) are not allowed
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression string, got {type(text).__name__}")
    if len(text) > max_length:
        raise ExpressionError(f"the expression has {len(text)} characters; at most {max_length} "
                              "are allowed")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    if "\x00" in text:
        raise ExpressionError("the expression contains a NUL character")
    if _paren_depth(text) > MAX_DEPTH // 2:
        raise ExpressionError(f"parentheses are nested more than {MAX_DEPTH // 2} deep")
    _check_nfkc(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = exc.offset if isinstance(exc.offset, int) else None
        raise ExpressionError(f"not a valid expression ({exc.msg})", col) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"not a valid expression ({type(exc).__name__})") from None
    if _tree_depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"the expression is nested more than {MAX_DEPTH} levels deep")
    operands = sum(isinstance(node, (ast.Constant, ast.Name)) for node in ast.walk(tree))
    if operands > MAX_OPERANDS:
        raise ExpressionError(f"the expression has {operands} numbers and names; at most "
                              f"{MAX_OPERANDS} are allowed")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and _is_number(node.value):
            seg = ast.get_source_segment(text.strip(), node) or ""
            if len(seg) > MAX_NUMBER_CHARS:
                raise ExpressionError(f"the number literal {seg[:20]}... has {len(seg)} characters;"
                                      f" at most {MAX_NUMBER_CHARS} are allowed", _node_col(node))
    expr = _Builder(names).build(tree.body)
    if not isinstance(expr, sp.Expr):
        raise ExpressionError("not an arithmetic expression")
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError(f"the expression is not finite ({expr})")
    terms = _expanded_terms(expr, MAX_EXPANDED_TERMS)
    if terms > MAX_EXPANDED_TERMS:
        raise ExpressionError(f"expanded, the expression would have more than {MAX_EXPANDED_TERMS} "
                              "terms (a sum raised to a large power); write it with fewer terms "
                              "or a smaller exponent")
    return expr


def _check_nfkc(text: str) -> None:
    """Refuse characters that Python's NFKC normalisation of identifiers would change."""
    for k, ch in enumerate(text):
        if ord(ch) > 127 and unicodedata.normalize("NFKC", ch) != ch:
            raise ExpressionError(
                f"the character {ch!r} (U+{ord(ch):04X}) would be read as "
                f"{unicodedata.normalize('NFKC', ch)!r}; write names in their plain form",
                k + 1)
