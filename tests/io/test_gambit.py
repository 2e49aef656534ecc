"""Gambit ``.nfg`` files: hand-written files in Gambit's documented format, round trips, errors."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import ModelFileError, SymbolicNotSupported

# Gambit's sample e02.nfg (Selten 1975), payoff version, as in Gambit's documentation
E02_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

# the same game, outcome version
E02_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" }

{ { "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_e02_payoff_version_first_player_fastest() -> None:
    g = co.read_nfg(E02_PAYOFF)
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "2", "3"), ("1", "2"))
    # listed order: (1,1) (2,1) (3,1) (1,2) (2,2) (3,2)
    expected = {(0, 0): (1, 1), (1, 0): (0, 2), (2, 0): (0, 2),
                (0, 1): (1, 1), (1, 1): (0, 3), (2, 1): (2, 0)}
    for prof, pay in expected.items():
        assert g.payoff(prof) == tuple(float(v) for v in pay), prof


def test_e02_outcome_version_is_the_same_game() -> None:
    assert co.read_nfg(E02_OUTCOME) == co.read_nfg(E02_PAYOFF)


def test_outcome_zero_is_the_null_outcome_and_outcomes_repeat() -> None:
    text = """NFG 1 R "matching pennies with a null cell" { "A" "B" }
{ { "H" "T" } { "H" "T" } }
""
{ { "win" 1, -1 } { "lose" -1 1 } }
1 2 0 1
"""
    g = co.read_nfg(text)
    assert g.payoff(("H", "H")) == (1.0, -1.0)
    assert g.payoff(("T", "H")) == (-1.0, 1.0)
    assert g.payoff(("H", "T")) == (0.0, 0.0)
    assert g.payoff(("T", "T")) == (1.0, -1.0)


def test_three_players_order() -> None:
    # payoff of player 1 at profile k is k (first player fastest), players 2, 3 get 0
    vals = " ".join(f"{k} 0 0" for k in range(8))
    g = co.read_nfg(f'NFG 1 R "" {{ "a" "b" "c" }} {{ 2 2 2 }}\n{vals}\n')
    u = g.payoff_array(0)
    for k in range(8):
        a, b, c = k % 2, (k // 2) % 2, k // 4
        assert u[a, b, c] == k


def test_numbers_are_read_exactly() -> None:
    g = co.read_nfg('NFG 1 D "" { "p" "q" } { 1 2 }\n1/3 .5 -2.25e1 +7\n')
    exact = g.exact_payoff_array()
    assert exact[0, 0, 0] == Fraction(1, 3) and exact[1, 0, 0] == Fraction(1, 2)
    assert exact[0, 0, 1] == Fraction(-45, 2) and exact[1, 0, 1] == 7


def test_prisoners_dilemma_from_a_file(tmp_path: Path) -> None:
    p = tmp_path / "pd.nfg"
    p.write_text('NFG 1 R "Prisoner\'s dilemma" { "row" "column" }\n'
                 '{ { "C" "D" } { "C" "D" } }\n"a comment"\n\n3 3 5 0 0 5 1 1\n', encoding="utf-8")
    g = co.read_nfg(p)
    assert [e.profile for e in co.pure_nash_equilibria(g)] == [(1, 1)]
    assert co.read_nfg(str(p)) == g


def test_names_with_quotes_round_trip() -> None:
    g = co.NormalFormGame([[[1, 2]], [[3, 4]]], players=['say "hi"', "back\\slash"],
                          strategies=[["only"], ["x", "企业"]])
    text = co.write_nfg(g)
    assert '"say \\"hi\\""' in text
    assert co.read_nfg(text) == g


def test_write_to_a_path_and_exact_rationals(tmp_path: Path) -> None:
    game = co.models.government_enterprise_university(**co.models.TRIPARTITE_TYPICAL,
                                                      S_E=Fraction(3, 2), S_U=2)
    out = tmp_path / "tripartite.nfg"
    text = co.write_nfg(game, out, title="tripartite")
    assert out.read_text(encoding="utf-8") == text
    assert "3/2" in text or "-3/2" in text
    back = co.read_nfg(out)
    assert back == game
    assert back.exact_payoff_array().tolist() == game.exact_payoff_array().tolist()


def test_float_payoffs_round_trip() -> None:
    g = co.NormalFormGame([np.array([[0.1, 1 / 3], [2.5e-7, -1e6]]),
                           np.array([[1.0, 0.0], [0.3, 0.7]])])
    assert co.read_nfg(co.write_nfg(g)) == g


@given(cst.normal_form_games(n_players=3, max_strategies=3))
def test_round_trip_integer_games(game: co.NormalFormGame) -> None:
    back = co.read_nfg(co.write_nfg(game))
    assert back.shape == game.shape
    assert np.array_equal(back.payoff_array(), game.payoff_array())


@given(cst.normal_form_games(n_players=2, integers=False, max_strategies=4))
def test_round_trip_float_games(game: co.NormalFormGame) -> None:
    assert np.array_equal(co.read_nfg(co.write_nfg(game)).payoff_array(), game.payoff_array())


def test_symbolic_game_cannot_be_written() -> None:
    with pytest.raises(SymbolicNotSupported, match="write_nfg"):
        co.write_nfg(co.models.industry_university())


@pytest.mark.parametrize(("text", "line", "fragment"), [
    pytest.param('EFG 2 R "x" { "a" }\n', 1, "not an NFG file", id="extensive-form"),
    pytest.param('NFG 2 R "x" { "a" } { 1 }\n1\n', 1, "unsupported header", id="version-2"),
    pytest.param('NFG 1 R { "a" } { 1 }\n1\n', 1, "title", id="missing-title"),
    pytest.param('NFG 1 R "x" { } { }\n', 1, "no players", id="no-players"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 2 2 }\n\n1 2 3 4 5 6 7\n', 3, "expected 8 payoffs",
                 id="too-few-payoffs"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 1 1 }\n1 2\n3\n', 3, "after the last payoff",
                 id="too-many-payoffs"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 1 1 }\n1 two\n', 2, "unexpected 'two'",
                 id="word-in-payoffs"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 1 1 }\n1 2/0\n', 2, "divides by zero",
                 id="division-by-zero"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 1 0 }\n', 1, "at least one strategy",
                 id="zero-strategies"),
    pytest.param('NFG 1 R "x" { "a" "b" } { 1 1.5 }\n1 2\n', 1, "strategy count",
                 id="fractional-count"),
    pytest.param('NFG 1 R "x" { "a" "b } { 1 1 }\n1 2\n', 1, "unterminated string",
                 id="unterminated-string"),
    pytest.param('NFG 1 R "x" { "a" "b" }\n{ { "s" } { "t" } }\n""\n{ { "" 1 } }\n1\n', 4,
                 "has 1 payoffs; expected 2", id="short-outcome"),
    pytest.param('NFG 1 R "x" { "a" "b" }\n{ { "s" } { "t" } }\n""\n{ { "" 1 2 } }\n\n2\n', 6,
                 "outcome 2 is not defined", id="unknown-outcome"),
    pytest.param('NFG 1 R "x" { "a" "a" } { 1 1 }\n1 2\n', None, "unique", id="duplicate-players"),
    pytest.param("   \n", 1, "empty file", id="empty"),
])
def test_malformed_files_name_the_line(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(ModelFileError) as exc:
        co.read_nfg(text) if text.lstrip().startswith("NFG") else co.read_nfg(_write_tmp(text))
    assert fragment in str(exc.value)
    if line is not None:
        assert exc.value.line == line and f"line {line}" in str(exc.value)


def _write_tmp(text: str) -> Path:
    import tempfile

    d = Path(tempfile.mkdtemp())
    p = d / "game.nfg"
    p.write_text(text, encoding="utf-8")
    return p


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such file"):
        co.read_nfg(tmp_path / "missing.nfg")
