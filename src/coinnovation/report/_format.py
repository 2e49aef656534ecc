r"""How values read in a report and on the terminal: numbers, sets, intervals, symbols, user text.

The one formatting module of the report and the CLI. A report is written
three ways (Markdown, HTML, LaTeX), so prose is kept as a sequence of
*parts*: a ``str`` is literal text (escaped for each output), :class:`Math`
is a formula in LaTeX (``$S_{E}$`` in Markdown and LaTeX, a readable
``<span class="math">`` in HTML that needs no script and no network), and
:class:`Raw` is Markdown made by another part of the library (a stability
table cell) whose ``$...$`` spans are kept as math.

- :func:`number`: exact values as fractions, ``5/4 (1.25)`` when both help;
  irrational values as ``√2 (1.41421)``; floats with 6 significant digits.
- :func:`region_parts`: a subset of the reals as a person writes it,
  ``1 < S_E < 4``, unions joined by "or", ``None`` for the empty set (the
  caller writes the sentence).
- :func:`terminal`: user text with control characters and escape sequences
  made visible (``\x1b`` shown as ``\\x1b``), safe to print.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.latex import latex

__all__ = ["Math", "Raw", "html_parts", "latex_text", "md_cell", "md_parts", "md_text", "num",
           "number", "plain", "region_parts", "symbol", "terminal", "text_parts"]


@dataclass(frozen=True)
class Math:
    """A formula in LaTeX (inline)."""

    latex: str


@dataclass(frozen=True)
class Raw:
    """Markdown produced by the library (trusted); ``$...$`` spans in it are formulas."""

    markdown: str


Part = str | Math | Raw

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal(text: Any) -> str:
    r"""``text`` safe to print: control characters and escape sequences shown as ``\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", str(text))


_MD_SPECIAL = re.compile(r"([\\`*|$~]|\](?=\()|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))"
                         r"|(<(?=[A-Za-z/!?]))|(&(?=#?\w+;))")


def md_text(text: Any) -> str:
    """Literal text for Markdown: markup characters escaped, HTML tags and entities neutralised
    (``<script>`` reads as text; ``1 < 4`` stays as it is)."""
    s = terminal(text).replace("\n", " ")
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) else
                           "&lt;" if m.group(2) else "&amp;", s)


def md_cell(text: str) -> str:
    """A Markdown table cell: one line, every unescaped ``|`` escaped."""
    return re.sub(r"(?<!\\)\|", r"\\|", text.replace("\n", " "))


def symbol(name: str) -> Math:
    """A parameter's name as math: ``S_E`` -> ``S_{E}``, ``alpha`` -> ``\\alpha``."""
    return Math(latex(sp.Symbol(name)))


def _split_raw(md: str) -> list[Part]:
    out: list[Part] = []
    for k, piece in enumerate(re.split(r"(?<!\\)\$", md)):
        if piece:
            out.append(Math(piece) if k % 2 else Raw(piece))
    return out


def md_parts(parts: Any) -> str:
    """The parts as Markdown."""
    if isinstance(parts, (str, Math, Raw)):
        parts = (parts,)
    out = []
    for p in parts:
        if isinstance(p, Math):
            out.append(f"${p.latex}$")
        elif isinstance(p, Raw):
            out.append(p.markdown)
        else:
            out.append(md_text(p))
    return "".join(out)


_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
          "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ",
          "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
          "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
          "Delta": "Δ", "Gamma": "Γ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ",
          "Omega": "Ω", "infty": "∞", "leq": "≤", "geq": "≥", "neq": "≠", "cdot": "·",
          "times": "×", "wedge": "∧", "vee": "∨", "cup": "∪", "emptyset": "∅", "in": "∈",
          "log": "log", "exp": "exp", "sqrt": "√", "approx": "≈", "to": "→", "quad": " ",
          "qquad": " ", "le": "≤", "ge": "≥", "lt": "<", "gt": ">", ",": " ", ";": " ",
          "mathrm": "", "operatorname": "", "text": "", "left": "", "right": ""}


def _latex_html(tex: str) -> str:
    """A readable HTML rendering of the LaTeX the library writes (no script needed)."""
    s = tex
    for _ in range(8):  # \frac{a}{b} -> (a)/(b), innermost first
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", s)
        if new == s:
            break
        s = new
    s = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", s)
    s = re.sub(r"\\([A-Za-z]+|[,;])", lambda m: _GREEK.get(m.group(1), m.group(1)), s)
    s = html.escape(s, quote=False)
    for _ in range(4):
        new = re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", s)
        new = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", new)
        new = re.sub(r"_([A-Za-z0-9])", r"<sub>\1</sub>", new)
        new = re.sub(r"\^([A-Za-z0-9])", r"<sup>\1</sup>", new)
        if new == s:
            break
        s = new
    s = re.sub(r"\(([A-Za-z0-9α-ω.]+)\)/\(([A-Za-z0-9α-ω.]+)\)", r"\1/\2", s)
    return s.replace("{", "").replace("}", "")


def _latex_plain(tex: str) -> str:
    s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", tex)
    s = re.sub(r"\\([A-Za-z]+|[,;])", lambda m: _GREEK.get(m.group(1), m.group(1)), s)
    s = re.sub(r"_\{([^{}]*)\}", r"_\1", s)
    s = re.sub(r"\^\{([^{}]*)\}", r"^\1", s)
    return s.replace("{", "").replace("}", "")


def text_parts(parts: Any) -> str:
    """The parts as plain text for a terminal (``S_E``, ``α``; control characters shown)."""
    if isinstance(parts, (str, Math, Raw)):
        parts = (parts,)
    return "".join(_latex_plain(p.latex) if isinstance(p, Math) else
                   terminal(p.markdown if isinstance(p, Raw) else p) for p in parts)


