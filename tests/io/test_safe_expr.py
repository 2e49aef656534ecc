"""The safe expression parser of model files: what it accepts, what it rejects, and why."""

from __future__ import annotations

import builtins
import re

import pytest
import sympy as sp

from coinnovation.io import safe_expr as _safe_expr
from coinnovation.io.safe_expr import MAX_EXPONENT, ExpressionError, parse_expression

a, b, S_E = sp.symbols("a b S_E", real=True)
NAMES = {"a": a, "b": b, "S_E": S_E}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("a + b*2 - S_E/4", a + 2 * b - S_E / 4, id="arithmetic"),
    pytest.param("-(a - b)", b - a, id="unary-minus-parentheses"),
    pytest.param("+a", a, id="unary-plus"),
    pytest.param("a**2 + b**-1", a**2 + 1 / b, id="integer-powers"),
    pytest.param("a**(1/2)", sp.sqrt(a), id="rational-power"),
    pytest.param("0.5*a", sp.Rational(1, 2) * a, id="decimal-is-exact"),
    pytest.param("1e-3", sp.Rational(1, 1000), id="exponent-notation"),
    pytest.param("min(a, b)", sp.Min(a, b), id="min"),
    pytest.param("max(a, b, 0)", sp.Max(a, b, 0), id="max-three"),
    pytest.param("exp(a) + log(b) + sqrt(S_E) + abs(a)",
                 sp.exp(a) + sp.log(b) + sp.sqrt(S_E) + sp.Abs(a), id="functions"),
    pytest.param("  a\n", a, id="surrounding-whitespace"),
    pytest.param("3", sp.Integer(3), id="number"),
])
def test_accepts(text: str, expected: sp.Expr) -> None:
    got = parse_expression(text, NAMES)
    assert sp.simplify(got - expected) == 0
    assert got.free_symbols <= set(NAMES.values())


@pytest.mark.parametrize(("text", "fragment"), [
    pytest.param("__import__('os').system('echo hacked')", "attribute access",
                 id="import-system"),
    pytest.param("__import__('os')", "calling '__import__' is not allowed", id="dunder-import"),
    pytest.param("open('/etc/passwd')", "calling 'open' is not allowed", id="open-file"),
    pytest.param("eval('1')", "calling 'eval' is not allowed", id="eval-call"),
    pytest.param("a.__class__", "attribute access", id="attribute"),
    pytest.param("().__class__.__bases__[0]", "subscripts", id="class-escape"),
    pytest.param("a[0]", "subscripts", id="subscript"),
    pytest.param("(lambda: 1)()", "only the functions", id="lambda-call"),
    pytest.param("lambda: 1", "lambdas are not allowed", id="lambda"),
    pytest.param("[x for x in a]", "comprehensions", id="list-comprehension"),
    pytest.param("sum(x for x in a)", "calling 'sum'", id="generator-in-call"),
    pytest.param("(x for x in a)", "comprehensions", id="generator"),
    pytest.param("a if b else 1", "conditional expressions", id="if-expression"),
    pytest.param("a < b", "comparisons are not allowed", id="comparison"),
    pytest.param("a and b", "'and'/'or'", id="boolean-op"),
    pytest.param("(c := 1)", "assignments", id="walrus"),
    pytest.param("'text'", "strings are not allowed", id="string"),
    pytest.param("f'{a}'", "strings are not allowed", id="f-string"),
    pytest.param("True", "True is not allowed", id="boolean-constant"),
    pytest.param("1j", "1j is not allowed", id="complex"),
    pytest.param("a ^ 2", "write powers as '**'", id="xor-caret"),
    pytest.param("a // 2", "'//'", id="floor-division"),
    pytest.param("a % 2", "'%'", id="modulo"),
    pytest.param("unknown + 1", "unknown name 'unknown'", id="unknown-symbol"),
    pytest.param("exp", "is a function", id="bare-function-name"),
    pytest.param("9**9**9", "nested powers", id="tower-9-9-9"),
    pytest.param("(9**99)**99", "nested powers", id="power-of-power"),
    pytest.param("2**1000", f"exceeds the allowed magnitude {MAX_EXPONENT}", id="huge-exponent"),
    pytest.param("2**-1000", "exceeds the allowed magnitude", id="huge-negative-exponent"),
    pytest.param("2**a", "must be a number literal", id="symbolic-exponent"),
    pytest.param("exp(exp(exp(100)))", "nested exponentials", id="exp-tower"),
    pytest.param("1/0", "division by zero", id="division-by-zero"),
    pytest.param("0**-1", "0 raised to a negative power", id="zero-negative-power"),
    pytest.param("log(0)", "log of the non-positive number", id="log-zero"),
    pytest.param("sqrt(-4)", "sqrt of the negative number", id="sqrt-negative"),
    pytest.param("min(a)", "two or more arguments", id="min-one-argument"),
    pytest.param("exp(a, b)", "exactly 1 argument", id="exp-two-arguments"),
    pytest.param("max(a, b, key=1)", "no keyword arguments", id="keyword-argument"),
    pytest.param("exp(*a)", "starred", id="starred"),
    pytest.param("a +", "not a valid expression", id="syntax-error"),
    pytest.param("a = 1", "not a valid expression", id="statement"),
    pytest.param("", "empty", id="empty"),
    pytest.param("a" * 3000, "at most 2000 are allowed", id="too-long"),
    pytest.param("(" * 60 + "a" + ")" * 60, "nested more than", id="deep-parentheses"),
    pytest.param("-" * 150 + "a", "nested more than", id="deep-unary"),
    pytest.param("1" * 50, "at most 40 are allowed", id="long-number"),
    pytest.param("[a, b]", "lists are not allowed", id="list"),
    pytest.param("{1: a}", "dicts are not allowed", id="dict"),
])
def test_rejects(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        parse_expression(text, NAMES)
    assert fragment in str(exc.value)


def test_unknown_name_lists_the_declared_symbols() -> None:
    with pytest.raises(ExpressionError, match=r"declared: S_E, a, b"):
        parse_expression("S_X", NAMES)


def test_error_column_points_at_the_problem() -> None:
    with pytest.raises(ExpressionError) as exc:
        parse_expression("a + b + c", NAMES)
    assert exc.value.column == 9


def test_never_evaluates_user_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither eval, exec nor sympify runs while parsing: the tree is walked by hand."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluated user text")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(sp, "sympify", refuse)
    monkeypatch.setattr(_safe_expr.sp, "sympify", refuse)
    assert parse_expression("max(a, 2*b) - exp(S_E)/3", NAMES) == sp.Max(a, 2 * b) - sp.exp(S_E) / 3


