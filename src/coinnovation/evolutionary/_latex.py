r"""LaTeX of replicator systems, for pasting into a paper.

The equations print as a ``cases`` block,

.. math::

    \begin{cases}
    \frac{dx}{dt} = x(1-x)\,(U_{x1} - U_{x2}) \\ \dots
    \end{cases}

and the vertex stability table (:meth:`StabilityTable.to_latex`) as a
booktabs ``tabular`` with the eigenvalues, the stability condition and the
kind of each vertex, the layout of 吴洁 et al. (2019), 中国管理科学.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

__all__ = ["equations_latex"]


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
    lines = [rf"\frac{{d{sp.latex(s)}}}{{dt}} = {sp.latex(e)}"
             for s, e in zip(state, equations, strict=True)]
    return "\\begin{cases}\n" + " \\\\\n".join(lines) + "\n\\end{cases}"
