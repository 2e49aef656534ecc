"""The documentation site builds with ``mkdocs build --strict`` (no broken links, no warnings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    for page in ("index.html", "how-to/write-a-model-file/index.html",
                 "how-to/check-a-hand-derivation/index.html",
                 "how-to/property-test-your-model/index.html",
                 "reference/api/files/index.html", "glossary/index.html"):
        assert (site / page).is_file(), page
    api = (site / "reference/api/files/index.html").read_text(encoding="utf-8")
    assert "load_model" in api and "read_nfg" in api
    games = (site / "reference/api/games/index.html").read_text(encoding="utf-8")
    assert "NormalFormGame" in games and "subs" in games
