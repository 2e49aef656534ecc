"""The report document: sections, tables and figures in memory, written as Markdown, HTML, JSON
and LaTeX, moved into place only once every file is complete."""

from __future__ import annotations

import base64
import html
import io
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CoinnovationError, InvalidInputError
from ._format import Math, Raw, html_parts, latex_text, md_cell, md_parts, plain, text_parts

__all__ = ["DEFAULT_FORMATS", "FIGURE_DPI", "FIGURE_FORMATS", "FORMATS", "Report",
           "ReportWriteError", "write_report"]


FORMATS: tuple[str, ...] = ("md", "html", "json", "tex")
"""Report formats: Markdown, standalone HTML (figures embedded), JSON, LaTeX (booktabs)."""

DEFAULT_FORMATS: tuple[str, ...] = ("md", "html", "json")
"""What :func:`write_report` writes unless told otherwise."""

FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
"""Figure files: PNG (always, at :data:`FIGURE_DPI`), and vector SVG and PDF on request."""

FIGURE_DPI = 300
"""Resolution of the PNG figures (dots per inch)."""


class ReportWriteError(CoinnovationError, OSError):
    """The report could not be written to the requested folder (nothing was left there)."""


@dataclass
class Report:
    """A computed report: content blocks, machine-readable data and figures (not yet written).

    Attributes
    ----------
    title : str
    blocks : list of tuple
        ``("h2", parts)``, ``("p", parts)``, ``("table", header, rows)``,
        ``("code", language, text, math)``, ``("figure", name, caption)``;
        *parts* are text (``str``, escaped for each format) and formulas
        (:class:`~coinnovation.report._format.Math`).
    data : dict
        The JSON report.
    figures : dict of str to matplotlib.figure.Figure
        Figure name (file stem) -> figure.
    """

    title: Any
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    def h(self, *parts: Any) -> None:
        self.blocks.append(("h2", _joined(parts)))

    def p(self, *parts: Any) -> None:
        """A paragraph: text (``str``) and formulas; plain text is kept as one string."""
        self.blocks.append(("p", _joined(parts)))

    def table(self, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> None:
        def cell(c: Any) -> Any:
            return c if isinstance(c, (str, Math, Raw, tuple)) else str(c)

        self.blocks.append(("table", [cell(c) for c in header], [[cell(c) for c in r]
                                                                 for r in rows]))

    def code(self, language: str, text: str, *, math: bool = False) -> None:
        """A code block; ``math=True`` marks LaTeX that needs math mode (display maths)."""
        self.blocks.append(("code", language, text, math))

    def figure(self, name: str, fig: Any, caption: Any) -> None:
        self.figures[name] = fig
        self.blocks.append(("figure", name, caption))

    def to_markdown(self) -> str:
        """The report as Markdown (figures referenced as ``figures/NAME.png``)."""
        out = [f"# {md_parts(self.title)}", ""]
        for b in self.blocks:
            if b[0] == "h2":
                out += [f"## {md_parts(b[1])}", ""]
            elif b[0] == "p":
                out += [md_parts(b[1]), ""]
            elif b[0] == "table":
                out.append("| " + " | ".join(md_cell(md_parts(c)) for c in b[1]) + " |")
                out.append("|" + "---|" * len(b[1]))
                out += ["| " + " | ".join(md_cell(md_parts(c)) for c in r) + " |" for r in b[2]]
                out.append("")
            elif b[0] == "code":
                out += [f"```{b[1]}", b[2], "```", ""]
            elif b[0] == "figure":
                cap = md_parts(b[2])
                out += [f"![{cap}](figures/{b[1]}.png)", "", f"*{cap}*", ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def to_html(self, images: dict[str, bytes] | None = None) -> str:
        """The report as one self-contained HTML page (PNG figures embedded as data URIs).

        Formulas are drawn as text with sub- and superscripts (no script, no
        network); the LaTeX source is the ``title`` of each formula.
        """
        e = html_parts
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
                png = (images or {}).get(b[1]) or _png(self.figures[b[1]])
                src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
                body.append(f'<figure><img src="{src}" alt="{e(b[2])}">'
                            f"<figcaption>{e(b[2])}</figcaption></figure>")
        style = ("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;"
                 "margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;"
                 "margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}"
                 "th{background:#f3f3f3}pre{background:#f6f6f6;padding:.8rem;overflow-x:auto}"
                 "img{max-width:100%}.math{font-family:'STIX Two Math','Cambria Math',serif;"
                 "font-style:italic;white-space:nowrap}")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(text_parts(self.title))}</title><style>{style}</style></head><body>\n"
                + "\n".join(body) + "\n</body></html>\n")

    def to_latex(self) -> str:
        """The report as a LaTeX document (needs the ``booktabs``, ``amsmath`` and ``graphicx``
        packages; figures included from ``figures/NAME.pdf``)."""
        t = latex_text
        out = [r"\documentclass{article}", r"\usepackage[utf8]{inputenc}",
               r"\usepackage{amsmath,booktabs,graphicx}", r"\begin{document}",
               rf"\section*{{{t(self.title)}}}", ""]
        for b in self.blocks:
            if b[0] == "h2":
                out += [rf"\subsection*{{{t(b[1])}}}", ""]
            elif b[0] == "p":
                out += [t(b[1]), ""]
            elif b[0] == "table":
                out += [r"\begin{tabular}{" + "l" * len(b[1]) + "}", r"\toprule",
                        " & ".join(t(c) for c in b[1]) + r" \\", r"\midrule",
                        *[" & ".join(t(c) for c in r) + r" \\" for r in b[2]],
                        r"\bottomrule", r"\end{tabular}", ""]
            elif b[0] == "code":
                out += ([r"\[", b[2], r"\]"] if b[3] else [b[2]]) + [""]
            elif b[0] == "figure":
                out += [r"\begin{figure}[htbp]", r"\centering",
                        rf"\includegraphics[width=0.8\linewidth]{{figures/{b[1]}.pdf}}",
                        rf"\caption{{{t(b[2])}}}", r"\end{figure}", ""]
        out.append(r"\end{document}")
        return "\n".join(out)


