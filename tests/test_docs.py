"""Every Python code block in docs/ and README.md runs, in order, one namespace per page.

A block fenced as ```python runs; a block fenced as ```text or ```console is
prose. A page whose blocks fail names itself and the block's first line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [*sorted(p for p in DOCS.rglob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_docs_have_pages() -> None:
    assert any("tutorials" in p.parts for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_code_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for k, block in enumerate(FENCE.findall(page.read_text(encoding="utf-8"))):
        code = compile(block, f"{page.relative_to(ROOT)}#block{k}", "exec")
        exec(code, namespace)
