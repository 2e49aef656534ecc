"""The command line: ``coinnovation demo`` (what ``make demo`` runs)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coinnovation.cli import main


def test_demo_prints_equilibria_with_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Subsidy S = 0: 3 equilibria" in out
    assert "mixed  enterprise: 1/2*cooperate + 1/2*defect; university: 1/2*cooperate + 1/2*defect" in out
    assert "Subsidy S = 1: 2 equilibria  (degenerate" in out
    assert ("Subsidy S = 2: 1 equilibrium\n"
            "  pure   enterprise: cooperate; university: cooperate; payoffs (4, 4)") in out


def test_module_entry_point_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "coinnovation", "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("coinnovation ")


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err
