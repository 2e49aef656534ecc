r"""LaTeX of replicator systems, for pasting into a paper.

The equations print as a ``cases`` block,

.. math::

    \begin{cases}
    \frac{dx}{dt} = x(1-x)\,(U_{x1} - U_{x2}) \\ \dots
    \end{cases}

and the vertex stability table (:meth:`StabilityTable.to_latex`) as a
``tabular`` (booktabs, or plain rules) with the eigenvalues, the stability
conditions (one per line, in eigenvalue order; "never" when one is
impossible, "always" when all hold) and the kind of each vertex, the layout
of 吴洁 et al. (2019), 中国管理科学.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from .._util.latex import latex
from .._util.tolerance import SIMPLIFY_MAX_OPS

__all__ = ["condition_latex", "condition_parts", "condition_text", "conditional_kind",
           "equations_latex", "table_latex"]


def equations_latex(state: Sequence[sp.Symbol], equations: Sequence[sp.Expr]) -> str:
    r"""``\begin{cases} \frac{dx}{dt} = ... \end{cases}`` for the given system.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> print(equations_latex([x], [x * (1 - x)]))
    \begin{cases}
    \frac{dx}{dt} = x \left(1 - x\right)
    \end{cases}
    """
    lines = [rf"\frac{{d{latex(s)}}}{{dt}} = {latex(e)}"
             for s, e in zip(state, equations, strict=True)]
    return "\\begin{cases}\n" + " \\\\\n".join(lines) + "\n\\end{cases}"


# ---------------------------------------------------------------------------- stability tables
NEVER = "never"
ALWAYS = "always"
SIGN_CONVENTION = ("stable (a sink) if and only if every eigenvalue has a negative real part, "
                   "Re λ_i < 0")


def _simplified(c: Any) -> Any:
    """``c`` (a relational ``lhs < 0``) with a simplified left-hand side, when that is cheap."""
    if not isinstance(c, sp.core.relational.Relational):
        return c
    lhs = c.lhs - c.rhs
    if sp.count_ops(lhs) <= SIMPLIFY_MAX_OPS // 10:
        lhs = sp.factor_terms(sp.simplify(lhs))
    return c.func(lhs, 0)


def condition_parts(conditions: Sequence[Any]) -> str | list[Any]:
    """``"never"`` if any condition is false, ``"always"`` if all are true, else the open ones.

    The open conditions keep the eigenvalue order; each is ``Re λ_i < 0`` with
    its left-hand side simplified. A false condition is never dropped: one
    impossible condition makes the whole conjunction impossible.

    Examples
    --------
    >>> import sympy as sp
    >>> S = sp.Symbol("S")
    >>> condition_parts([sp.true, sp.false, S < 0]), condition_parts([sp.true])
    ('never', 'always')
    >>> condition_parts([sp.true, S - 1 < 0])
    [S - 1 < 0]
    """
    if any(c is sp.false or c == sp.false for c in conditions):
        return NEVER
    open_ = [_simplified(c) for c in conditions if not (c is sp.true or c == sp.true)]
    return open_ if open_ else ALWAYS


def conditional_kind(kind: str, parts: str | list[Any]) -> str:
    """The kind a reader should see: ``"sink if the conditions hold"`` for undecided rows."""
    if kind == "undecided" and isinstance(parts, list):
        return "sink if the conditions hold, else unstable"
    return kind


def condition_text(parts: str | list[Any]) -> str:
    """Plain text of :func:`condition_parts`: ``never``, ``always`` or ``c1; c2``."""
    return parts if isinstance(parts, str) else "; ".join(str(c) for c in parts)


def condition_latex(parts: str | list[Any]) -> str:
    r"""LaTeX of :func:`condition_parts`: one condition per line (``\newline`` in a ``p`` column)."""
    if isinstance(parts, str):
        return parts
    return r" \newline ".join(f"${latex(c)}$" for c in parts)


def table_latex(header_cells: Sequence[str], rows: Sequence[Sequence[str]], *, booktabs: bool,
                condition_column: int) -> str:
    r"""A ``tabular`` with a wrapping condition column and a note stating the sign convention.

    With ``booktabs`` the rules are ``\toprule``/``\midrule``/``\bottomrule``
    (needs ``\usepackage{booktabs}``), else ``\hline`` (plain LaTeX).
    """
    n = len(header_cells)
    cols = "".join(r"p{0.3\linewidth}" if j == condition_column else ("l" if j in (0, n - 1) else "c")
                   for j in range(n))
    top, mid, bottom = ((r"\toprule", r"\midrule", r"\bottomrule") if booktabs
                        else (r"\hline", r"\hline", r"\hline"))
    need = r"% needs \usepackage{booktabs}" if booktabs else "% plain LaTeX (no package needed)"
    lines = [need, rf"\begin{{tabular}}{{{cols}}}", top, " & ".join(header_cells) + r" \\", mid]
    lines += [" & ".join(r) + r" \\" for r in rows]
    note = (r"\multicolumn{" + str(n) + r"}{p{0.9\linewidth}}{\footnotesize A point is stable "
            r"(a sink) if and only if every eigenvalue has a negative real part, "
            r"$\mathrm{Re}\,\lambda_i < 0$; every listed condition must hold.} \\")
    lines += [bottom, note, r"\end{tabular}"]
    return "\n".join(lines)