def _joined(parts: tuple[Any, ...]) -> Any:
    return "".join(parts) if all(isinstance(p, str) for p in parts) else parts


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI)
    return buf.getvalue()


def _render(report: Report, formats: Sequence[str], figure_formats: Sequence[str]
            ) -> dict[str, bytes]:
    """Every file of the report, as relative path -> bytes (nothing written yet)."""
    files: dict[str, bytes] = {}
    pngs = {name: _png(fig) for name, fig in report.figures.items()}
    for name, fig in report.figures.items():
        files[f"figures/{name}.png"] = pngs[name]
        for ext in figure_formats:
            if ext != "png":
                buf = io.BytesIO()
                fig.savefig(buf, format=ext, metadata={"Date": None} if ext == "svg" else None)
                files[f"figures/{name}.{ext}"] = buf.getvalue()
    texts = {"md": report.to_markdown, "html": lambda: report.to_html(pngs),
             "json": lambda: json.dumps(plain(report.data), ensure_ascii=False, indent=2),
             "tex": report.to_latex}
    for f in formats:
        text = texts[f]()
        files[f"report.{f}"] = (text + ("" if text.endswith("\n") else "\n")).encode("utf-8")
    return files


def _check_target(out: Path, names: Sequence[str]) -> None:
    """Refuse, before anything is written, a target that is not a folder or has a folder (or
    a non-folder where ``figures/`` goes) in the place of a report file."""
    if out.is_symlink() and not out.is_dir():
        raise ReportWriteError(f"out_dir: {out} is a symbolic link that is not to a folder; "
                               "refusing to write through it")
    if out.exists() and not out.is_dir():
        raise ReportWriteError(f"out_dir: {out} exists and is not a folder")
    if not out.exists():
        return
    for rel in names:
        dest = out / rel
        if dest.parent != out and (dest.parent.is_symlink() or (
                dest.parent.exists() and not dest.parent.is_dir())):
            raise ReportWriteError(f"out_dir: {dest.parent} is in the way of the figures "
                                   "(not a folder)")
        if dest.is_dir() and not dest.is_symlink():
            raise ReportWriteError(f"out_dir: {dest} is a folder where a file goes")


def _place(tmp: Path, out: Path, names: Sequence[str]) -> None:
    """Move the finished files from ``tmp`` into ``out`` (replacing files, never following
    a symbolic link: a link in the way is replaced by the file)."""
    if not out.exists():
        os.replace(tmp, out)
        return
    for rel in names:
        dest = out / rel
        if dest.parent != out:
            dest.parent.mkdir(exist_ok=True)
        os.replace(tmp / rel, dest)


def write_report(report: Report, out_dir: str | Path, formats: Sequence[str] = DEFAULT_FORMATS,
                 *, figure_formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Write the report (``report.md``, ``.html``, ``.json``, ``.tex``) and its figures.

    Every file is rendered in memory and written to a temporary folder next
    to ``out_dir``; only when all are complete are they moved into place, so
    a failure (a full disk, a file in the way) leaves ``out_dir`` as it was.
    Existing report files are replaced; a symbolic link in the place of a
    file is replaced, never followed.

    Parameters
    ----------
    report : Report
    out_dir : str or path-like
        The folder (created if needed; ``""`` is an error, not the current folder).
    formats : sequence of str
        Among :data:`FORMATS`.
    figure_formats : sequence of str
        Among :data:`FIGURE_FORMATS`; PNG (300 dpi) is always written, the
        LaTeX report adds PDF.

    Returns
    -------
    list of pathlib.Path
        The files written, figures first.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for unknown formats or an empty folder name.
    ReportWriteError
        when the folder cannot be written (its message names ``out_dir``).
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InvalidInputError(f"formats: expected some of {', '.join(FORMATS)}, got "
                                f"{', '.join(map(str, formats)) or 'none'}")
    bad = [f for f in figure_formats if f not in FIGURE_FORMATS]
    if bad:
        raise InvalidInputError(f"figure_formats: expected some of {', '.join(FIGURE_FORMATS)}, "
                                f"got {', '.join(map(str, bad))}")
    if str(out_dir) == "":
        raise InvalidInputError("out_dir: expected a folder name, got an empty string")
    out = Path(out_dir)
    figs = dict.fromkeys(["png", *figure_formats, *(["pdf"] if "tex" in formats else [])])
    files = _render(report, formats, list(figs))
    _check_target(out, list(files))
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise ReportWriteError(f"out_dir: cannot create {out} ({exc.strerror or exc})") from None
    try:
        try:
            for rel, data in files.items():
                path = tmp / rel
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(data)
            os.chmod(tmp, 0o755)
        except OSError as exc:
            raise ReportWriteError(f"out_dir: cannot write the report to {out} "
                                   f"({exc.strerror or exc}); nothing was changed there") from None
        try:
            _place(tmp, out, list(files))
        except OSError as exc:
            raise ReportWriteError(f"out_dir: cannot move the report into {out} "
                                   f"({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out / rel for rel in files]
