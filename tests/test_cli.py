"""The command line: ``coinnovation demo`` (what ``make demo`` runs)."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from coinnovation.cli import main


def test_demo_prints_equilibria_with_labels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["demo", "--out", str(tmp_path / "report")]) == 0
    captured = capsys.readouterr()
    out = captured.out
    steps = captured.err.splitlines()
    n = len(steps)
    assert n >= 5 and all(line.startswith(f"[step {k + 1}/{n}] ") and line.endswith(" s)")
                          for k, line in enumerate(steps))
    assert steps[-1].startswith(f"[step {n}/{n}] writing the report")
    assert "Subsidy S = 0: 3 equilibria" in out
    assert "mixed  enterprise: 1/2*cooperate + 1/2*defect; university: 1/2*cooperate + 1/2*defect" in out
    assert "Subsidy S = 1: 2 equilibria  (degenerate" in out
    assert ("Subsidy S = 2: 1 equilibrium\n"
            "  pure   enterprise: cooperate; university: cooperate; payoffs (4, 4)") in out
    # the tripartite government-enterprise-university analysis (吴洁 et al. 2019)
    assert "by criterion 'ess': 1 < S_E < 4\n" in out
    assert "by criterion 'nash': 1 ≤ S_E ≤ 4\n" in out
    # progress on standard error, step i of n with the elapsed time; the closing list of
    # files is exactly what was written
    listed = out.split("Full report written to ")[1].splitlines()
    assert listed[0].endswith(f"({len(listed) - 1} files):")
    on_disk = sorted(str(p) for p in (tmp_path / "report").rglob("*") if p.is_file())
    assert sorted(line.strip() for line in listed[1:]) == on_disk
    report = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "government" in report and "$S_{E}$" in report
    for name in ("report.html", "report.json", "figures/regime_map_0_S_E_S_U.png",
                 "figures/trajectories.png", "figures/threshold_0_S_E.png"):
        assert (tmp_path / "report" / name).stat().st_size > 0


def test_built_in_demo_model_is_the_example_file() -> None:
    """The packaged model (so ``coinnovation demo`` works when installed) equals examples/."""
    root = Path(__file__).resolve().parents[1]
    packaged = resources.files("coinnovation").joinpath("data/tripartite.toml").read_text(encoding="utf-8")
    assert packaged == (root / "examples" / "tripartite.toml").read_text(encoding="utf-8")


def test_module_entry_point_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "coinnovation", "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("coinnovation ")


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _on_disk(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "--help"])
    assert exc.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "exit codes: 0 success; 1 invalid model file" in text and "2 usage error" in text
    assert "--set NAME=VALUE" in text and "md, html, json, tex" in text


def test_set_replaces_a_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "r"
    assert main(["analyze", str(EXAMPLES / "two_party.toml"), "--out", str(out), "--set",
                 "S_E=0", "--set", "alpha=0.1", "--format", "json", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")  # --quiet: neither progress nor the list
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["model"]["parameters"]["alpha"]["value"] == 0.1
    # alpha*dR + F + S_E = 1 + 2 + 0 < C_E + T_E = 6: (C, C) is no longer an ESS
    assert ["cooperate", "cooperate"] not in data["ess"]


def test_a_scan_writes_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scan"
    assert main(["analyze", str(EXAMPLES / "two_party.toml"), "--out", str(out), "--set",
                 "alpha=0.1", "--set", "S_E=2:4:5", "--format", "md,tex"]) == 0
    captured = capsys.readouterr()
    assert [line.split("] ")[1].split(" (")[0] for line in captured.err.splitlines()] == [
        "S_E = 2", "S_E = 5/2", "S_E = 3", "S_E = 7/2", "S_E = 4", "figure",
        "writing the report"]
    assert sorted(line.strip() for line in captured.out.splitlines()[1:]) == _on_disk(out)
    md = (out / "report.md").read_text(encoding="utf-8")
    import coinnovation as co

    game = co.load_model(EXAMPLES / "two_party.toml").numeric_game({"alpha": 0.1, "S_E": 2.5})
    ess = "; ".join("(" + ", ".join(game.strategies[i][a] for i, a in enumerate(e.profile)) + ")"
                    for e in co.evolutionarily_stable_states(game)) or "none"
    n_eq = len(co.nash_equilibria(game, exact=True))
    assert f"| 5/2 (2.5) | {n_eq} | {ess} |" in md
    assert (out / "figures" / "scan_S_E.png").is_file() and (out / "figures" / "scan_S_E.pdf").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "S_E"], "argument --set: expected NAME=VALUE"),
    (["--set", "S_E=1", "--set", "S_E=2"], "argument --set: S_E is set twice"),
    (["--set", "S_E=0:1:3", "--set", "S_U=0:1:3"], "one scan (start:stop:count) at a time"),
    (["--out", ""], "argument --out: expected a folder name"),
    (["--format", "md,pdf"], "argument --format: invalid value(s) pdf"),
    (["--figures", "jpg"], "argument --figures: invalid value(s) jpg"),
])
def test_usage_errors_exit_2_and_write_nothing(args: list[str], message: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(EXAMPLES / "two_party.toml"), *args])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "S=1"], "coinnovation: error: --set: 'S' is not a parameter of the model"),
    (["--set", "S_E=-1"], "coinnovation: error: --set: S_E is declared nonnegative, got -1"),
    (["--set", "S_E=abc"], "coinnovation: error: --set: S_E: expected a number"),
])
def test_bad_values_exit_1_and_name_the_flag(args: list[str], message: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLES / "two_party.toml"), "--out", str(tmp_path / "o"),
                 *args]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_an_output_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    assert main(["analyze", str(EXAMPLES / "two_party.toml"), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"coinnovation: error: --out {target}: {target} exists and is not a folder" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


HOSTILE = r"""
[model]
name = "Irrational <script>alert(1)</script> \u001b[31mred"
description = "sqrt(2) and log(S) <img src=x onerror=alert(1)>"

[parameters]
S = { value = 2, assumptions = ["positive"], range = [1, 4] }

[[players]]
name = "row"
strategies = ["C", "D"]

[[players]]
name = "column"
strategies = ["C", "D"]

[payoffs]
"C,C" = { row = "sqrt(2) + log(S)", column = "3" }
"C,D" = { row = "0", column = "log(S)" }
"D,C" = { row = "1", column = "0" }
"D,D" = { row = "1", column = "1" }
"""


def test_irrational_payoffs_and_hostile_text(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "m.toml"
    model.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "r"
    assert main(["analyze", str(model), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "<script" not in text and "<img src=x" not in text and "\x1b" not in text
    assert "# Irrational &lt;script>alert(1)&lt;/script>" in md
    # the exact method cannot run on sqrt(2): certified floats, and the report says so
    assert "3 equilibria (in floating point, each certified by a best-response check" in md
    assert "| (C, C) | $\\log{\\left(S \\right)} + \\sqrt{2}$, $3$ | log(2) + √2 (2.10736), 3 |" in md
