"""The demo report (Markdown) as pinned after reading it as a user would.

``tests/report/golden/demo_report.md`` is the report ``coinnovation demo``
writes for the built-in tripartite model. The test compares the text
exactly, normalising nothing but line endings: any change to what a reader
sees must be looked at and the file regenerated on purpose.

To regenerate (then read the diff before committing)::

    PYTHONPATH=src python tests/report/test_golden.py
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo_report.md"


def demo_markdown() -> str:
    """The Markdown of the demo report, as ``coinnovation demo`` writes it."""
    from coinnovation.io.modelfile import loads_model
    from coinnovation.report import analyze

    source = resources.files("coinnovation").joinpath("data/tripartite.toml")
    model = loads_model(source.read_text(encoding="utf-8"), source="tripartite.toml (built in)")
    return analyze(model, figures=True).to_markdown()


def test_demo_report_matches_the_golden_file() -> None:
    expected = GOLDEN.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert demo_markdown().replace("\r\n", "\n") == expected, (
        "the demo report changed: read it, then regenerate with "
        "`PYTHONPATH=src python tests/report/test_golden.py`")


def test_the_golden_file_reads_as_prose() -> None:
    """What the pinned text must never contain (checked on the file, independently)."""
    text = GOLDEN.read_text(encoding="utf-8")
    for raw in ("Interval", "EmptySet", "Union(", " oo", "zoo", "Rational(", "Symbol(",
                "0.666666", "0.333333", "<script"):
        assert raw not in text, raw
    assert "1 < $S_{E}$ < 4" in text and "$S_{E}^{*}$ = 1" in text


if __name__ == "__main__":  # regenerate
    GOLDEN.write_text(demo_markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")
