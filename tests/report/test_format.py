"""How values read in a report: numbers, sets, symbols, and user text made harmless."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from coinnovation.report._format import (
    Math,
    Raw,
    html_parts,
    latex_text,
    md_parts,
    md_text,
    number,
    region_parts,
    terminal,
    text_parts,
)

S = "S_E"


@pytest.mark.parametrize(("value", "text"), [
    pytest.param(3, "3", id="int"),
    pytest.param(2.0, "2", id="integral-float"),
    pytest.param(Fraction(5, 4), "5/4 (1.25)", id="fraction"),
    pytest.param(sp.Rational(2, 3), "2/3 (0.666667)", id="sympy-rational"),
    pytest.param(sp.Integer(-4), "-4", id="sympy-integer"),
    pytest.param(sp.sqrt(2), "√2 (1.41421)", id="irrational"),
    pytest.param(sp.Float(0.660859801406828), "0.66086", id="sympy-float"),
    pytest.param(0.6666666666666661, "0.666667", id="float-noise"),
    pytest.param(-0.0, "0", id="negative-zero"),
])
def test_numbers_read_as_people_write_them(value: object, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize(("region", "text"), [
    pytest.param(sp.Interval.open(1, 4), "1 < S_E < 4", id="open"),
    pytest.param(sp.Interval(1, 4), "1 ≤ S_E ≤ 4", id="closed"),
    pytest.param(sp.Interval.Lopen(sp.Rational(1, 2), 4), "1/2 < S_E ≤ 4", id="fraction-end"),
    pytest.param(sp.Interval.open(1, sp.oo), "S_E > 1", id="unbounded-above"),
    pytest.param(sp.Interval(-sp.oo, 3), "S_E ≤ 3", id="unbounded-below"),
    pytest.param(sp.Reals, "every value of S_E", id="reals"),
    pytest.param(sp.Union(sp.Interval.open(0, 1), sp.Interval(2, 3)),
                 "0 < S_E < 1 or 2 ≤ S_E ≤ 3", id="union"),
    pytest.param(sp.FiniteSet(1), "S_E = 1", id="point"),
])
def test_regions_read_as_inequalities(region: sp.Set, text: str) -> None:
    parts = region_parts(region, S)
    assert parts is not None
    out = text_parts(parts)
    assert out == text
    for raw in ("Interval", "oo", "EmptySet", "Union"):
        assert raw not in md_parts(parts) and raw not in html_parts(parts)


def test_the_empty_set_is_left_to_a_sentence() -> None:
    assert region_parts(sp.EmptySet, S) is None


def test_symbols_are_math_in_every_format() -> None:
    parts = region_parts(sp.Interval.open(1, 4), S)
    assert md_parts(parts) == "1 < $S_{E}$ < 4"
    assert latex_text(parts) == "1 $<$ $S_{E}$ $<$ 4"
    html = html_parts(parts)
    assert '<span class="math" title="S_{E}">S<sub>E</sub></span>' in html
    assert "&lt; 4" in html  # the inequality sign is text, escaped for HTML
    assert html_parts(Math(r"\frac{1}{2} \alpha^{2}")).endswith(">1/2 α<sup>2</sup></span>")


@pytest.mark.parametrize(("hostile", "md"), [
    pytest.param("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>", id="script"),
    pytest.param("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>", id="img"),
    pytest.param("&lt;script&gt;", "&amp;lt;script&amp;gt;", id="entity"),
    pytest.param("[click](javascript:alert(1))", "[click\\](javascript:alert(1))", id="link"),
    pytest.param("1 < 4 & R_E", "1 < 4 & R_E", id="harmless-left-alone"),
])
def test_user_text_cannot_inject_markup(hostile: str, md: str) -> None:
    assert md_text(hostile) == md
    html = html_parts(("model: ", hostile))
    assert "<script" not in html and "<img" not in html and "&lt;" in html_parts("<b>")


def test_escape_sequences_are_shown_not_sent() -> None:
    raw = "red \x1b[31mtext\x1b[0m, bell \x07, line\u2028break"
    out = terminal(raw)
    assert "\x1b" not in out and "\x07" not in out and "\u2028" not in out
    assert out == "red \\x1b[31mtext\\x1b[0m, bell \\x07, line\\u2028break"
    assert "\x1b" not in md_text(raw) and "\x1b" not in html_parts(raw)
    assert "\x1b" not in latex_text(raw)


def test_library_markdown_keeps_its_formulas() -> None:
    cell = Raw(r"$\lambda_{1} < 0$ and \| bar")
    assert md_parts(cell) == r"$\lambda_{1} < 0$ and \| bar"
    assert html_parts(cell).startswith('<span class="math"')
    assert html_parts(cell).endswith(" and | bar")


def test_latex_text_escapes_specials() -> None:
    assert latex_text("50% of R&D_1 {x}") == r"50\% of R\&D\_1 \{x\}"
