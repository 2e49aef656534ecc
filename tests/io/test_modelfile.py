"""Model files: loading the examples, validation, hostile files and ``coinnovation check``."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

import coinnovation as co
from coinnovation.cli import main
from coinnovation.errors import ModelFileError
from coinnovation.io.modelfile import ThresholdQuestion, key_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

PD = """\
[model]
name = "prisoner's dilemma"

[parameters]
S = { value = 2, range = [0, 5], assumptions = ["nonnegative"] }

[[players]]
name = "row"
strategies = ["C", "D"]

[[players]]
name = "column"
strategies = ["C", "D"]

[payoffs."C,C"]
row = "3 + S"
column = "3 + S"

[payoffs."C,D"]
row = "0"
column = "5"

[payoffs."D,C"]
row = 5
column = 0

[payoffs."D,D"]
row = 1
column = 1
"""


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---------------------------------------------------------------------------- good files
def test_two_party_example_is_the_library_model() -> None:
    m = co.load_model(EXAMPLES / "two_party.toml")
    assert m.game.players == ("enterprise", "university")
    assert [p.role for p in m.players] == ["企业", "高校"]
    ref = co.models.industry_university(**m.values)
    assert m.numeric_game() == ref
    assert m.values["alpha"] == sp.Rational(1, 2)
    assert m.questions.thresholds[0] == ThresholdQuestion("S_E", (0, 0), "ess")
    assert m.questions.regime_maps[0].x_range == (0.0, 4.0)


def test_tripartite_example_is_the_library_model() -> None:
    m = co.load_model(EXAMPLES / "tripartite.toml")
    ref = co.models.government_enterprise_university(**m.values)
    assert m.numeric_game() == ref
    sym = co.models.government_enterprise_university()
    by_name = {str(s): s for s in sym.free_symbols}
    ours = m.game.symbolic_payoff_array().ravel()
    theirs = sym.symbolic_payoff_array().ravel()
    for x, y in zip(ours, theirs, strict=True):
        x = sp.sympify(x).xreplace({s: by_name[str(s)] for s in sp.sympify(x).free_symbols})
        assert sp.simplify(x - y) == 0
    # the threshold question is answered by the policy solvers
    q = m.questions.thresholds[0]
    region = co.stability_region(m.game_in(q.parameter), q.parameter, profile=q.profile)
    assert region == sp.Interval.open(1, 4)


def test_symbolic_game_and_values() -> None:
    m = co.loads_model(PD)
    S = m.parameters["S"].symbol
    assert S.is_nonnegative and m.game.free_symbols == frozenset({S})
    assert m.numeric_game().payoff((0, 0)) == (5.0, 5.0)
    assert m.numeric_game({"S": 0}).payoff((0, 0)) == (3.0, 3.0)
    assert m.free_parameters == ()
    assert "prisoner's dilemma" in m.summary() and "(C, C) -> (S + 3, S + 3)" in m.summary()


def test_payoff_arrays_indices_and_shorthand_values() -> None:
    text = """\
