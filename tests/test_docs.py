"""Every Python code block in docs/ and README.md runs, in order, one namespace per page, and
shows what a user sees.

A block fenced as ```python runs; a block fenced as ```text or ```console is
prose — except that a ```text block that directly follows a ```python block
(nothing but blank lines between them) is that block's **output**: what the
block prints must equal it, after normalising whitespace (runs of spaces and
line breaks compare as one space; leading and trailing space is ignored);
``...`` in the output block stands for any text. A page whose blocks fail
names itself and the block's first line.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [*sorted(p for p in DOCS.rglob("*.md")), ROOT / "README.md"]
BLOCK = re.compile(r"^```(python|text)\n(.*?)^```[ \t]*\n(?:[ \t]*\n)*", re.S | re.M)


def blocks(text: str) -> list[tuple[str, str | None]]:
    """The page's Python blocks, each with the output block that follows it (or None)."""
    out: list[tuple[str, str | None]] = []
    pos, last_end, last_python = 0, -1, False
    for m in BLOCK.finditer(text):
        if m.group(1) == "python":
            out.append((m.group(2), None))
            last_python = True
        elif last_python and m.start() == last_end:
            out[-1] = (out[-1][0], m.group(2))
            last_python = False
        else:
            last_python = False
        last_end = m.end()
        pos = m.end()
    del pos
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def matches(printed: str, shown: str) -> bool:
    """``printed`` equals ``shown`` after normalising whitespace; ``...`` in ``shown`` stands
    for any text (as in doctest's ELLIPSIS), so a page may shorten a long output."""
    pattern = ".*?".join(re.escape(part) for part in _norm(shown).split("..."))
    return re.fullmatch(pattern, _norm(printed), re.S) is not None


def test_docs_have_pages() -> None:
    assert any("tutorials" in p.parts for p in PAGES)


def test_output_blocks_are_recognised() -> None:
    page = "```python\nprint(1)\n```\n\n```text\n1\n```\n\ntext\n\n```text\nprose\n```\n"
    assert blocks(page) == [("print(1)\n", "1\n")]
    assert blocks("```python\nx = 1\n```\nprose\n```text\nnot output\n```\n") == [("x = 1\n", None)]
    assert matches("a  b\n c", "a b c") and not matches("a b c", "a b")
    assert matches("Game(x, symbols=[1, 2])\n row", "Game(x, ...)\nrow")


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_code_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for k, (block, shown) in enumerate(blocks(page.read_text(encoding="utf-8"))):
        code = compile(block, f"{page.relative_to(ROOT)}#block{k}", "exec")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)
        if shown is not None:
            assert matches(printed.getvalue(), shown), (
                f"{page.relative_to(ROOT)} block {k} ({block.splitlines()[0]!r}) prints\n"
                f"{printed.getvalue()}\nbut the page shows\n{shown}")
