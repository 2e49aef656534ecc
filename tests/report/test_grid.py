"""Values given at run time and one-parameter scans of a model."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import InvalidInputError
from coinnovation.report.grid import parse_value, scan, scan_values, with_values

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def two_party() -> co.Model:
    return co.load_model(EXAMPLES / "two_party.toml")


@pytest.mark.parametrize(("text", "value"), [
    ("2", sp.Integer(2)), ("0.6", sp.Rational(3, 5)), ("2/3", sp.Rational(2, 3)),
    ("-1.5e1", sp.Integer(-15)), (" 7 ", sp.Integer(7)),
])
def test_values_are_exact(text: str, value: sp.Rational) -> None:
    assert parse_value(text, "x") == value


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "1e99999", "2*S", "0x10"])
def test_bad_values_name_the_argument(text: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^x: expected a number"):
        parse_value(text, "x")


def test_with_values_changes_the_answer(two_party: co.Model) -> None:
    # (C, C) is an ESS at S_E = 2 (the file) and not at S_E = 0 with alpha = 0.1:
    # alpha*dR + F + S_E = 1 + 2 + 0 < C_E + T_E = 6
    base = co.evolutionarily_stable_states(two_party.numeric_game())
    assert [e.profile for e in base] == [(0, 0)]
    m = with_values(two_party, {"S_E": "0", "alpha": "0.1"})
    assert m.values["alpha"] == sp.Rational(1, 10) and two_party.values["alpha"] == sp.Rational(1, 2)
    assert (0, 0) not in [e.profile for e in co.evolutionarily_stable_states(m.numeric_game())]


def test_with_values_checks_names_and_assumptions(two_party: co.Model) -> None:
    with pytest.raises(InvalidInputError, match=r"^values: 'S' is not a parameter"):
        with_values(two_party, {"S": 1})
    with pytest.raises(InvalidInputError, match=r"^values: S_E is declared nonnegative, got -1"):
        with_values(two_party, {"S_E": "-1"})
    with pytest.raises(InvalidInputError, match=r"^values: S_E must be a number"):
        with_values(two_party, {"S_E": True})


def test_scan_values() -> None:
    assert scan_values("0:5:11", "S") == [sp.Rational(k, 2) for k in range(11)]
    assert scan_values("2", "S") is None
    for bad, msg in [("0:5", "start:stop:count"), ("5:0:3", "start < stop"),
                     ("0:1:1", "count must be"), ("0:1:x", "count must be")]:
        with pytest.raises(InvalidInputError, match=msg):
            scan_values(bad, "S")


def test_scan_finds_the_threshold(two_party: co.Model) -> None:
    # with S_U high, (C, C) is an ESS iff alpha*dR + F + S_E > C_E + T_E, i.e. S_E > 6 - 5 - 2 = -1
    # with alpha = 0.1: S_E > 6 - 1 - 2 = 3. Just below and just above the threshold:
    m = with_values(two_party, {"alpha": "0.1"})
    rep = scan(m, "S_E", [sp.Rational(29, 10), 3, sp.Rational(31, 10)], figures=False)
    ess = [p["ess"] for p in rep.data["points"]]
    assert "(cooperate, cooperate)" not in ess[0] and "(cooperate, cooperate)" in ess[2]
    assert rep.data["points"][1]["degenerate"] is True  # exactly at the threshold
    md = rep.to_markdown()
    assert "| 29/10 (2.9) |" in md and "| 31/10 (3.1) |" in md
