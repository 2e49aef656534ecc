"""Notebook display (``_repr_html_``, ``_repr_markdown_``, ``_repr_latex_``) and ``to_pandas``.

Jupyter shows an object by the richest ``_repr_*_`` it defines. The result
objects build their display from one table (a header and rows of cells) so
that the HTML, the Markdown and ``to_pandas()`` agree. User text (model,
player and strategy names) is escaped in HTML, so a name such as
``<script>`` is shown, never run. pandas is optional: ``to_pandas()`` raises
:class:`~coinnovation.errors.MissingDependencyError` naming the ``pandas``
extra when it is missing.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import MissingDependencyError
from .formatting import fmt_num

DISPLAY_ROWS = 200   # rows shown in a notebook; to_pandas() has them all

__all__ = ["DISPLAY_ROWS", "TableDisplay", "cell_text", "esc", "html_table", "markdown_table",
           "require_pandas", "shown", "table_frame"]


def esc(text: Any) -> str:
    """``text`` escaped for HTML (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(str(text), quote=True)


def cell_text(v: Any) -> str:
    """A short text of one cell: numbers with 6 significant digits, the rest as ``str``."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (np.integer, int)):
        return str(int(v))
    if isinstance(v, (float, np.floating, complex, np.complexfloating)):
        c = complex(v)
        return fmt_num(c.real) if c.imag == 0 else f"{c.real:.6g}{c.imag:+.6g}j"
    return fmt_num(v)


def html_table(header: Sequence[Any], rows: Sequence[Sequence[Any]], *, title: str | None = None
               ) -> str:
    """An HTML table (every cell escaped), under an optional escaped title line.

    Examples
    --------
    >>> html = html_table(["a"], [["<b>"]], title="t & u")
    >>> html[:45]
    '<div><p>t &amp; u</p><table><thead><tr><th>a<'
    >>> "<td>&lt;b&gt;</td>" in html and "<b>" not in html
    True
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(cell_text(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    top = f"<p>{esc(title)}</p>" if title else ""
    return f"<div>{top}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _md_cell(v: Any) -> str:
    return html.escape(cell_text(v), quote=False).replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown (GitHub) table; ``|`` inside cells is escaped."""
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def require_pandas(what: str) -> Any:
    """The pandas module, or :class:`MissingDependencyError` naming ``what`` and the extra."""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError(
            f"{what} needs pandas, which is not installed: pip install \"coinnovation[pandas]\" "
            "(or pip install pandas)") from None


def table_frame(what: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    """A :class:`pandas.DataFrame` with the given columns and rows (pandas optional)."""
    pd = require_pandas(what)
    return pd.DataFrame([list(r) for r in rows], columns=list(header))


class TableDisplay:
    """Mixin: notebook display and ``to_pandas()`` from one ``_display_table()``.

    A class defines ``_display_table() -> (title, header, rows)``; this gives
    it ``_repr_html_`` (escaped), ``_repr_markdown_`` and ``to_pandas()``
    (one row per table row; numbers stay numbers).
    """

    __slots__ = ()

    # each class using the mixin defines
    # ``_display_table(self, limit: int | None = None) -> (title, header, rows)``
    _display_table: Callable[..., tuple[str, Sequence[str], Sequence[Sequence[Any]]]]

    def _repr_html_(self) -> str:
        title, header, rows = self._display_table(DISPLAY_ROWS)
        return html_table(header, rows, title=title)

    def _repr_markdown_(self) -> str:
        title, header, rows = self._display_table(DISPLAY_ROWS)
        return f"{html.escape(title, quote=False)}\n\n{markdown_table(header, rows)}"

    def to_pandas(self) -> Any:
        """The table as a :class:`pandas.DataFrame` (needs the optional ``pandas``)."""
        _title, header, rows = self._display_table()
        return table_frame(f"{type(self).__name__}.to_pandas", header,
                           [[_frame_value(c) for c in r] for r in rows])


def _frame_value(v: Any) -> Any:
    """Numbers as Python numbers, sympy numbers as floats, other sympy objects as text."""
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if hasattr(v, "is_number") and hasattr(v, "free_symbols"):
        if v.is_number and not v.free_symbols:
            try:
                return float(v)
            except TypeError:
                return str(v)
        return str(v)
    return v


def shown(rows: list[Any], limit: int | None, total: int) -> str:
    """A note for a title when only the first ``limit`` of ``total`` rows are shown."""
    if limit is not None and total > limit:
        return f" (first {limit} of {total} rows; to_pandas() has all)"
    return ""
