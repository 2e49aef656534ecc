"""One LaTeX printer: a surplus named ``dR`` or ``DeltaR`` prints as Delta R, never as a differential."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp

import coinnovation as co
from coinnovation._util.latex import latex, latex_name

SRC = Path(__file__).resolve().parents[2] / "src" / "coinnovation"


@pytest.mark.parametrize(("name", "shown"), [
    ("dR", r"\Delta R"), ("DeltaR", r"\Delta R"), ("dR_E", r"\Delta R_{E}"), ("DeltaV2", r"\Delta V_{2}"),
])
def test_difference_names_print_with_delta(name: str, shown: str) -> None:
    assert latex_name(name) == shown
    assert latex(sp.Symbol(name)) == shown


@pytest.mark.parametrize("name", ["dx", "d", "delta", "Delta", "alpha", "S_E", "dr", "ddR"])
def test_other_names_print_as_sympy_prints_them(name: str) -> None:
    assert latex_name(name) is None
    assert latex(sp.Symbol(name)) == sp.latex(sp.Symbol(name))


def test_options_and_non_symbol_input_pass_through() -> None:
    x, dR = sp.symbols("x dR")
    assert latex(x / 2, fold_short_frac=True) == sp.latex(x / 2, fold_short_frac=True)
    assert latex(dR < 3) == r"\Delta R < 3"
    assert latex(sp.Rational(1, 2)) == r"\frac{1}{2}"
    with pytest.raises(sp.SympifyError):
        latex("dR + 1")  # a string is never parsed


def test_the_tripartite_table_and_equations_read_delta_r() -> None:
    rd = co.ReplicatorDynamics(co.models.government_enterprise_university())
    for text in (rd.equations_latex(), rd.stability_table().to_latex()):
        assert r"\alpha \Delta R" in text
        assert not re.search(r"(?<![A-Za-z\\])dR\b", text)


def test_every_formula_goes_through_the_one_printer() -> None:
    users = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
             if re.search(r"\b(sp|sympy)\.latex\(", p.read_text(encoding="utf-8"))]
    assert users == ["_util/latex.py"]
