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
    out = capsys.readouterr().out
    assert "Subsidy S = 0: 3 equilibria" in out
    assert "mixed  enterprise: 1/2*cooperate + 1/2*defect; university: 1/2*cooperate + 1/2*defect" in out
    assert "Subsidy S = 1: 2 equilibria  (degenerate" in out
    assert ("Subsidy S = 2: 1 equilibrium\n"
            "  pure   enterprise: cooperate; university: cooperate; payoffs (4, 4)") in out
    # the tripartite government-enterprise-university analysis (吴洁 et al. 2019)
    assert "by criterion 'ess': 1 < S_E < 4\n" in out
    assert "by criterion 'nash': 1 ≤ S_E ≤ 4\n" in out
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