def test_non_string_input() -> None:
    with pytest.raises(ExpressionError, match="expected an expression string"):
        parse_expression(3, NAMES)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- property: text == tree
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_leaves = st.one_of(
    st.integers(0, 50).map(lambda k: (str(k), sp.Integer(k))),
    st.sampled_from([("a", a), ("b", b), ("S_E", S_E)]),
)


def _combine(children: st.SearchStrategy[tuple[str, sp.Expr]]
             ) -> st.SearchStrategy[tuple[str, sp.Expr]]:
    binary = st.tuples(st.sampled_from(["+", "-", "*"]), children, children).map(
        lambda t: (f"({t[1][0]} {t[0]} {t[2][0]})",
                   {"+": t[1][1] + t[2][1], "-": t[1][1] - t[2][1],
                    "*": t[1][1] * t[2][1]}[t[0]]))
    # no negative power of a base that is (or may be) zero: the expected expression would be
    # zoo, which sympy's Max/Min refuse while the example is being built
    power = st.tuples(children, st.integers(-3, 3)).filter(
        lambda t: "**" not in t[0][0] and (t[1] >= 0 or t[0][1].is_zero is False)).map(
        lambda t: (f"({t[0][0]})**{t[1]}", t[0][1] ** t[1]))
    call = st.tuples(st.sampled_from(["max", "min"]), children, children).map(
        lambda t: (f"{t[0]}({t[1][0]}, {t[2][0]})",
                   (sp.Max if t[0] == "max" else sp.Min)(t[1][1], t[2][1])))
    neg = children.map(lambda c: (f"-({c[0]})", -c[1]))
    return st.one_of(binary, power, call, neg)


@given(st.recursive(_leaves, _combine, max_leaves=8))
def test_parsed_text_equals_the_expression_it_spells(pair: tuple[str, sp.Expr]) -> None:
    text, expected = pair
    try:
        got = parse_expression(text, NAMES)
    except ExpressionError as exc:
        # the only rejections of such text: a zero base with a negative exponent, or x/0
        assert "0 raised to a negative power" in str(exc) or "not finite" in str(exc)
        return
    assert sp.simplify(got - expected) == 0


@pytest.mark.parametrize(("text", "hint", "column"), [
    pytest.param("2S", "write 2*S for 2 times S", 2, id="2S"),
    pytest.param("3 + 0.5alpha", "write 0.5*alpha for 0.5 times alpha", 8, id="decimal"),
    pytest.param("  1 + 2S", "write 2*S for 2 times S", 8, id="leading-spaces"),
])
def test_a_number_against_a_name_suggests_the_product(text: str, hint: str, column: int) -> None:
    names = {"S": sp.Symbol("S"), "alpha": sp.Symbol("alpha")}
    with pytest.raises(ExpressionError, match=re.escape(hint)) as exc:
        parse_expression(text, names)
    assert exc.value.column == column
    assert text[exc.value.column - 1] in "Sa"  # the column points at the name


@pytest.mark.parametrize(("text", "char"), [
    pytest.param("S +* 2", "*", id="operator"),
    pytest.param("   S +* 2", "*", id="operator-after-spaces"),
    pytest.param("  S + T", "T", id="unknown-name-after-spaces"),
])
def test_columns_point_at_the_offending_character(text: str, char: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        parse_expression(text, {"S": sp.Symbol("S")})
    assert exc.value.column is not None and text[exc.value.column - 1] == char
