"""The report document: sections, tables and figures in memory, written as Markdown, HTML and JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CoinnovationError, InvalidInputError
from ._format import md_cell, plain

__all__ = ["FORMATS", "Report", "write_report"]


FORMATS: tuple[str, ...] = ("md", "html", "json")
"""Report formats: Markdown, standalone HTML, JSON."""


@dataclass
class Report:
    """A computed report: content blocks, machine-readable data and figures (not yet written).

    Attributes
    ----------
    title : str
    blocks : list of tuple
        ``("h2", text)``, ``("p", text)``, ``("table", header, rows)``,
        ``("code", language, text)``, ``("figure", name, caption)``.
    data : dict
        The JSON report.
    figures : dict of str to matplotlib.figure.Figure
        Figure name (file stem) -> figure.
    """

    title: str
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    def h(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.blocks.append(("table", list(header), [[str(c) for c in r] for r in rows]))

    def code(self, language: str, text: str) -> None:
        self.blocks.append(("code", language, text))

    def figure(self, name: str, fig: Any, caption: str) -> None:
        self.figures[name] = fig
        self.blocks.append(("figure", name, caption))

    def to_markdown(self) -> str:
        """The report as Markdown (figures referenced as ``figures/NAME.png``)."""
        out = [f"# {self.title}", ""]
        for b in self.blocks:
            if b[0] == "h2":
                out += [f"## {b[1]}", ""]
            elif b[0] == "p":
                out += [b[1], ""]
            elif b[0] == "table":
                out.append("| " + " | ".join(md_cell(c) for c in b[1]) + " |")
                out.append("|" + "---|" * len(b[1]))
                out += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in b[2]]
                out.append("")
            elif b[0] == "code":
                out += [f"```{b[1]}", b[2], "```", ""]
            elif b[0] == "figure":
                out += [f"![{b[2]}](figures/{b[1]}.png)", "", f"*{b[2]}* "
                        f"([SVG](figures/{b[1]}.svg))", ""]
        return "\n".join(out)

    def to_html(self) -> str:
        """The report as one standalone HTML page."""
        e = html.escape
        body = [f"<h1>{e(self.title)}</h1>"]
        for b in self.blocks:
            if b[0] == "h2":
                body.append(f"<h2>{e(b[1])}</h2>")
            elif b[0] == "p":
                body.append(f"<p>{e(b[1])}</p>")
            elif b[0] == "table":
                head = "".join(f"<th>{e(c)}</th>" for c in b[1])
                rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
                               for r in b[2])
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            elif b[0] == "code":
                body.append(f'<pre><code class="language-{e(b[1])}">{e(b[2])}</code></pre>')
            elif b[0] == "figure":
                body.append(f'<figure><img src="figures/{e(b[1])}.png" alt="{e(b[2])}">'
                            f"<figcaption>{e(b[2])} (<a href=\"figures/{e(b[1])}.svg\">SVG</a>)"
                            "</figcaption></figure>")
        style = ("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;"
                 "margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;"
                 "margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
                 "th{background:#f3f3f3}pre{background:#f6f6f6;padding:.8rem;overflow-x:auto}"
                 "img{max-width:100%}")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{e(self.title)}</title><style>{style}</style></head><body>\n"
                + "\n".join(body) + "\n</body></html>\n")


def write_report(report: Report, out_dir: str | Path, formats: Sequence[str] = FORMATS
                 ) -> list[Path]:
    """Write the report (``report.md``, ``report.html``, ``report.json``) and its figures.

    Figures go to ``out_dir/figures/NAME.png`` and ``.svg``. Returns the
    written paths.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InvalidInputError(f"formats: expected some of {', '.join(FORMATS)}, got "
                                f"{', '.join(formats) or 'none'}")
    out = Path(out_dir)
    texts = {"md": report.to_markdown, "html": report.to_html,
             "json": lambda: json.dumps(plain(report.data), ensure_ascii=False, indent=2)}
    rendered = {f: texts[f]() for f in formats}
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoinnovationError(f"--out: cannot create {out} ({exc.strerror})") from None
    written = []
    if report.figures:
        figdir = out / "figures"
        figdir.mkdir(exist_ok=True)
        for name, fig in report.figures.items():
            for ext in ("png", "svg"):
                path = figdir / f"{name}.{ext}"
                fig.savefig(path, dpi=150)
                written.append(path)
    for f, text in rendered.items():
        path = out / f"report.{f}"
        path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        written.append(path)
    return written
