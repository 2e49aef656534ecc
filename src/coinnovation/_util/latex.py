r"""One LaTeX printer for every formula the library writes (tables, reports, figures).

sympy prints a symbol named ``dR`` as :math:`dR` — a differential, to a reader —
and ``DeltaR`` as :math:`DeltaR`. Both stand for the cooperative surplus
:math:`\Delta R` (合作剩余) in this field's papers, and print so here: a name
``dX`` or ``DeltaX`` with ``X`` starting with a capital letter prints as
:math:`\Delta X` (``dR_E`` as :math:`\Delta R_{E}`). Every other name prints as
sympy prints it (``alpha`` as :math:`\alpha`, ``S_E`` as :math:`S_{E}`).
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

__all__ = ["latex", "latex_name"]

_DELTA = re.compile(r"^(?:d|Delta)([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?)$")


def latex_name(name: str) -> str | None:
    r"""The LaTeX of a symbol name that sympy would print wrongly, else None.

    Examples
    --------
    >>> latex_name("dR"), latex_name("DeltaR_E"), latex_name("dx"), latex_name("alpha")
    ('\\Delta R', '\\Delta R_{E}', None, None)
    """
    m = _DELTA.match(name)
    if m is None:
        return None
    return r"\Delta " + sp.latex(sp.Symbol(m.group(1)))


def latex(expr: Any, **options: Any) -> str:
    r"""``sympy.latex(expr)`` with the symbol names of :func:`latex_name`.

    Examples
    --------
    >>> import sympy as sp
    >>> a, dR, C = sp.symbols("alpha dR C")
    >>> latex(a * dR - C)
    '- C + \\alpha \\Delta R'
    """
    if not isinstance(expr, sp.Basic):
        expr = sp.sympify(expr, strict=True)  # numbers, booleans; never parses a string
    names = {s: n for s in expr.free_symbols if isinstance(s, sp.Symbol)
             and (n := latex_name(s.name)) is not None}
    if names:
        options = {**options, "symbol_names": {**names, **options.get("symbol_names", {})}}
    return sp.latex(expr, **options)