[parameters]
c = 1
half = "1/2"
free = { assumptions = ["positive"] }
[[players]]
name = "a"
strategies = ["x", "y"]
[payoffs]
"0" = ["c + half"]
"1" = ["free"]
"""
    m = co.loads_model(text)
    assert m.parameters["half"].value == sp.Rational(1, 2)
    assert m.free_parameters == ("free",)
    assert str(m.game.payoff((0,))[0]) == "c + half"
    with pytest.raises(ModelFileError, match="no value for free"):
        m.numeric_game()
    assert m.numeric_game({"free": 2.5}).payoff((0,)) == (1.5,)
    assert m.numeric_game({"free": 2.5}).payoff((1,)) == (2.5,)


def test_key_path_quotes_what_needs_quotes() -> None:
    assert key_path(["payoffs", "cooperate,defect", "enterprise"]) == \
        'payoffs."cooperate,defect".enterprise'
    assert key_path(["players", 1, "strategies", 0]) == "players[1].strategies[0]"


# ---------------------------------------------------------------------------- invalid files
BAD = [
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "__import__(\'os\').system(\'touch pwned\')"'),
                 'payoffs."C,C".row', 16, "attribute access", id="code-injection-system"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "open(\'pwned\', \'w\')"'),
                 'payoffs."C,C".row', 16, "calling 'open' is not allowed", id="code-injection-open"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "S.__class__.__mro__"'),
                 'payoffs."C,C".row', 16, "attribute access", id="attribute-escape"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "(lambda: 1)()"'),
                 'payoffs."C,C".row', 16, "only the functions", id="lambda"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "[x for x in S]"'),
                 'payoffs."C,C".row', 16, "comprehensions", id="comprehension"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "9**9**9"'),
                 'payoffs."C,C".row', 16, "nested powers", id="huge-exponent-tower"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "S**1000000"'),
                 'payoffs."C,C".row', 16, "exceeds the allowed magnitude", id="huge-exponent"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "3 + S_X"'),
                 'payoffs."C,C".row', 16, "unknown name 'S_X'", id="unknown-symbol"),
    pytest.param(_with(PD, 'row = "3 + S"', 'row = "3 + S" +'),
                 None, 16, "malformed TOML", id="malformed-toml"),
    pytest.param(_with(PD, '[payoffs."C,C"]', '[payoffs."C,C"'),
                 None, 15, "malformed TOML", id="unclosed-table"),
    pytest.param(_with(PD, 'row = 5\n', 'row = 5\nrow = 6\n'),
                 None, 25, "malformed TOML", id="duplicate-key"),
    pytest.param(_with(PD, '[payoffs."D,D"]\nrow = 1\ncolumn = 1\n', ''),
                 "payoffs", None, 'missing profiles: "D,D"', id="missing-profile"),
    pytest.param(_with(PD, '[payoffs."D,D"]', '[payoffs."D,E"]'),
                 'payoffs."D,E"', 27, "'E' is not a strategy of 'column'", id="unknown-strategy"),
    pytest.param(_with(PD, 'column = "5"', 'colum = "5"'),
                 'payoffs."C,D".colum', 21, "unknown key 'colum'", id="unknown-player-key"),
    pytest.param(_with(PD, 'S = { value = 2,', 'S = { value = 7,'),
                 "parameters.S.value", 5, "outside its range [0, 5]", id="value-out-of-range"),
    pytest.param(_with(PD, 'S = { value = 2,', 'S = { value = -1, '),
                 "parameters.S.value", 5, "contradicts the assumption 'nonnegative'",
                 id="value-contradicts-assumption"),
    pytest.param(_with(PD, '"nonnegative"', '"prime"'),
                 "parameters.S.assumptions[0]", 5, "unknown assumption 'prime'",
                 id="unknown-assumption"),
    pytest.param(_with(PD, 'S = {', '__class__ = {'),
                 "parameters.__class__", 5, "not a valid parameter name", id="dunder-parameter"),
    pytest.param(_with(PD, 'S = {', 'exp = {'),
                 "parameters.exp", 5, "name of a function", id="function-named-parameter"),
    pytest.param(_with(PD, 'name = "prisoner\'s dilemma"', 'name = "pd"\nauthor = "me"'),
                 "model.author", 3, "unknown key 'author'", id="unknown-model-key"),
    pytest.param(_with(PD, '[model]', '[modle]'),
                 "modle", 1, "unknown key 'modle'", id="unknown-top-level-table"),
    pytest.param(_with(PD, 'strategies = ["C", "D"]', 'strategies = ["C", "C"]'),
                 "players[0].strategies", 9, "must be unique", id="duplicate-strategy"),
    pytest.param(_with(PD, 'name = "column"', 'name = "row"'),
                 "players[1].name", 12, "used twice", id="duplicate-player"),
    pytest.param(PD.replace('row = "0"', 'row = "1/(S - S)"'),
                 'payoffs."C,D".row', 20, "division by zero", id="division-by-zero-symbolic"),
    pytest.param(_with(PD, 'row = "0"', 'row = "sqrt(S - 3)"'),
                 'payoffs."C,D".row', 20, "not a finite real number", id="complex-at-values"),
    pytest.param(_with(PD, 'row = "0"', 'row = "exp(S*1000)"'),
                 'payoffs."C,D".row', 20, "not a finite real number", id="overflow-at-values"),
    pytest.param(_with(PD, 'row = "0"', 'row = true'),
                 'payoffs."C,D".row', 20, "got a boolean", id="boolean-payoff"),
    pytest.param(PD + '[[questions.thresholds]]\nparameter = "T"\nprofile = "C,C"\n',
                 "questions.thresholds[0].parameter", 31, "'T' is not a declared parameter",
                 id="threshold-unknown-parameter"),
    pytest.param(PD + '[[questions.thresholds]]\nparameter = "S"\nprofile = "C,C"\n'
                 'criterion = "stable"\n',
                 "questions.thresholds[0].criterion", 33, "unknown criterion 'stable'",
                 id="threshold-unknown-criterion"),
    pytest.param(PD + '[[questions.thresholds]]\nparameter = "S"\nprofile = ["C"]\n',
                 "questions.thresholds[0].profile", 32, "needs 2 strategies",
                 id="threshold-short-profile"),
    pytest.param(PD.replace("S = {", "T = 1\nS = {") + '[[questions.thresholds]]\nparameter = "T"\n'
                 'profile = "C,C"\n', "questions.thresholds[0].parameter", 32,
                 "'T' does not appear in any payoff", id="threshold-parameter-unused"),
    pytest.param(PD + '[[questions.allocations]]\nrules = ["shapley"]\n',
                 "questions.allocations[0]", 30, "add a [coalitions] table",
                 id="allocation-without-coalitions"),
    pytest.param(PD + '[[questions.regime_maps]]\nx = "S"\ny = "S"\n',
                 "questions.regime_maps[0].y", 32, "must be different", id="regime-map-same-axes"),
    pytest.param(PD + '[[questions.regime_maps]]\nx = "S"\ny = "R"\n',
                 "questions.regime_maps[0].y", 32, "'R' is not a declared parameter",
                 id="regime-map-unknown-parameter"),
    pytest.param(PD.replace("[[players]]", "[players]", 1), None, 11, "malformed TOML",
                 id="players-table-and-array"),
    pytest.param("", "players", None, "missing", id="empty-file"),
]


@pytest.mark.parametrize(("text", "key", "line", "fragment"), BAD)
def test_invalid_model_files_are_rejected(text: str, key: str | None, line: int | None,
                                          fragment: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFileError) as exc:
        co.load_model(path)
    err = exc.value
    msg = str(err)
    assert msg.startswith(str(path) + (" (line" if key is None else ": "))
    assert fragment in msg
    assert err.path == str(path)
    if key is not None:
        assert err.key == key and key in msg
    if line is not None:
        assert err.line == line and f"line {line}" in msg
    # no side effect: nothing was written next to the model or in the working directory
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.toml"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such file"):
        co.load_model(tmp_path / "nope.toml")
    with pytest.raises(ModelFileError, match="is a directory"):
        co.load_model(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "m.toml"
    p.write_bytes(b"[model]\nname = \"\xff\"\n")
    with pytest.raises(ModelFileError, match="not UTF-8"):
        co.load_model(p)


def test_too_many_profiles_is_rejected_before_any_payoff_is_read() -> None:
    labels = ", ".join(f'"s{k}"' for k in range(10))
    players = "".join(f'[[players]]\nname = "p{i}"\nstrategies = [{labels}]\n' for i in range(4))
    with pytest.raises(ModelFileError, match="more than 4096 pure profiles"):
        co.loads_model(players + "[payoffs]\n")


def test_model_file_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"<string>: players: missing"):
        co.loads_model("[model]\n")


# ---------------------------------------------------------------------------- coinnovation check
def test_check_prints_what_the_model_defines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "tripartite.toml")]) == 0
    out = capsys.readouterr().out
    assert "valid model file" in out
    assert "government [政府]: active, passive" in out
    assert "S_E = 2; range [0, 6]; nonnegative" in out
    assert "threshold of S_E for (cooperate, cooperate, active) (ess)" in out
    assert "regime map over S_E in [0, 6] x S_U in [0, 6] (ess, 121x121)" in out


def test_check_invalid_file_exit_code_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(_with(PD, 'row = "3 + S"', 'row = "__import__(\'os\')"'), encoding="utf-8")
    assert main(["check", str(p)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"coinnovation: error: {p}: payoffs.\"C,C\".row (line 16): "
                                   "calling '__import__' is not allowed")


def test_check_usage_error_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2
    assert "required: model" in capsys.readouterr().err


def test_deeply_nested_toml_is_rejected_cleanly() -> None:
    with pytest.raises(ModelFileError, match="malformed TOML: nested too deeply"):
        co.loads_model("x = " + "[" * 5000 + "]" * 5000)


def test_oversized_file_is_rejected_before_parsing(tmp_path: Path) -> None:
    p = tmp_path / "big.toml"
    p.write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(ModelFileError, match="larger than 1000000 bytes"):
        co.load_model(p)


# ---------------------------------------------------------------------------- surplus-model files
SURPLUS = (EXAMPLES / "tripartite_surplus.toml").read_text(encoding="utf-8")


def test_surplus_model_file_is_the_tripartite_game() -> None:
    m = co.load_model(EXAMPLES / "tripartite_surplus.toml")
    assert isinstance(m.surplus_model, co.SurplusModel)
    assert m.numeric_game() == co.load_model(EXAMPLES / "tripartite.toml").numeric_game()
    assert [p.role for p in m.players] == ["企业", "高校", "政府"]
    assert m.game.strategies[2] == ("active", "passive")
    cg = m.numeric_coalitional_game()
    assert cg.players == ("enterprise", "university")
    assert float(cg.value(("enterprise", "university"))) == 10 + 8 + 10 - 5 - 5
    assert "surplus model: SurplusModel(" in m.summary()


def test_surplus_coalitions_and_non_strategic_government() -> None:
    text = """\