def html_parts(parts: Any) -> str:
    """The parts as HTML (formulas as ``<span class="math">`` with sub/superscripts)."""
    if isinstance(parts, (str, Math, Raw)):
        parts = (parts,)
    out = []
    for p in parts:
        if isinstance(p, Math):
            out.append(f'<span class="math" title="{html.escape(p.latex)}">'
                       f"{_latex_html(p.latex)}</span>")
        elif isinstance(p, Raw):
            for q in _split_raw(p.markdown):
                out.append(html_parts(q) if isinstance(q, Math) else
                           html.escape(re.sub(r"\\([\\`*_{}\[\]<>#|$~])", r"\1", q.markdown)))
        else:
            out.append(html.escape(terminal(p)))
    return "".join(out)


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}", "<": "$<$", ">": "$>$"}


def latex_text(parts: Any) -> str:
    """The parts as LaTeX text (formulas in ``$...$``)."""
    if isinstance(parts, (str, Math, Raw)):
        parts = (parts,)
    out = []
    for p in parts:
        if isinstance(p, Math):
            out.append(f"${p.latex}$")
        elif isinstance(p, Raw):
            out.extend(latex_text(q) if isinstance(q, Math) else
                       latex_text(re.sub(r"\\([\\`*_{}\[\]<>#|$~])", r"\1", q.markdown))
                       for q in _split_raw(p.markdown))
        else:
            out.append("".join(_TEX_SPECIAL.get(c, c) for c in terminal(p)))
    return "".join(out)


def _float(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.6g}"
    return "0" if text == "-0" else text


def number(v: Any) -> str:
    """A number as a person reads it: ``3``, ``5/4 (1.25)``, ``√2 (1.41421)``, ``0.333333``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> number(Fraction(5, 4)), number(2.0), number(sp.sqrt(2)), number(sp.Rational(1, 3))
    ('5/4 (1.25)', '2', '√2 (1.41421)', '1/3 (0.333333)')
    """
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v} ({_float(float(v))})"
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return str(int(f)) if f.is_integer() and abs(f) < 1e15 else _float(f)
    if isinstance(v, sp.Basic):
        if v.is_Integer:
            return str(int(v))
        if isinstance(v, sp.Float):
            return _float(float(v))
        if v.is_Rational:
            return f"{v.p}/{v.q} ({_float(float(v))})"
        if v is sp.oo or v is sp.S.Infinity:
            return "∞"
        if v is sp.S.NegativeInfinity:
            return "−∞"
        if v.is_number and v.is_real:
            return f"{_pretty(v)} ({_float(float(v))})"
        return _pretty(v)
    return str(v)


def _pretty(e: sp.Basic) -> str:
    text = sp.sstr(e)
    text = re.sub(r"sqrt\(([A-Za-z0-9_.]+)\)", r"√\1", text)
    return text.replace("**", "^").replace("*", "·")


def num(v: Any) -> str:
    """A number in a table cell: :func:`number` without the decimal of a fraction."""
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, sp.Basic) and v.is_Rational:
        return str(v)
    return number(v)


def _end(e: Any) -> str:
    e = sp.sympify(e)
    if isinstance(e, sp.Float):
        return _float(float(e))
    if e.is_Rational:
        return str(e)
    if e.is_number:
        return number(e)
    return _pretty(e)


def _interval(iv: sp.Interval, name: Math) -> list[Part]:
    lo, hi = iv.start, iv.end
    lo_op = " ≤ " if not iv.left_open else " < "
    hi_op = " ≤ " if not iv.right_open else " < "
    if lo is sp.S.NegativeInfinity and hi is sp.S.Infinity:
        return ["every value of ", name]
    if lo is sp.S.NegativeInfinity:
        return [name, hi_op + _end(hi)]
    if hi is sp.S.Infinity:
        return [name, (" ≥ " if not iv.left_open else " > ") + _end(lo)]
    if lo == hi:
        return [name, " = " + _end(lo)]
    return [_end(lo) + lo_op, name, hi_op + _end(hi)]


def region_parts(region: Any, name: str) -> list[Part] | None:
    """A subset of the reals in words: ``1 < S_E < 4``, ``S_E ≥ 0 or S_E = -1``.

    Returns None for the empty set (say it in a sentence).

    Examples
    --------
    >>> md_parts(region_parts(sp.Interval.open(1, 4), "S_E"))
    '1 < $S_{E}$ < 4'
    >>> region_parts(sp.EmptySet, "S_E") is None
    True
    """
    sym = symbol(name)
    region = sp.sympify(region)
    if region is sp.S.EmptySet:
        return None
    pieces = list(region.args) if isinstance(region, sp.Union) else [region]
    out: list[Part] = []
    for k, piece in enumerate(pieces):
        if k:
            out.append(" or ")
        if isinstance(piece, sp.Interval):
            out.extend(_interval(piece, sym))
        elif isinstance(piece, sp.FiniteSet):
            for j, v in enumerate(piece.args):
                out.extend([" or " if j else "", sym, " = " + _end(v)])
        elif piece is sp.S.Reals:
            out.extend(["every value of ", sym])
        else:
            out.extend([sym, " in ", Math(latex(piece))])
    return [p for p in out if p != ""]


def plain(v: Any) -> Any:
    """Plain-Python data for JSON (fractions as floats, sympy numbers as numbers)."""
    if isinstance(v, Fraction):
        return float(v) if v.denominator != 1 else int(v)
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    if isinstance(v, sp.Basic):
        if v.is_number and v.is_real:
            return int(v) if v.is_Integer else float(v)
        return str(v)
    if isinstance(v, complex):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()]
    return v