[parameters]
r = 3
[[actors]]
name = "firm"
cost = 1
[[actors]]
name = "lab"
role = "university"
cost = 1
[[actors]]
name = "user"
role = "user"
[surplus]
coalitions = { "firm,lab" = "r", "firm,lab,user" = "2*r" }
[government]
strategic = false
subsidies = { firm = 1 }
"""
    m = co.loads_model(text)
    assert m.game.players == ("firm", "lab", "user")
    assert float(m.numeric_coalitional_game().value(("firm", "lab"))) == 3 - 2


@pytest.mark.parametrize(("old", "new", "key", "fragment"), [
    pytest.param("[[actors]]\nname = \"enterprise\"", "[[players]]\nname = \"x\"\nstrategies = [\"a\"]"
                 "\n[[actors]]\nname = \"enterprise\"", "players", "either [players] or a surplus",
                 id="players-and-actors"),
    pytest.param('role = "enterprise"', 'role = "government"', "actors[0].role",
                 "unknown role 'government'", id="government-as-actor"),
    pytest.param('cost = "C_E"', 'cost = "__import__(\'os\')"', "actors[0].cost",
                 "calling '__import__' is not allowed", id="injection-in-actor"),
    pytest.param('shares = { enterprise = "alpha",', 'shares = { firm = "alpha",',
                 "surplus.shares.firm", "'firm' is not an actor", id="unknown-actor-share"),
    pytest.param('value = "dR"', 'value = "dR"\ncoalitions = { "enterprise,university" = 1 }',
                 "surplus", "either value", id="value-and-coalitions"),
    pytest.param('sharing = "fixed"', 'sharing = "fair"', "surplus.sharing",
                 "unknown sharing rule 'fair'", id="unknown-sharing"),
    pytest.param('label = "政府"', 'label = "政府"\nstrategic = "yes"', "government.strategic",
                 "expected true or false", id="strategic-not-boolean"),
    pytest.param('fines = { enterprise = "P_E",', 'fines = { enterprise = "P_X",',
                 "government.fines.enterprise", "unknown name 'P_X'", id="unknown-symbol-fine"),
])
def test_invalid_surplus_model_files(old: str, new: str, key: str, fragment: str) -> None:
    with pytest.raises(ModelFileError) as exc:
        co.loads_model(_with(SURPLUS, old, new), source="s.toml")
    assert exc.value.key == key
    assert fragment in str(exc.value)
    assert exc.value.line is not None


@pytest.mark.parametrize(("weights", "fragment"), [
    pytest.param("{ government = -0.2, industry = 0.9, university = 0.3 }",
                 "a weight must be non-negative, got -0.2", id="negative-weight"),
    pytest.param("{ government = 0.4, industry = 0.5, university = 0.3 }",
                 "weights must sum to 1", id="weights-sum-1.2"),
])
def test_modified_shapley_weights_are_checked(weights: str, fragment: str, tmp_path: Path) -> None:
    """A negative factor weight (or a wrong sum) fails `check`, naming the key."""
    text = (EXAMPLES / "alliance.toml").read_text(encoding="utf-8")
    old = "weights = { government = 0.2, industry = 0.5, university = 0.3 }"
    assert old in text
    path = tmp_path / "alliance.toml"
    path.write_text(text.replace(old, f"weights = {weights}"), encoding="utf-8")
    with pytest.raises(ModelFileError, match=fragment) as info:
        co.load_model(path)
    assert "weights" in str(info.value)
